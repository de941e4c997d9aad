// LivePlots: the training phases (pretraining, autoencoder, training, ...), each drawn on its own from x = 0,
// and the selector that picks the one shown.

#include "ui/plots/liveplots.h"
#include "ui/plots/liveplotsstyle.h"

#include "ui/plots/qcustomplotcompat.h"
#include <QComboBox>
#include <QLabel>

namespace ts::ui {

namespace {

QString phaseTitle(const QString& phase)
{
    if (phase == QLatin1String("pretrain"))
        return LivePlots::tr("pretraining (source)");
    if (phase == QLatin1String("train"))
        return LivePlots::tr("training");
    if (phase == QLatin1String("autoencoder"))
        return LivePlots::tr("autoencoder");
    if (phase == QLatin1String("pretext"))
        return LivePlots::tr("rotation pretext (source)");
    if (phase == QLatin1String("baseline_autoencoder"))
        return LivePlots::tr("baseline autoencoder (target)");
    return phase;
}

// The phase a chart shows unless one is picked: "train" when there is one, else the latest that is not a
// baseline's, else the latest.
QString preferredPhase(const QStringList& phases)
{
    if (phases.contains(liveplots::kMainPhase))
        return liveplots::kMainPhase;
    for (auto it = phases.crbegin(); it != phases.crend(); ++it)
        if (!it->startsWith(QLatin1String("baseline")))
            return *it;
    return phases.isEmpty() ? QString() : phases.last();
}

} // namespace

QStringList LivePlots::phases() const
{
    QStringList out;
    for (const PhaseCurves& c : m_phases)
        out << c.phase;
    for (const RunCurves& run : m_overlayRuns)
        for (const PhaseCurves& c : run.phases)
            if (!out.contains(c.phase))
                out << c.phase;
    return out;
}

QString LivePlots::autoPhase() const
{
    // The current run's phases decide once it has any, so its live phase is never hidden behind an overlay's.
    QStringList own;
    for (const PhaseCurves& c : m_phases)
        own << c.phase;
    return preferredPhase(own.isEmpty() ? phases() : own);
}

void LivePlots::showPhase(const QString& phase)
{
    m_phasePinned = true;
    setShownPhase(phase);
    updatePhaseBox();
    flush();
}

void LivePlots::setShownPhase(const QString& phase)
{
    if (phase == m_shownPhase && !m_series.isEmpty())
        return;
    for (Series& s : m_series)
        s.graph->parentPlot()->removeGraph(s.graph);
    m_series.clear();
    m_shownPhase = phase;
    for (const PhaseCurves& c : std::as_const(m_phases)) {
        if (c.phase != phase)
            continue;
        for (auto it = c.series.cbegin(); it != c.series.cend(); ++it) {
            const bool epoch = it.key().startsWith(liveplots::kEpochPrefix);
            const QString metric = epoch ? it.key().mid(liveplots::kEpochPrefix.size()) : it.key();
            Chart chart;
            if (!chartFor(metric, &chart))
                continue;
            Series& s = addSeries(it.key(), metric, epoch, chart);
            for (const QPointF& pt : *it) {
                s.x << pt.x();
                s.y << pt.y();
            }
        }
    }
    const QString title = phaseTitle(phase);
    for (QCustomPlot* p : std::as_const(m_plots))
        p->xAxis->setLabel(phase.isEmpty() ? tr("step") : tr("step of %1").arg(title));
    drawOverlays();
    m_layoutDirty = true;
}

void LivePlots::updatePhaseBox()
{
    const QStringList all = phases();
    const QSignalBlocker block(m_phaseBox);
    m_phaseBox->clear();
    for (const QString& phase : all)
        m_phaseBox->addItem(phaseTitle(phase), phase);
    m_phaseBox->setCurrentIndex(all.indexOf(m_shownPhase));
    m_phaseBox->setVisible(all.size() > 1);
    m_phaseLabel->setVisible(all.size() > 1);
}

} // namespace ts::ui

// LivePlots: finished runs drawn behind the current one, and the "Compare with" menu that picks them.

#include "ui/plots/liveplots.h"
#include "ui/plots/liveplotsstyle.h"

#include "ui/plots/overlaykey.h"
#include "ui/plots/plotstyle.h"

#include "ui/plots/qcustomplotcompat.h"
#include <QMenu>
#include <QToolButton>

#include <cmath>

namespace ts::ui {

namespace {

// Overlaid per-step curves are noisy; dashed noisy lines behind the live ones are unreadable, so they are drawn
// as a centred running mean over about 1/60 of the run. NaN marks a phase break and is kept: each phase is
// smoothed on its own (older runs' curves may hold them).
QVector<double> smoothed(const QVector<double>& y)
{
    const int half = static_cast<int>(y.size() / 120);
    if (half < 1)
        return y;
    QVector<double> out(y.size());
    for (int start = 0; start < y.size();) {
        int end = start;
        while (end < y.size() && !std::isnan(y[end]))
            ++end;
        double sum = 0;
        int lo = start, hi = start - 1;
        for (int i = start; i < end; ++i) {
            while (hi < std::min(end - 1, i + half))
                sum += y[++hi];
            while (lo < i - half)
                sum -= y[lo++];
            out[i] = sum / (hi - lo + 1);
        }
        if (end < y.size())
            out[end] = y[end];
        start = end + 1;
    }
    return out;
}

} // namespace

void LivePlots::clearOverlays()
{
    for (QCPGraph* g : std::as_const(m_overlayGraphs))
        g->parentPlot()->removeGraph(g);
    m_overlayGraphs.clear();
}

void LivePlots::setOverlays(const QVector<RunCurves>& runs)
{
    m_overlayRuns = runs;
    if (!m_phasePinned && m_phases.isEmpty())
        setShownPhase(autoPhase()); // also draws the overlays
    else
        drawOverlays();
    updatePhaseBox();
    m_layoutDirty = true;
    scheduleFlush();
}

void LivePlots::drawOverlays()
{
    clearOverlays();
    QVector<OverlayKey::Entry> key;
    for (int k = 0; k < m_overlayRuns.size(); ++k) {
        const auto* series = m_overlayRuns[k].series(m_shownPhase);
        if (!series)
            continue; // the run has no such phase (a scratch run has no pretraining)
        bool drawn = false;
        for (auto it = series->cbegin(); it != series->cend(); ++it) {
            const bool epoch = it.key().startsWith(liveplots::kEpochPrefix);
            const QString metric = epoch ? it.key().mid(liveplots::kEpochPrefix.size()) : it.key();
            Chart chart;
            if (it->isEmpty() || !chartFor(metric, &chart))
                continue;
            QCPGraph* g = makeGraph(chart, metric, epoch, true, k);
            QVector<double> xs, ys;
            xs.reserve(it->size());
            ys.reserve(it->size());
            for (const QPointF& pt : *it) {
                xs << pt.x();
                ys << pt.y();
            }
            g->setData(xs, epoch ? ys : smoothed(ys), true);
            m_overlayGraphs << g;
            drawn = true;
        }
        // One key entry per run, in its dash style, above the charts (not in each chart's legend).
        if (drawn)
            key.append({m_overlayRuns[k].name, QPen(QColor(110, 110, 110), 2.0, liveplots::kOverlayStyles[k % 4])});
    }
    m_overlayKey->setEntries(key);
}

void LivePlots::setOverlayChoices(std::function<QVector<OverlayChoice>()> choices)
{
    m_overlayChoices = std::move(choices);
}

void LivePlots::fillCompareMenu()
{
    m_compareMenu->clear();
    const QVector<OverlayChoice> runs = m_overlayChoices ? m_overlayChoices() : QVector<OverlayChoice>{};
    if (runs.isEmpty()) {
        m_compareMenu->addAction(tr("No finished run yet"))->setEnabled(false);
        return;
    }
    for (int i = 0; i < runs.size(); ++i) {
        QAction* action = m_compareMenu->addAction(runs[i].name);
        action->setCheckable(true);
        action->setChecked(runs[i].overlaid);
        connect(action, &QAction::toggled, this, [this, i](bool on) { Q_EMIT overlayToggled(i, on); });
    }
}

} // namespace ts::ui

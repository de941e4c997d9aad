#include "ui/plots/liveplots.h"

#include "ui/plots/overlaykey.h"
#include "ui/plots/plotstyle.h"
#include "ui/run/throttle.h"

#include "ui/plots/qcustomplotcompat.h"
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace ts::ui {

namespace {
constexpr int kReplotMs = 250; // 4 replots a second: live, yet little GUI-thread time taken from training
const QString kEpochPrefix = QStringLiteral("epoch/");
const Qt::PenStyle kOverlayStyles[] = {Qt::DashLine, Qt::DotLine, Qt::DashDotLine, Qt::DashDotDotLine};
const QString kMainPhase = QStringLiteral("train");

QString phaseTitle(const QString& phase)
{
    if (phase == QLatin1String("pretrain"))
        return LivePlots::tr("pretraining (source)");
    if (phase == QLatin1String("train"))
        return LivePlots::tr("training");
    if (phase == QLatin1String("autoencoder"))
        return LivePlots::tr("autoencoder");
    if (phase == QLatin1String("baseline_autoencoder"))
        return LivePlots::tr("baseline autoencoder (target)");
    return phase;
}

// The phase a chart shows unless one is picked: "train" when there is one, else the latest that is not a
// baseline's, else the latest.
QString preferredPhase(const QStringList& phases)
{
    if (phases.contains(kMainPhase))
        return kMainPhase;
    for (auto it = phases.crbegin(); it != phases.crend(); ++it)
        if (!it->startsWith(QLatin1String("baseline")))
            return *it;
    return phases.isEmpty() ? QString() : phases.last();
}

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

LivePlots::LivePlots(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(this)), m_placeholder(new QLabel(this)), m_compare(new QToolButton(this)),
      m_compareMenu(new QMenu(this)), m_overlayKey(new OverlayKey(this)), m_phaseBox(new QComboBox(this)),
      m_phaseLabel(new QLabel(tr("Phase:"), this)), m_grid(new QGridLayout), m_replot(new Throttle(kReplotMs, this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setContentsMargins(8, 4, 8, 4);
    m_title->setVisible(false);
    m_placeholder->setText(tr("Charts appear here once training starts."));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setStyleSheet(QStringLiteral("color: #777; font-size: 13pt;"));
    m_compare->setText(tr("Compare with"));
    m_compare->setToolTip(tr("Draw finished runs' curves dashed behind this run's (the Runs table lists them "
                             "side by side)"));
    m_compare->setPopupMode(QToolButton::InstantPopup);
    m_compare->setMenu(m_compareMenu);
    m_compare->setAutoRaise(true);
    connect(m_compareMenu, &QMenu::aboutToShow, this, &LivePlots::fillCompareMenu);
    m_phaseBox->setObjectName(QStringLiteral("phaseBox"));
    m_phaseBox->setToolTip(tr("Each phase is drawn on its own, its steps counted from 0: pretraining on the "
                              "source, then training on the target."));
    m_phaseBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_phaseLabel->setVisible(false);
    m_phaseBox->setVisible(false);
    connect(m_phaseBox, &QComboBox::activated, this,
            [this](int index) { showPhase(m_phaseBox->itemData(index).toString()); });
    auto* header = new QHBoxLayout;
    header->setContentsMargins(0, 0, 4, 0);
    header->addWidget(m_title);
    // The phase selector before the overlay key: the key elides its names when the row is full.
    header->addWidget(m_phaseLabel, 0, Qt::AlignVCenter);
    header->addWidget(m_phaseBox, 0, Qt::AlignVCenter);
    header->addWidget(m_overlayKey, 1);
    header->addStretch();
    header->addWidget(m_compare, 0, Qt::AlignRight | Qt::AlignVCenter);
    layout->addLayout(header);
    layout->addWidget(m_placeholder, 1);
    layout->addLayout(m_grid, 1);
    m_grid->setSpacing(6);

    const struct {
        Chart chart;
        QString title, yLabel;
        Qt::Alignment legend;
    } charts[] = {
        {Chart::Losses, tr("Losses"), tr("loss"), Qt::AlignTop | Qt::AlignRight},
        {Chart::Accuracy, tr("Accuracy"), tr("accuracy"), Qt::AlignBottom | Qt::AlignRight},
        {Chart::Domain, tr("Domain classifier"), tr("domain accuracy"), Qt::AlignBottom | Qt::AlignRight},
        {Chart::Schedule, tr("λ and learning rate"), tr("λ"), Qt::AlignVCenter | Qt::AlignRight},
    };
    for (const auto& c : charts) {
        auto* p = new QCustomPlot(this);
        p->setMinimumSize(320, 220);
        p->setVisible(false);
        plotstyle::apply(p, c.title);
        p->xAxis->setLabel(tr("step"));
        p->yAxis->setLabel(c.yLabel);
        p->legend->setVisible(true);
        p->axisRect()->insetLayout()->setInsetAlignment(0, c.legend);
        p->setNoAntialiasingOnDrag(true);
        bufferCurves(p);
        m_plots.insert(static_cast<int>(c.chart), p);
        // Values above a robust y range (one spike must not flatten a chart), on the top edge.
        QCPGraph* clip = p->addGraph();
        clip->setLineStyle(QCPGraph::lsNone);
        clip->setScatterStyle(
            QCPScatterStyle(QCPScatterStyle::ssTriangle, QColor(200, 40, 40), QColor(200, 40, 40), 9));
        clip->setName(tr("off scale"));
        clip->removeFromLegend();
        m_clipMarks.insert(static_cast<int>(c.chart), clip);
    }
    QCustomPlot* schedule = plot(Chart::Schedule);
    schedule->yAxis2->setVisible(true);
    schedule->yAxis2->setLabel(tr("learning rate"));
    schedule->yAxis2->setNumberFormat(QStringLiteral("gb"));

    QCustomPlot* domain = plot(Chart::Domain);
    m_chanceLine = new QCPItemStraightLine(domain);
    m_chanceLine->setPen(QPen(QColor(80, 80, 80), 2, Qt::DashLine));
    m_chanceLabel = new QCPItemText(domain);
    m_chanceLabel->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    m_chanceLabel->position->setTypeY(QCPItemPosition::ptPlotCoords);
    m_chanceLabel->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    m_chanceLabel->setColor(QColor(60, 60, 60));
    QFont chanceFont = domain->font();
    chanceFont.setPointSizeF(10.5);
    chanceFont.setItalic(true);
    m_chanceLabel->setFont(chanceFont);
    setChance(0.5);
}

QString LivePlots::seriesKey(const QString& metric, bool epoch)
{
    return epoch ? kEpochPrefix + metric : metric;
}

bool LivePlots::chartFor(const QString& metric, Chart* chart)
{
    if (metric == QLatin1String("domain_accuracy"))
        *chart = Chart::Domain;
    else if (metric == QLatin1String("lambda") || metric == QLatin1String("lr"))
        *chart = Chart::Schedule;
    else if (metric == QLatin1String("loss") || metric.endsWith(QLatin1String("_loss")))
        *chart = Chart::Losses;
    else if (metric == QLatin1String("accuracy") || metric.endsWith(QLatin1String("_accuracy")) ||
             metric == QLatin1String("nmi") || metric == QLatin1String("ari"))
        *chart = Chart::Accuracy;
    else
        return false;
    return true;
}

QCPGraph* LivePlots::makeGraph(Chart chart, const QString& metric, bool epoch, bool overlay, int overlayIndex)
{
    QCustomPlot* p = plot(chart);
    QCPAxis* valueAxis = metric == QLatin1String("lr") ? p->yAxis2 : p->yAxis;
    QCPGraph* g = p->addGraph(p->xAxis, valueAxis);
    QColor color = plotstyle::metricColor(metric);
    QPen pen(color, epoch ? 2.6 : 1.6);
    if (overlay) {
        color.setAlpha(110);
        pen = QPen(color, 2.0, kOverlayStyles[overlayIndex % 4]);
        g->setLayer(QStringLiteral("grid"));
    } else if (!epoch) {
        color.setAlpha(chart == Chart::Schedule ? 255 : 150);
        pen.setColor(color);
    }
    g->setPen(pen);
    if (epoch)
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, pen.color(), Qt::white, overlay ? 5 : 8));
    g->setName(epoch ? tr("%1 (epoch)").arg(plotstyle::metricTitle(metric)) : plotstyle::metricTitle(metric));
    if (overlay)
        g->removeFromLegend();
    return g;
}

void LivePlots::startRun(const QString& runName)
{
    for (Series& s : m_series)
        s.graph->parentPlot()->removeGraph(s.graph);
    m_series.clear();
    m_points.clear();
    m_phases.clear();
    m_phaseStart.clear();
    m_phasePlanned.clear();
    m_lastStep = 0;
    m_lastPhase.clear();
    m_phasePinned = false;
    m_runName = runName;
    m_title->setText(runName);
    m_title->setVisible(!runName.isEmpty());
    setChance(0.5);
    m_layoutDirty = true;
    m_running = true;
    setShownPhase(autoPhase());
    m_replot->reset();
    flush();
}

LivePlots::Series& LivePlots::addSeries(const QString& key, const QString& metric, bool epoch, Chart chart)
{
    Series& s = m_series[key];
    if (!s.graph) {
        s.metric = metric;
        s.epoch = epoch;
        s.chart = chart;
        s.graph = makeGraph(chart, metric, epoch, false, 0);
        m_layoutDirty = true;
    }
    return s;
}

void LivePlots::addPoint(const MetricPoint& point)
{
    m_points.append(point);
    // A point without a phase belongs to the one in progress.
    const QString phase = !point.phase.isEmpty() ? point.phase : !m_lastPhase.isEmpty() ? m_lastPhase : kMainPhase;
    m_lastPhase = phase;
    bool newPhase = false;
    if (!m_phaseStart.contains(phase)) {
        m_phaseStart.insert(phase, m_lastStep); // the run's global step counts on across phases
        m_phases.append({phase, {}});
        newPhase = true;
    }
    const qint64 start = m_phaseStart.value(phase);
    if (point.phaseEndStep > start)
        m_phasePlanned[phase] = std::max(m_phasePlanned.value(phase), point.phaseEndStep - start);
    m_lastStep = std::max(m_lastStep, point.step);
    const double x = static_cast<double>(point.step - start);
    PhaseCurves* curves = nullptr;
    for (PhaseCurves& c : m_phases)
        if (c.phase == phase)
            curves = &c;
    for (auto it = point.values.cbegin(); it != point.values.cend(); ++it) {
        if (!std::isfinite(*it))
            continue;
        if (it.key() == QLatin1String("domain_chance")) {
            m_chance = *it;
            continue;
        }
        Chart chart;
        if (!chartFor(it.key(), &chart))
            continue;
        const QString key = seriesKey(it.key(), point.isEpoch);
        curves->series[key].append(QPointF(x, *it));
        if (phase != m_shownPhase)
            continue;
        Series& s = addSeries(key, it.key(), point.isEpoch, chart);
        s.x.append(x);
        s.y.append(*it);
    }
    if (newPhase) {
        if (!m_phasePinned)
            setShownPhase(autoPhase());
        updatePhaseBox();
    }
    if (!m_replot->hasPending())
        m_replot->post([this] { flush(); });
}

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
            const bool epoch = it.key().startsWith(kEpochPrefix);
            const QString metric = epoch ? it.key().mid(kEpochPrefix.size()) : it.key();
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

int LivePlots::clippedCount(Chart chart) const
{
    const QCPGraph* g = m_clipMarks.value(static_cast<int>(chart));
    return g ? g->data()->size() : 0;
}

void LivePlots::finishRun()
{
    m_replot->reset(); // this flush shows everything: a kept replot would only repeat it
    m_running = false; // x now ends where the data does (early stopping may end a phase before its plan)
    flush();
}

void LivePlots::flush()
{
    for (Series& s : m_series) {
        if (s.drawn < s.x.size()) {
            s.graph->addData(s.x.mid(s.drawn), s.y.mid(s.drawn), true);
            s.drawn = s.x.size();
        }
    }
    setChance(m_chance);
    const bool layoutChanged = m_layoutDirty;
    if (m_layoutDirty)
        relayout();
    rescale();
    replotCharts(layoutChanged);
}

void LivePlots::setChance(double chance)
{
    m_chance = chance;
    m_chanceLine->point1->setCoords(0, chance);
    m_chanceLine->point2->setCoords(1, chance);
    m_chanceLabel->position->setCoords(0.01, chance);
    m_chanceLabel->setText(tr("chance %1").arg(chance, 0, 'f', 2));
}

QVector<LivePlots::Chart> LivePlots::visibleCharts() const
{
    QVector<Chart> out;
    for (Chart c : {Chart::Losses, Chart::Accuracy, Chart::Domain, Chart::Schedule})
        if (isChartVisible(c))
            out << c;
    return out;
}

bool LivePlots::isChartVisible(Chart chart) const
{
    const QCustomPlot* p = plot(chart);
    for (int i = 0; i < p->graphCount(); ++i)
        if (p->graph(i) != m_clipMarks.value(static_cast<int>(chart)) && !p->graph(i)->data()->isEmpty())
            return true;
    for (const Series& s : m_series)
        if (s.chart == chart && !s.x.isEmpty())
            return true;
    return false;
}

void LivePlots::relayout()
{
    const QVector<Chart> visible = visibleCharts();
    for (QCustomPlot* p : std::as_const(m_plots)) {
        m_grid->removeWidget(p);
        p->setVisible(false);
    }
    const int columns = visible.size() >= 2 ? 2 : 1;
    for (int i = 0; i < visible.size(); ++i) {
        QCustomPlot* p = plot(visible[i]);
        m_grid->addWidget(p, i / columns, i % columns);
        p->setVisible(true);
    }
    m_placeholder->setVisible(visible.isEmpty());
    m_layoutDirty = false;
}

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
    flush();
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
            const bool epoch = it.key().startsWith(kEpochPrefix);
            const QString metric = epoch ? it.key().mid(kEpochPrefix.size()) : it.key();
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
            key.append({m_overlayRuns[k].name, QPen(QColor(110, 110, 110), 2.0, kOverlayStyles[k % 4])});
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

RunCurves LivePlots::curves() const
{
    return {m_runName, m_phases};
}

QCPGraph* LivePlots::graph(const QString& seriesKey) const
{
    const auto it = m_series.constFind(seriesKey);
    return it == m_series.constEnd() ? nullptr : it->graph;
}

} // namespace ts::ui

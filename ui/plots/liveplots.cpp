#include "ui/plots/liveplots.h"
#include "ui/plots/liveplotsstyle.h"

#include "ui/plots/overlaykey.h"
#include "ui/plots/plotstyle.h"
#include "ui/run/throttle.h"

#include "ui/plots/qcustomplotcompat.h"
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>
#include <limits>
#include <utility>

namespace ts::ui {

namespace {
constexpr int kReplotMs = 250; // 4 replots a second: live, yet little GUI-thread time taken from training

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
    header->addWidget(m_phaseLabel, 0, Qt::AlignVCenter);
    header->addWidget(m_phaseBox, 0, Qt::AlignVCenter);
    header->addStretch();
    header->addWidget(m_compare, 0, Qt::AlignRight | Qt::AlignVCenter);
    layout->addLayout(header);
    // The overlay key on a row of its own: beside a long run title and the phase selector it was left a few
    // pixels in a docked window, and elided every baseline's name away (only the dash samples showed).
    auto* keyRow = new QHBoxLayout;
    keyRow->setContentsMargins(8, 0, 4, 0);
    keyRow->addWidget(m_overlayKey, 1);
    layout->addLayout(keyRow);
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
    return epoch ? liveplots::kEpochPrefix + metric : metric;
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
        pen = QPen(color, 2.0, liveplots::kOverlayStyles[overlayIndex % 4]);
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
    clearRun(runName);
    scheduleFlush(); // a baseline's start overlays the run it follows at once: one layout for both
}

void LivePlots::scheduleFlush()
{
    // Laid out and drawn once the event loop turns, so that changes made together (a run and its baselines
    // ticked at its end, a new run and the finished one overlaid behind it) give one layout, not one for each
    // intermediate set of charts: every layout that moves a chart resizes it, and a resize reallocates and
    // redraws all of the chart's buffers.
    if (std::exchange(m_flushQueued, true))
        return;
    QTimer::singleShot(0, this, [this] {
        m_flushQueued = false;
        flush();
    });
}

void LivePlots::showFinishedRun(const QString& runName, const QVector<MetricPoint>& points)
{
    clearRun(runName); // and no flush until all points are in: the charts are laid out once
    m_replaying = true;
    for (const MetricPoint& p : points)
        addPoint(p);
    m_replaying = false;
    finishRun();
}

void LivePlots::clearRun(const QString& runName)
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
    const QString phase = !point.phase.isEmpty()   ? point.phase
                          : !m_lastPhase.isEmpty() ? m_lastPhase
                                                   : liveplots::kMainPhase;
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
    if (!m_replaying && !m_replot->hasPending())
        m_replot->post([this] { flush(); });
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
    m_layoutDirty = false;
    const QVector<Chart> visible = visibleCharts();
    if (visible == m_laidOut)
        return;
    // Only what moves is touched: a chart hidden and shown again gets a resize per step of the grid settling
    // (QCustomPlot reallocates its buffers and replots on each), several a layout, and layouts come with every
    // run, phase and baseline.
    const int columns = visible.size() >= 2 ? 2 : 1;
    const int oldColumns = m_laidOut.size() >= 2 ? 2 : 1;
    for (int i = 0; i < m_laidOut.size(); ++i) {
        const int at = int(visible.indexOf(m_laidOut[i]));
        if (at >= 0 && at / columns == i / oldColumns && at % columns == i % oldColumns)
            continue; // stays where it is
        QCustomPlot* p = plot(m_laidOut[i]);
        m_grid->removeWidget(p);
        if (at < 0)
            p->setVisible(false);
    }
    for (int i = 0; i < visible.size(); ++i) {
        const int was = int(m_laidOut.indexOf(visible[i]));
        if (was >= 0 && was / oldColumns == i / columns && was % oldColumns == i % columns)
            continue;
        QCustomPlot* p = plot(visible[i]);
        m_grid->addWidget(p, i / columns, i % columns);
        p->setVisible(true);
    }
    m_laidOut = visible;
    m_placeholder->setVisible(visible.isEmpty());
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

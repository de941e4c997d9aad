// LivePlots: axis ranges, and replotting only what changed.

#include "ui/plots/liveplots.h"

#include "ui/plots/qcustomplotcompat.h"
#include "ui/plots/robustrange.h"

#include <algorithm>
#include <iterator>

namespace ts::ui {

namespace {
const QString kCurvesLayer = QStringLiteral("main");
} // namespace

bool LivePlots::AxesState::operator==(const AxesState& o) const
{
    return std::equal(std::begin(ranges), std::end(ranges), std::begin(o.ranges)) && yVisible == o.yVisible &&
           legendVisible == o.legendVisible;
}

void LivePlots::bufferCurves(QCustomPlot* plot)
{
    // The curves get a paint buffer of their own, so a tick that only adds points redraws them alone.
    plot->layer(kCurvesLayer)->setMode(QCPLayer::lmBuffered);
}

void LivePlots::rescale()
{
    for (auto it = m_plots.cbegin(); it != m_plots.cend(); ++it) {
        const auto chart = static_cast<Chart>(it.key());
        QCustomPlot* p = it.value();
        QCPGraph* clip = m_clipMarks.value(it.key());
        clip->data()->clear();
        clip->removeFromLegend();
        if (!isChartVisible(chart))
            continue;
        p->rescaleAxes();
        // While a phase runs, x spans its planned steps: the curves grow across a fixed axis (the axes, grid and
        // legend need no redraw), and the chart shows how much of the phase is left.
        // The x range comes from the data: rescaleAxes() centres a single point (a clustering phase has one
        // epoch) on the old range's width, which drew it at step 1 of an axis from -200 to 200.
        QCPRange x = p->xAxis->range();
        bool anyKeys = false;
        for (int i = 0; i < p->graphCount(); ++i) {
            bool found = false;
            const QCPRange keys = p->graph(i)->getKeyRange(found);
            if (found)
                x = anyKeys ? QCPRange(std::min(x.lower, keys.lower), std::max(x.upper, keys.upper)) : keys;
            anyKeys = anyKeys || found;
        }
        const double plannedEnd = m_running ? double(m_phasePlanned.value(m_shownPhase)) : 0.0;
        p->xAxis->setRange(std::min(0.0, x.lower), std::max({x.upper * 1.02, x.upper + 1.0, plannedEnd, 1.0}));
        const QCPRange y = p->yAxis->range();
        switch (chart) {
        case Chart::Accuracy:
        case Chart::Domain:
            if (y.lower >= 0 && y.upper <= 1)
                p->yAxis->setRange(0, 1.04);
            break;
        case Chart::Losses: {
            QVector<double> values;
            for (int i = 0; i < p->graphCount(); ++i)
                if (p->graph(i) != clip && p->graph(i)->valueAxis() == p->yAxis)
                    for (const QCPGraphData& d : *p->graph(i)->data())
                        values << d.value;
            const RobustRange r = robustRange(values);
            const double upper = r.clipped ? r.upper : r.upper * 1.08;
            p->yAxis->setRange(r.lower >= 0 ? 0.0 : r.lower, std::max(upper, 1e-6));
            if (r.clipped)
                markClipped(p, chart, upper);
            break;
        }
        case Chart::Schedule:
            if (y.lower >= 0)
                p->yAxis->setRange(0, std::max(y.upper * 1.08, 1e-6));
            break;
        }
        if (chart == Chart::Schedule)
            rescaleSchedule(p);
    }
}

void LivePlots::markClipped(QCustomPlot* p, Chart chart, double upper)
{
    QCPGraph* clip = m_clipMarks.value(static_cast<int>(chart));
    QVector<double> xs, ys;
    for (int i = 0; i < p->graphCount(); ++i) {
        if (p->graph(i) == clip || p->graph(i)->valueAxis() != p->yAxis)
            continue;
        for (const QCPGraphData& d : *p->graph(i)->data())
            if (d.value > upper) {
                xs << d.key;
                ys << upper - 0.03 * (upper - p->yAxis->range().lower);
            }
    }
    clip->setData(xs, ys);
    clip->setName(tr("off scale (%1 clipped)").arg(xs.size()));
    clip->addToLegend();
}

void LivePlots::rescaleSchedule(QCustomPlot* p)
{
    // λ (left axis) exists for DANN only; without it the chart is the learning rate's alone. A constant
    // learning rate gives rescaleAxes() an empty range, which it centres on the value: start at 0 instead.
    bool lambda = false, lrFound = false;
    double lrMax = 0;
    for (int i = 0; i < p->graphCount(); ++i) {
        bool found = false;
        const QCPRange r = p->graph(i)->getValueRange(found);
        if (!found)
            continue;
        if (p->graph(i)->valueAxis() == p->yAxis2) {
            lrFound = true;
            lrMax = std::max(lrMax, r.upper);
        } else {
            lambda = true;
        }
    }
    p->yAxis->setVisible(lambda);
    p->yAxis->grid()->setVisible(lambda);
    p->yAxis2->grid()->setVisible(!lambda);
    if (lrFound)
        p->yAxis2->setRange(0, lrMax > 0 ? lrMax * 1.15 : 1e-9);
    if (auto* title = qobject_cast<QCPTextElement*>(p->plotLayout()->element(0, 0)))
        title->setText(lambda ? tr("λ and learning rate") : tr("Learning rate"));
}

void LivePlots::replotCharts(bool layoutChanged)
{
    // Drawn now and shown with the window's next repaint, together with whatever else this tick updated. When
    // the axes and legend are as last drawn, only the curves' layer is redrawn (most ticks while training);
    // QCPLayer::replot() falls back to a full replot when the plot's buffers are stale (after a resize).
    for (auto it = m_plots.cbegin(); it != m_plots.cend(); ++it) {
        QCustomPlot* p = it.value();
        if (!p->isVisible())
            continue;
        AxesState now;
        int i = 0;
        for (const QCPAxis* axis : {p->xAxis, p->yAxis, p->yAxis2}) {
            now.ranges[i++] = axis->range().lower;
            now.ranges[i++] = axis->range().upper;
        }
        now.yVisible = p->yAxis->visible();
        // A chart that holds only other runs' curves (named in the key above the charts) has no legend entry:
        // no empty legend box either.
        p->legend->setVisible(p->legend->itemCount() > 0);
        now.legendVisible = p->legend->visible();
        auto drawn = m_drawnAxes.find(it.key());
        if (!layoutChanged && drawn != m_drawnAxes.end() && *drawn == now) {
            p->layer(kCurvesLayer)->replot();
        } else {
            p->replot(QCustomPlot::rpQueuedRefresh);
            m_drawnAxes.insert(it.key(), now);
        }
    }
}

} // namespace ts::ui

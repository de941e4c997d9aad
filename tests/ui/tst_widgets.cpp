// The diagram, plot, comparison and results widgets, driven as a user would (offscreen).

#include "layerblocks.h"
#include "ui/diagram/networkdiagram.h"
#include "ui/plots/liveplots.h"
#include "ui/plots/overlaykey.h"
#include "ui/plots/robustrange.h"
#include "ui/plots/runcomparison.h"
#include "ui/plots/runrecord.h"
#include "ui/results/confusionmatrixplot.h"
#include "ui/results/imagegallery.h"
#include "ui/results/projectionplot.h"
#include "ui/results/resultsview.h"
#include "ui/run/throttle.h"
#include "ui/window/runstatuswidget.h"

#include "ui/plots/qcustomplotcompat.h"
#include <QElapsedTimer>
#include <QFile>
#include <QFrame>
#include <QHBoxLayout>
#include <QImage>
#include <QJsonObject>
#include <QSignalSpy>
#include <QStyle>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <cmath>

using namespace ts::ui;

using ts::uitest::block;
using ts::uitest::dannLayers;

namespace {

MetricPoint stepPoint(qint64 step, double loss, double lambda)
{
    MetricPoint p;
    p.phase = QStringLiteral("train");
    p.epoch = 1;
    p.step = step;
    p.values = {{QStringLiteral("loss"), loss}, {QStringLiteral("lambda"), lambda}, {QStringLiteral("lr"), 0.01}};
    return p;
}

QPoint viewportPoint(const NetworkDiagram& d, const QString& layer)
{
    return d.mapFromScene(d.blockRect(layer).center());
}

/// Counts the events of one type that reach the objects it filters.
class EventCounter : public QObject {
public:
    EventCounter(QEvent::Type type, int* count) : m_type(type), m_count(count) {}
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() == m_type)
            ++*m_count;
        return false;
    }

private:
    QEvent::Type m_type;
    int* m_count;
};

} // namespace

class TestWidgets : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void diagramClickTogglesFreeze_data();
    void diagramClickTogglesFreeze();
    void diagramIgnoresClicksWhileTraining();
    void diagramLaysOutBranchesInOwnRows();
    void diagramLayerWithoutWeightsIsNotFrozen();
    void plotsReceivePoints();
    void chartsStayPutAcrossRuns();
    void plotsOverlayOtherRuns();
    void plotsDrawPhasesApart();
    void plotsOverlayPhasesFromZero();
    void robustRangeIgnoresOneSpike_data();
    void robustRangeIgnoresOneSpike();
    void lossChartClipsASpike();
    void clusterScoresBesideBaselines();
    void throttleKeepsLatest();
    void throttlesShareOneTick();
    void runStatusShowsProgress();
    void plotsSpanThePlannedPhase();
    void scheduleChartWithoutLambda();
    void plotsSaveFiles();
    void savingLeavesTheLivePlotsAsTheyWere_data();
    void savingLeavesTheLivePlotsAsTheyWere();
    void confusionMatrixCounts();
    void clusterGrids();
    void describeRunNames_data();
    void describeRunNames();
    void comparisonOverlaysTickedRuns();
};

void TestWidgets::diagramClickTogglesFreeze_data()
{
    QTest::addColumn<QString>("layer");
    QTest::newRow("first feature layer") << "conv1";
    QTest::newRow("label predictor") << "fc2";
    QTest::newRow("domain head (branch)") << "domain_head";
}

void TestWidgets::diagramClickTogglesFreeze()
{
    QFETCH(QString, layer);
    NetworkDiagram d;
    d.resize(1100, 600);
    d.setLayers(dannLayers());
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QVERIFY(!d.blockRect(layer).isEmpty());
    QSignalSpy spy(&d, &NetworkDiagram::freezeToggled);

    QTest::mouseClick(d.viewport(), Qt::LeftButton, {}, viewportPoint(d, layer));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toString(), layer);
    QCOMPARE(spy.at(0).at(1).toBool(), true);
    QCOMPARE(d.frozenLayers(), QStringList{layer});
    QVERIFY(d.isFrozen(layer));

    QTest::mouseClick(d.viewport(), Qt::LeftButton, {}, viewportPoint(d, layer));
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(1).toBool(), false);
    QVERIFY(d.frozenLayers().isEmpty());
}

void TestWidgets::diagramIgnoresClicksWhileTraining()
{
    NetworkDiagram d;
    d.resize(1100, 600);
    d.setLayers(dannLayers());
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QSignalSpy toggled(&d, &NetworkDiagram::freezeToggled);
    QSignalSpy status(&d, &NetworkDiagram::statusMessage);

    d.setTrainingActive(true);
    QTest::mouseClick(d.viewport(), Qt::LeftButton, {}, viewportPoint(d, "conv2"));
    QCOMPARE(toggled.count(), 0);
    QVERIFY(d.frozenLayers().isEmpty());
    QCOMPARE(status.count(), 1); // the user is told why

    d.setTrainingActive(false);
    QTest::mouseClick(d.viewport(), Qt::LeftButton, {}, viewportPoint(d, "conv2"));
    QCOMPARE(toggled.count(), 1);
    QCOMPARE(d.frozenLayers(), QStringList{"conv2"});
}

void TestWidgets::diagramLaysOutBranchesInOwnRows()
{
    NetworkDiagram d;
    d.setLayers(dannLayers());
    // Main path on one row, left to right.
    QCOMPARE(d.blockRect("conv2").top(), d.blockRect("conv1").top());
    QCOMPARE(d.blockRect("head").top(), d.blockRect("conv1").top());
    QVERIFY(d.blockRect("head").left() > d.blockRect("fc2").right());
    // The domain classifier sits in its own row below, starting right after its input (fc1).
    QVERIFY(d.blockRect("grl").top() > d.blockRect("fc1").bottom());
    QCOMPARE(d.blockRect("grl").left(), d.blockRect("fc2").left());
    QCOMPARE(d.blockRect("domain_head").top(), d.blockRect("grl").top());
    const QVector<LayerBlock> layers = dannLayers();
    for (const LayerBlock& a : layers)
        for (const LayerBlock& b : layers)
            if (a.name != b.name)
                QVERIFY2(!d.blockRect(a.name).intersects(d.blockRect(b.name)),
                         qPrintable(a.name + " overlaps " + b.name));
    d.setBranchLayer("fc1");
    QCOMPARE(d.branchLayer(), QStringLiteral("fc1"));
}

void TestWidgets::diagramLayerWithoutWeightsIsNotFrozen()
{
    NetworkDiagram d;
    d.resize(1100, 600);
    d.setLayers(dannLayers());
    d.show();
    QVERIFY(QTest::qWaitForWindowExposed(&d));
    QSignalSpy toggled(&d, &NetworkDiagram::freezeToggled);
    QTest::mouseClick(d.viewport(), Qt::LeftButton, {}, viewportPoint(d, "grl"));
    QCOMPARE(toggled.count(), 0);
    QVERIFY(d.frozenLayers().isEmpty());
    d.setFrozen("conv1", true); // programmatic: no signal
    QCOMPARE(toggled.count(), 0);
    QCOMPARE(d.frozenLayers(), QStringList{"conv1"});
}

void TestWidgets::plotsReceivePoints()
{
    LivePlots plots;
    plots.resize(900, 600);
    plots.show();
    plots.startRun(QStringLiteral("dann, nothing frozen, seed 1"));
    for (int i = 1; i <= 3; ++i)
        plots.addPoint(stepPoint(i, 2.0 / i, 0.1 * i));
    QVERIFY(plots.graph("loss"));
    QTRY_COMPARE(plots.graph("loss")->data()->size(), 3); // moved into the chart by the replot timer
    QVERIFY(plots.isChartVisible(LivePlots::Chart::Losses));
    QVERIFY(plots.isChartVisible(LivePlots::Chart::Schedule));
    QVERIFY(!plots.isChartVisible(LivePlots::Chart::Accuracy)); // no empty charts
    QVERIFY(!plots.plot(LivePlots::Chart::Accuracy)->isVisible());
    QVERIFY(plots.plot(LivePlots::Chart::Losses)->isVisible());

    MetricPoint epoch;
    epoch.isEpoch = true;
    epoch.step = 3;
    epoch.values = {{QStringLiteral("target_accuracy"), 0.8}};
    plots.addPoint(epoch);
    plots.addPoint(stepPoint(4, 0.4, 0.4));
    QTRY_COMPARE(plots.graph("loss")->data()->size(), 4);
    QTRY_VERIFY(plots.plot(LivePlots::Chart::Accuracy)->isVisible());
    QCOMPARE(plots.graph("epoch/target_accuracy")->data()->size(), 1);
    QCOMPARE(plots.curves().series(QStringLiteral("train"))->value("loss").size(), 4);

    plots.startRun(QStringLiteral("next"));
    QVERIFY(!plots.graph("loss"));
    QVERIFY(!plots.isChartVisible(LivePlots::Chart::Losses));
}

// A chart that a new run (or a replayed one) draws again stays where it is: hiding it and showing it again
// resizes it a few times while the grid settles, and each resize reallocates and redraws its buffers.
void TestWidgets::chartsStayPutAcrossRuns()
{
    LivePlots plots;
    plots.resize(900, 600);
    plots.show();
    plots.startRun(QStringLiteral("first"));
    for (int i = 1; i <= 3; ++i)
        plots.addPoint(stepPoint(i, 2.0 / i, 0.1 * i));
    plots.finishRun();
    QCustomPlot* losses = plots.plot(LivePlots::Chart::Losses);
    QVERIFY(losses->isVisible());
    const QVector<MetricPoint> first = plots.points();
    QCoreApplication::processEvents(); // the grid settles
    int hides = 0, resizes = 0;
    EventCounter hideCounter(QEvent::Hide, &hides), resizeCounter(QEvent::Resize, &resizes);
    losses->installEventFilter(&hideCounter);
    losses->installEventFilter(&resizeCounter);

    plots.startRun(QStringLiteral("second"));
    for (int i = 1; i <= 3; ++i)
        plots.addPoint(stepPoint(i, 1.0 / i, 0.2 * i));
    plots.finishRun();
    QCoreApplication::processEvents(); // what startRun() left for the event loop
    plots.showFinishedRun(QStringLiteral("first"), first);
    QCoreApplication::processEvents();
    QCOMPARE(plots.graph("loss")->data()->size(), 3);
    QCOMPARE(plots.runName(), QStringLiteral("first"));
    QVERIFY(losses->isVisible());
    QCOMPARE(hides, 0);
    QCOMPARE(resizes, 0);

    // A new chart moves the others only as far as the grid needs: here a second row, no hiding.
    MetricPoint epoch;
    epoch.isEpoch = true;
    epoch.step = 3;
    epoch.values = {{QStringLiteral("target_accuracy"), 0.8}};
    plots.addPoint(epoch);
    plots.finishRun();
    QVERIFY(plots.plot(LivePlots::Chart::Accuracy)->isVisible());
    QCOMPARE(hides, 0);
}

void TestWidgets::throttleKeepsLatest()
{
    Throttle throttle(200);
    QStringList ran;
    throttle.post([&] { ran << "a"; }); // the first runs at once (nothing else drew for a tick)
    throttle.post([&] { ran << "b"; }); // kept ...
    throttle.post([&] { ran << "c"; }); // ... and replaced: stale updates are dropped
    QCOMPARE(ran, QStringList{"a"});
    QVERIFY(throttle.hasPending());
    QTRY_COMPARE(ran, (QStringList{"a", "c"}));
    QVERIFY(!throttle.hasPending());

    throttle.post([&] { ran << "d"; }); // within the interval of "c": kept
    throttle.flush();                   // the end of a run shows it at once
    QCOMPARE(ran.last(), QStringLiteral("d"));
    throttle.post([&] { ran << "e"; });
    throttle.reset(); // a new run: the kept update is dropped, the next one runs at once
    throttle.post([&] { ran << "f"; });
    QCOMPARE(ran, (QStringList{"a", "c", "d", "f"}));
    QTest::qWait(300);
    QCOMPARE(ran.size(), 4);
}

void TestWidgets::throttlesShareOneTick()
{
    // Views updated at different moments are drawn on the same tick, so the window is repainted once for all.
    Throttle plots(Throttle::kTickMs), status(Throttle::kTickMs);
    QElapsedTimer clock;
    clock.start();
    qint64 plotsAt = -1, statusAt = -1;
    plots.post([] {});  // the first posts run at once ...
    status.post([] {}); // ... and start the shared tick
    plots.post([&] { plotsAt = clock.elapsed(); });
    QTest::qWait(Throttle::kTickMs / 3);
    status.post([&] { statusAt = clock.elapsed(); });
    QTRY_VERIFY(plotsAt >= 0 && statusAt >= 0);
    QVERIFY2(std::abs(plotsAt - statusAt) <= 5,
             qPrintable(QStringLiteral("plots at %1 ms, status at %2 ms").arg(plotsAt).arg(statusAt)));
}

void TestWidgets::runStatusShowsProgress()
{
    QWidget toolbar;
    auto* layout = new QHBoxLayout(&toolbar);
    auto* status = new RunStatusWidget(&toolbar);
    layout->addWidget(status);
    toolbar.resize(700, 30);
    toolbar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&toolbar));
    const QSize hint = status->sizeHint();

    status->setProgress(QStringLiteral("train"), 50, 200, 12.0);
    QCOMPARE(status->permille(), 250);
    QCOMPARE(status->barText(), QStringLiteral("25%"));
    QCOMPARE(status->text(), QStringLiteral("train · 50/200 · ETA 0:12"));
    status->setProgress(QStringLiteral("train"), 60, 200, 10.0); // within the interval: kept for the tick
    QCOMPARE(status->permille(), 250);
    QTRY_COMPARE(status->permille(), 300);
    status->setProgress(QStringLiteral("evaluate"), 0, 0, -1); // a new phase shows at once
    QCOMPARE(status->permille(), -1);
    QCOMPARE(status->text(), QStringLiteral("evaluate"));

    // Text changes while training must not lay out the toolbar (and the main window) again.
    int layoutRequests = 0;
    EventCounter counter(QEvent::LayoutRequest, &layoutRequests);
    toolbar.installEventFilter(&counter);
    status->installEventFilter(&counter);
    status->setMessage(QString(400, QLatin1Char('x')));
    status->setProgress(QStringLiteral("train"), 1, 2000, 3600.0);
    QTest::qWait(50);
    QCOMPARE(layoutRequests, 0);
    QCOMPARE(status->sizeHint(), hint);
    QCOMPARE(status->text(), QStringLiteral("train · 1/2000 · ETA 1:00:00"));

    // Drawn: at 50 % the bar's first quarter is filled and its last quarter is not.
    status->setProgress(QStringLiteral("test"), 500, 1000, -1);
    const QImage shot = status->grab().toImage();
    const int y = shot.height() / 2;
    const int left = 8 + RunStatusWidget::kBarWidth / 4, right = 8 + RunStatusWidget::kBarWidth * 3 / 4;
    QVERIFY2(shot.pixelColor(left, y) != shot.pixelColor(right, y),
             qPrintable(QStringLiteral("filled %1, empty %2")
                            .arg(shot.pixelColor(left, y).name(), shot.pixelColor(right, y).name())));

    status->setIdle();
    QCOMPARE(status->permille(), 0);
    QCOMPARE(status->text(), QStringLiteral("Ready"));
}

void TestWidgets::plotsSpanThePlannedPhase()
{
    // While training, x spans the phase's planned steps (the curves grow across a fixed axis); once the run has
    // ended, x ends where the data does (early stopping may end a phase before its plan).
    LivePlots plots;
    plots.resize(900, 600);
    plots.show();
    plots.startRun(QStringLiteral("finetune, nothing frozen, seed 1"));
    for (int i = 1; i <= 20; ++i) {
        MetricPoint p = stepPoint(i, 1.0 / i, 0);
        p.phaseEndStep = 400;
        plots.addPoint(p);
    }
    QTRY_COMPARE(plots.graph("loss")->data()->size(), 20);
    QCustomPlot* losses = plots.plot(LivePlots::Chart::Losses);
    QCOMPARE(losses->xAxis->range().upper, 400.0);
    const QCPRange y = losses->yAxis->range();
    plots.addPoint(stepPoint(21, 0.05, 0)); // lower than the first losses: the axes stay as drawn
    QTRY_COMPARE(plots.graph("loss")->data()->size(), 21);
    QCOMPARE(losses->xAxis->range().upper, 400.0);
    QCOMPARE(losses->yAxis->range(), y);

    plots.finishRun();
    QVERIFY2(losses->xAxis->range().upper < 30, qPrintable(QString::number(losses->xAxis->range().upper)));
}

void TestWidgets::plotsDrawPhasesApart()
{
    // Pretraining then target training: each phase counts its own steps from 0, and the main phase is shown.
    LivePlots plots;
    plots.resize(900, 600);
    plots.show();
    plots.startRun(QStringLiteral("finetune, nothing frozen, seed 1"));
    for (int i = 1; i <= 10; ++i) {
        MetricPoint p = stepPoint(i, 0.5, 0);
        p.phase = QStringLiteral("pretrain");
        p.phaseEndStep = 10;
        p.totalSteps = 10;
        plots.addPoint(p);
    }
    QCOMPARE(plots.shownPhase(), QStringLiteral("pretrain")); // the phase in progress is followed
    for (int i = 1; i <= 5; ++i) {
        MetricPoint p = stepPoint(10 + i, 2.0 + i, 0); // a loss jump at the new phase's start
        p.phaseEndStep = 30;
        p.totalSteps = 20;
        plots.addPoint(p);
    }
    QCOMPARE(plots.shownPhase(), QStringLiteral("train"));
    QCOMPARE(plots.phases(), QStringList({QStringLiteral("pretrain"), QStringLiteral("train")}));
    QTRY_COMPARE(plots.graph("loss")->data()->size(), 5);     // the training phase alone
    QCOMPARE(plots.graph("loss")->data()->begin()->key, 1.0); // its first step is step 1 of its own
    const RunCurves curves = plots.curves();
    QCOMPARE(curves.phases.size(), 2);
    QCOMPARE(curves.series(QStringLiteral("train"))->value("loss").first().x(), 1.0);
    QCOMPARE(curves.series(QStringLiteral("pretrain"))->value("loss").size(), 10);
    QCustomPlot* losses = plots.plot(LivePlots::Chart::Losses);
    QCOMPARE(losses->xAxis->range().lower, 0.0);
    QCOMPARE(losses->xAxis->range().upper, 20.0); // the training phase's planned steps
    // Picking the pretraining phase shows it alone, on its own scale.
    plots.showPhase(QStringLiteral("pretrain"));
    QCOMPARE(plots.graph("loss")->data()->size(), 10);
    QVERIFY(losses->yAxis->range().upper < 1.0);
    plots.addPoint(stepPoint(16, 9.0, 0)); // still training: the chosen phase stays
    QCOMPARE(plots.shownPhase(), QStringLiteral("pretrain"));
}

void TestWidgets::plotsOverlayPhasesFromZero()
{
    // A finished fine-tuning run overlaid on a scratch run: the target phases line up at x = 0.
    LivePlots plots;
    plots.resize(900, 600);
    plots.show();
    RunCurves finetune;
    finetune.name = QStringLiteral("finetune");
    finetune.phases = {{QStringLiteral("pretrain"), {{QStringLiteral("loss"), {QPointF(1, 2.0), QPointF(2, 1.0)}}}},
                       {QStringLiteral("train"), {{QStringLiteral("loss"), {QPointF(1, 0.6), QPointF(2, 0.4)}}}}};
    plots.startRun(QStringLiteral("baseline: scratch"));
    plots.setOverlays({finetune});
    QCOMPARE(plots.shownPhase(), QStringLiteral("train"));
    plots.addPoint(stepPoint(1, 2.3, 0));
    QCustomPlot* losses = plots.plot(LivePlots::Chart::Losses);
    QTRY_VERIFY(plots.graph("loss") && plots.graph("loss")->data()->size() == 1);
    QVector<double> overlayKeys;
    for (int i = 0; i < losses->graphCount(); ++i)
        if (losses->graph(i) != plots.graph("loss"))
            for (const auto& d : *losses->graph(i)->data())
                overlayKeys << d.key;
    QCOMPARE(overlayKeys, QVector<double>({1.0, 2.0})); // the target phase's, not the pretraining's
}

void TestWidgets::robustRangeIgnoresOneSpike_data()
{
    QTest::addColumn<QVector<double>>("values");
    QTest::addColumn<bool>("clipped");
    QTest::addColumn<double>("maxUpper");
    QVector<double> decay, spike, early;
    for (int i = 1; i <= 100; ++i)
        decay << 2.3 / i;
    spike = decay;
    spike[60] = 3000; // a DANN domain loss exploding for one step
    early = {2.3, 1.9, 1.5, 1.2, 1.0, 0.9};
    QTest::newRow("decaying loss") << decay << false << 2.3;
    QTest::newRow("one spike") << spike << true << 3.0;
    QTest::newRow("high first steps") << early << false << 2.3;
    QTest::newRow("empty") << QVector<double>() << false << 1.0;
}

void TestWidgets::robustRangeIgnoresOneSpike()
{
    QFETCH(QVector<double>, values);
    QFETCH(bool, clipped);
    QFETCH(double, maxUpper);
    const RobustRange r = robustRange(values);
    QCOMPARE(r.clipped, clipped);
    QVERIFY2(r.upper <= maxUpper, qPrintable(QString::number(r.upper)));
    if (!values.isEmpty() && !clipped)
        QCOMPARE(r.upper, *std::max_element(values.begin(), values.end()));
}

void TestWidgets::lossChartClipsASpike()
{
    LivePlots plots;
    plots.resize(900, 600);
    plots.show();
    plots.startRun(QStringLiteral("dann, nothing frozen, seed 1"));
    for (int i = 1; i <= 50; ++i)
        plots.addPoint(stepPoint(i, i == 30 ? 3000.0 : 1.0 + 1.0 / i, 0.1));
    plots.flush();
    QCustomPlot* losses = plots.plot(LivePlots::Chart::Losses);
    QVERIFY2(losses->yAxis->range().upper < 10, qPrintable(QString::number(losses->yAxis->range().upper)));
    QCOMPARE(plots.clippedCount(LivePlots::Chart::Losses), 1); // marked on the top edge
}

void TestWidgets::clusterScoresBesideBaselines()
{
    ResultsView view;
    const QJsonObject metrics{
        {QStringLiteral("nmi"), 0.71},
        {QStringLiteral("ari"), 0.6},
        {QStringLiteral("cluster_accuracy"), 0.8},
        {QStringLiteral("baseline_raw_pixels"), QJsonObject{{QStringLiteral("nmi"), 0.4},
                                                            {QStringLiteral("ari"), 0.3},
                                                            {QStringLiteral("cluster_accuracy"), 0.5}}},
        {QStringLiteral("baseline_target_only_autoencoder"), QJsonObject{{QStringLiteral("nmi"), 0.5},
                                                                         {QStringLiteral("ari"), 0.4},
                                                                         {QStringLiteral("cluster_accuracy"), 0.6}}}};
    view.setClusterScores(metrics);
    QTableWidget* t = view.clusterScores();
    QVERIFY(!t->isHidden());
    QCOMPARE(t->rowCount(), 3);
    QCOMPARE(t->item(0, 0)->text(), QStringLiteral("0.710"));
    QCOMPARE(t->item(1, 2)->text(), QStringLiteral("0.500"));
    QCOMPARE(t->item(2, 1)->text(), QStringLiteral("0.400"));
    view.setClusterScores(QJsonObject{{QStringLiteral("target_accuracy"), 0.9}}); // not a clustering run
    QVERIFY(t->isHidden());
}

void TestWidgets::scheduleChartWithoutLambda()
{
    LivePlots plots;
    plots.resize(900, 600);
    plots.show();
    plots.startRun(QStringLiteral("finetune, nothing frozen, seed 1"));
    for (int i = 1; i <= 3; ++i) {
        MetricPoint p = stepPoint(i, 1.0, 0);
        p.values.remove(QStringLiteral("lambda"));
        p.values[QStringLiteral("lr")] = 0.003; // constant: the axis must still start at 0 and show it
        plots.addPoint(p);
    }
    QCustomPlot* schedule = plots.plot(LivePlots::Chart::Schedule);
    QTRY_VERIFY(schedule->isVisible());
    QTRY_COMPARE(schedule->yAxis2->range().lower, 0.0);
    QVERIFY(schedule->yAxis2->range().upper > 0.003 && schedule->yAxis2->range().upper < 0.004);
    QVERIFY(!schedule->yAxis->visible()); // no empty λ axis
    auto* title = qobject_cast<QCPTextElement*>(schedule->plotLayout()->element(0, 0));
    QVERIFY(title);
    QCOMPARE(title->text(), QStringLiteral("Learning rate"));

    plots.startRun(QStringLiteral("dann, nothing frozen, seed 1"));
    plots.addPoint(stepPoint(1, 1.0, 0.5));
    QTRY_VERIFY(schedule->yAxis->visible());
    QCOMPARE(title->text(), QStringLiteral("λ and learning rate"));
}

void TestWidgets::plotsOverlayOtherRuns()
{
    LivePlots plots;
    plots.resize(900, 600);
    plots.show();
    RunCurves other;
    other.name = QStringLiteral("finetune, frozen conv1, seed 1");
    other.phases = {{QStringLiteral("train"),
                     {{QStringLiteral("loss"), {QPointF(1, 2.0), QPointF(2, 1.5), QPointF(3, 1.0)}},
                      {QStringLiteral("epoch/target_accuracy"), {QPointF(3, 0.7)}}}}};
    plots.setOverlays({other});
    QVERIFY(plots.overlayGraphCount() >= 2);
    QVERIFY(plots.isChartVisible(LivePlots::Chart::Losses));
    QVERIFY(plots.isChartVisible(LivePlots::Chart::Accuracy));
    QCustomPlot* losses = plots.plot(LivePlots::Chart::Losses);
    int drawnPoints = 0;
    for (int i = 0; i < losses->graphCount(); ++i)
        drawnPoints += losses->graph(i)->data()->size();
    QCOMPARE(drawnPoints, 3);
    // One key above the charts names the run in its dash style; the charts' legends do not repeat it.
    QCOMPARE(plots.overlayKey()->entries().size(), 1);
    QCOMPARE(plots.overlayKey()->entries().first().name, other.name);
    QCOMPARE(plots.overlayKey()->entries().first().pen.style(), Qt::DashLine);
    QVERIFY(plots.overlayKey()->isVisible());
    for (int i = 0; i < losses->legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(losses->legend->item(i)))
            QVERIFY(item->plottable()->name() != other.name);
    QTRY_VERIFY(!losses->legend->visible()); // only the other run's curves: no empty legend box
    plots.setOverlays({});
    QCOMPARE(plots.overlayGraphCount(), 0);
    QVERIFY(!plots.overlayKey()->isVisible());
    QVERIFY(!plots.isChartVisible(LivePlots::Chart::Losses));
    plots.startRun(QStringLiteral("scratch, nothing frozen, seed 1"));
    plots.addPoint(stepPoint(1, 1.2, 0.5));
    QTRY_VERIFY(losses->legend->visible()); // the run's own curve has its entry
}

void TestWidgets::plotsSaveFiles()
{
    QTemporaryDir dir;
    LivePlots plots;
    const QString png = dir.filePath("p.png"), pdf = dir.filePath("p.pdf"), csv = dir.filePath("p.csv");
    QVERIFY(!plots.savePng(png)); // nothing to save yet
    plots.startRun(QStringLiteral("run, with comma"));
    for (int i = 1; i <= 5; ++i)
        plots.addPoint(stepPoint(i, 1.0 / i, 0.2 * i));
    QVERIFY(plots.savePng(png));
    QVERIFY(plots.savePdf(pdf));
    QVERIFY(plots.saveCsv(csv));
    QImage image(png);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() >= 900);
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QVERIFY(pdfFile.size() > 1000);
    QVERIFY(pdfFile.read(4) == "%PDF");
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(csvFile.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 5 * 3); // header + 5 steps x (loss, lambda, lr)
    QCOMPARE(lines.first(), QStringLiteral("run,phase,epoch,step,scope,metric,value"));
    QVERIFY(lines.contains(QStringLiteral("\"run, with comma\",train,1,2,step,loss,0.5")));
}

void TestWidgets::savingLeavesTheLivePlotsAsTheyWere_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("pdf") << QStringLiteral("pdf");
    QTest::newRow("png") << QStringLiteral("png");
}

void TestWidgets::savingLeavesTheLivePlotsAsTheyWere()
{
    // Saving lays each chart out at the page's size; the charts on screen must keep their own layout, also
    // when the next live tick redraws only the curves (issue 11: titles clipped, curves below the axes).
    QFETCH(QString, format);
    QTemporaryDir dir;
    LivePlots plots;
    plots.resize(900, 600);
    plots.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plots));
    plots.startRun(QStringLiteral("dann, nothing frozen, seed 1"));
    auto point = [](qint64 step, double loss) {
        MetricPoint p = stepPoint(step, loss, 0.5);
        p.phaseEndStep = 100; // x spans the planned phase: a new point changes no axis
        return p;
    };
    for (int i = 1; i <= 5; ++i)
        plots.addPoint(point(i, 1.0 / i));
    plots.flush();
    QCustomPlot* loss = plots.plot(LivePlots::Chart::Losses);
    QVERIFY(loss->isVisible());
    const QRect axisRect = loss->axisRect()->rect();
    const QRect titleRect = loss->plotLayout()->element(0, 0)->outerRect();
    QVERIFY(loss->rect().contains(axisRect));
    const QString file = dir.filePath(QStringLiteral("plots.") + format);
    QVERIFY(format == QLatin1String("pdf") ? plots.savePdf(file) : plots.savePng(file));
    QCOMPARE(loss->axisRect()->rect(), axisRect);
    QCOMPARE(loss->plotLayout()->element(0, 0)->outerRect(), titleRect);
    // The next live tick (same axes: only the curves' layer is redrawn) still draws into the screen's layout.
    plots.addPoint(point(6, 0.5));
    plots.flush();
    QCOMPARE(loss->axisRect()->rect(), axisRect);
    QCOMPARE(loss->plotLayout()->element(0, 0)->outerRect(), titleRect);
    QVERIFY(loss->rect().contains(loss->axisRect()->rect()));
}

void TestWidgets::confusionMatrixCounts()
{
    PredictionSet p;
    p.classNames = QStringList{"cat", "dog", "fox"};
    p.truth = {0, 0, 1, 2, 2, 2, -1};
    p.predicted = {0, 1, 1, 2, 0, 2, 1};
    QImage img(8, 8, QImage::Format_Grayscale8);
    img.fill(128);
    p.sampleImages = {img, img};
    p.sampleTruth = {0, 2};
    p.samplePredicted = {1, 0};
    ResultsView view;
    // Empty: every tab is disabled and the first one, not the last, is in front.
    QVERIFY(!view.isTabEnabled(ResultsView::ClustersTab));
    QCOMPARE(view.currentIndex(), int(ResultsView::ConfusionTab));
    QVERIFY(!view.isTabEnabled(ResultsView::ConfusionTab));
    // ... and the matrix says when it will appear instead of showing empty axes.
    const auto darkPixels = [](const QImage& image) { // in the middle band, where empty axes are blank
        int dark = 0;
        for (int y = image.height() / 2 - 20; y < image.height() / 2 + 20; ++y)
            for (int x = image.width() / 4; x < image.width() * 3 / 4; ++x)
                dark += qGray(image.pixel(x, y)) < 160;
        return dark;
    };
    ConfusionMatrixPlot* matrix = view.confusionPlot();
    matrix->resize(400, 320);
    QVERIFY(matrix->placeholderText().contains(QStringLiteral("after a run")));
    QVERIFY(darkPixels(matrix->grab().toImage()) > 50); // the text is drawn
    PredictionSet unlabeled = p;
    unlabeled.truth = QVector<int>(p.truth.size(), -1);
    view.setPredictions(unlabeled);
    QVERIFY(matrix->placeholderText().contains(QStringLiteral("no labels")));
    view.setPredictions(p);
    QVERIFY(matrix->placeholderText().isEmpty());
    QCOMPARE(view.confusionCount(0, 0), 1);
    QCOMPARE(view.confusionCount(0, 1), 1);
    QCOMPARE(view.confusionCount(1, 1), 1);
    QCOMPARE(view.confusionCount(2, 0), 1);
    QCOMPARE(view.confusionCount(2, 2), 2);
    QCOMPARE(view.confusionCount(1, 0), 0); // the unlabeled image (-1) is not counted
    // Colours are each true class's share: fox -> fox is 2 of 3.
    QCOMPARE(view.confusionPlot()->colorMap()->data()->cell(2, 2), 2.0 / 3.0);
    QCOMPARE(view.confusionPlot()->colorMap()->data()->cell(1, 0), 0.5);
    QVERIFY(view.isTabEnabled(ResultsView::ConfusionTab));
    QVERIFY(view.isTabEnabled(ResultsView::MisclassifiedTab));
    QVERIFY(!view.isTabEnabled(ResultsView::ProjectionTab));
    QVERIFY(!view.isTabEnabled(ResultsView::ClustersTab));

    ProjectionPoints pts;
    pts.epoch = 2;
    pts.x = {0, 1, 2, 3};
    pts.y = {1, 0, 1, 0};
    pts.label = {0, 1, 0, 1};
    pts.domain = {0, 0, 1, 1};
    view.setProjection(pts);
    QVERIFY(view.isTabEnabled(ResultsView::ProjectionTab));
    QCOMPARE(view.shownProjection(), QStringLiteral("PCA"));
    QCOMPARE(view.projectionPlot()->title(), QStringLiteral("Features after epoch 2 (PCA)"));
    QVERIFY(!view.projectionButton(QStringLiteral("t-SNE"))->isEnabled()); // none yet
    // The t-SNE that ends a run comes forward; the last PCA stays a click away.
    ProjectionPoints tsne = pts;
    tsne.method = QStringLiteral("t-SNE");
    tsne.x = {10, 11, 12, 13};
    view.setProjection(tsne);
    QCOMPARE(view.shownProjection(), QStringLiteral("t-SNE"));
    QCOMPARE(view.projectionPlot()->title(), QStringLiteral("Features after epoch 2 (t-SNE)"));
    QVERIFY(view.projectionButton(QStringLiteral("t-SNE"))->isChecked());
    QTest::mouseClick(view.projectionButton(QStringLiteral("PCA")), Qt::LeftButton);
    QCOMPARE(view.shownProjection(), QStringLiteral("PCA"));
    QVERIFY(view.projectionPlot()->xAxis->range().contains(1.0));
    QVERIFY(!view.projectionButton(QStringLiteral("t-SNE"))->isChecked());

    // The legend names classes from the projection's own list, which covers source classes the target
    // lacks; -1 is an unlabeled image.
    ProjectionPlot plot;
    pts.classNames = QStringList{"Sandal", "Bag", "Coat"};
    pts.label = {2, -1, 0, 1};
    plot.setProjection(pts, QStringList{"Sandal", "Bag"});
    QStringList legend;
    for (int i = 0; i < plot.legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot.legend->item(i)))
            legend << item->plottable()->name();
    QCOMPARE(legend, (QStringList{"unlabeled", "Sandal", "Bag", "Coat", "source", "target"}));

    // The next epoch's points with the same groups move the points; the graphs and legend stay.
    const int graphs = plot.graphCount();
    QCPGraph* first = plot.graph(0);
    pts.epoch = 3;
    pts.x = {5, 6, 7, 8};
    plot.setProjection(pts, QStringList{"Sandal", "Bag"});
    QCOMPARE(plot.graphCount(), graphs);
    QCOMPARE(plot.graph(0), first);
    double xs = 0;
    for (int i = 0; i < plot.graphCount(); ++i)
        for (auto it = plot.graph(i)->data()->constBegin(); it != plot.graph(i)->data()->constEnd(); ++it)
            xs += it->key;
    QCOMPARE(xs, 26.0);
    QVERIFY(plot.xAxis->range().contains(8.0) && !plot.xAxis->range().contains(1.0));
    // Other groups rebuild the graphs: no unlabeled image now.
    pts.label = {2, 1, 0, 1};
    plot.setProjection(pts, QStringList{"Sandal", "Bag"});
    legend.clear();
    for (int i = 0; i < plot.legend->itemCount(); ++i)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot.legend->item(i)))
            legend << item->plottable()->name();
    QCOMPARE(legend, (QStringList{"Sandal", "Bag", "Coat", "source", "target"}));
    view.clear();
    QVERIFY(!view.isTabEnabled(ResultsView::ConfusionTab));
    QVERIFY(!view.isTabEnabled(ResultsView::ProjectionTab));
    QVERIFY(!view.projectionButton(QStringLiteral("t-SNE"))->isEnabled());
    QCOMPARE(view.shownProjection(), QStringLiteral("PCA"));
}

void TestWidgets::clusterGrids()
{
    PredictionSet p;
    p.clusters = true;
    p.classNames = QStringList{"a", "b"};
    p.predictedNames = QStringList{"cluster 0", "cluster 1"};
    p.truth = {-1, -1, -1};
    p.predicted = {0, 1, 1};
    QImage img(8, 8, QImage::Format_Grayscale8);
    img.fill(200);
    p.sampleImages = {img, img, img};
    p.sampleTruth = {-1, -1, -1};
    p.samplePredicted = {0, 1, 1};
    ResultsView view;
    view.setPredictions(p);
    QVERIFY(view.isTabEnabled(ResultsView::ClustersTab));
    QCOMPARE(view.clusterGallery()->tileCount(), 3);
    QVERIFY(!view.isTabEnabled(ResultsView::ConfusionTab)); // no labels, no matrix
    QVERIFY(!view.isTabEnabled(ResultsView::MisclassifiedTab));
    // The tiles are built when the page is shown, and then all of them.
    const auto builtTiles = [&view] {
        return view.clusterGallery()->findChildren<QFrame*>(QStringLiteral("galleryTile")).size();
    };
    QCOMPARE(builtTiles(), 0);
    view.setCurrentIndex(ResultsView::ClustersTab);
    view.show();
    QCOMPARE(builtTiles(), 3);
    view.setPredictions(p); // while shown: at once
    QCOMPARE(builtTiles(), 3);
}

void TestWidgets::describeRunNames_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QStringList>("frozen");
    QTest::addColumn<int>("seed");
    QTest::addColumn<QString>("expected");
    QTest::newRow("two frozen") << "finetune" << QStringList{"conv1", "conv2"} << 1
                                << "finetune, frozen conv1+conv2, seed 1";
    QTest::newRow("nothing frozen") << "finetune" << QStringList{} << 1 << "finetune, nothing frozen, seed 1";
    QTest::newRow("dann seed 7") << "dann" << QStringList{"conv1"} << 7 << "dann, frozen conv1, seed 7";
}

void TestWidgets::describeRunNames()
{
    QFETCH(QString, strategy);
    QFETCH(QStringList, frozen);
    QFETCH(int, seed);
    QFETCH(QString, expected);
    QCOMPARE(describeRun(strategy, frozen, seed), expected);
}

void TestWidgets::comparisonOverlaysTickedRuns()
{
    RunComparison c;
    RunRecord a;
    a.name = describeRun("finetune", {"conv1", "conv2"}, 1);
    a.strategy = "finetune";
    a.frozen = QStringList{"conv1", "conv2"};
    a.seed = 1;
    a.targetAccuracy = 0.81;
    a.seconds = 12;
    a.curves.phases = {{QStringLiteral("train"), {{QStringLiteral("loss"), {QPointF(1, 1.0)}}}}};
    RunRecord b = a;
    b.frozen.clear();
    b.name = describeRun("finetune", {}, 1);
    b.targetAccuracy = 0.9;
    QCOMPARE(c.addRun(a), a.name);
    QCOMPARE(c.addRun(b), b.name);
    QCOMPARE(c.addRun(b), b.name + " (2)"); // names stay unique
    QCOMPARE(c.table()->rowCount(), 3);
    QCOMPARE(c.table()->item(0, RunComparison::FrozenColumn)->text(), QStringLiteral("conv1+conv2"));
    QCOMPARE(c.table()->item(1, RunComparison::AccuracyColumn)->text(), QStringLiteral("90.0 %"));

    QSignalSpy spy(&c, &RunComparison::overlaysChanged);
    c.show();
    QVERIFY(QTest::qWaitForWindowExposed(&c));
    // A click on the check box where it is drawn ticks the run. The box is found in the rendered row, not
    // asked of the style: a style sheet once drew it 8 px right of where clicks were tested, so clicking the
    // visible box only selected the row.
    QTableWidget* table = c.table();
    const QRect cell = table->visualItemRect(table->item(0, RunComparison::NameColumn));
    const QImage row = table->viewport()->grab(cell).toImage();
    const int y = row.height() / 2, background = qGray(row.pixel(1, y));
    int boxLeft = -1;
    for (int x = 1; x < std::min(row.width(), 60) && boxLeft < 0; ++x)
        if (std::abs(qGray(row.pixel(x, y)) - background) > 40)
            boxLeft = x;
    QVERIFY2(boxLeft > 0, "no check box drawn at the start of the name cell");
    const int boxWidth = table->style()->pixelMetric(QStyle::PM_IndicatorWidth, nullptr, table);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.topLeft() + QPoint(boxLeft + boxWidth / 2, y));
    QCOMPARE(table->item(0, RunComparison::NameColumn)->checkState(), Qt::Checked);
    QCOMPARE(spy.count(), 1);
    auto curves = spy.at(0).at(0).value<QVector<RunCurves>>();
    QCOMPARE(curves.size(), 1);
    QCOMPARE(curves.first().name, a.name);

    c.renameRun(0, QStringLiteral("frozen features"));
    QCOMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(0).value<QVector<RunCurves>>().first().name, QStringLiteral("frozen features"));

    QTemporaryDir dir;
    QVERIFY(c.exportCsv(dir.filePath("runs.csv")));
    QFile f(dir.filePath("runs.csv"));
    QVERIFY(f.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(1), QStringLiteral("frozen features,finetune,conv1+conv2,1,0.81,12.00,"));

    c.removeRun(0);
    QCOMPARE(c.runCount(), 2);
    QCOMPARE(spy.count(), 3);
    QVERIFY(spy.at(2).at(0).value<QVector<RunCurves>>().isEmpty());
}

QTEST_MAIN(TestWidgets)
#include "tst_widgets.moc"

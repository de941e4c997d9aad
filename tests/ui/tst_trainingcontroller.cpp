// The training worker behind the window: coalesced metrics, pause and resume, stop while paused, and a
// clean shutdown, driven through TrainingController without any widget.

#include "uitestutil.h"

#include "ui/data/datasetloader.h"
#include "ui/data/summarizedataset.h"
#include "ui/run/enginebridge.h"
#include "ui/run/metatypes.h"
#include "ui/run/trainingcontroller.h"
#include "ui/run/trainingworker.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace ts;
using namespace ts::ui;
using namespace ts::uitest;

class TestTrainingController : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    engine::Experiment experiment(int epochs) const
    {
        engine::Experiment e;
        e.strategy = "scratch";
        e.target = idxSpec(m_dir.path(), {"a", "b", "c"});
        e.targetTest = idxSpec(m_dir.path(), {"a", "b", "c"});
        e.input = {12, 12, 1};
        e.train.epochs = epochs;
        e.train.batchSize = 4;
        e.train.valFraction = 0;
        return e;
    }

    /// Fine-tuning from the same images as source, with its scratch baseline (with_baseline).
    engine::Experiment finetuneWithBaseline(int epochs) const
    {
        engine::Experiment e = experiment(epochs);
        e.strategy = "finetune";
        e.source = idxSpec(m_dir.path(), {"a", "b", "c"});
        e.train.sourceEpochs = 1;
        e.withBaseline = true;
        return e;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        registerMetaTypes();
        QVERIFY(m_dir.isValid());
        testdata::writeIdx(m_dir.path().toStdString(), 3, 40, 12, 11);
    }

    void stepPointsAreCoalesced()
    {
        TrainingController controller;
        QSignalSpy metrics(&controller, &TrainingController::metric);
        QSignalSpy finished(&controller, &TrainingController::finished);
        QSignalSpy failed(&controller, &TrainingController::failed);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(controller.start(experiment(8), 1));
        QVERIFY(finished.wait(240000) || !failed.isEmpty());
        QVERIFY2(failed.isEmpty(), qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
        const double elapsedMs = double(timer.elapsed());
        int stepPoints = 0, epochPoints = 0;
        qint64 lastStep = -1;
        for (const auto& args : metrics) {
            const auto p = args.first().value<MetricPoint>();
            // The plots' x axis spans the phase's plan: 8 epochs of 30 steps.
            QCOMPARE(p.phaseEndStep, qint64(240));
            QVERIFY(p.step <= p.phaseEndStep);
            if (p.isEpoch) {
                ++epochPoints;
                continue;
            }
            ++stepPoints;
            QVERIFY(p.step > lastStep); // the global step only grows
            lastStep = p.step;
        }
        QCOMPARE(epochPoints, 8);
        QCOMPARE(lastStep, qint64(240));
        // 30 steps per epoch, 240 in all; the GUI gets at most one point per interval, plus one flush per epoch
        // and phase end.
        const int bound = int(elapsedMs / TrainingWorker::kStepIntervalMs) + 2 * epochPoints + 4;
        QVERIFY2(stepPoints <= bound, qPrintable(QStringLiteral("%1 points, bound %2").arg(stepPoints).arg(bound)));
        QVERIFY(stepPoints <= 240);
        QVERIFY(stepPoints >= epochPoints); // every epoch's steps reach the plots
    }

    // The run samples features only when the window has drawn the last projection and shows the projection
    // view: without projectionDrawn() a 12-epoch run sends its first PCA and the closing one, not one per
    // epoch. The closing sample becomes the last PCA and a t-SNE of the same points, computed off the
    // training thread. (No minimum interval here, so that only those two rules hold samples back.)
    void projectionsOnlyWhenDrawn_data()
    {
        QTest::addColumn<bool>("drawn");
        QTest::addColumn<bool>("shown");
        QTest::addColumn<int>("expectedPcas");
        QTest::newRow("never drawn") << false << true << 2;
        // The first (it brings the results forward) and the closing one.
        QTest::newRow("drawn, not shown") << true << false << 2;
        QTest::newRow("drawn and shown: each epoch") << true << true << 13;
    }

    void projectionsOnlyWhenDrawn()
    {
        QFETCH(bool, drawn);
        QFETCH(bool, shown);
        QFETCH(int, expectedPcas);
        TrainingController controller;
        controller.setProjectionShown(shown);
        controller.setProjectionIntervalMs(0);
        QVector<ProjectionPoints> pcas, tsnes;
        connect(&controller, &TrainingController::projection, this, [&](const ProjectionPoints& points) {
            (points.method == QLatin1String("t-SNE") ? tsnes : pcas) << points;
            if (drawn)
                controller.projectionDrawn();
        });
        QSignalSpy finished(&controller, &TrainingController::finished);
        QSignalSpy logs(&controller, &TrainingController::log);
        QVERIFY(controller.start(experiment(12), 1));
        QVERIFY(finished.wait(240000));
        QTRY_COMPARE_WITH_TIMEOUT(tsnes.size(), 1, 30000);
        QTest::qWait(50); // nothing else follows
        QCOMPARE(tsnes.size(), 1);
        const int epochs = finished.first().first().toJsonObject().value(QStringLiteral("epochs_run")).toInt();
        QCOMPARE(epochs, 12);
        QCOMPARE(pcas.size(), expectedPcas);
        QCOMPARE(pcas.first().epoch, 1);
        QCOMPARE(pcas.last().epoch, epochs); // the closing sample
        QCOMPARE(tsnes.first().epoch, epochs);
        QCOMPARE(tsnes.first().x.size(), pcas.last().x.size());
        QCOMPARE(tsnes.first().label, pcas.last().label);
        bool logged = false;
        for (const auto& args : logs)
            logged = logged || args.at(1).toString().startsWith(QStringLiteral("t-SNE of"));
        QVERIFY(logged);
    }

    void pauseHoldsTrainingAndResumeContinues()
    {
        TrainingController controller;
        QSignalSpy metrics(&controller, &TrainingController::metric);
        QSignalSpy finished(&controller, &TrainingController::finished);
        QVERIFY(controller.start(experiment(400), 1));
        QVERIFY(metrics.wait(60000));
        controller.setPaused(true);
        QCOMPARE(controller.state(), TrainingController::State::Paused);
        QTest::qWait(300); // points already queued arrive
        metrics.clear();
        QTest::qWait(500);
        QCOMPARE(metrics.count(), 0);
        controller.setPaused(false);
        QCOMPARE(controller.state(), TrainingController::State::Running);
        QVERIFY(metrics.wait(30000));
        // A stop while paused ends the run too.
        controller.setPaused(true);
        controller.stop();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(1).toBool(), true);
        QCOMPARE(controller.state(), TrainingController::State::Idle);
    }

    // The window's worker reports a diverged run as the CLI does: failed, with the engine's message and hint.
    void divergedRunFailsWithTheHint()
    {
        TrainingController controller;
        QSignalSpy failed(&controller, &TrainingController::failed);
        QSignalSpy finished(&controller, &TrainingController::finished);
        engine::Experiment e = experiment(2);
        e.train.lr = 1e8;
        QVERIFY(controller.start(e, 1));
        QVERIFY(failed.wait(60000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("diverged")) &&
                     message.contains(QStringLiteral("lower the learning rate")),
                 qPrintable(message));
        QVERIFY(finished.isEmpty());
        QCOMPARE(controller.state(), TrainingController::State::Idle);
    }

    void badExperimentFailsWithAMessage()
    {
        TrainingController controller;
        QSignalSpy failed(&controller, &TrainingController::failed);
        engine::Experiment e = experiment(1);
        e.target->images = (m_dir.path() + QStringLiteral("/missing.idx")).toStdString();
        QVERIFY(controller.start(e, 1));
        QVERIFY(failed.wait(30000));
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("missing.idx")),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(controller.state(), TrainingController::State::Idle);
        QVERIFY(controller.start(experiment(1), 1)); // usable again
        QSignalSpy finished(&controller, &TrainingController::finished);
        QVERIFY(finished.wait(60000));
    }

    void baselineRunsAfterTheStrategy()
    {
        // with_baseline: fine-tuning, then scratch on the same data and seed, each a run of its own; the
        // comparison lands in the summary and in summary.json.
        TrainingController controller;
        QSignalSpy runs(&controller, &TrainingController::runFinished);
        QSignalSpy baselines(&controller, &TrainingController::baselineStarted);
        QSignalSpy finished(&controller, &TrainingController::finished);
        QSignalSpy failed(&controller, &TrainingController::failed);
        QVERIFY(controller.start(finetuneWithBaseline(1), 1));
        QVERIFY(finished.wait(240000) || !failed.isEmpty());
        QVERIFY2(failed.isEmpty(), qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
        QCOMPARE(runs.count(), 2);
        QCOMPARE(baselines.count(), 1);
        QCOMPARE(baselines.first().at(0).toString(), QStringLiteral("scratch"));
        QCOMPARE(runs.at(0).at(0).toJsonObject().value("strategy").toString(), QStringLiteral("finetune"));
        QCOMPARE(runs.at(1).at(0).toJsonObject().value("strategy").toString(), QStringLiteral("scratch"));
        QCOMPARE(runs.at(1).at(2).toString(), controller.runDir() + QStringLiteral("/baseline-scratch"));
        const QJsonObject summary = finished.first().at(0).toJsonObject();
        QCOMPARE(finished.first().at(1).toBool(), false);
        const QJsonArray compared = summary.value("baseline").toObject().value("baselines").toArray();
        QCOMPARE(compared.size(), 1);
        QCOMPARE(compared.first().toObject().value("name").toString(), QStringLiteral("scratch"));
        QVERIFY(compared.first().toObject().value("gain_points").isDouble());
        QFile file(controller.runDir() + QStringLiteral("/summary.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(file.readAll()).object().value("baseline").toObject(),
                 summary.value("baseline").toObject());
        QVERIFY(QFile::exists(controller.runDir() + QStringLiteral("/baseline-scratch/summary.json")));
    }

    // The run hands the window's data panels each dataset it read, under the key a panel asking for the same
    // images has, with what the panel would show had it loaded them itself. A baseline's reads are not sent.
    void runSendsTheDatasetsItRead()
    {
        engine::Experiment e = finetuneWithBaseline(1);
        e.target = idxSpec(m_dir.path(), {"a", "b"}); // keys and contents differ from the source's
        e.targetTest = idxSpec(m_dir.path(), {"b", "a"});
        e.targetTest->limitPerClass = 5;
        TrainingController controller;
        QSignalSpy datasets(&controller, &TrainingController::datasetLoaded);
        QSignalSpy finished(&controller, &TrainingController::finished);
        QSignalSpy failed(&controller, &TrainingController::failed);
        QVERIFY(controller.start(e, 1));
        QVERIFY(finished.wait(240000) || !failed.isEmpty());
        QVERIFY2(failed.isEmpty(), qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
        QCOMPARE(datasets.count(), 3); // source, target, target_test: the scratch baseline's two are not sent

        QThread thread; // the panel's loader, on a thread of its own as in a panel
        DatasetLoader loader;
        loader.moveToThread(&thread);
        thread.start();
        const auto cleanup = qScopeGuard([&] {
            thread.quit();
            thread.wait();
        });
        const std::vector<engine::DatasetSpec> specs{*e.source, *e.target, *e.targetTest};
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(datasets.at(i).at(0).toString(), datasetKey(e, specs[size_t(i)]));
            const auto sent = datasets.at(i).at(1).value<DatasetSummary>();
            engine::Experiment panel = e;
            panel.source = specs[size_t(i)];
            panel.target.reset();
            panel.targetTest.reset();
            QSignalSpy loaded(&loader, &DatasetLoader::loaded);
            loader.setCurrentRequest(i + 1);
            QMetaObject::invokeMethod(&loader, "load", Qt::QueuedConnection, Q_ARG(int, i + 1),
                                      Q_ARG(QString, bridge::experimentText(panel)), Q_ARG(QString, QString()));
            QVERIFY(loaded.wait(60000));
            const auto own = loaded.first().first().value<DatasetSummary>();
            QCOMPARE(sent.images, own.images);
            QCOMPARE(sent.labeledImages, own.labeledImages);
            QCOMPARE(sent.classNames, own.classNames);
            QCOMPARE(sent.classCounts, own.classCounts);
            QCOMPARE(sent.skippedFiles, own.skippedFiles);
            QCOMPARE(sent.thumbnails, own.thumbnails); // QImage compares pixels
            QCOMPARE(sent.channels * sent.height * sent.width, 144);
        }
        QCOMPARE(datasets.at(0).at(1).value<DatasetSummary>().classNames.size(), 3);
        QCOMPARE(datasets.at(2).at(1).value<DatasetSummary>().images, qint64(10));
    }

    // The closing t-SNE waits for the baselines: beside their training it would slow the result. It still
    // comes, after finished(), of the strategy's features (its epoch count, not the baseline's).
    void tsneFollowsTheBaselines()
    {
        TrainingController controller;
        QStringList events;
        int tsneEpoch = -1;
        connect(&controller, &TrainingController::baselineStarted, this, [&] { events << "baseline"; });
        connect(&controller, &TrainingController::finished, this, [&] { events << "finished"; });
        connect(&controller, &TrainingController::projection, this, [&](const ProjectionPoints& points) {
            if (points.method == QLatin1String("t-SNE")) {
                events << "t-SNE";
                tsneEpoch = points.epoch;
            }
        });
        QVERIFY(controller.start(finetuneWithBaseline(10), 1));
        QTRY_VERIFY_WITH_TIMEOUT(events.contains("t-SNE") && events.contains("finished"), 240000);
        QCOMPARE(events, (QStringList{"baseline", "finished", "t-SNE"}));
        QCOMPARE(tsneEpoch, 10);
    }

    void stopDuringTheBaselineEndsTheRun()
    {
        TrainingController controller;
        QSignalSpy baselines(&controller, &TrainingController::baselineStarted);
        QSignalSpy metrics(&controller, &TrainingController::metric);
        QSignalSpy runs(&controller, &TrainingController::runFinished);
        QSignalSpy finished(&controller, &TrainingController::finished);
        QVERIFY(controller.start(finetuneWithBaseline(30), 1));
        QVERIFY(baselines.wait(240000));
        metrics.clear();
        QVERIFY(metrics.wait(30000)); // the baseline is training
        controller.stop();
        QVERIFY(finished.count() == 1 || finished.wait(30000));
        QCOMPARE(runs.count(), 2);                       // the stopped baseline still gets its row
        QCOMPARE(runs.at(1).at(1).toBool(), true);       // stopped
        QCOMPARE(finished.first().at(1).toBool(), true); // and the whole start() says so
        const QJsonArray compared =
            finished.first().at(0).toJsonObject().value("baseline").toObject().value("baselines").toArray();
        QCOMPARE(compared.size(), 1);
        QVERIFY(!compared.first().toObject().contains("gain_points")); // no gain from a partial baseline
        QCOMPARE(controller.state(), TrainingController::State::Idle);
    }

    void destroyingWhilePausedJoins()
    {
        auto controller = std::make_unique<TrainingController>();
        QSignalSpy metrics(controller.get(), &TrainingController::metric);
        QVERIFY(controller->start(experiment(400), 1));
        QVERIFY(metrics.wait(60000));
        controller->setPaused(true);
        QElapsedTimer timer;
        timer.start();
        controller.reset(); // stop wakes the paused engine; the thread is joined
        QVERIFY(timer.elapsed() < 20000);
    }
};

QTEST_MAIN(TestTrainingController)
#include "tst_trainingcontroller.moc"

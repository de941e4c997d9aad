// The main window end to end on tiny data: strategy availability, training with live plots, stop, close,
// experiment files, bad input and freezing layers by clicking the diagram.

#include "uitestutil.h"

#include "ui/data/datapanel.h"
#include "ui/data/datasidebar.h"
#include "ui/diagram/networkdiagram.h"
#include "ui/forms/hyperparameterform.h"
#include "ui/forms/strategypicker.h"
#include "ui/plots/liveplots.h"
#include "ui/plots/runcomparison.h"
#include "ui/run/enginebridge.h"
#include "ui/run/metatypes.h"
#include "ui/run/trainingcontroller.h"
#include "ui/window/experimentdocument.h"
#include "ui/window/lessonpanel.h"
#include "ui/window/mainactions.h"
#include "ui/window/mainwindow.h"
#include "ui/window/messagebanner.h"

#include "engine/core/experiment.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include <memory>

using namespace ts;
using namespace ts::ui;

using namespace ts::uitest;

class TestMainWindow : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_train, m_test, m_unlabeled;

    // A scratch run on the tiny target: quick, needs no source.
    engine::Experiment scratchExperiment(int epochs) const { return tinyScratchExperiment(m_train, m_test, epochs); }

private Q_SLOTS:
    void initTestCase()
    {
        g_previousHandler = qInstallMessageHandler(quietOffscreen);
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("transfer-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        registerMetaTypes();
        QVERIFY(m_dir.isValid());
        m_train = m_dir.filePath(QStringLiteral("train"));
        m_test = m_dir.filePath(QStringLiteral("test"));
        m_unlabeled = m_dir.filePath(QStringLiteral("unlabeled"));
        QDir().mkpath(m_train);
        QDir().mkpath(m_test);
        testdata::writeIdx(m_train.toStdString(), 6, 20, 12, 7);
        testdata::writeIdx(m_test.toStdString(), 6, 6, 12, 8);
        QVERIFY(writePngFolder(m_unlabeled, 2, 6, true));
    }

    void strategyGridDisablesWhatDataCannotServe_data()
    {
        QTest::addColumn<QString>("source"); // "", "labeled" or "unlabeled"
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<bool>("enabled");
        QTest::addColumn<QString>("reason"); // part of the tooltip when disabled
        QTest::newRow("no source: scratch runs") << ""
                                                 << "scratch" << true << "";
        QTest::newRow("no source: no fine-tuning") << ""
                                                   << "finetune" << false << "source";
        QTest::newRow("no source: no source-only") << ""
                                                   << "source_only" << false << "source";
        QTest::newRow("labeled source: fine-tuning") << "labeled"
                                                     << "finetune" << true << "";
        QTest::newRow("unlabeled source: no fine-tuning") << "unlabeled"
                                                          << "finetune" << false << "labeled";
    }

    void strategyGridDisablesWhatDataCannotServe()
    {
        QFETCH(QString, source);
        QFETCH(QString, strategy);
        QFETCH(bool, enabled);
        QFETCH(QString, reason);
        engine::Experiment e = scratchExperiment(1);
        if (source == QLatin1String("labeled"))
            e.source = idxSpec(m_train, {"a", "b", "c"});
        if (source == QLatin1String("unlabeled")) {
            engine::DatasetSpec s;
            s.format = "unlabeled";
            s.path = m_unlabeled.toStdString();
            e.source = s;
        }
        auto w = makeWindow(e);
        QVERIFY(w);
        QRadioButton* button = w->strategyPicker()->button(strategy);
        QVERIFY(button);
        QTRY_COMPARE(button->isEnabled(), enabled);
        QCOMPARE(w->strategyPicker()->isAvailable(strategy), enabled);
        if (!enabled)
            QVERIFY2(button->toolTip().contains(reason), qPrintable(button->toolTip()));
        // Wait for the panels so the loaders are not torn down mid-load (that is covered by close tests).
        QTRY_VERIFY_WITH_TIMEOUT(
            !w->dataSidebar()->sourcePanel()->isLoading() && !w->dataSidebar()->targetPanel()->isLoading(), 20000);
    }

    void trainingEmitsMetricsAndPlotsReceiveThem()
    {
        auto w = makeWindow(scratchExperiment(3));
        QVERIFY(w);
        QSignalSpy metrics(w->training(), &TrainingController::metric);
        QSignalSpy finished(w->training(), &TrainingController::finished);
        QSignalSpy failed(w->training(), &TrainingController::failed);
        QTRY_VERIFY(w->actions()->start->isEnabled());
        w->actions()->start->trigger();
        QVERIFY(w->training()->isBusy());
        QVERIFY(metrics.wait(60000));
        QVERIFY2(finished.wait(120000) || !finished.isEmpty(),
                 qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
        QCOMPARE(failed.count(), 0);
        bool sawEpoch = false, sawStep = false;
        for (const auto& args : metrics) {
            const auto p = args.first().value<MetricPoint>();
            sawEpoch |= p.isEpoch;
            sawStep |= !p.isEpoch && p.values.contains(QStringLiteral("loss"));
        }
        QVERIFY(sawStep);
        QVERIFY(sawEpoch);
        w->livePlots()->flush();
        QVERIFY(w->livePlots()->hasData());
        const RunCurves curves = w->livePlots()->curves();
        QVERIFY(curves.series(QStringLiteral("train")));
        QVERIFY(!curves.series(QStringLiteral("train"))->value(QStringLiteral("loss")).isEmpty());
        QCOMPARE(w->runComparison()->runCount(), 1);
        QVERIFY(QFileInfo::exists(w->lastRunDir() + QStringLiteral("/model.pt")));
        QVERIFY(QFileInfo::exists(w->lastRunDir() + QStringLiteral("/summary.json")));
        QVERIFY(!w->training()->isBusy());
        QVERIFY(w->actions()->start->isEnabled());

        // The charts' "Compare with" menu lists the finished run and overlays it, as the Runs table does.
        QMenu* menu = w->livePlots()->compareMenu();
        Q_EMIT menu->aboutToShow();
        QCOMPARE(menu->actions().size(), 1);
        QAction* run = menu->actions().first();
        QCOMPARE(run->text(), w->runComparison()->runs().first().name);
        QVERIFY(run->isCheckable() && !run->isChecked());
        run->trigger();
        QVERIFY(w->runComparison()->isOverlaid(0));
        QVERIFY(w->livePlots()->overlayGraphCount() > 0);
        w->runComparison()->setOverlaid(0, false); // unticked in the table: the menu follows when it opens again
        QCOMPARE(w->livePlots()->overlayGraphCount(), 0);
        Q_EMIT menu->aboutToShow();
        QVERIFY(!menu->actions().first()->isChecked());
    }

    void aRunStartedBeforeTheWindowIsShownInIt()
    {
        // `transfer-studio FILE --run` starts the run and then builds the window (app/gui/main.cpp): the window
        // takes the running controller over and shows the run from its first point, as if it had started it.
        const QString path = m_dir.filePath(QStringLiteral("early/experiment.json"));
        QDir().mkpath(QFileInfo(path).absolutePath());
        engine::saveExperiment(scratchExperiment(3), path.toStdString());
        auto* training = new TrainingController;
        QVERIFY(training->start(engine::loadExperiment(path.toStdString())));
        QSignalSpy metrics(training, &TrainingController::metric);
        QSignalSpy finished(training, &TrainingController::finished);
        QSignalSpy failed(training, &TrainingController::failed);
        auto w = std::make_unique<MainWindow>(training);
        QCOMPARE(w->training(), training);
        QCOMPARE(training->parent(), w.get());
        QVERIFY(w->openExperiment(path));
        QVERIFY(w->adoptRun());
        QVERIFY(!w->actions()->start->isEnabled());
        QVERIFY(w->actions()->stop->isEnabled());
        QVERIFY2(finished.wait(120000) || !finished.isEmpty(),
                 qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
        QCOMPARE(failed.count(), 0);
        QVERIFY(!metrics.isEmpty());
        QCOMPARE(w->livePlots()->points().size(), metrics.size()); // none was sent before the window listened
        QCOMPARE(w->runComparison()->runCount(), 1);
        QVERIFY(w->runComparison()->runs().first().name.contains(QStringLiteral("seed")));
        QVERIFY(QFileInfo::exists(w->lastRunDir() + QStringLiteral("/model.pt")));
        QVERIFY(w->actions()->start->isEnabled());
        QVERIFY(!w->adoptRun()); // nothing runs now
    }

    void baselineRunsBesideTheStrategy()
    {
        // Fine-tuning with "Compare with baseline": two rows, the gain in the banner and the table, the
        // baseline overlaid behind the fine-tuning curves, and the lesson beside the diagram.
        engine::Experiment e = scratchExperiment(2);
        e.strategy = "finetune";
        e.source = idxSpec(m_train, {"a", "b", "c"});
        e.withBaseline = true;
        e.notes = {{"en", "Look at the first epochs."}, {"zh_CN", "看前几轮。"}};
        auto w = makeWindow(e);
        QVERIFY(w);
        QVERIFY(w->lessonPanel()->isVisible());
        QVERIFY(!w->lessonPanel()->text().isEmpty());
        QSignalSpy finished(w->training(), &TrainingController::finished);
        QSignalSpy failed(w->training(), &TrainingController::failed);
        QTRY_VERIFY(w->actions()->start->isEnabled());
        w->actions()->start->trigger();
        QVERIFY2(finished.wait(240000) || !finished.isEmpty(),
                 qPrintable(failed.isEmpty() ? QString() : failed.first().first().toString()));
        RunComparison* runs = w->runComparison();
        QCOMPARE(runs->runCount(), 2);
        QCOMPARE(runs->runs().at(1).strategy, QStringLiteral("scratch"));
        const QString gain = runs->table()->item(0, RunComparison::BaselineColumn)->text();
        QVERIFY2(gain.contains(QStringLiteral("vs scratch")) && gain.contains(QStringLiteral("points")),
                 qPrintable(gain));
        QVERIFY2(w->banner()->text().contains(gain), qPrintable(w->banner()->text()));
        QVERIFY(runs->isOverlaid(1));
        QVERIFY(!runs->isOverlaid(0));
        QCOMPARE(w->livePlots()->runName(), runs->runs().at(0).name); // the strategy's run is shown again
        QCOMPARE(w->livePlots()->shownPhase(), QStringLiteral("train"));
        auto* phaseBox = w->livePlots()->findChild<QComboBox*>(QStringLiteral("phaseBox"));
        QVERIFY(phaseBox && phaseBox->isVisible()); // pretraining is a click away
        QVERIFY2(phaseBox->width() >= phaseBox->minimumSizeHint().width(),
                 qPrintable(QString::number(phaseBox->width())));
        QVERIFY(w->livePlots()->overlayGraphCount() > 0);
        QVERIFY(w->actions()->start->isEnabled());
        // Another file without notes hides the lesson.
        w->document()->setExperiment(scratchExperiment(1));
        QVERIFY(w->lessonPanel()->isHidden());
        QTRY_VERIFY_WITH_TIMEOUT(!w->dataSidebar()->targetPanel()->isLoading(), 20000);
    }

    void stopMidRunLeavesTheAppUsable()
    {
        auto w = makeWindow(scratchExperiment(500));
        QVERIFY(w);
        QSignalSpy metrics(w->training(), &TrainingController::metric);
        QSignalSpy finished(w->training(), &TrainingController::finished);
        QTRY_VERIFY(w->actions()->start->isEnabled());
        QVERIFY(w->startTraining());
        QVERIFY(metrics.wait(60000));
        QVERIFY(w->actions()->stop->isEnabled());
        w->actions()->stop->trigger();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.first().at(1).toBool(), true); // cancelled
        QVERIFY(!w->training()->isBusy());
        QVERIFY(w->actions()->start->isEnabled());
        QVERIFY(!w->actions()->stop->isEnabled());
        QVERIFY(w->dataSidebar()->isEnabled());
        // The window still works: edit the experiment and train again.
        w->document()->modify([](engine::Experiment& e) { e.train.epochs = 1; });
        QVERIFY(w->startTraining());
        QVERIFY(finished.wait(60000));
        QCOMPARE(finished.count(), 2);
        QCOMPARE(finished.last().at(1).toBool(), false);
        QCOMPARE(w->runComparison()->runCount(), 2);
    }

    void closingDuringRunJoinsTheThread()
    {
        auto w = makeWindow(scratchExperiment(500));
        QVERIFY(w);
        QSignalSpy metrics(w->training(), &TrainingController::metric);
        QTRY_VERIFY(w->actions()->start->isEnabled());
        QVERIFY(w->startTraining());
        QVERIFY(metrics.wait(60000));
        QElapsedTimer timer;
        timer.start();
        QVERIFY(w->close());
        QVERIFY(!w->training()->isBusy());
        w.reset(); // joins the worker threads; a hang here fails the test by timeout
        QVERIFY2(timer.elapsed() < 20000, qPrintable(QString::number(timer.elapsed())));
    }

    void destroyingDuringRunJoinsTheThread()
    {
        auto w = makeWindow(scratchExperiment(500));
        QVERIFY(w);
        QSignalSpy metrics(w->training(), &TrainingController::metric);
        QTRY_VERIFY(w->actions()->start->isEnabled());
        QVERIFY(w->startTraining());
        QVERIFY(metrics.wait(60000));
        w.reset(); // no close event: the controller's destructor stops, quits and waits
    }

    void experimentSurvivesSaveAndLoad()
    {
        engine::Experiment e = scratchExperiment(4);
        e.source = idxSpec(m_train, {"a", "b", "c"});
        auto w = makeWindow(e);
        QVERIFY(w);
        // Edit through the widgets: strategy, epochs, seed.
        QRadioButton* finetune = w->strategyPicker()->button(QStringLiteral("finetune"));
        QTRY_VERIFY(finetune->isEnabled());
        finetune->click();
        QCOMPARE(QString::fromStdString(w->document()->experiment().strategy), QStringLiteral("finetune"));
        auto* epochs = w->hyperparameters()->findChild<QSpinBox*>();
        QVERIFY(epochs);
        w->document()->modify([](engine::Experiment& x) {
            x.train.seed = 42;
            x.freeze = {"conv1"};
            x.target->labeledPerClass = 5;
        });
        const QString path = m_dir.filePath(QStringLiteral("saved/experiment.json"));
        QDir().mkpath(QFileInfo(path).absolutePath());
        QVERIFY(w->saveExperiment(path));
        QVERIFY(!w->document()->isModified());
        const auto before = engine::toJson(w->document()->experiment());

        auto w2 = makeWindow(scratchExperiment(1));
        QVERIFY(w2);
        QVERIFY(w2->openExperiment(path));
        QVERIFY(!w2->document()->isModified());
        const auto after = engine::toJson(w2->document()->experiment());
        QCOMPARE(QString::fromStdString(after.dump()), QString::fromStdString(before.dump()));
        QCOMPARE(w2->strategyPicker()->current(), QStringLiteral("finetune"));
        QCOMPARE(w2->document()->experiment().train.seed, 42u);
        // The diagram shows the saved freeze list.
        QTRY_VERIFY(w2->diagram()->isFrozen(QStringLiteral("conv1")));
        // And the file is what the CLI reads.
        const auto cli = engine::loadExperiment(path.toStdString());
        QCOMPARE(QString::fromStdString(engine::toJson(cli).dump()), QString::fromStdString(before.dump()));
    }

    void badFolderShowsAnErrorAndDoesNotCrash()
    {
        auto w = makeWindow(scratchExperiment(1));
        QVERIFY(w);
        DataPanel* source = w->dataSidebar()->sourcePanel();
        QSignalSpy done(source, &DataPanel::loadFinished);
        const QString missing = m_dir.filePath(QStringLiteral("no/such/folder"));
        source->setPath(missing);
        QVERIFY(done.wait(20000));
        QCOMPARE(done.first().first().toBool(), false);
        QVERIFY(!source->errorText().isEmpty());
        QTRY_VERIFY(w->banner()->isVisible());
        QVERIFY2(w->banner()->text().contains(QStringLiteral("no/such/folder")), qPrintable(w->banner()->text()));
        // Strategies that need the (broken) source are off; the window still works.
        QTRY_VERIFY(!w->strategyPicker()->isAvailable(QStringLiteral("finetune")));
        QVERIFY(w->strategyPicker()->isAvailable(QStringLiteral("scratch")));

        // A malformed experiment file is refused with a message naming it; the experiment stays.
        const QString bad = m_dir.filePath(QStringLiteral("bad.json"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{ \"strategy\": \"finetune\", \"train\": { \"epochs\": \"many\" } }");
        f.close();
        QVERIFY(!w->openExperiment(bad));
        QVERIFY2(w->banner()->text().contains(QStringLiteral("epochs")), qPrintable(w->banner()->text()));
        QCOMPARE(QString::fromStdString(w->document()->experiment().name), QStringLiteral("tiny"));
        QVERIFY(!w->openExperiment(m_dir.filePath(QStringLiteral("missing.json"))));
    }

    void corruptImagesAreSkippedAndListed()
    {
        const QString folder = m_dir.filePath(QStringLiteral("withcorrupt"));
        QVERIFY(writePngFolder(folder, 2, 4, false));
        QFile broken(folder + QStringLiteral("/class1/broken.png"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("this is not a png");
        broken.close();
        auto w = makeWindow(scratchExperiment(1));
        QVERIFY(w);
        DataPanel* source = w->dataSidebar()->sourcePanel();
        QSignalSpy done(source, &DataPanel::loadFinished);
        // Drop the folder on the panel, as from a file manager.
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(folder)});
        QDragEnterEvent enter(QPoint(20, 20), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(source, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(20, 20), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(source, &drop);
        QVERIFY(done.wait(20000));
        QCOMPARE(done.first().first().toBool(), true);
        QCOMPARE(source->summary().classNames, QStringList({QStringLiteral("class0"), QStringLiteral("class1")}));
        QCOMPARE(source->summary().classCounts, QVector<qint64>({4, 4}));
        QCOMPARE(source->summary().skippedFiles.size(), 1);
        QVERIFY(source->summary().skippedFiles.first().contains(QStringLiteral("broken.png")));
        auto* warnings = source->findChild<QLabel*>(QStringLiteral("datasetWarnings"));
        QVERIFY(warnings);
        QVERIFY(warnings->isVisible());
        QVERIFY2(warnings->text().contains(QStringLiteral("skipped")), qPrintable(warnings->text()));
        // The experiment follows the panel.
        QCOMPARE(QString::fromStdString(w->document()->experiment().source->path), folder);
    }

    void branchRequestSetsTheBranchOption()
    {
        // Any strategy with a "branch" layer option will do; the diagram's right-click menu asks for it.
        QString strategy, section;
        for (const auto& s : bridge::strategies())
            for (const auto& o : s.options)
                if (o.key == QLatin1String("branch") && o.type == QLatin1String("layer") && strategy.isEmpty()) {
                    strategy = s.name;
                    section = s.section;
                }
        if (strategy.isEmpty())
            QSKIP("no strategy with a branch option is registered");
        engine::Experiment e = scratchExperiment(1);
        e.source = idxSpec(m_train, {"a", "b", "c"});
        e.strategy = strategy.toStdString();
        auto w = makeWindow(e);
        QVERIFY(w);
        QTRY_VERIFY(!w->diagram()->blockRect(QStringLiteral("conv2")).isEmpty());
        QVERIFY(w->diagram()->isBranchSelectable());
        Q_EMIT w->diagram()->branchRequested(QStringLiteral("conv2"));
        const auto& sections = w->document()->experiment().sections;
        const auto it = sections.find(section.toStdString());
        QVERIFY(it != sections.end());
        QCOMPARE(QString::fromStdString(it->second.value("branch", std::string())), QStringLiteral("conv2"));
        QCOMPARE(w->diagram()->branchLayer(), QStringLiteral("conv2"));
    }

    void clickingABlockTogglesTheFreezeList()
    {
        engine::Experiment e = scratchExperiment(1);
        e.source = idxSpec(m_train, {"a", "b", "c"});
        e.strategy = "finetune";
        auto w = makeWindow(e);
        QVERIFY(w);
        NetworkDiagram* diagram = w->diagram();
        QTRY_VERIFY(!diagram->blockRect(QStringLiteral("conv2")).isEmpty());
        diagram->fitToWindow();
        QCoreApplication::processEvents();
        auto freezeList = [&] {
            QStringList names;
            for (const auto& n : w->document()->experiment().freeze)
                names << QString::fromStdString(n);
            return names;
        };
        QVERIFY(!freezeList().contains(QStringLiteral("conv2")));
        const QPoint pos = diagram->mapFromScene(diagram->blockRect(QStringLiteral("conv2")).center());
        QTest::mouseClick(diagram->viewport(), Qt::LeftButton, {}, pos);
        QTRY_VERIFY(freezeList().contains(QStringLiteral("conv2")));
        QVERIFY(diagram->isFrozen(QStringLiteral("conv2")));
        QVERIFY(w->document()->isModified());
        QTest::mouseClick(diagram->viewport(), Qt::LeftButton, {}, pos);
        QTRY_VERIFY(!freezeList().contains(QStringLiteral("conv2")));
        QVERIFY(!diagram->isFrozen(QStringLiteral("conv2")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"

// What the window must keep right (issue 11): paths after Save As into another folder, the runs across a restart
// and a stopped run's progress, the freeze set when the strategy changes, the strategy picker's reasons, and a Tab
// order that reaches every part of the window.

#include "uitestutil.h"

#include "ui/data/datapanel.h"
#include "ui/data/datasidebar.h"
#include "ui/diagram/networkdiagram.h"
#include "ui/forms/hyperparameterform.h"
#include "ui/forms/strategypicker.h"
#include "ui/plots/liveplots.h"
#include "ui/plots/runcomparison.h"
#include "ui/plots/runrecord.h"
#include "ui/run/metatypes.h"
#include "ui/run/trainingcontroller.h"
#include "ui/window/experimentdocument.h"
#include "ui/window/mainactions.h"
#include "ui/window/mainwindow.h"
#include "ui/window/messagebanner.h"
#include "ui/results/predictionsdialog.h"

#include "engine/core/experiment.h"

#include <QAction>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolBar>
#include <QtTest>

#include <cmath>
#include <memory>

using namespace ts;
using namespace ts::ui;
using namespace ts::uitest;

class TestWindowState : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_train, m_test, m_unlabeled, m_attributes;

    engine::Experiment scratchExperiment(int epochs) const { return tinyScratchExperiment(m_train, m_test, epochs); }

    static bool waitForPanels(MainWindow* w)
    {
        QElapsedTimer t;
        t.start();
        while (w->dataSidebar()->sourcePanel()->isLoading() || w->dataSidebar()->targetPanel()->isLoading()) {
            if (t.elapsed() > 20000)
                return false;
            QTest::qWait(20);
        }
        return true;
    }

    static QString resolved(const engine::Experiment& e, const std::string& path)
    {
        return QFileInfo(QString::fromStdString(engine::resolvePath(e, path))).canonicalFilePath();
    }

private Q_SLOTS:
    void initTestCase()
    {
        g_previousHandler = qInstallMessageHandler(quietOffscreen);
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("transfer-studio-tests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_windowstate"));
        registerMetaTypes();
        QVERIFY(m_dir.isValid());
        m_train = m_dir.filePath(QStringLiteral("train"));
        m_test = m_dir.filePath(QStringLiteral("test"));
        QDir().mkpath(m_train);
        QDir().mkpath(m_test);
        testdata::writeIdx(m_train.toStdString(), 6, 20, 12, 7);
        testdata::writeIdx(m_test.toStdString(), 6, 6, 12, 8);
        m_unlabeled = m_dir.filePath(QStringLiteral("unlabeled"));
        QVERIFY(writePngFolder(m_unlabeled, 2, 6, true));
        m_attributes = m_dir.filePath(QStringLiteral("attributes.csv"));
        QFile table(m_attributes);
        QVERIFY(table.open(QIODevice::WriteOnly));
        table.write("class,dark,round\na,0,1\nb,1,0\nc,1,1\nd,0,0\ne,1,1\nf,0,1\n");
    }

    void helpAndVersionNeedNoDisplay_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("output"); // in stdout and stderr together
        QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << 0 << QStringLiteral("--run");
        QTest::newRow("-h in Chinese") << QStringList{QStringLiteral("--lang"), QStringLiteral("zh_CN"),
                                                      QStringLiteral("-h")}
                                       << 0 << QStringLiteral("--lang");
        QTest::newRow("--version") << QStringList{QStringLiteral("--version")} << 0 << QStringLiteral(TS_VERSION);
        QTest::newRow("Qt's own options pass") << QStringList{QStringLiteral("-style"), QStringLiteral("fusion"),
                                                              QStringLiteral("-reverse"), QStringLiteral("--version")}
                                               << 0 << QStringLiteral(TS_VERSION);
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate")} << 1
                                        << QStringLiteral("frobnicate");
    }

    void helpAndVersionNeedNoDisplay()
    {
        // The xcb platform with no DISPLAY: a QApplication would abort ("could not connect to display").
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QString, output);
        QProcess app;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
        app.setProcessEnvironment(env);
        app.setProcessChannelMode(QProcess::MergedChannels);
        app.start(QStringLiteral(TS_GUI_PATH), arguments);
        QVERIFY(app.waitForFinished(60000));
        const QString text = QString::fromLocal8Bit(app.readAll());
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QVERIFY2(app.exitCode() == exitCode, qPrintable(text));
        QVERIFY2(text.contains(output), qPrintable(text));
    }

    void changingStrategyUnfreezesTheLayers()
    {
        engine::Experiment e = scratchExperiment(1);
        e.strategy = "finetune";
        e.source = idxSpec(m_train, {"a", "b", "c"});
        e.freeze = {"conv1", "conv2"};
        auto w = makeWindow(e);
        QVERIFY(w);
        QTRY_VERIFY(w->diagram()->isFrozen(QStringLiteral("conv1")));
        QRadioButton* scratch = w->strategyPicker()->button(QStringLiteral("scratch"));
        QTRY_VERIFY(scratch->isEnabled());
        QTest::mouseClick(scratch, Qt::LeftButton, {}, QPoint(4, scratch->height() / 2));
        QCOMPARE(QString::fromStdString(w->document()->experiment().strategy), QStringLiteral("scratch"));
        QVERIFY(w->document()->experiment().freeze.empty());
        QTRY_VERIFY(!w->diagram()->isFrozen(QStringLiteral("conv1")));
        QVERIFY(!w->diagram()->isFrozen(QStringLiteral("conv2")));
        QVERIFY2(w->statusBar()->currentMessage().contains(QStringLiteral("conv1, conv2")),
                 qPrintable(w->statusBar()->currentMessage()));
        // Freezing for the new strategy works as before, and opening a file keeps the file's freeze set.
        w->document()->modify([](engine::Experiment& x) { x.freeze = {"conv1"}; });
        QTRY_VERIFY(w->diagram()->isFrozen(QStringLiteral("conv1")));
        w->document()->setExperiment(e);
        QCOMPARE(int(w->document()->experiment().freeze.size()), 2);
        QVERIFY(waitForPanels(w.get()));
    }

    void pickerRulesOutWhatWouldFailAfterStart_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("source");  // classes of the labeled source, or "unlabeled"
        QTest::addColumn<QString>("target");  // classes of the target and its test set
        QTest::addColumn<bool>("attributes"); // zeroshot.attributes names a table
        QTest::addColumn<QString>("reason");  // part of the tooltip; "" when available
        QTest::newRow("dann, no shared class") << "dann"
                                               << "a,b,c"
                                               << "d,e,f" << false << "share no class";
        QTest::newRow("source only, no shared class") << "source_only"
                                                      << "a,b,c"
                                                      << "d,e,f" << false << "share no class";
        QTest::newRow("dann, some classes differ") << "dann"
                                                   << "a,b,c"
                                                   << "b,c,d" << false << "only in the source: a";
        QTest::newRow("dann, same classes") << "dann"
                                            << "a,b,c"
                                            << "a,b,c" << false << "";
        QTest::newRow("zero-shot without a table") << "zeroshot"
                                                   << "a,b,c"
                                                   << "d,e,f" << false << "attribute table";
        QTest::newRow("zero-shot with a table") << "zeroshot"
                                                << "a,b,c"
                                                << "d,e,f" << true << "";
        QTest::newRow("fine-tuning, unlabeled source") << "finetune"
                                                       << "unlabeled"
                                                       << "d,e,f" << false << "unlabeled images";
    }

    void pickerRulesOutWhatWouldFailAfterStart()
    {
        QFETCH(QString, strategy);
        QFETCH(QString, source);
        QFETCH(QString, target);
        QFETCH(bool, attributes);
        QFETCH(QString, reason);
        auto classes = [](const QString& list) {
            std::vector<std::string> out;
            for (const QString& c : list.split(QLatin1Char(',')))
                out.push_back(c.toStdString());
            return out;
        };
        engine::Experiment e = scratchExperiment(1);
        if (source == QLatin1String("unlabeled")) {
            engine::DatasetSpec s;
            s.format = "unlabeled";
            s.path = m_unlabeled.toStdString();
            e.source = s;
        } else {
            e.source = idxSpec(m_train, classes(source));
        }
        e.target = idxSpec(m_train, classes(target));
        e.targetTest = idxSpec(m_test, classes(target));
        if (attributes)
            e.sections["zeroshot"] = {{"attributes", m_attributes.toStdString()}};
        auto w = makeWindow(e);
        QVERIFY(w);
        QVERIFY(waitForPanels(w.get()));
        QRadioButton* button = w->strategyPicker()->button(strategy);
        QVERIFY(button);
        const bool available = reason.isEmpty();
        QTRY_COMPARE(button->isEnabled(), available);
        QCOMPARE(w->strategyPicker()->isAvailable(strategy), available);
        if (available)
            return;
        const QString tip = button->toolTip();
        QVERIFY2(tip.contains(reason), qPrintable(tip));
        // Worded for a person: no experiment keys, no quoted strategy ids.
        const QString why = w->strategyPicker()->unavailableReason(strategy);
        for (const char* jsonTerm : {"format", "target_test", "strategy '", ".attributes", "'unlabeled'", "needs '"})
            QVERIFY2(!why.contains(QLatin1String(jsonTerm)), qPrintable(why));
        // Opened with that strategy, Start is off and refuses with the same reason before anything runs.
        e.strategy = strategy.toStdString();
        w->document()->setExperiment(e);
        QVERIFY(waitForPanels(w.get()));
        QTRY_VERIFY(!w->actions()->start->isEnabled());
        QVERIFY(!w->startTraining());
        QVERIFY(!w->training()->isBusy());
        QVERIFY2(w->banner()->text().contains(reason), qPrintable(w->banner()->text()));
    }

    void tabReachesEveryPartOfTheWindow()
    {
        auto w = makeWindow(scratchExperiment(1));
        QVERIFY(w);
        QVERIFY(waitForPanels(w.get()));
        RunRecord run;
        run.name = QStringLiteral("first");
        run.strategy = QStringLiteral("scratch");
        w->runComparison()->addRun(run);
        run.name = QStringLiteral("second");
        w->runComparison()->addRun(run);
        auto* toolBar = w->findChild<QToolBar*>(QStringLiteral("mainToolBar"));
        QVERIFY(toolBar);
        QWidget* startButton = toolBar->widgetForAction(w->actions()->start);
        QVERIFY(startButton);
        // Tab from the diagram, once with the runs in front and once with the plots: every part is reached and
        // Tab comes back to the diagram (nothing keeps it, as the run table's cells did).
        for (const char* dock : {"runsDock", "plotsDock"}) {
            auto* front = w->findChild<QDockWidget*>(QLatin1String(dock));
            QVERIFY(front);
            front->raise();
            QCoreApplication::processEvents();
            w->activateWindow();
            w->diagram()->setFocus(Qt::TabFocusReason);
            QTRY_COMPARE(QApplication::focusWidget(), static_cast<QWidget*>(w->diagram()));
            QSet<QWidget*> visited;
            bool back = false;
            for (int i = 0; i < 200 && !back; ++i) {
                QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
                QWidget* now = QApplication::focusWidget();
                QVERIFY(now);
                back = now == w->diagram();
                visited.insert(now);
            }
            QVERIFY2(back, dock);
            QVERIFY2(visited.contains(startButton), dock);
            if (QLatin1String(dock) == QLatin1String("runsDock")) {
                QVERIFY(visited.contains(w->runComparison()->table()));
            } else {
                bool inPlots = false;
                for (QWidget* v : std::as_const(visited))
                    inPlots |= w->livePlots()->isAncestorOf(v);
                QVERIFY(inPlots);
            }
        }
        // The start button works from the keyboard.
        startButton->setFocus(Qt::TabFocusReason);
        QSignalSpy started(w->actions()->start, &QAction::triggered);
        QTest::keyClick(startButton, Qt::Key_Space);
        QCOMPARE(started.count(), 1);
        QSignalSpy finished(w->training(), &TrainingController::finished);
        QVERIFY(finished.wait(60000) || !finished.isEmpty());
    }

    void runsComeBackAfterARestartAndAStoppedRunSaysWhatItDid()
    {
        QDir(TrainingController::runsRoot()).removeRecursively(); // this suite's own (test-mode) folder
        auto w = makeWindow(scratchExperiment(1));
        QVERIFY(w);
        w->restoreRuns();
        QCOMPARE(w->runComparison()->runCount(), 0);
        QSignalSpy finished(w->training(), &TrainingController::finished);
        QTRY_VERIFY(w->actions()->start->isEnabled());
        QVERIFY(w->startTraining());
        QVERIFY(finished.wait(60000));

        // A long run stopped after its first epoch: the table and the banner say how far it got.
        w->document()->modify([](engine::Experiment& x) { x.train.epochs = 500; });
        QSignalSpy metrics(w->training(), &TrainingController::metric);
        QVERIFY(w->startTraining());
        auto sawEpoch = [&] {
            for (const auto& args : metrics)
                if (args.first().value<MetricPoint>().isEpoch)
                    return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(sawEpoch(), 60000);
        w->stopTraining();
        QVERIFY(finished.wait(30000));
        QCOMPARE(finished.last().at(1).toBool(), true);
        QCOMPARE(w->runComparison()->runCount(), 2);
        const RunRecord stopped = w->runComparison()->runs().at(1);
        QVERIFY2(stopped.progress.startsWith(QStringLiteral("stopped at epoch ")), qPrintable(stopped.progress));
        QVERIFY2(stopped.progress.endsWith(QStringLiteral(" of 500")), qPrintable(stopped.progress));
        QVERIFY2(stopped.lastMetrics.contains(QStringLiteral("loss")), qPrintable(stopped.lastMetrics));
        const QString cell = w->runComparison()->table()->item(1, RunComparison::AccuracyColumn)->text();
        QVERIFY2(cell != QStringLiteral("–"), qPrintable(cell));
        QVERIFY2(w->banner()->text().contains(stopped.progress), qPrintable(w->banner()->text()));
        QVERIFY2(w->banner()->text().contains(stopped.lastMetrics), qPrintable(w->banner()->text()));
        const QVector<RunRecord> before = w->runComparison()->runs();
        w.reset();

        // A new window (the app restarted) shows both runs again, with their curves for overlays.
        auto restart = [&] {
            auto x = makeWindow(scratchExperiment(1));
            if (x)
                x->restoreRuns();
            return x;
        };
        auto w2 = restart();
        QVERIFY(w2);
        QCOMPARE(w2->runComparison()->runCount(), 2);
        for (int i = 0; i < 2; ++i) {
            const RunRecord& a = before[i];
            const RunRecord b = w2->runComparison()->runs().at(i);
            QCOMPARE(b.name, a.name);
            QCOMPARE(b.strategy, a.strategy);
            QCOMPARE(b.seed, a.seed);
            QCOMPARE(b.progress, a.progress);
            QCOMPARE(std::isnan(b.targetAccuracy), std::isnan(a.targetAccuracy));
            QVERIFY(b.curves.series(QStringLiteral("train")));
            QCOMPARE(b.curves.series(QStringLiteral("train"))->value(QStringLiteral("loss")),
                     a.curves.series(QStringLiteral("train"))->value(QStringLiteral("loss")));
        }
        QVERIFY(!std::isnan(w2->runComparison()->runs().at(0).targetAccuracy)); // the finished run's score
        QVERIFY(w2->actions()->saveModel->isEnabled());                         // the newest model is at hand again
        QCOMPARE(w2->lastRunDir(), before[1].dir);
        w2->runComparison()->setOverlaid(0, true);
        QVERIFY(w2->livePlots()->overlayGraphCount() > 0);

        // Renaming and removing rows last across restarts too; the folders stay.
        w2->runComparison()->renameRun(0, QStringLiteral("first try"));
        w2.reset();
        auto w3 = restart();
        QVERIFY(w3);
        QCOMPARE(w3->runComparison()->runs().at(0).name, QStringLiteral("first try"));
        w3->runComparison()->removeRun(0);
        w3.reset();
        auto w4 = restart();
        QVERIFY(w4);
        QCOMPARE(w4->runComparison()->runCount(), 1);
        QCOMPARE(w4->runComparison()->runs().at(0).name, before[1].name);
        QVERIFY(QFileInfo::exists(before[0].dir + QStringLiteral("/summary.json")));
    }

    void exportedExperimentNamesItsDataFromTheExportFolder()
    {
        // An experiment naming its data relative to its own folder; the run folder and the export are elsewhere.
        const QString project = m_dir.filePath(QStringLiteral("exportproject"));
        QDir().mkpath(project);
        engine::Experiment e = scratchExperiment(1);
        e.target = idxSpec(QStringLiteral("../train"), {"d", "e", "f"});
        e.targetTest = idxSpec(QStringLiteral("../test"), {"d", "e", "f"});
        const QString file = project + QStringLiteral("/experiment.json");
        engine::saveExperiment(e, file.toStdString());
        auto w = makeWindow(scratchExperiment(1));
        QVERIFY(w);
        QVERIFY(w->openExperiment(file));
        QSignalSpy finished(w->training(), &TrainingController::finished);
        QTRY_VERIFY(w->actions()->start->isEnabled());
        QVERIFY(w->startTraining());
        QVERIFY(finished.wait(60000));
        const QString out = m_dir.filePath(QStringLiteral("exported"));
        QDir().mkpath(out);
        QVERIFY(w->exportLastRun(out));
        for (const char* name : {"model.pt", "model.ts.pt", "summary.json", "experiment.json", "metrics.csv"})
            QVERIFY2(QFileInfo::exists(out + QLatin1Char('/') + QLatin1String(name)), name);

        // Classify Images in Folder: the run's model.ts.pt on a folder of PNGs and one file that is not one.
        const QString photos = m_dir.filePath(QStringLiteral("photos"));
        QDir().mkpath(photos);
        for (int i = 0; i < 3; ++i) {
            QImage image(12, 12, QImage::Format_Grayscale8);
            image.fill(QColor::fromRgb(60 * i, 60 * i, 60 * i));
            QVERIFY(image.save(photos + QStringLiteral("/img%1.png").arg(i)));
        }
        QFile broken(photos + QStringLiteral("/broken.png"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("not a png");
        broken.close();
        QSignalSpy shown(w.get(), &MainWindow::predictionsShown);
        QVERIFY(w->classifyFolderAt(photos));
        QVERIFY(shown.wait(60000));
        auto* dialog = shown.first().first().value<PredictionsDialog*>();
        QVERIFY(dialog);
        QCOMPARE(dialog->rowCount(), 3);
        QVERIFY(dialog->saveCsv(m_dir.filePath(QStringLiteral("photos.csv"))));
        QFile csv(m_dir.filePath(QStringLiteral("photos.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const auto rows = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows.first(), QStringLiteral("file,class,probability"));
        dialog->close();
        const engine::Experiment copy =
            engine::loadExperiment((out + QStringLiteral("/experiment.json")).toStdString());
        const engine::Experiment original = w->document()->experiment();
        QVERIFY(!resolved(copy, copy.target->images).isEmpty());
        QCOMPARE(resolved(copy, copy.target->images), resolved(original, original.target->images));
        QCOMPARE(resolved(copy, copy.targetTest->labels), resolved(original, original.targetTest->labels));
        QVERIFY(waitForPanels(w.get()));
    }

    void saveAsElsewhereKeepsTheDataPaths()
    {
        // An experiment beside its attribute table, naming its data relative to its folder.
        const QString project = m_dir.filePath(QStringLiteral("project"));
        QDir().mkpath(project);
        QFile table(project + QStringLiteral("/attributes.csv"));
        QVERIFY(table.open(QIODevice::WriteOnly));
        table.write("class,dark,round\na,0,1\nb,1,0\nc,1,1\nd,0,0\ne,1,1\nf,0,1\n");
        table.close();
        engine::Experiment e = scratchExperiment(1);
        e.strategy = "zeroshot";
        e.source = idxSpec(QStringLiteral("../train"), {"a", "b", "c"});
        e.target = idxSpec(QStringLiteral("../train"), {"d", "e", "f"});
        e.targetTest = idxSpec(QStringLiteral("../test"), {"d", "e", "f"});
        e.sections["zeroshot"] = {{"attributes", "attributes.csv"}};
        const QString original = project + QStringLiteral("/experiment.json");
        engine::saveExperiment(e, original.toStdString());

        auto w = makeWindow(scratchExperiment(1));
        QVERIFY(w);
        QVERIFY(w->openExperiment(original));
        QVERIFY(waitForPanels(w.get()));
        QVERIFY(w->dataSidebar()->targetPanel()->errorText().isEmpty());
        const engine::Experiment before = w->document()->experiment();
        const QString tableFile = resolved(before, "attributes.csv");
        QVERIFY(!tableFile.isEmpty());

        // Save As two folders further down: the open experiment and its copy name the same files.
        const QString copy = m_dir.filePath(QStringLiteral("elsewhere/deeper/copy.json"));
        QDir().mkpath(QFileInfo(copy).absolutePath());
        QVERIFY(w->saveExperiment(copy));
        QVERIFY(!w->document()->isModified());
        auto samePaths = [&](const engine::Experiment& x) {
            return resolved(x, x.source->images) == resolved(before, before.source->images) &&
                   resolved(x, x.target->images) == resolved(before, before.target->images) &&
                   resolved(x, x.targetTest->labels) == resolved(before, before.targetTest->labels) &&
                   resolved(x, x.sections.at("zeroshot").value("attributes", std::string())) == tableFile;
        };
        QVERIFY(samePaths(w->document()->experiment()));

        // Edits after the save write back what the panels and the form show: still the same files.
        w->dataSidebar()->targetPanel()->findChildren<QSpinBox*>().first()->setValue(3);
        w->hyperparameters()->setStrategyOption(QStringLiteral("method"), QStringLiteral("cosine"));
        w->document()->modify([](engine::Experiment& x) { x.train.epochs = 2; });
        QVERIFY(w->document()->isModified());
        QVERIFY(samePaths(w->document()->experiment()));
        QVERIFY(w->saveExperiment(copy));

        // The copy reloads, in the CLI's reader and in a new window, with its data found.
        QVERIFY(samePaths(engine::loadExperiment(copy.toStdString())));
        auto w2 = makeWindow(scratchExperiment(1));
        QVERIFY(w2);
        QVERIFY(w2->openExperiment(copy));
        QVERIFY(waitForPanels(w2.get()));
        QVERIFY2(w2->dataSidebar()->sourcePanel()->errorText().isEmpty(),
                 qPrintable(w2->dataSidebar()->sourcePanel()->errorText()));
        QVERIFY2(w2->dataSidebar()->targetPanel()->errorText().isEmpty(),
                 qPrintable(w2->dataSidebar()->targetPanel()->errorText()));
        QVERIFY(waitForPanels(w.get()));
    }
};

QTEST_MAIN(TestWindowState)
#include "tst_windowstate.moc"

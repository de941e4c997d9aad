// The strategy picker and the generic option editors, built from the engine's strategy descriptions; the
// baseline switch, the lesson notes and the class picker that edit or show the experiment.

#include "uitestutil.h"

#include "ui/data/datapanel.h"
#include "ui/data/datasetwarnings.h"
#include "ui/data/datasidebar.h"
#include "ui/data/summarizedataset.h"
#include "ui/forms/hyperparameterform.h"
#include "ui/forms/optioneditor.h"
#include "ui/forms/strategyavailability.h"
#include "ui/forms/strategypicker.h"
#include "ui/run/enginebridge.h"
#include "ui/window/experimentdocument.h"
#include "ui/window/lessonpanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace ts;
using namespace ts::ui;

class TestForms : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { uitest::g_previousHandler = qInstallMessageHandler(uitest::quietOffscreen); }

    void cellOfSetting_data()
    {
        QTest::addColumn<QString>("setting");
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("column");
        QTest::newRow("both labeled") << "source labeled, target labeled" << 0 << 0;
        QTest::newRow("target unlabeled") << "source labeled, target unlabeled" << 0 << 1;
        QTest::newRow("source unlabeled") << "source unlabeled, target labeled" << 1 << 0;
        QTest::newRow("both unlabeled") << "source unlabeled, target unlabeled" << 1 << 1;
        QTest::newRow("baseline") << "baseline" << -1 << -1;
        QTest::newRow("unknown") << "something else" << -1 << -1;
    }

    void cellOfSetting()
    {
        QFETCH(QString, setting);
        QFETCH(int, row);
        QFETCH(int, column);
        const auto cell = StrategyPicker::cellOf(setting);
        QCOMPARE(cell.first, row);
        QCOMPARE(cell.second, column);
    }

    void pickerOffersEveryRegisteredStrategy()
    {
        StrategyPicker picker;
        QSignalSpy selected(&picker, &StrategyPicker::strategySelected);
        QVERIFY(!bridge::strategies().isEmpty());
        for (const auto& s : bridge::strategies()) {
            QRadioButton* b = picker.button(s.name);
            QVERIFY2(b, qPrintable(s.name));
            QCOMPARE(b->toolTip(), s.description);
        }
        picker.setCurrent(QStringLiteral("scratch"));
        QCOMPARE(selected.count(), 0); // programmatic selection is silent
        picker.button(QStringLiteral("finetune"))->click();
        QCOMPARE(selected.count(), 1);
        QCOMPARE(picker.current(), QStringLiteral("finetune"));
        picker.setUnavailableReasons({{QStringLiteral("scratch"), QStringLiteral("no target")}});
        QVERIFY(!picker.button(QStringLiteral("scratch"))->isEnabled());
        QVERIFY(picker.button(QStringLiteral("scratch"))->toolTip().contains(QStringLiteral("no target")));
        QVERIFY(!picker.isAvailable(QStringLiteral("scratch")));
        QVERIFY(picker.isAvailable(QStringLiteral("finetune")));
        picker.setUnavailableReasons({}, {{QStringLiteral("selftaught"), QStringLiteral("ignores the labels")}});
        QVERIFY(picker.button(QStringLiteral("selftaught"))->isEnabled());
        QVERIFY(picker.button(QStringLiteral("selftaught"))->toolTip().contains(QStringLiteral("ignores the labels")));
    }

    void finetuneNeedsNoSourceWithAPretrainedModel()
    {
        // A practitioner's finetune: their own model file and a target, no source folder.
        const StrategyDescription* finetune = nullptr;
        const StrategyDescription* dann = nullptr;
        for (const auto& s : bridge::strategies()) {
            if (s.name == QLatin1String("finetune"))
                finetune = &s;
            if (s.name == QLatin1String("dann"))
                dann = &s;
        }
        QVERIFY(finetune && dann);
        engine::Experiment e;
        e.strategy = "finetune";
        engine::DatasetSpec target;
        target.path = "target";
        e.target = target;
        QVERIFY(!StrategyAvailability::reason(*finetune, e, {}).isEmpty()); // no source, no model: not yet
        e.model.pretrained = "resnet18.pt";
        QCOMPARE(StrategyAvailability::reason(*finetune, e, {}), QString());
        QVERIFY(!StrategyAvailability::reason(*dann, e, {}).isEmpty()); // DANN still needs source images
    }

    void csvDatasetRoundTripsThroughTheDataPanel()
    {
        // An experiment with CSV label lists keeps its format when the window shows and writes it back.
        DataPanel panel(DataPanel::Role::Target);
        engine::DatasetSpec train;
        train.format = "csv";
        train.path = "labels/train.csv";
        train.labeledPerClass = 5;
        engine::DatasetSpec test = train;
        test.path = "labels/test.csv";
        panel.setSpecs(train, test);
        const auto back = panel.spec();
        QVERIFY(back);
        QCOMPARE(back->format, std::string("csv"));
        QCOMPARE(back->path, std::string("labels/train.csv"));
        QCOMPARE(back->labeledPerClass, 5);
        const auto backTest = panel.testSpec();
        QVERIFY(backTest);
        QCOMPARE(backTest->format, std::string("csv"));
        QCOMPARE(backTest->path, std::string("labels/test.csv"));
    }

    void editorRoundTrip_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QStringList>("choices");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("widget");
        QTest::newRow("int") << "int" << QStringList() << QJsonValue(7) << "QSpinBox";
        QTest::newRow("double") << "double" << QStringList() << QJsonValue(0.25) << "QDoubleSpinBox";
        QTest::newRow("bool") << "bool" << QStringList() << QJsonValue(true) << "QCheckBox";
        QTest::newRow("choice") << "string" << QStringList({"paper", "constant"}) << QJsonValue("constant")
                                << "QComboBox";
        QTest::newRow("string") << "string" << QStringList() << QJsonValue("free text") << "QLineEdit";
        QTest::newRow("path") << "path" << QStringList() << QJsonValue("data/attributes.csv") << "QLineEdit";
        QTest::newRow("list") << "double_list" << QStringList() << QJsonValue(QJsonArray{1.0, 0.5}) << "QLineEdit";
        QTest::newRow("layer") << "layer" << QStringList() << QJsonValue("fc1") << "QComboBox";
    }

    void editorRoundTrip()
    {
        QFETCH(QString, type);
        QFETCH(QStringList, choices);
        QFETCH(QJsonValue, value);
        QFETCH(QString, widget);
        OptionDescription o;
        o.key = QStringLiteral("k");
        o.type = type;
        o.choices = choices;
        o.minimum = 0;
        o.maximum = 100;
        OptionEditor editor(o);
        QCOMPARE(QString::fromLatin1(editor.editor()->metaObject()->className()), widget);
        editor.setLayerNames({QStringLiteral("conv1"), QStringLiteral("fc1")});
        QSignalSpy changed(&editor, &OptionEditor::changed);
        editor.setValue(value);
        QCOMPARE(changed.count(), 0);
        QCOMPARE(editor.value(), value);
    }

    void layerOptionWithoutValueStaysNull()
    {
        OptionDescription o;
        o.key = QStringLiteral("branch");
        o.type = QStringLiteral("layer");
        OptionEditor editor(o);
        editor.setLayerNames({QStringLiteral("conv1"), QStringLiteral("conv2")});
        QVERIFY(editor.value().isNull()); // null lets the strategy pick its default branch
        auto* combo = qobject_cast<QComboBox*>(editor.editor());
        QCOMPARE(combo->count(), 3);
    }

    void baselineSwitchRoundTrips()
    {
        ExperimentDocument doc;
        engine::Experiment e = ExperimentDocument::defaultExperiment();
        e.strategy = "finetune";
        e.withBaseline = true;
        doc.setExperiment(e);
        HyperparameterForm form(&doc);
        QCheckBox* box = form.baselineSwitch();
        QVERIFY(box->isEnabled());
        QVERIFY(box->isChecked()); // from the file
        QVERIFY2(box->text().contains(QStringLiteral("scratch")), qPrintable(box->text()));
        box->click();
        QVERIFY(!doc.experiment().withBaseline);
        QCOMPARE(engine::toJson(doc.experiment()).value("with_baseline", true), false);
        box->click();
        QVERIFY(doc.experiment().withBaseline);
        // Loading another file shows its value; a baseline strategy has none of its own.
        e.withBaseline = false;
        e.strategy = "scratch";
        doc.setExperiment(e);
        QVERIFY(!box->isChecked());
        QVERIFY(!box->isEnabled());
    }

    void notesInTheUiLanguage_data()
    {
        QTest::addColumn<QStringList>("languages");
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("expected");
        const QStringList both{QStringLiteral("en"), QStringLiteral("zh_CN")};
        QTest::newRow("english") << both << "en_US"
                                 << "note en";
        QTest::newRow("chinese") << both << "zh_CN"
                                 << "note zh_CN";
        QTest::newRow("taiwan falls to zh_CN") << both << "zh_TW"
                                               << "note zh_CN";
        QTest::newRow("german falls to en") << both << "de_DE"
                                            << "note en";
        QTest::newRow("plain zh") << QStringList{QStringLiteral("en"), QStringLiteral("zh")} << "zh_CN"
                                  << "note zh";
        QTest::newRow("only chinese") << QStringList{QStringLiteral("zh_CN")} << "fr_FR"
                                      << "note zh_CN";
        QTest::newRow("exact") << QStringList{QStringLiteral("en"), QStringLiteral("de")} << "de_AT"
                               << "note de";
        QTest::newRow("none") << QStringList() << "en_US"
                              << "";
    }

    void notesInTheUiLanguage()
    {
        QFETCH(QStringList, languages);
        QFETCH(QString, locale);
        QFETCH(QString, expected);
        std::map<std::string, std::string> notes;
        for (const QString& l : languages)
            notes[l.toStdString()] = "note " + l.toStdString();
        QCOMPARE(LessonPanel::noteFor(notes, locale), expected);
        LessonPanel panel;
        panel.setNotes(notes, locale);
        QCOMPARE(panel.text(), expected);
        QCOMPARE(panel.isHidden(), expected.isEmpty());
    }

    // --run holds the panels' loading until the run has read the images; released, they load what was asked.
    void heldLoadingWaitsForTheRelease()
    {
        QTemporaryDir dir;
        QVERIFY(uitest::writePngFolder(dir.filePath(QStringLiteral("target")), 3, 2, false));
        ExperimentDocument doc;
        DataSidebar sidebar(&doc);
        sidebar.holdLoading(true);
        engine::Experiment e = ExperimentDocument::defaultExperiment();
        e.baseDir = dir.path().toStdString(); // relative paths, as in an experiment file
        engine::DatasetSpec target;
        target.path = "target";
        e.target = target;
        e.targetTest = target;
        doc.setExperiment(e);
        DataPanel* panel = sidebar.targetPanel();
        QVERIFY(!panel->isLoading());
        QCOMPARE(panel->classList()->count(), 3); // the class folders show while it waits
        auto* warnings = panel->findChild<DatasetWarnings*>();
        QVERIFY(warnings);
        QVERIFY2(!warnings->text().contains(QStringLiteral("does not exist")), qPrintable(warnings->text()));
        // No bar while it waits, and no busy bar when it loads: a busy bar's animation repaints the panel some
        // 60 times a second beside the training.
        auto* bar = panel->findChild<QProgressBar*>();
        QVERIFY(bar);
        QVERIFY(bar->isHidden());
        QTest::qWait(200); // a load, had one started, would have ended by now
        QVERIFY(!panel->isLoaded());
        sidebar.holdLoading(false);
        QVERIFY(panel->isLoading());
        QVERIFY(!bar->isHidden());
        QVERIFY(bar->maximum() > bar->minimum());
        QTRY_VERIFY_WITH_TIMEOUT(panel->isLoaded(), 20000);
        QCOMPARE(panel->summary().classNames.size(), 3);
        QVERIFY(!sidebar.sourcePanel()->isLoaded()); // no source: nothing was queued for it
    }

    // A held panel shows what the run read when the run's key is its own (the run resolves relative paths
    // against the experiment's folder, the panel keeps them as written), and then does not read the files
    // again. A run that read other images (another seed here) leaves it waiting, and it loads when released.
    void heldPanelShowsWhatTheRunRead_data()
    {
        QTest::addColumn<int>("seedOffset");
        QTest::addColumn<bool>("taken");
        QTest::newRow("same images") << 0 << true;
        QTest::newRow("another seed") << 1 << false;
    }

    void heldPanelShowsWhatTheRunRead()
    {
        QFETCH(int, seedOffset);
        QFETCH(bool, taken);
        QTemporaryDir dir;
        QVERIFY(uitest::writePngFolder(dir.filePath(QStringLiteral("target")), 3, 2, false));
        ExperimentDocument doc;
        DataSidebar sidebar(&doc);
        sidebar.holdLoading(true);
        engine::Experiment e = ExperimentDocument::defaultExperiment();
        e.baseDir = dir.path().toStdString();
        engine::DatasetSpec target;
        target.path = "target";
        e.target = target;
        doc.setExperiment(e);
        DataPanel* panel = sidebar.targetPanel();

        engine::Experiment run = e; // as the engine reports it: the path resolved
        run.train.seed += std::uint64_t(seedOffset);
        engine::DatasetSpec read = target;
        read.path = dir.filePath(QStringLiteral("target")).toStdString();
        DatasetSummary summary; // not what is on disk, so that a load of its own would show
        summary.images = 7;
        summary.labeled = true;
        summary.classNames = QStringList{QStringLiteral("x"), QStringLiteral("y")};
        summary.classCounts = {3, 4};
        sidebar.showFromRun(datasetKey(run, read), summary);
        QCOMPARE(panel->isLoaded(), taken);
        sidebar.holdLoading(false);
        QCOMPARE(panel->isLoading(), !taken);
        QTRY_VERIFY_WITH_TIMEOUT(panel->isLoaded() && !panel->isLoading(), 20000);
        QTest::qWait(200); // a load, had one started, would have ended by now
        QCOMPARE(panel->summary().images, taken ? qint64(7) : qint64(6));
        QCOMPARE(panel->summary().classNames.size(), taken ? 2 : 3);
    }

    void classPickerWritesTheClassList()
    {
        QTemporaryDir dir;
        QVERIFY(uitest::writePngFolder(dir.path(), 3, 2, false));
        ExperimentDocument doc;
        DataSidebar sidebar(&doc);
        engine::Experiment e = ExperimentDocument::defaultExperiment();
        engine::DatasetSpec target;
        target.path = dir.path().toStdString();
        e.target = target;
        e.targetTest = target;
        doc.setExperiment(e);
        QListWidget* list = sidebar.targetPanel()->classList();
        QCOMPARE(list->count(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(list->item(i)->checkState(), Qt::Checked);
        list->item(1)->setCheckState(Qt::Unchecked);
        const std::vector<std::string> kept{"class0", "class2"};
        QCOMPARE(doc.experiment().target->classes, kept);
        QCOMPARE(doc.experiment().targetTest->classes, kept); // the test set follows
        list->item(0)->setCheckState(Qt::Unchecked);
        list->item(2)->setCheckState(Qt::Unchecked); // the last class stays
        QCOMPARE(list->item(2)->checkState(), Qt::Checked);
        QCOMPARE(doc.experiment().target->classes, std::vector<std::string>{"class2"});
        for (int i = 0; i < 3; ++i)
            list->item(i)->setCheckState(Qt::Checked);
        QVERIFY(doc.experiment().target->classes.empty()); // all ticked: no list
    }
};

QTEST_MAIN(TestForms)
#include "tst_forms.moc"

// The strategy picker and the generic option editors, built from the engine's strategy descriptions.

#include "ui/forms/optioneditor.h"
#include "ui/forms/strategypicker.h"
#include "ui/run/enginebridge.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QRadioButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using namespace ts::ui;

class TestForms : public QObject {
    Q_OBJECT

private Q_SLOTS:
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
};

QTEST_MAIN(TestForms)
#include "tst_forms.moc"

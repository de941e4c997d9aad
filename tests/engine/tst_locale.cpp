// Numbers in engine files are read the same under any process locale. The window's QApplication calls
// setlocale(LC_ALL, ""), so under de_DE.UTF-8 the C library's strtod reads "0,9" and stops at the "." of "0.9".
// These tests switch the C locale to de_DE.UTF-8 the same way and parse an attribute table and an experiment.

#include "engine/core/errors.h"
#include "engine/core/experiment.h"
#include "engine/data/attributes.h"

#include <QtTest>

#include <clocale>
#include <cstdlib>
#include <string>

using namespace ts::engine;

class TestLocale : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void attributeTable_data();
    void attributeTable();
    void rejectsNonNumbers_data();
    void rejectsNonNumbers();
    void experimentNumbers();

private:
    std::string m_saved;
};

void TestLocale::initTestCase()
{
    m_saved = std::setlocale(LC_ALL, nullptr);
    // Only a generated locale can be set: `locale -a` lists them (scripts/install-deps.sh generates this one).
    if (!std::setlocale(LC_ALL, "de_DE.UTF-8"))
        QSKIP("de_DE.UTF-8 is not generated on this machine (see `locale -a`); scripts/install-deps.sh adds it "
              "with the locales package");
    // The precondition of the bug: in this locale the C library wants a decimal comma.
    QCOMPARE(std::strtod("0,5", nullptr), 0.5);
    QVERIFY(std::strtod("0.5", nullptr) != 0.5);
}

void TestLocale::cleanupTestCase()
{
    std::setlocale(LC_ALL, m_saved.c_str());
}

void TestLocale::attributeTable_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<double>("value");
    QTest::newRow("decimal point") << "0.9" << 0.9;
    QTest::newRow("leading plus") << "+0.25" << 0.25;
    QTest::newRow("negative") << "-1.5" << -1.5;
    QTest::newRow("exponent") << "2.5e-1" << 0.25;
    QTest::newRow("integer") << "1" << 1.0;
}

void TestLocale::attributeTable()
{
    QFETCH(QString, cell);
    QFETCH(double, value);
    const std::string text = "class,sleeves,legs\nshirt," + cell.toStdString() + ",0\ntrouser,0,1\n";
    const AttributeTable table = parseAttributeTable(text, "table.csv");
    QCOMPARE(int(table.classes.size()), 2);
    QCOMPARE(table.values[0][0], value);
    QCOMPARE(table.values[1][1], 1.0);
}

void TestLocale::rejectsNonNumbers_data()
{
    QTest::addColumn<QString>("cell");
    // A decimal comma is no number in a CSV file, whatever the locale says (it must be quoted to get here).
    QTest::newRow("decimal comma") << "\"0,9\"";
    QTest::newRow("word") << "many";
    QTest::newRow("trailing text") << "0.9x";
    QTest::newRow("two signs") << "+-1";
    QTest::newRow("infinite") << "inf";
}

void TestLocale::rejectsNonNumbers()
{
    QFETCH(QString, cell);
    const std::string text = "class,sleeves\nshirt," + cell.toStdString() + "\n";
    try {
        parseAttributeTable(text, "table.csv");
        QFAIL("a cell that is no number was accepted");
    } catch (const InputError& e) {
        QVERIFY2(std::string(e.what()).find("must be a number") != std::string::npos, e.what());
    }
}

void TestLocale::experimentNumbers()
{
    // nlohmann::json reads numbers locale-independently; this guards the experiment file as a whole.
    const Experiment e =
        parseExperiment(R"({"strategy": "finetune", "train": {"lr": 0.9, "weight_decay": 0.5}})", "exp.json");
    QCOMPARE(e.train.lr, 0.9);
    QCOMPARE(e.train.weightDecay, 0.5);
}

QTEST_GUILESS_MAIN(TestLocale)
#include "tst_locale.moc"

// Every demo experiment that `demo-data` writes runs, with its baseline and its notes, on a tiny slice of
// the real demo data (a few images per class; one target epoch).

#include "../common/clirunner.h"

#include "engine/data/demodata.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

class TestDemos : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_demo;

    ts::testdata::CliResult cli(const QStringList& args) const
    {
        return ts::testdata::runCli(args, m_dir.filePath("cache"), 240000);
    }

    static QJsonObject readJson(const QString& path)
    {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(f.readAll()).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (!QFile::exists("/usr/share/datasets/fashion-mnist"))
            QSKIP("needs Debian's dataset-fashion-mnist (scripts/install-deps.sh installs it)");
        m_demo = m_dir.filePath("demo");
        const auto r = cli({"demo-data", m_demo, "--per-class", "8", "--test-per-class", "4"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
    }

    void everyDemoRuns_data()
    {
        QTest::addColumn<QString>("file");
        for (const auto& [name, json] : ts::engine::demoExperiments())
            QTest::newRow(name.c_str()) << QString::fromStdString(name);
    }

    void everyDemoRuns()
    {
        QFETCH(QString, file);
        const QString experiment = m_demo + "/" + file;
        QVERIFY2(QFile::exists(experiment), qPrintable(experiment));
        const QJsonObject e = readJson(experiment);
        // The lesson is there in both languages.
        const QJsonObject notes = e["notes"].toObject();
        QVERIFY2(!notes["en"].toString().isEmpty(), "no English notes");
        QVERIFY2(!notes["zh_CN"].toString().isEmpty(), "no Chinese notes");

        const QString out = m_dir.filePath("runs/" + file);
        const auto r = cli({"run", experiment, "--out", out, "--threads", "1", "--epochs", "1", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(QString("exit %1: %2").arg(r.code).arg(r.err)));
        const QJsonObject summary = readJson(out + "/summary.json");
        QCOMPARE(summary["status"].toString(), QString("finished"));
        if (!e["with_baseline"].toBool())
            return;
        // The baseline ran (or was measured by the run itself) and the gain is written.
        const QJsonArray baselines = summary["baseline"].toObject()["baselines"].toArray();
        QVERIFY2(!baselines.isEmpty(), "no baseline in summary.json");
        for (const auto& b : baselines) {
            const QJsonObject o = b.toObject();
            QVERIFY2(o["score"].isDouble(), qPrintable("no score for baseline " + o["name"].toString()));
            QVERIFY2(o["gain_points"].isDouble(), qPrintable("no gain for baseline " + o["name"].toString()));
            if (o.contains("dir"))
                QCOMPARE(readJson(out + "/" + o["dir"].toString() + "/summary.json")["status"].toString(),
                         QString("finished"));
        }
        QVERIFY2(r.out.contains("baseline:"), qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestDemos)
#include "tst_demos.moc"

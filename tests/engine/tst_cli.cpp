// The command-line door: exit codes, outputs, messages, SIGINT.

#include "../common/clirunner.h"
#include "../common/tinydata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

class TestCli : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    using Result = ts::testdata::CliResult;

    Result cli(const QStringList& args, int timeoutMs = 120000)
    {
        return ts::testdata::runCli(args, m_dir.filePath("cache"), timeoutMs);
    }

    QString writeExperiment(const QString& name, const QJsonObject& overrides)
    {
        QJsonObject target{{"format", "idx"},
                           {"images", "data/images.idx"},
                           {"labels", "data/labels.idx"},
                           {"class_names", QJsonArray{"a", "b", "c", "d"}},
                           {"classes", QJsonArray{"c", "d"}},
                           {"labeled_per_class", 8},
                           {"split", 0.3}};
        QJsonObject source = target;
        source["classes"] = QJsonArray{"a", "b"};
        source.remove("labeled_per_class");
        source.remove("split");
        QJsonObject e{{"name", name},
                      {"strategy", "finetune"},
                      {"source", source},
                      {"target", target},
                      {"input", QJsonObject{{"size", QJsonArray{12, 12}}, {"channels", 1}}},
                      {"model", QJsonObject{{"backbone", "lenet"}}},
                      {"freeze", QJsonArray{"conv1"}},
                      {"train", QJsonObject{{"epochs", 2}, {"source_epochs", 1}, {"batch_size", 16}}}};
        for (auto it = overrides.begin(); it != overrides.end(); ++it)
            e[it.key()] = it.value();
        const QString path = m_dir.filePath(name + ".json");
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write(QJsonDocument(e).toJson());
        return path;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QDir().mkpath(m_dir.filePath("data"));
        ts::testdata::writeIdx(m_dir.filePath("data").toStdString(), 4, 30, 12);
    }

    void runWritesOutputs()
    {
        const auto exp = writeExperiment("ok", {});
        const auto r = cli({"run", exp, "--out", m_dir.filePath("out"), "--threads", "1"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("target accuracy:"));
        QFile f(m_dir.filePath("out/summary.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto s = QJsonDocument::fromJson(f.readAll()).object();
        for (const auto* key : {"strategy", "target_accuracy", "source_accuracy", "epochs_run", "seconds",
                                "train_images_per_second", "datasets", "layers"})
            QVERIFY2(s.contains(key), key);
        QCOMPARE(s["strategy"].toString(), QString("finetune"));
        QCOMPARE(s["epochs_run"].toInt(), 2);
        QVERIFY(s["target_accuracy"].isDouble());
        QCOMPARE(s["datasets"]["target"]["classes"].toArray().size(), 2);
        QVERIFY(s["datasets"]["target"]["skipped_files"].isArray());
        const auto layers = s["layers"].toArray();
        QCOMPARE(layers.first().toObject()["name"].toString(), QString("conv1"));
        QCOMPARE(layers.first().toObject()["frozen"].toBool(), true);
        QCOMPARE(layers.first().toObject()["weight_change"].toDouble(), 0.0);

        QFile m(m_dir.filePath("out/metrics.jsonl"));
        QVERIFY(m.open(QIODevice::ReadOnly));
        int steps = 0, epochs = 0;
        for (const auto& line : m.readAll().split('\n')) {
            if (line.isEmpty())
                continue;
            QJsonParseError err;
            const auto ev = QJsonDocument::fromJson(line, &err).object();
            QVERIFY2(err.error == QJsonParseError::NoError, line.constData());
            steps += ev["event"].toString() == "step";
            epochs += ev["event"].toString() == "epoch";
        }
        QVERIFY(steps > 0);
        QCOMPARE(epochs, 3); // 1 pretrain + 2 train
        QVERIFY(QFile::exists(m_dir.filePath("out/model.pt")));
        QVERIFY(QFile::exists(m_dir.filePath("out/experiment.json")));
        // The copied experiment runs again as it is.
        const auto again = cli({"layers", m_dir.filePath("out/experiment.json")});
        QCOMPARE(again.code, 0);
    }

    void badInputExitsTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("missing file") << QStringList{"run", "/nonexistent/exp.json", "--out", "/tmp/x"}
                                      << "/nonexistent/exp.json";
        QTest::newRow("no --out") << QStringList{"run", "x.json"} << "--out";
        QTest::newRow("unknown command") << QStringList{"fly"} << "unknown command 'fly'";
        QTest::newRow("bad --threads") << QStringList{"bench", "--threads", "many"} << "--threads";
        QTest::newRow("unknown backbone") << QStringList{"bench", "--backbone", "vgg", "--steps", "1"} << "vgg";
    }

    void badInputExitsTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, fragment);
        const auto r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(fragment), qPrintable(r.err));
    }

    void badExperimentNamed_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("unknown key") << "trian"
                                     << "{}"
                                     << "trian";
        QTest::newRow("wrong type") << "train"
                                    << R"({"epochs": "ten"})"
                                    << "train.epochs";
        QTest::newRow("unknown layer") << "freeze"
                                       << R"(["conv1", "conv5"])"
                                       << "conv5";
        QTest::newRow("missing folder") << "target"
                                        << R"({"format": "folder", "path": "no/such/dir"})"
                                        << "no/such/dir";
    }

    void badExperimentNamed()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, fragment);
        QJsonObject o;
        o[key] = QJsonDocument::fromJson("{\"v\": " + value.toUtf8() + "}").object()["v"];
        const auto exp = writeExperiment("bad_" + key, o);
        const auto r = cli({"run", exp, "--out", m_dir.filePath("bad")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(fragment), qPrintable(r.err));
    }

    void malformedJsonLineColumn()
    {
        const QString path = m_dir.filePath("broken.json");
        QFile f(path);
        f.open(QIODevice::WriteOnly);
        f.write("{\n  \"name\": \"x\",\n  \"strategy\" \"finetune\"\n}\n");
        f.close();
        const auto r = cli({"layers", path});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("broken.json:3:"), qPrintable(r.err));
    }

    void layersJson()
    {
        const auto r = cli({"layers", writeExperiment("layers", {}), "--json"});
        QCOMPARE(r.code, 0);
        const auto layers = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(layers.size(), 5);
        QCOMPARE(layers[0].toObject()["name"].toString(), QString("conv1"));
        QCOMPARE(layers[0].toObject()["frozen"].toBool(), true);
        QCOMPARE(layers[4].toObject()["output_shape"].toArray()[0].toInt(), 2); // head sized to target classes
        QVERIFY(layers[2].toObject()["params"].toInt() > 0);
    }

    void benchJson()
    {
        const auto r = cli({"bench", "--backbone", "lenet", "--steps", "3", "--warmup", "1", "--batch", "8", "--json"});
        QCOMPARE(r.code, 0);
        const auto j = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QVERIFY(j["images_per_second"].toDouble() > 0);
        QCOMPARE(j["batch"].toInt(), 8);
    }

    void compareWritesTables()
    {
        QJsonObject train{{"epochs", 2}, {"source_epochs", 1}, {"batch_size", 16}};
        const auto exp = writeExperiment("cmp", {{"train", train}});
        const auto r = cli({"compare", exp, "--strategies", "scratch,finetune", "--freeze", "none;conv1+conv2",
                            "--seeds", "2", "--out", m_dir.filePath("cmp"), "--threads", "1", "--quiet"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile csv(m_dir.filePath("cmp/results.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const auto lines = QString(csv.readAll()).trimmed().split('\n');
        QCOMPARE(lines.size(), 1 + 2 * 2 * 2); // header + strategies x freeze sets x seeds
        QVERIFY(lines[0].startsWith("variant,strategy,freeze,seed,target_accuracy"));
        QVERIFY(r.out.contains("| finetune [frozen conv1+conv2] | "));
        QVERIFY(r.out.contains("| scratch [nothing frozen] | "));
        QVERIFY(r.out.contains(" ± "));
        const auto bad = cli({"compare", exp, "--strategies", "scratch,nope", "--out", m_dir.filePath("cmp2")});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains("'nope'"));
    }

    void sigintWritesPartialResults()
    {
        QJsonObject train{{"epochs", 500}, {"source_epochs", 1}, {"batch_size", 8}};
        const auto exp = writeExperiment("long", {{"train", train}});
        QProcess p;
        p.start(TS_CLI_PATH, {"run", exp, "--out", m_dir.filePath("int"), "--threads", "1", "--no-cache"});
        QVERIFY(p.waitForStarted());
        // Wait until training is under way (an epoch line was written), then interrupt.
        QElapsedTimer timer;
        timer.start();
        QByteArray err;
        while (!err.contains("train epoch") && timer.elapsed() < 60000) {
            p.waitForReadyRead(200);
            err += p.readAllStandardError();
        }
        QVERIFY2(err.contains("train epoch"), err.constData());
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 130);
        QFile f(m_dir.filePath("int/summary.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(f.readAll()).object()["status"].toString(), QString("cancelled"));
        QVERIFY(QFile::exists(m_dir.filePath("int/model.pt")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"

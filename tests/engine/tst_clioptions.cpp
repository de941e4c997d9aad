// The command line's conventions (issue 12) and its option checks (issue 11): --help on every command,
// --version, numeric options held to the experiment file's ranges, --out "" and --force, --json.

#include "../common/clirunner.h"
#include "../common/tinydata.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

class TestCliOptions : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_experiment;

    ts::testdata::CliResult cli(const QStringList& args)
    {
        return ts::testdata::runCli(args, m_dir.filePath("cache"), 120000);
    }

    QStringList run(const QString& out, const QStringList& more = {}) const
    {
        return QStringList{"run", m_experiment, "--out", out, "--threads", "1", "--quiet"} + more;
    }

    static QJsonObject readJson(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QDir().mkpath(m_dir.filePath("data"));
        ts::testdata::writeIdx(m_dir.filePath("data").toStdString(), 4, 30, 12);
        QJsonObject target{{"format", "idx"},
                           {"images", "data/images.idx"},
                           {"labels", "data/labels.idx"},
                           {"class_names", QJsonArray{"a", "b", "c", "d"}},
                           {"classes", QJsonArray{"c", "d"}},
                           {"split", 0.3}};
        QJsonObject source = target;
        source["classes"] = QJsonArray{"a", "b"};
        source.remove("split");
        const QJsonObject e{{"name", "options"},
                            {"strategy", "finetune"},
                            {"source", source},
                            {"target", target},
                            {"input", QJsonObject{{"size", QJsonArray{12, 12}}, {"channels", 1}}},
                            {"model", QJsonObject{{"backbone", "lenet"}}},
                            {"train", QJsonObject{{"epochs", 1}, {"source_epochs", 1}, {"batch_size", 16}}}};
        m_experiment = m_dir.filePath("options.json");
        QFile f(m_experiment);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(e).toJson());
    }

    void helpOnEveryCommand_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("top level") << QStringList{"--help"}
                                   << QStringList{"run",     "layers",     "bench",     "demo-data",      "compare",
                                                  "inspect", "strategies", "--version", "130 interrupted"};
        QTest::newRow("help command") << QStringList{"help"} << QStringList{"compare"};
        QTest::newRow("run") << QStringList{"run", "--help"}
                             << QStringList{"EXPERIMENT.json", "--out",    "--force",         "--threads",
                                            "--device",        "--epochs", "--seed",          "--cache-dir",
                                            "--no-cache",      "--quiet",  "--with-baseline", "--json"};
        QTest::newRow("layers") << QStringList{"layers", "-h"} << QStringList{"EXPERIMENT.json", "--json"};
        QTest::newRow("bench") << QStringList{"bench", "--help"}
                               << QStringList{"--backbone", "--batch",    "--steps",  "--warmup", "--threads",
                                              "--size",     "--channels", "--device", "--json"};
        QTest::newRow("demo-data") << QStringList{"demo-data", "--help"}
                                   << QStringList{"DIR", "--per-class", "--test-per-class", "--seed"};
        QTest::newRow("compare") << QStringList{"compare", "--help"}
                                 << QStringList{"--strategies", "--seeds",  "--out",        "--force",     "--freeze",
                                                "--threads",    "--epochs", "--first-seed", "--cache-dir", "--json"};
        QTest::newRow("inspect") << QStringList{"inspect", "--help"} << QStringList{"--json", "--threads"};
        QTest::newRow("strategies") << QStringList{"strategies", "--help"} << QStringList{"--json"};
        // --help wins over what is missing or wrong around it.
        QTest::newRow("run --help without --out")
            << QStringList{"run", "--help", "--epochs", "-5"} << QStringList{"--out"};
    }

    void helpOnEveryCommand()
    {
        QFETCH(QStringList, args);
        QFETCH(QStringList, mentions);
        const auto r = cli(args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        for (const QString& m : mentions)
            QVERIFY2(r.out.contains(m), qPrintable("'" + m + "' not in:\n" + r.out));
    }

    void noArgumentsIsBadInput()
    {
        const auto r = cli({});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("run"), qPrintable(r.err));
    }

    void version()
    {
        const auto r = cli({"--version"});
        QCOMPARE(r.code, 0);
        const QRegularExpression re(R"(^transfer-studio-cli \d+\.\d+\.\d+ \(LibTorch \d+\.\d+\.\d+\)\n$)");
        QVERIFY2(re.match(r.out).hasMatch(), qPrintable(r.out));
    }

    // Each bad option exits 2 naming the option (and the file key it overrides) before anything is written.
    void optionRangeErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("fragment");
        const QString out = m_dir.filePath("never");
        QTest::newRow("--epochs -5") << run(out, {"--epochs", "-5"})
                                     << "--epochs: key 'train.epochs' must be an integer >= 0, got -5";
        QTest::newRow("--epochs 4294967297")
            << run(out, {"--epochs", "4294967297"}) << "--epochs: key 'train.epochs' is out of range, got 4294967297";
        QTest::newRow("--epochs 2.5") << run(out, {"--epochs", "2.5"})
                                      << "--epochs: key 'train.epochs' must be an integer";
        QTest::newRow("--epochs ten") << run(out, {"--epochs", "ten"}) << "--epochs must be a number, got 'ten'";
        QTest::newRow("--epochs 1e400") << run(out, {"--epochs", "1e400"}) << "--epochs must be a number, got '1e400'";
        QTest::newRow("--seed -1") << run(out, {"--seed", "-1"})
                                   << "--seed: key 'train.seed' must be a non-negative integer, got -1";
        QTest::newRow("--threads -3") << QStringList{"run", m_experiment, "--out", out, "--threads", "-3"}
                                      << "--threads must be an integer in [0, 1024], got -3";
        QTest::newRow("--device tpu") << run(out, {"--device", "tpu"}) << "--device: key 'device'";
        QTest::newRow("--epochs twice") << run(out, {"--epochs", "1", "--epochs", "2"}) << "--epochs";
        QTest::newRow("unknown option") << run(out, {"--epoch", "1"}) << "--epoch";
        QTest::newRow("bench --batch 0") << QStringList{"bench", "--batch", "0"}
                                         << "--batch: key 'train.batch_size' must be an integer >= 1, got 0";
        QTest::newRow("bench --size 5000") << QStringList{"bench", "--size", "5000"}
                                           << "--size: key 'input.size' must be at most 4096 pixels per side";
        QTest::newRow("bench --channels 2") << QStringList{"bench", "--channels", "2"}
                                            << "--channels: key 'input.channels' must be 1 (grey) or 3 (RGB), got 2";
        QTest::newRow("bench --steps 0") << QStringList{"bench", "--steps", "0"}
                                         << "--steps must be an integer >= 1, got 0";
        QTest::newRow("bench --warmup -1")
            << QStringList{"bench", "--warmup", "-1"} << "--warmup must be an integer >= 0, got -1";
        QTest::newRow("compare --seeds 0")
            << QStringList{"compare", m_experiment, "--strategies", "scratch", "--seeds", "0", "--out", out}
            << "--seeds must be an integer >= 1, got 0";
        QTest::newRow("compare --first-seed -2")
            << QStringList{"compare", m_experiment, "--strategies", "scratch", "--first-seed", "-2", "--out", out}
            << "--first-seed: key 'train.seed'";
        QTest::newRow("compare --epochs -1")
            << QStringList{"compare", m_experiment, "--strategies", "scratch", "--epochs", "-1", "--out", out}
            << "--epochs: key 'train.epochs' must be an integer >= 0";
        QTest::newRow("demo-data --per-class -1")
            << QStringList{"demo-data", out, "--per-class", "-1"} << "--per-class must be an integer >= 0, got -1";
        QTest::newRow("inspect --threads 100000") << QStringList{"inspect", m_experiment, "--threads", "100000"}
                                                  << "--threads must be an integer in [0, 1024], got 100000";
    }

    void optionRangeErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, fragment);
        const auto r = cli(args);
        QVERIFY2(r.code == 2, qPrintable(QString("exit %1:\n%2").arg(r.code).arg(r.err)));
        QVERIFY2(r.err.contains(fragment), qPrintable("'" + fragment + "' not in:\n" + r.err));
        QVERIFY2(!QFileInfo::exists(m_dir.filePath("never")), "a rejected command wrote its --out");
    }

    void emptyOutIsRefused_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("run") << run("");
        QTest::newRow("compare") << QStringList{"compare", m_experiment, "--strategies", "scratch", "--out", ""};
    }

    void emptyOutIsRefused()
    {
        QFETCH(QStringList, args);
        const auto r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--out must name a folder, got an empty string"), qPrintable(r.err));
    }

    // A rerun into a run folder is refused; --force replaces the folder's contents whole; --json prints the summary.
    void forceReplacesAnEarlierRun()
    {
        const QString out = m_dir.filePath("rerun");
        const auto first = cli(run(out));
        QVERIFY2(first.code == 0, qPrintable(first.err));
        const QString firstSummary = QJsonDocument(readJson(out + "/summary.json")).toJson();
        QFile stale(out + "/stale.txt");
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.close();

        const auto refused = cli(run(out, {"--seed", "7"}));
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.err.contains("is not empty") && refused.err.contains("--force"), qPrintable(refused.err));
        QCOMPARE(QString(QJsonDocument(readJson(out + "/summary.json")).toJson()), firstSummary);

        const auto forced = cli(run(out, {"--seed", "7", "--force", "--json"}));
        QVERIFY2(forced.code == 0, qPrintable(forced.err));
        QVERIFY2(forced.err.contains("--force: removed"), qPrintable(forced.err));
        QVERIFY(!QFile::exists(out + "/stale.txt"));
        QJsonParseError error;
        const auto printed = QJsonDocument::fromJson(forced.out.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(forced.out));
        QCOMPARE(printed["status"].toString(), QString("finished"));
        QCOMPARE(printed["exit_code"].toInt(), 0);
        QCOMPARE(printed["seed"].toInt(), 7);
        QVERIFY(printed["target_accuracy"].isDouble());
        QCOMPARE(printed, readJson(out + "/summary.json")); // stdout is summary.json
    }

    void forceLeavesOtherFoldersAlone()
    {
        const QString out = m_dir.filePath("notes");
        QDir().mkpath(out);
        QFile notes(out + "/notes.txt");
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.close();
        const auto r = cli(run(out, {"--force"}));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("holds no earlier run's outputs"), qPrintable(r.err));
        QVERIFY(QFile::exists(out + "/notes.txt"));
    }

    // A run rejected for its input leaves no result; fixing the input and running again needs no --force.
    void rerunAfterRejectedInput()
    {
        const QString out = m_dir.filePath("fixed");
        const auto bad = cli({"run", m_experiment, "--out", out, "--threads", "1", "--quiet", "--device", "cuda"});
        QCOMPARE(bad.code, 2);
        const auto good = cli(run(out));
        QVERIFY2(good.code == 0, qPrintable(good.err));
    }

    void compareJson()
    {
        const QString out = m_dir.filePath("cmp");
        const auto r = cli({"compare", m_experiment, "--strategies", "scratch,finetune", "--seeds", "2", "--out", out,
                            "--threads", "1", "--quiet", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QJsonParseError error;
        const auto j = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(r.out));
        QCOMPARE(j["runs"].toArray().size(), 4);
        const auto variants = j["variants"].toArray();
        QCOMPARE(variants.size(), 2);
        for (const auto& v : variants) {
            const auto accuracy = v.toObject()["target_accuracy"].toObject();
            QVERIFY2(accuracy["mean"].isDouble() && accuracy["sd"].isDouble(),
                     qPrintable(QJsonDocument(v.toObject()).toJson()));
        }
        // The mean is the mean of the runs it summarizes.
        double sum = 0;
        for (const auto& run : j["runs"].toArray())
            if (run.toObject()["variant"] == variants[0].toObject()["variant"])
                sum += run.toObject()["target_accuracy"].toDouble();
        QVERIFY(qAbs(sum / 2 - variants[0].toObject()["target_accuracy"].toObject()["mean"].toDouble()) < 1e-9);
    }

    // The man page and the bash completion come from the same definitions: both are well-formed.
    void generatedDocuments()
    {
        const auto man = cli({"--generate", "man", "2026-01-01"});
        QCOMPARE(man.code, 0);
        for (const char* option :
             {"\\-\\-out", "\\-\\-force", "\\-\\-first\\-seed", "\\-\\-per\\-class", "EXIT STATUS"})
            QVERIFY2(man.out.contains(option), option);
        const auto completion = cli({"--generate", "bash-completion"});
        QCOMPARE(completion.code, 0);
        QVERIFY(completion.out.contains("complete -F _transfer_studio_cli transfer-studio-cli"));
        QTemporaryDir dir;
        QFile page(dir.filePath("transfer-studio-cli.1"));
        QVERIFY(page.open(QIODevice::WriteOnly));
        page.write(man.out.toUtf8());
        page.close();
        QProcess bash;
        bash.start("bash", {"-n"});
        bash.write(completion.out.toUtf8());
        bash.closeWriteChannel();
        QVERIFY(bash.waitForFinished());
        QVERIFY2(bash.exitCode() == 0, bash.readAllStandardError().constData());
        // What the completion offers after "run --", where bash-completion is installed.
        if (QFile::exists("/usr/share/bash-completion/bash_completion")) {
            QFile script(dir.filePath("completion.bash"));
            QVERIFY(script.open(QIODevice::WriteOnly));
            script.write(completion.out.toUtf8());
            script.close();
            QProcess complete;
            complete.start("bash", {"-c",
                                    "source /usr/share/bash-completion/bash_completion; source \"$0\"; "
                                    "COMP_LINE='transfer-studio-cli run --f'; COMP_POINT=${#COMP_LINE}; "
                                    "COMP_WORDS=(transfer-studio-cli run --f); COMP_CWORD=2; "
                                    "_transfer_studio_cli; echo \"${COMPREPLY[*]}\"",
                                    script.fileName()});
            QVERIFY(complete.waitForFinished());
            QCOMPARE(QString(complete.readAllStandardOutput()).trimmed(), QString("--force"));
        }
        if (QStandardPaths::findExecutable("man").isEmpty())
            QSKIP("man is not installed: the roff is not checked");
        QProcess check;
        check.start("man", {"--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z", page.fileName()}); // as lintian checks
        QVERIFY(check.waitForFinished());
        const QString warnings = check.readAllStandardError();
        QVERIFY2(check.exitCode() == 0 && warnings.isEmpty(), qPrintable(warnings));
    }
};

QTEST_GUILESS_MAIN(TestCliOptions)
#include "tst_clioptions.moc"

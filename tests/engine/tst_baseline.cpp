// The baseline beside a run: which baseline each strategy gets, that a run and its baseline start from the
// same weights, and the gain written into summary.json.

#include "../common/enginetest.h"
#include "../common/tinydata.h"

#include "engine/data/datasetshelf.h"
#include "engine/nn/checkpoint.h"
#include "engine/train/baseline.h"
#include "engine/train/runner.h"

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace ts::engine;
using ts::testdata::idxSpec;
using ts::testdata::Recorder;

class TestBaseline : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_train, m_test;

    // Source a,b,c and target d,e,f (finetune), or both a,b,c (dann); learning rate so small that the
    // trained weights stay within rounding of where they started.
    Experiment experiment(const std::string& strategy, double lr) const
    {
        Experiment e;
        e.strategy = strategy;
        e.source = idxSpec(m_train, {"a", "b", "c"});
        const std::vector<std::string> targetClasses =
            strategy == "dann" ? std::vector<std::string>{"a", "b", "c"} : std::vector<std::string>{"d", "e", "f"};
        e.target = idxSpec(m_test, targetClasses);
        e.targetTest = idxSpec(m_test, targetClasses);
        e.input = {12, 12, 1};
        e.model.backbone = "lenet";
        e.train.epochs = 1;
        e.train.sourceEpochs = 1;
        e.train.batchSize = 16;
        e.train.lr = lr;
        e.train.seed = 5;
        return e;
    }

    // The run's saved weights, loaded into the network its strategy builds.
    Network savedNetwork(const Experiment& e, const QString& dir) const
    {
        Network net = previewNetwork(e, NetShape{3, 3, 0});
        loadCheckpointInto(net, m_dir.filePath(dir + "/model.pt").toStdString());
        return net;
    }

    static double relativeDistance(Network& a, Network& b, const std::string& layer)
    {
        const auto wa = a->layer(layer)->parameters();
        const auto wb = b->layer(layer)->parameters();
        double diff = 0, norm = 0;
        for (size_t i = 0; i < wa.size(); ++i) {
            diff += (wa[i] - wb[i]).pow(2).sum().item<double>();
            norm += wa[i].pow(2).sum().item<double>();
        }
        return std::sqrt(diff / norm);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_train = m_dir.filePath("train");
        m_test = m_dir.filePath("test");
        QDir().mkpath(m_train);
        QDir().mkpath(m_test);
        ts::testdata::writeIdx(m_train.toStdString(), 6, 20, 12, 1);
        ts::testdata::writeIdx(m_test.toStdString(), 6, 8, 12, 2);
    }

    void plansPerStrategy_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QStringList>("baselines");
        QTest::newRow("finetune") << "finetune" << QStringList{"scratch"};
        QTest::newRow("finetune, frozen") << "finetune frozen" << QStringList{"unfrozen", "scratch"};
        QTest::newRow("multitask") << "multitask" << QStringList{"scratch"};
        QTest::newRow("selftaught") << "selftaught" << QStringList{"scratch", "pixels"};
        QTest::newRow("dann") << "dann" << QStringList{"source_only"};
        QTest::newRow("clustering") << "selftaught_clustering" << QStringList{"raw_pixels_kmeans"};
        QTest::newRow("zeroshot") << "zeroshot" << QStringList{"chance"};
        QTest::newRow("scratch has none") << "scratch" << QStringList{};
        QTest::newRow("source_only has none") << "source_only" << QStringList{};
    }

    void plansPerStrategy()
    {
        QFETCH(QString, strategy);
        QFETCH(QStringList, baselines);
        const bool frozen = strategy.endsWith(" frozen");
        Experiment e = experiment(strategy.section(' ', 0, 0).toStdString(), 1e-3);
        e.freeze = frozen ? std::vector<std::string>{"conv1"} : std::vector<std::string>{};
        e.withBaseline = true;
        const auto plans = baselinePlans(e);
        QStringList names;
        for (const auto& p : plans) {
            names << QString::fromStdString(p.name);
            if (!p.run)
                continue;
            // Same seed, data and training; the baseline trains its whole network and has no baseline itself.
            QCOMPARE(p.run->train.seed, e.train.seed);
            QCOMPARE(p.run->train.epochs, e.train.epochs);
            QCOMPARE(p.run->train.lr, e.train.lr);
            QVERIFY(p.run->targetTest.has_value());
            QCOMPARE(p.run->targetTest->images, e.targetTest->images);
            QVERIFY(p.run->freeze.empty());
            QVERIFY(!p.run->withBaseline);
            QVERIFY(!p.dir.empty());
        }
        QCOMPARE(names, baselines);
    }

    void taskBAloneGetsAsManyTaskBSteps()
    {
        Experiment e = experiment("multitask", 1e-3);
        e.train.batchSize = 10;
        e.train.epochs = 3;
        // 40 task-B images at batch 10 = 4 steps an epoch; multitask trained task B for 60 steps.
        const nlohmann::json summary = {{"strategy_metrics", {{"task_b_steps", 60}, {"task_b_images", 40}}}};
        const auto plans = baselinePlans(e, summary);
        QCOMPARE(plans.size(), std::size_t(1));
        QCOMPARE(plans[0].run->train.epochs, 15);
        QVERIFY(!plans[0].run->source.has_value());
    }

    void pairedRunsStartFromTheSameWeights_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("layer");
        QTest::newRow("finetune vs scratch") << "finetune"
                                             << "conv1";
        QTest::newRow("dann vs source_only") << "dann"
                                             << "conv2";
    }

    void pairedRunsStartFromTheSameWeights()
    {
        QFETCH(QString, strategy);
        QFETCH(QString, layer);
        const Experiment e = experiment(strategy.toStdString(), 1e-12);
        const QString dir = "pair-" + strategy;
        Recorder rec;
        RunControl control;
        const auto options = ts::testdata::freshRunOptions(m_dir.filePath(dir));
        auto result = runExperiment(e, options, rec, control);
        QVERIFY2(result.exitCode == ExitCode::Ok, result.error.c_str());
        const auto comparison = runWithBaselines(e, result.summary, options, rec, control);
        const auto plans = baselinePlans(e);
        QCOMPARE(plans.size(), std::size_t(1));
        QCOMPARE(comparison["baselines"][0]["status"].get<std::string>(), std::string("finished"));

        Network mine = savedNetwork(e, dir);
        Network theirs = savedNetwork(*plans[0].run, dir + "/" + QString::fromStdString(plans[0].dir));
        const double same = relativeDistance(mine, theirs, layer.toStdString());
        QVERIFY2(same < 1e-6, qPrintable(QString("relative distance %1").arg(same)));

        // The check can fail: another seed draws other weights.
        Experiment other = *plans[0].run;
        other.train.seed = 6;
        Recorder rec2;
        RunControl control2;
        const auto r2 =
            runExperiment(other, ts::testdata::freshRunOptions(m_dir.filePath(dir + "-seed6")), rec2, control2);
        QVERIFY2(r2.exitCode == ExitCode::Ok, r2.error.c_str());
        Network reseeded = savedNetwork(other, dir + "-seed6");
        QVERIFY(relativeDistance(mine, reseeded, layer.toStdString()) > 0.1);
    }

    void gainWrittenIntoSummary()
    {
        const Experiment e = experiment("finetune", 3e-3);
        const QString dir = "gain";
        Recorder rec;
        RunControl control;
        const auto options = ts::testdata::freshRunOptions(m_dir.filePath(dir));
        auto result = runExperiment(e, options, rec, control);
        QVERIFY2(result.exitCode == ExitCode::Ok, result.error.c_str());
        runWithBaselines(e, result.summary, options, rec, control);

        std::ifstream in(m_dir.filePath(dir + "/summary.json").toStdString());
        const auto onDisk = nlohmann::json::parse(in);
        QVERIFY(onDisk.contains("baseline"));
        const auto& b = onDisk["baseline"]["baselines"][0];
        QCOMPARE(b["name"].get<std::string>(), std::string("scratch"));
        QVERIFY(b["score"].is_number());
        const double expected =
            std::round(1000.0 * (onDisk["target_accuracy"].get<double>() - b["score"].get<double>())) / 10.0;
        QCOMPARE(b["gain_points"].get<double>(), expected);
        QVERIFY(QFile::exists(m_dir.filePath(dir + "/baseline-scratch/summary.json")));
        QVERIFY(rec.logged("baseline: fine-tuning"));
    }

    // With a shelf, the baseline takes the datasets the strategy's run read instead of reading them again, and
    // trains exactly as it does on its own.
    void baselineTakesTheStrategysDatasets()
    {
        const Experiment e = experiment("finetune", 3e-3);
        Recorder rec;
        RunControl control;
        auto options = ts::testdata::freshRunOptions(m_dir.filePath("shelf"));
        options.datasets = std::make_shared<DatasetShelf>();
        auto result = runExperiment(e, options, rec, control);
        QVERIFY2(result.exitCode == ExitCode::Ok, result.error.c_str());
        QCOMPARE(options.datasets->size(), std::size_t(2)); // source; target and target_test share one spec
        QVERIFY(!rec.logged("source: 60 images, 3 classes, as an earlier run"));
        runWithBaselines(e, result.summary, options, rec, control);
        QVERIFY(rec.logged("target: 24 images, 3 classes, as an earlier run read them"));
        QCOMPARE(options.datasets->size(), std::size_t(2));

        const auto plans = baselinePlans(e);
        Recorder alone;
        const auto own =
            runExperiment(*plans[0].run, ts::testdata::freshRunOptions(m_dir.filePath("shelf-alone")), alone, control);
        QVERIFY2(own.exitCode == ExitCode::Ok, own.error.c_str());
        QVERIFY(!alone.logged("as an earlier run"));
        std::ifstream in(m_dir.filePath("shelf/baseline-scratch/summary.json").toStdString());
        const auto shelved = nlohmann::json::parse(in);
        QCOMPARE(shelved["target_accuracy"].get<double>(), own.summary["target_accuracy"].get<double>());
        QCOMPARE(shelved["datasets"].dump(), own.summary["datasets"].dump());
        Network a = savedNetwork(*plans[0].run, "shelf/baseline-scratch");
        Network b = savedNetwork(*plans[0].run, "shelf-alone");
        QCOMPARE(relativeDistance(a, b, "conv1"), 0.0);
    }

    // A shelf tells datasets apart by what loading them reads: the spec and input, and the seed only where
    // labeled_per_class draws the labels with it.
    void shelfKeysOnWhatLoadingReads()
    {
        DatasetShelf shelf;
        Dataset d;
        d.role = "target";
        d.classNames = {"x", "y"};
        const DatasetSpec spec = idxSpec(m_test, {"d", "e"});
        const InputSpec input{12, 12, 1};
        shelf.put(spec, input, 5, d);
        QVERIFY(shelf.find(spec, input, 5));
        QCOMPARE(shelf.find(spec, input, 5)->classNames, d.classNames);
        QVERIFY(shelf.find(spec, input, 6)); // the seed draws nothing here
        DatasetSpec fewer = spec;
        fewer.limitPerClass = 3;
        QVERIFY(!shelf.find(fewer, input, 5));
        DatasetSpec otherClasses = spec;
        otherClasses.classes = {"d", "f"};
        QVERIFY(!shelf.find(otherClasses, input, 5));
        QVERIFY(!shelf.find(spec, InputSpec{16, 16, 1}, 5));
        DatasetSpec someLabels = spec;
        someLabels.labeledPerClass = 2;
        shelf.put(someLabels, input, 5, d);
        QVERIFY(shelf.find(someLabels, input, 5));
        QVERIFY(!shelf.find(someLabels, input, 6));
    }

    void gainSentenceReads()
    {
        const nlohmann::json comparison = {{"strategy", "finetune"},
                                           {"baselines",
                                            {{{"name", "scratch"},
                                              {"title", "scratch"},
                                              {"metric", "target_accuracy"},
                                              {"score", 0.88},
                                              {"strategy_score", 0.931},
                                              {"gain_points", 5.1}}}}};
        QCOMPARE(QString::fromStdString(gainSentence(comparison)),
                 QStringLiteral("fine-tuning 93.1 % vs scratch 88.0 %: +5.1 points"));
        const nlohmann::json clustering = {{"strategy", "selftaught_clustering"},
                                           {"baselines",
                                            {{{"name", "raw_pixels_kmeans"},
                                              {"title", "raw-pixel k-means"},
                                              {"metric", "nmi"},
                                              {"score", 0.5},
                                              {"strategy_score", 0.46},
                                              {"gain_points", -4.0}}}}};
        QCOMPARE(QString::fromStdString(gainSentence(clustering)),
                 QStringLiteral("self-taught clustering NMI 0.460 vs raw-pixel k-means NMI 0.500: -4.0 points"));
        // Chance comes from the run itself; an unknown score gives no sentence.
        const auto plans = baselinePlans(experiment("zeroshot", 1e-3));
        const auto fromRun = compareWithBaselines(
            plans, {{"strategy", "zeroshot"}, {"target_accuracy", 0.6}, {"strategy_metrics", {{"chance", 1.0 / 3}}}},
            {});
        QCOMPARE(fromRun["baselines"][0]["gain_points"].get<double>(), 26.7);
        QCOMPARE(QString::fromStdString(gainSentence(compareWithBaselines(plans, {{"strategy", "zeroshot"}}, {}))),
                 QString());
        // A baseline that was stopped half-way gives no score and no gain.
        const auto scratchPlans = baselinePlans(experiment("finetune", 1e-3));
        const nlohmann::json stopped = {{"status", "cancelled"}, {"target_accuracy", 0.2}};
        const auto partial =
            compareWithBaselines(scratchPlans, {{"strategy", "finetune"}, {"target_accuracy", 0.6}}, {stopped});
        QVERIFY(partial["baselines"][0]["score"].is_null());
        QVERIFY(!partial["baselines"][0].contains("gain_points"));
        QCOMPARE(partial["baselines"][0]["status"].get<std::string>(), std::string("cancelled"));
        QCOMPARE(compareWithBaselines(scratchPlans, {{"strategy", "finetune"}}, {})["baselines"][0]["status"]
                     .get<std::string>(),
                 std::string("not run"));
    }
};

QTEST_GUILESS_MAIN(TestBaseline)
#include "tst_baseline.moc"

// End-to-end runs of the engine on tiny IDX data: fine-tuning, baselines, cancel, reproducibility, bad input.

#include "../common/enginetest.h"
#include "../common/tinydata.h"

#include "engine/core/errors.h"
#include "engine/core/experiment.h"
#include "engine/core/threads.h"
#include "engine/nn/checkpoint.h"
#include "engine/train/runner.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace ts::engine;
using ts::testdata::idxSpec;
using ts::testdata::Recorder;

Q_DECLARE_METATYPE(std::vector<int>)

class TestTraining : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_train, m_test;

    Experiment finetuneExperiment() const
    {
        Experiment e;
        e.strategy = "finetune";
        e.source = idxSpec(m_train, {"a", "b", "c"});
        e.target = idxSpec(m_train, {"d", "e", "f"});
        e.target->labeledPerClass = 5;
        e.targetTest = idxSpec(m_test, {"d", "e", "f"});
        e.input = {12, 12, 1};
        e.model.backbone = "lenet";
        e.freeze = {"conv1"};
        e.train.epochs = 15;
        e.train.sourceEpochs = 3;
        e.train.batchSize = 8;
        e.train.lr = 1e-2;
        return e;
    }

    RunOptions options(const QString& sub) const
    {
        RunOptions o;
        o.outDir = m_dir.filePath(sub).toStdString();
        o.threads = 1;
        o.cacheDir = m_dir.filePath("cache").toStdString();
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_train = m_dir.filePath("train");
        m_test = m_dir.filePath("test");
        QDir().mkpath(m_train);
        QDir().mkpath(m_test);
        ts::testdata::writeIdx(m_train.toStdString(), 6, 30, 12, 1);
        ts::testdata::writeIdx(m_test.toStdString(), 6, 10, 12, 2);
    }

    void finetuneEndToEnd()
    {
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(finetuneExperiment(), options("ft"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        QCOMPARE(rec.finished, 1);
        const auto& s = r.summary;
        QVERIFY(s["target_accuracy"].is_number());
        QVERIFY(s["target_accuracy"].get<double>() > 0.5); // 3 classes: chance is 1/3
        QVERIFY(s["source_accuracy"].is_null());           // no source split was asked for
        QCOMPARE(s["datasets"]["target"]["classes"].get<std::vector<std::string>>(),
                 (std::vector<std::string>{"d", "e", "f"}));
        for (const auto& l : s["layers"]) {
            const auto name = l["name"].get<std::string>();
            QCOMPARE(l["frozen"].get<bool>(), name == "conv1");
            if (name == "conv1")
                QCOMPARE(l["weight_change"].get<double>(), 0.0);
            else
                QVERIFY2(l["weight_change"].get<double>() > 0, name.c_str());
        }
        QCOMPARE(s["layers"].back()["name"].get<std::string>(), std::string("head"));
        for (const auto* f : {"summary.json", "metrics.jsonl", "model.pt", "experiment.json"})
            QVERIFY2(QFile::exists(m_dir.filePath(QString("ft/") + f)), f);
        QCOMPARE(readCheckpointMeta(m_dir.filePath("ft/model.pt").toStdString())["classes"].size(), size_t(3));
        // Pretrain epochs then train epochs were reported.
        QCOMPARE(rec.epochs.front().phase, std::string("pretrain"));
        QCOMPARE(rec.epochs.back().phase, std::string("train"));
        QVERIFY(rec.epochs.back().metrics.count("target_accuracy"));
    }

    void featureCacheGivesTheUncachedResult_data()
    {
        QTest::addColumn<QStringList>("freeze");
        QTest::addColumn<QString>("cachedUpTo");
        QTest::newRow("linear probe") << QStringList{"conv1", "conv2", "fc1", "fc2"} << "fc2";
        QTest::newRow("frozen convolutions") << QStringList{"conv1", "conv2"} << "conv2";
    }

    void featureCacheGivesTheUncachedResult()
    {
        // The same seed with the frozen prefix computed once and with it run every step (cache capped at 0).
        QFETCH(QStringList, freeze);
        QFETCH(QString, cachedUpTo);
        auto e = finetuneExperiment();
        e.train.seed = 5;
        e.train.epochs = 6;
        e.train.valFraction = 0.3;
        e.train.earlyStoppingPatience = 3; // validation is cached too
        e.freeze.clear();
        for (const auto& f : freeze)
            e.freeze.push_back(f.toStdString());
        Recorder cachedRec, plainRec;
        RunControl c1, c2;
        qunsetenv("TS_FEATURE_CACHE_MB");
        const auto cached = runExperiment(e, options("fc-" + cachedUpTo), cachedRec, c1);
        QVERIFY2(cached.exitCode == ExitCode::Ok, cached.error.c_str());
        qputenv("TS_FEATURE_CACHE_MB", "0");
        const auto plain = runExperiment(e, options("nofc-" + cachedUpTo), plainRec, c2);
        qunsetenv("TS_FEATURE_CACHE_MB");
        QVERIFY2(plain.exitCode == ExitCode::Ok, plain.error.c_str());
        QCOMPARE(cached.summary["feature_cache"]["on"].get<bool>(), true);
        QCOMPARE(cached.summary["feature_cache"]["layer"].get<std::string>(), cachedUpTo.toStdString());
        QCOMPARE(plain.summary["feature_cache"]["on"].get<bool>(), false);
        QVERIFY(plain.summary["feature_cache"]["why"].get<std::string>().find("cap") != std::string::npos);
        const double a = cached.summary["target_accuracy"].get<double>();
        const double b = plain.summary["target_accuracy"].get<double>();
        QCOMPARE(a, b);
        QCOMPARE(cached.summary["epochs_run"].get<int>(), plain.summary["epochs_run"].get<int>());
        auto netA = makeBackbone("lenet", 1, 12, 12, 3);
        auto netB = makeBackbone("lenet", 1, 12, 12, 3);
        loadCheckpointInto(netA, m_dir.filePath("fc-" + cachedUpTo + "/model.pt").toStdString());
        loadCheckpointInto(netB, m_dir.filePath("nofc-" + cachedUpTo + "/model.pt").toStdString());
        for (const char* layer : {"fc1", "head"})
            QVERIFY2(ts::testdata::weightDistance(netA, netB, layer) < 1e-3, layer);
        // Losses of every target step agree (the second run reuses the cached source network).
        auto trainLosses = [](const Recorder& r) {
            std::vector<double> losses;
            for (const auto& step : r.steps)
                if (step.phase == "train")
                    losses.push_back(step.values.at("loss"));
            return losses;
        };
        const auto la = trainLosses(cachedRec), lb = trainLosses(plainRec);
        QCOMPARE(la.size(), lb.size());
        QVERIFY(!la.empty());
        for (size_t i = 0; i < la.size(); ++i)
            QVERIFY2(std::abs(la[i] - lb[i]) < 1e-4,
                     qPrintable(QString("step %1: %2 vs %3").arg(i).arg(la[i]).arg(lb[i])));
    }

    void pretrainCacheGivesIdenticalStart()
    {
        // Two runs that differ only in freezing start from the same cached source weights.
        auto e = finetuneExperiment();
        e.train.seed = 11;
        e.freeze = {"conv1", "conv2", "fc1", "fc2"};
        Recorder first, second;
        RunControl c1, c2;
        const auto a = runExperiment(e, options("cache-a"), first, c1);
        QVERIFY(a.exitCode == ExitCode::Ok);
        QVERIFY(first.logged("cached source network"));
        e.freeze = {};
        const auto b = runExperiment(e, options("cache-b"), second, c2);
        QVERIFY(b.exitCode == ExitCode::Ok);
        QVERIFY(second.logged("reusing cached source network"));
        auto fromA = makeBackbone("lenet", 1, 12, 12, 3);
        loadCheckpointInto(fromA, m_dir.filePath("cache-a/model.pt").toStdString());
        // Everything but the head was frozen in run A, so its conv1 equals the cached pretrained conv1, and
        // run B started from it: B's relative change is measured against the same weights.
        const double changeB = b.summary["layers"][0]["weight_change"].get<double>();
        auto fromB = makeBackbone("lenet", 1, 12, 12, 3);
        loadCheckpointInto(fromB, m_dir.filePath("cache-b/model.pt").toStdString());
        const auto w0 = fromA->layer("conv1")->parameters();
        const auto w1 = fromB->layer("conv1")->parameters();
        double diff = 0, base = 0;
        for (size_t i = 0; i < w0.size(); ++i) {
            diff += (w1[i] - w0[i]).pow(2).sum().item<double>();
            base += w0[i].pow(2).sum().item<double>();
        }
        QVERIFY(std::abs(std::sqrt(diff / base) - changeB) < 1e-5);
    }

    void seedReproducible()
    {
        auto e = finetuneExperiment();
        e.train.seed = 5;
        RunOptions o = options("rep1");
        o.useCache = false;
        Recorder r1, r2;
        RunControl c1, c2;
        const auto a = runExperiment(e, o, r1, c1);
        o.outDir = m_dir.filePath("rep2").toStdString();
        const auto b = runExperiment(e, o, r2, c2);
        QVERIFY(a.exitCode == ExitCode::Ok && b.exitCode == ExitCode::Ok);
        QCOMPARE(a.summary["target_accuracy"], b.summary["target_accuracy"]);
        QCOMPARE(a.summary["layers"], b.summary["layers"]);
        QCOMPARE(r1.epochs.size(), r2.epochs.size());
        for (size_t i = 0; i < r1.epochs.size(); ++i)
            QCOMPARE(r1.epochs[i].metrics.at("train_loss"), r2.epochs[i].metrics.at("train_loss"));
        e.train.seed = 6;
        Recorder r3;
        RunControl c3;
        const auto c = runExperiment(e, o, r3, c3);
        QVERIFY(r3.epochs.front().metrics.at("train_loss") != r1.epochs.front().metrics.at("train_loss"));
        (void)c;
    }

    // With feature samples asked for (the GUI does), every evaluated epoch of target training sends the
    // features of the same images, and the run ends with one more from the trained network, marked closing.
    // An observer that declines (the window while its last picture is not drawn yet) gets the closing one only.
    void featureSamplesEachEpochAndAClosingOne_data()
    {
        QTest::addColumn<bool>("wanted");
        QTest::newRow("wanted") << true;
        QTest::newRow("declined") << false;
    }

    void featureSamplesEachEpochAndAClosingOne()
    {
        QFETCH(bool, wanted);
        Recorder rec;
        rec.wantFeatures = wanted;
        RunControl control;
        Experiment e = finetuneExperiment();
        e.train.epochs = 3;
        RunOptions o = options(wanted ? "proj" : "proj-declined");
        o.projectFeatures = true;
        const auto r = runExperiment(e, o, rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        // Once per evaluated epoch: the target phase's 3, and the source phase's when it was not cached yet.
        QVERIFY(rec.featureQuestions == 3 || rec.featureQuestions == 3 + e.train.sourceEpochs);
        QCOMPARE(rec.samples.size(), std::size_t(wanted ? rec.featureQuestions + 1 : 1));
        const auto& closing = rec.samples.back();
        QVERIFY(closing.closing);
        QCOMPARE(closing.epoch, r.summary["epochs_run"].get<int>());
        QVERIFY(closing.rows > 0 && closing.columns > 0);
        QCOMPARE(closing.values.size(), std::size_t(closing.rows * closing.columns));
        QVERIFY(std::all_of(closing.values.begin(), closing.values.end(), [](float v) { return std::isfinite(v); }));
        for (std::size_t i = 0; i + 1 < rec.samples.size(); ++i) {
            QVERIFY(!rec.samples[i].closing);
            if (i + 4 >= rec.samples.size()) // the target phase's: epochs 1, 2, 3
                QCOMPARE(rec.samples[i].epoch, int(i + 4 - rec.samples.size()) + 1);
            QCOMPARE(rec.samples[i].layer, closing.layer);
            QCOMPARE(rec.samples[i].label, closing.label);
            QCOMPARE(rec.samples[i].domain, closing.domain);
        }
        // No sample without the option (the CLI): not even the closing one.
        Recorder quiet;
        RunControl c2;
        const auto r2 = runExperiment(e, options("proj-off"), quiet, c2);
        QVERIFY2(r2.exitCode == ExitCode::Ok, r2.error.c_str());
        QVERIFY(quiet.samples.empty());
        QCOMPARE(quiet.featureQuestions, 0);
    }

    void longPhasesTestAtACadence_data()
    {
        QTest::addColumn<int>("epochs");
        QTest::addColumn<int>("evalEvery"); // train.eval_every; 0 = automatic
        QTest::addColumn<std::vector<int>>("tested");
        QTest::newRow("short: every epoch") << 4 << 0 << std::vector<int>{1, 2, 3, 4};
        // 120 epochs: every ceil(120 / 50) = 3rd epoch, 40 evaluations, the last included.
        std::vector<int> every3;
        for (int ep = 3; ep <= 120; ep += 3)
            every3.push_back(ep);
        QTest::newRow("long: every third") << 120 << 0 << every3;
        // 101 epochs: every 3rd, and the last (101) although it is not a multiple.
        std::vector<int> withLast;
        for (int ep = 3; ep <= 101; ep += 3)
            withLast.push_back(ep);
        withLast.push_back(101);
        QTest::newRow("long: the last too") << 101 << 0 << withLast;
        // train.eval_every: every N-th epoch, and always the last, whether a multiple or not.
        QTest::newRow("eval_every 3, last not a multiple") << 10 << 3 << std::vector<int>{3, 6, 9, 10};
        QTest::newRow("eval_every 4, last a multiple") << 8 << 4 << std::vector<int>{4, 8};
        QTest::newRow("eval_every above epochs: the last only") << 5 << 7 << std::vector<int>{5};
        QTest::newRow("eval_every 1 beyond 50 epochs") << 60 << 1 << [] {
            std::vector<int> all(60);
            std::iota(all.begin(), all.end(), 1);
            return all;
        }();
    }

    void longPhasesTestAtACadence()
    {
        QFETCH(int, epochs);
        QFETCH(int, evalEvery);
        QFETCH(std::vector<int>, tested);
        Experiment e = finetuneExperiment();
        e.strategy = "scratch";
        e.source.reset();
        e.freeze.clear();
        e.target->labeledPerClass = 2; // 6 images: one step per epoch
        e.train.epochs = epochs;
        e.train.evalEvery = evalEvery;
        Recorder rec;
        RunControl control;
        RunOptions o = options("cadence");
        o.projectFeatures = true;
        const auto r = runExperiment(e, o, rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        std::vector<int> seen, all;
        for (const auto& ep : rec.epochs)
            if (ep.phase == "train") {
                all.push_back(ep.epoch);
                if (ep.metrics.count("target_accuracy"))
                    seen.push_back(ep.epoch);
            }
        QCOMPARE(static_cast<int>(all.size()), epochs); // every epoch is still reported, with its training loss
        QCOMPARE(seen, tested);
        // The feature samples follow the same cadence (plus the closing one).
        QCOMPARE(rec.samples.size(), tested.size() + 1);
        // The summary's accuracy is the last epoch's.
        QCOMPARE(r.summary["target_accuracy"].get<double>(), rec.epochs.back().metrics.at("target_accuracy"));
    }

    void evalEveryKeyRoundTrips()
    {
        const Experiment e = parseExperiment(R"({"train": {"eval_every": 3}})", "t.json");
        QCOMPARE(e.train.evalEvery, 3);
        QCOMPARE(parseExperiment(toJson(e).dump(), "t.json").train.evalEvery, 3);
        QCOMPARE(parseExperiment("{}", "t.json").train.evalEvery, 0); // automatic by default
        bool rejected = false;
        try {
            parseExperiment(R"({"train": {"eval_every": -1}})", "t.json");
        } catch (const InputError& error) {
            rejected = std::string(error.what()).find("train.eval_every") != std::string::npos;
        }
        QVERIFY(rejected);
    }

    void cancelStopsAfterCurrentStep()
    {
        auto e = finetuneExperiment();
        e.train.epochs = 50;
        Recorder rec;
        RunControl control;
        rec.control = &control;
        rec.stopAfterSteps = 4;
        auto o = options("cancel");
        o.useCache = false;
        const auto r = runExperiment(e, o, rec, control);
        QVERIFY(r.exitCode == ExitCode::Cancelled);
        QCOMPARE(rec.steps.size(), size_t(4));
        QCOMPARE(r.summary["status"].get<std::string>(), std::string("cancelled"));
        QVERIFY(QFile::exists(m_dir.filePath("cancel/summary.json")));
        QVERIFY(QFile::exists(m_dir.filePath("cancel/model.pt")));
        QCOMPARE(rec.finished, 1);
    }

    // A run stopped between two tested epochs scores the kept network on target_test at the stop (issue 11):
    // the last tested accuracy (epoch 3 of a phase tested every 3 epochs) stays in last_epoch.
    void stoppedRunIsScoredAtTheStop()
    {
        Experiment e = finetuneExperiment();
        e.strategy = "scratch";
        e.source.reset();
        e.freeze.clear();
        e.target->labeledPerClass = 2; // 6 images: one step per epoch
        e.train.epochs = 101;          // tested every 3 epochs
        Recorder rec;
        RunControl control;
        rec.control = &control;
        rec.stopAfterSteps = 4; // stops after epoch 4, which was not tested
        auto o = options("stopped-scored");
        o.useCache = false;
        const auto r = runExperiment(e, o, rec, control);
        QVERIFY(r.exitCode == ExitCode::Cancelled);
        QCOMPARE(r.summary["epochs_run"].get<int>(), 4);
        QCOMPARE(r.summary.value("target_accuracy_measured", ""), std::string("at stop"));
        const double acc = r.summary["target_accuracy"].get<double>();
        QVERIFY(acc >= 0.0 && acc <= 1.0);
        QVERIFY(r.summary["last_epoch"]["metrics"].contains("target_accuracy")); // epoch 3's
    }

    // A process confined to fewer cores than the machine has (taskset, a container's cpuset) must not start a
    // thread per machine core: two OpenMP threads sharing a core made every barrier wait.
    void defaultThreadsFollowAffinity()
    {
        std::optional<int> confined, defaultCount;
        std::thread worker([&] {
            cpu_set_t all;
            CPU_ZERO(&all);
            if (sched_getaffinity(0, sizeof all, &all) != 0)
                return;
            int first = 0;
            while (!CPU_ISSET(first, &all))
                ++first;
            cpu_set_t one;
            CPU_ZERO(&one);
            CPU_SET(first, &one);
            if (sched_setaffinity(0, sizeof one, &one) != 0)
                return;
            confined = availableCores();
            defaultCount = configureThreads(0);
        });
        worker.join();
        configureThreads(0); // back to this thread's cores for the tests after this one
        QVERIFY2(confined.has_value(), "could not confine a thread to one core");
        QCOMPARE(*confined, 1);
        QCOMPARE(*defaultCount, 1);
        QVERIFY(availableCores() >= 1); // this thread's mask is unchanged
    }

    // A GUI or loader thread that runs LibTorch serially must not change the training thread's count, nor
    // start OpenMP workers of its own (they would make every OpenMP team stop spin-waiting). A thread that
    // never chose a count (an image-decoding thread) runs serially too and starts no thread at all: with a
    // process-wide count above 1 its first operation rebuilt LibTorch's pthreadpool with workers that
    // spin-wait beside the training.
    void serialThreadLeavesOthersAlone()
    {
        // Threads are counted by id, so that workers of an earlier thread exiting meanwhile (OpenMP tears its
        // team down after the thread is joined) do not cancel out ones this work starts.
        const auto threadsInProcess = [] {
            std::set<std::string> ids;
            for (const auto& entry : std::filesystem::directory_iterator("/proc/self/task"))
                ids.insert(entry.path().filename().string());
            return ids;
        };
        const int trainingThreads = configureThreads(2);
        const auto big = torch::rand({512, 512});
        const auto work = [&big] {
            return (torch::mm(big, big).sum() + torch::relu(torch::rand({1 << 20})).sum()).item<float>();
        };
        (void)work(); // the calling thread's team exists from here on
        struct Seen {
            int count = -1;
            long started = -1; // threads the work started
        };
        const auto onNewThread = [&](const std::function<void()>& setUp) {
            Seen seen;
            std::thread thread([&] {
                setUp();
                seen.count = at::get_num_threads();
                const auto before = threadsInProcess();
                (void)work();
                const auto after = threadsInProcess();
                seen.started = long(std::count_if(after.cbegin(), after.cend(),
                                                  [&before](const std::string& id) { return !before.count(id); }));
            });
            thread.join();
            return seen;
        };
        bool found = false;
        const Seen serial = onNewThread([&] { found = runTorchSeriallyOnThisThread(); });
        const Seen fresh = onNewThread([] {});
        const Seen configured = onNewThread([] { configureThreads(2); });
        const Seen freshAfter = onNewThread([] {});
        QVERIFY(found);
        QCOMPARE(serial.count, 1);
        QCOMPARE(serial.started, 0L);
        QCOMPARE(fresh.count, 1);
        QCOMPARE(fresh.started, 0L);
        QCOMPARE(configured.count, 2);
        QVERIFY2(configured.started > 0, "a thread that uses 2 threads should start OpenMP workers (the checks "
                                         "of 0 above would prove nothing otherwise)");
        QCOMPARE(freshAfter.count, 1); // configuring one thread set no default for the others
        QCOMPARE(freshAfter.started, 0L);
        QCOMPARE(at::get_num_threads(), trainingThreads);
    }

    // Work that can wait (the window's data panels, its t-SNE) runs at nice 19 on its own thread and the threads
    // it starts, never on the thread that asked for it or the others.
    void lowestPriorityStaysWithItsThread()
    {
        const auto niceOfThisThread = [] { return getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())); };
        const int before = niceOfThisThread();
        QVERIFY(before < 19);
        bool lowered = false;
        int inside = -100, started = -100;
        std::thread thread([&] {
            lowered = runAtLowestPriority();
            inside = niceOfThisThread();
            std::thread child([&] { started = niceOfThisThread(); });
            child.join();
        });
        thread.join();
        QVERIFY(lowered);
        QCOMPARE(inside, 19);
        QCOMPARE(started, 19);
        QCOMPARE(niceOfThisThread(), before);
        int fresh = -100;
        std::thread([&] { fresh = niceOfThisThread(); }).join();
        QCOMPARE(fresh, before);
    }

    // finetune from model.pretrained alone: no source section, none loaded, and the summary says where the
    // weights came from; scratch on the same file starts from random weights. Without either it still fails.
    void finetuneFromPretrainedWithoutSource()
    {
        // An app checkpoint trained on the source classes, as a previous run leaves it.
        auto pre = finetuneExperiment();
        pre.strategy = "scratch";
        pre.target = pre.source;
        pre.source.reset();
        pre.targetTest.reset();
        pre.freeze.clear();
        pre.train.epochs = 3;
        Recorder preRec;
        RunControl preControl;
        const auto p = runExperiment(pre, options("pre"), preRec, preControl);
        QVERIFY2(p.exitCode == ExitCode::Ok, p.error.c_str());
        QCOMPARE(p.summary["weights_from"].get<std::string>(), std::string("random"));
        const std::string checkpoint = m_dir.filePath("pre/model.pt").toStdString();
        const auto meta = readCheckpointMeta(checkpoint);
        QCOMPARE(meta["normalize"], nlohmann::json({{"mean", {0.5}}, {"std", {0.5}}}));

        auto e = finetuneExperiment();
        e.source.reset();
        e.model.pretrained = checkpoint;
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("ft-pretrained"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        QCOMPARE(r.summary["weights_from"].get<std::string>(), checkpoint);
        QVERIFY(!r.summary["datasets"].contains("source"));
        QVERIFY(r.summary["target_accuracy"].get<double>() > 0.5);
        QVERIFY(std::none_of(rec.epochs.begin(), rec.epochs.end(),
                             [](const EpochStats& s) { return s.phase == "pretrain"; }));
        // Frozen conv1 kept the pretrained weights exactly.
        auto before = makeBackbone("lenet", 1, 12, 12, 3);
        loadCheckpointInto(before, checkpoint);
        auto after = makeBackbone("lenet", 1, 12, 12, 3);
        loadCheckpointInto(after, m_dir.filePath("ft-pretrained/model.pt").toStdString());
        QCOMPARE(ts::testdata::weightDistance(before, after, "conv1"), 0.0);

        // With a source as well, the pretrained model wins and the source is not even loaded.
        e.source = idxSpec(m_train, {"a", "b", "c"});
        Recorder withSource;
        RunControl c2;
        const auto both = runExperiment(e, options("ft-pretrained-source"), withSource, c2);
        QVERIFY2(both.exitCode == ExitCode::Ok, both.error.c_str());
        QVERIFY(!both.summary["datasets"].contains("source"));
        QVERIFY(withSource.logged("starts from model.pretrained, so the source images are not used"));
        QCOMPARE(both.summary["target_accuracy"], r.summary["target_accuracy"]);

        // Finetune without pretraining reports where its weights came from too.
        const auto plain = runExperiment(finetuneExperiment(), options("ft-plain"), rec, control);
        QCOMPARE(plain.summary["weights_from"].get<std::string>(), std::string("source pretraining"));

        // scratch, for comparison, ignores the pretrained model.
        e.strategy = "scratch";
        e.source.reset();
        const auto scratch = runExperiment(e, options("scratch-pretrained"), rec, control);
        QVERIFY2(scratch.exitCode == ExitCode::Ok, scratch.error.c_str());
        QCOMPARE(scratch.summary["weights_from"].get<std::string>(), std::string("random"));

        // Neither a source nor a pretrained model: the error names both ways out.
        e.strategy = "finetune";
        e.model.pretrained.clear();
        const auto none = runExperiment(e, options("ft-none"), rec, control);
        QVERIFY(none.exitCode == ExitCode::BadInput);
        QVERIFY2(QString::fromStdString(none.error).contains("needs a labeled 'source' dataset") &&
                     QString::fromStdString(none.error).contains("model.pretrained"),
                 none.error.c_str());
    }

    // train.augment: the same seed repeats the run exactly; augmentation changes it; off is the default.
    void augmentedRunRepeats()
    {
        auto e = finetuneExperiment();
        e.strategy = "scratch";
        e.source.reset();
        e.freeze.clear();
        e.train.epochs = 3;
        const auto run = [&](const Experiment& x, const QString& out) {
            Recorder rec;
            RunControl control;
            const auto r = runExperiment(x, options(out), rec, control);
            if (r.exitCode != ExitCode::Ok)
                qWarning("%s", r.error.c_str());
            std::vector<double> losses;
            for (const auto& s : rec.steps)
                losses.push_back(s.values.at("loss"));
            return losses;
        };
        const auto plain = run(e, "aug-off");
        e.train.augment.crop = true;
        e.train.augment.cropScaleMin = 0.6;
        e.train.augment.flip = true;
        e.train.augment.jitter = 0.2;
        const auto a = run(e, "aug-a");
        const auto b = run(e, "aug-b");
        QVERIFY(!a.empty());
        QCOMPARE(a, b);
        QVERIFY(a != plain);
        QCOMPARE(a.size(), plain.size());
        e.train.seed = 2;
        QVERIFY(run(e, "aug-c") != a);
    }

    void badInputNamed_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("unknown freeze layer") << "freeze"
                                              << "'conv7'";
        QTest::newRow("unlabeled target") << "unlabeled"
                                          << "needs labeled target";
        QTest::newRow("missing source") << "nosource"
                                        << "needs a labeled 'source'";
        QTest::newRow("source_only mismatch") << "mismatch"
                                              << "class mismatch";
        QTest::newRow("missing idx file") << "missingfile"
                                          << "nothere.idx";
        QTest::newRow("unknown strategy") << "strategy"
                                          << "unknown strategy 'magic'";
        QTest::newRow("bad pretrained") << "pretrained"
                                        << "model.pretrained";
    }

    void badInputNamed()
    {
        QFETCH(QString, what);
        QFETCH(QString, fragment);
        auto e = finetuneExperiment();
        if (what == "freeze")
            e.freeze = {"conv7"};
        else if (what == "unlabeled") {
            e.target->format = "unlabeled";
            e.target->path = m_train.toStdString();
        } else if (what == "nosource")
            e.source.reset();
        else if (what == "mismatch")
            e.strategy = "source_only";
        else if (what == "missingfile")
            e.target->images = m_dir.filePath("nothere.idx").toStdString();
        else if (what == "strategy")
            e.strategy = "magic";
        else if (what == "pretrained")
            e.model.pretrained = m_dir.filePath("nothing.pt").toStdString();
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("bad"), rec, control);
        QVERIFY(r.exitCode == ExitCode::BadInput);
        QVERIFY2(QString::fromStdString(r.error).contains(fragment), r.error.c_str());
        QCOMPARE(rec.failed, 1);
    }
};

QTEST_APPLESS_MAIN(TestTraining)
#include "tst_training.moc"

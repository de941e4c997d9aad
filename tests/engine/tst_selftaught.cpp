// Self-taught learning and self-taught clustering: k-means and the clustering scores against hand-computed
// cases, the autoencoder decoder's shapes, freezing inside both strategies, and both end to end on tiny data.

#include "../common/enginetest.h"
#include "../common/tinydata.h"

#include "engine/analysis/clustering.h"
#include "engine/core/errors.h"
#include "engine/core/experiment.h"
#include "engine/nn/autoencoder.h"
#include "engine/nn/checkpoint.h"
#include "engine/train/runner.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace ts::engine;
using ts::testdata::idxSpec;
using ts::testdata::Recorder;
using ts::testdata::weightDistance;

Q_DECLARE_METATYPE(std::vector<std::int64_t>)

class TestSelfTaught : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_train, m_test;

    Experiment selftaught() const
    {
        Experiment e;
        e.strategy = "selftaught";
        e.source = idxSpec(m_train, {"a", "b", "c"}); // its labels are ignored (the strategy needs none)
        e.target = idxSpec(m_train, {"d", "e", "f"});
        e.target->labeledPerClass = 5;
        e.targetTest = idxSpec(m_test, {"d", "e", "f"});
        e.input = {12, 12, 1};
        e.model.backbone = "lenet";
        e.train.epochs = 15;
        e.train.batchSize = 8;
        e.train.lr = 1e-2;
        e.sections["selftaught"] = {{"autoencoder_epochs", 2}};
        return e;
    }

    Experiment clustering() const
    {
        Experiment e;
        e.strategy = "selftaught_clustering";
        e.source = idxSpec(m_train, {"a", "b", "c"});
        e.target = idxSpec(m_test, {"d", "e", "f"});
        e.input = {12, 12, 1};
        e.model.backbone = "lenet";
        e.train.batchSize = 16;
        e.train.lr = 3e-3;
        e.sections["clustering"] = {{"k", 3}, {"restarts", 3}, {"autoencoder_epochs", 3}};
        return e;
    }

    RunOptions options(const QString& sub) const { return ts::testdata::freshRunOptions(m_dir.filePath(sub)); }

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

    void kmeansFindsBlobs()
    {
        // Three blobs of three points; each blob's inertia is 2/9 + 5/9 + 5/9 = 4/3.
        auto x = torch::tensor({0., 0., 0., 1., 1., 0., 10., 10., 10., 11., 11., 10., -10., 10., -10., 11., -9., 10.},
                               torch::kFloat)
                     .view({9, 2});
        const auto r = kmeans(x, 3, 5, 1);
        QVERIFY(std::abs(r.inertia - 4.0) < 1e-9);
        const auto a = r.assignments;
        for (int blob = 0; blob < 3; ++blob) {
            QCOMPARE(a[3 * blob].item<std::int64_t>(), a[3 * blob + 1].item<std::int64_t>());
            QCOMPARE(a[3 * blob].item<std::int64_t>(), a[3 * blob + 2].item<std::int64_t>());
        }
        QVERIFY(a[0].item<std::int64_t>() != a[3].item<std::int64_t>() &&
                a[3].item<std::int64_t>() != a[6].item<std::int64_t>() &&
                a[0].item<std::int64_t>() != a[6].item<std::int64_t>());
        const auto c = r.centers[a[0].item<std::int64_t>()];
        QVERIFY(std::abs(c[0].item<float>() - 1.f / 3) < 1e-6 && std::abs(c[1].item<float>() - 1.f / 3) < 1e-6);
        // Seeded: the same seed gives the same clustering.
        QVERIFY(kmeans(x, 3, 5, 1).assignments.equal(a));
    }

    void kmeansRejectsBadK()
    {
        auto x = torch::zeros({4, 2});
        QVERIFY_THROWS_EXCEPTION(InputError, kmeans(x, 5, 1, 1));
        QVERIFY_THROWS_EXCEPTION(InputError, kmeans(x, 0, 1, 1));
        // Fewer distinct points than k still gives k (possibly empty-then-reseeded) clusters without failing.
        QCOMPARE(kmeans(x, 2, 2, 1).assignments.size(0), std::int64_t(4));
    }

    void scores_data()
    {
        QTest::addColumn<std::vector<std::int64_t>>("truth");
        QTest::addColumn<std::vector<std::int64_t>>("pred");
        QTest::addColumn<double>("nmi");
        QTest::addColumn<double>("ari");
        QTest::addColumn<double>("accuracy");
        using V = std::vector<std::int64_t>;
        QTest::newRow("identical") << V{0, 0, 1, 1} << V{0, 0, 1, 1} << 1.0 << 1.0 << 1.0;
        QTest::newRow("renamed") << V{0, 0, 1, 1} << V{7, 7, 3, 3} << 1.0 << 1.0 << 1.0;
        // Independent: MI = 0; ARI = (0 - 1/3) / (1 - 1/3) = -0.5.
        QTest::newRow("independent") << V{0, 0, 1, 1} << V{0, 1, 0, 1} << 0.0 << -0.5 << 0.5;
        // Counts [[2,1,0],[0,1,2]]: MI = (2/3) ln 2, H = ln 2 and ln 3 -> NMI = (4/3) ln 2 / ln 6;
        // ARI = (2 - 1.2) / (4.5 - 1.2); matched: 2 + 2 of 6.
        QTest::newRow("split") << V{0, 0, 0, 1, 1, 1} << V{0, 0, 1, 1, 2, 2}
                               << (4.0 / 3 * std::log(2.0) / std::log(6.0)) << (0.8 / 3.3) << (4.0 / 6);
        // scikit-learn's example: adjusted_rand_score([0,0,1,1],[0,0,1,2]) = 4/7.
        QTest::newRow("sklearn ari") << V{0, 0, 1, 1} << V{0, 0, 1, 2} << 0.8 << (4.0 / 7) << 0.75;
        // Greedy matching would take cluster 0 -> class 0 (3) and leave 0; the Hungarian method finds 2 + 2.
        QTest::newRow("hungarian beats greedy")
            << V{0, 0, 0, 1, 1, 0, 0} << V{0, 0, 0, 0, 0, 1, 1} << -1.0 << -9.0 << (4.0 / 7);
    }

    void scores()
    {
        QFETCH(std::vector<std::int64_t>, truth);
        QFETCH(std::vector<std::int64_t>, pred);
        QFETCH(double, nmi);
        QFETCH(double, ari);
        QFETCH(double, accuracy);
        if (nmi >= 0)
            QVERIFY2(std::abs(normalizedMutualInformation(truth, pred) - nmi) < 1e-9,
                     std::to_string(normalizedMutualInformation(truth, pred)).c_str());
        if (ari > -5)
            QVERIFY2(std::abs(adjustedRandIndex(truth, pred) - ari) < 1e-9,
                     std::to_string(adjustedRandIndex(truth, pred)).c_str());
        QVERIFY2(std::abs(clusterAccuracy(truth, pred) - accuracy) < 1e-9,
                 std::to_string(clusterAccuracy(truth, pred)).c_str());
    }

    void hungarianAssignment()
    {
        // The cheapest assignment is 0->1, 1->0, 2->2 (1 + 2 + 1 = 4), not the diagonal (4 + 3 + 1).
        const auto m = hungarian({{4, 1, 3}, {2, 3, 2}, {3, 2, 1}});
        QCOMPARE(m, (std::vector<int>{1, 0, 2}));
        // Rectangular: two rows, three columns.
        QCOMPARE(hungarian({{5, 1, 9}, {1, 5, 9}}), (std::vector<int>{1, 0}));
    }

    void decoderReconstructsInputShape_data()
    {
        QTest::addColumn<QString>("backbone");
        QTest::addColumn<int>("size");
        QTest::addColumn<int>("channels");
        for (const char* b : {"lenet", "dann_digits", "resnet_mini"})
            for (int size : {28, 32}) {
                QTest::newRow((std::string(b) + " " + std::to_string(size) + " grey").c_str()) << b << size << 1;
                QTest::newRow((std::string(b) + " " + std::to_string(size) + " rgb").c_str()) << b << size << 3;
            }
    }

    void decoderReconstructsInputShape()
    {
        QFETCH(QString, backbone);
        QFETCH(int, size);
        QFETCH(int, channels);
        Experiment e;
        e.input = {size, size, channels};
        e.model.backbone = backbone.toStdString();
        auto net = makeAutoencoderNetwork(e, 0);
        torch::NoGradGuard noGrad;
        net->eval();
        auto out = net->forward(torch::zeros({2, channels, size, size}));
        QCOMPARE(out.sizes().vec(), (std::vector<std::int64_t>{2, channels, size, size}));
        QVERIFY(out.abs().max().item<float>() <= 1.f);
        for (const auto& name : decoderLayerNames())
            QCOMPARE(net->roleOf(name), std::string("decoder"));
        auto withHead = makeAutoencoderNetwork(e, 4);
        QCOMPARE(withHead->forward(torch::zeros({1, channels, size, size})).size(1), std::int64_t(4));
    }

    void selftaughtEndToEnd()
    {
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(selftaught(), options("st"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        const auto& s = r.summary;
        QVERIFY2(s["target_accuracy"].get<double>() > 0.6, s.dump().c_str()); // 3 classes: chance is 1/3
        QVERIFY(s["strategy_metrics"]["reconstruction_loss"].is_number());
        // The autoencoder phase reports reconstruction loss per step and per epoch, and it falls.
        std::vector<double> rec1;
        for (const auto& ep : rec.epochs)
            if (ep.phase == "autoencoder")
                rec1.push_back(ep.metrics.at("reconstruction_loss"));
        QCOMPARE(rec1.size(), size_t(2));
        QVERIFY(rec1[1] < rec1[0]);
        QVERIFY(rec.steps.front().phase == "autoencoder" && rec.steps.front().values.count("reconstruction_loss"));
        QCOMPARE(rec.epochs.back().phase, std::string("train"));
        // Default: the encoder is frozen for the target phase; only the head changes there.
        for (const auto& l : s["layers"]) {
            const auto name = l["name"].get<std::string>();
            QCOMPARE(l["frozen"].get<bool>(), name != "head");
            if (name != "head")
                QCOMPARE(l["weight_change"].get<double>(), 0.0);
        }
        QVERIFY(QFile::exists(m_dir.filePath("st/metrics.jsonl")));
        // The source here has labels: the run says they are ignored (and the GUI's tooltip shows the same).
        QVERIFY(rec.logged("ignores the labels of the source images"));
    }

    void dataNotesNameIgnoredLabels()
    {
        auto e = selftaught();
        const auto* info = findStrategyInfo("selftaught");
        QVERIFY(info);
        QVERIFY(QString::fromStdString(dataNotes(*info, e)).contains("'selftaught' ignores the labels of the source"));
        e.source->format = "unlabeled";
        e.source->images.clear();
        e.source->labels.clear();
        e.source->path = m_train.toStdString();
        QCOMPARE(dataNotes(*info, e), std::string()); // nothing left out
        const auto* finetune = findStrategyInfo("finetune");
        QCOMPARE(dataNotes(*finetune, selftaught()), std::string());
    }

    void selftaughtFreezing()
    {
        // A frozen layer keeps its initial weights in both phases: compare with a run that trains nothing.
        auto e = selftaught();
        e.freeze = {"conv1", "dec_up1"};
        e.sections["selftaught"]["finetune_encoder"] = true;
        e.train.epochs = 2;
        Recorder rec;
        RunControl control;
        auto r = runExperiment(e, options("st-freeze"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        for (const auto& l : r.summary["layers"]) {
            const auto name = l["name"].get<std::string>();
            if (name == "conv2" || name == "fc1" || name == "head")
                QVERIFY2(l["weight_change"].get<double>() > 0, name.c_str()); // fine-tuned
        }
        auto idle = e;
        idle.sections["selftaught"]["autoencoder_epochs"] = 0;
        idle.train.epochs = 0;
        r = runExperiment(idle, options("st-idle"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        auto trained = previewNetwork(e, {3, 3, 0}), untrained = previewNetwork(e, {3, 3, 0});
        loadCheckpointInto(trained, m_dir.filePath("st-freeze/model.pt").toStdString());
        loadCheckpointInto(untrained, m_dir.filePath("st-idle/model.pt").toStdString());
        QCOMPARE(weightDistance(trained, untrained, "conv1"), 0.0);
        QCOMPARE(weightDistance(trained, untrained, "dec_up1"), 0.0);
        QVERIFY(weightDistance(trained, untrained, "conv2") > 0);
        QVERIFY(weightDistance(trained, untrained, "dec_fc") > 0);
    }

    void frozenHeadConverges()
    {
        // A learning rate so small that a fixed schedule of 30 Adam steps leaves the head near its random start;
        // the head fitted on the frozen encoder's cached features ignores it and converges anyway.
        auto e = selftaught();
        e.train.lr = 1e-5;
        e.sections["selftaught"]["autoencoder_epochs"] = 1;
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("st-converge"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        const auto& m = r.summary["strategy_metrics"];
        QVERIFY2(m["head_converged"].get<bool>(), m.dump().c_str());
        QVERIFY2(m["head_train_accuracy"].get<double>() == 1.0, m.dump().c_str()); // 15 separable images
        QVERIFY(m["head_iterations"].get<int>() < 500);
        QCOMPARE(r.summary["epochs_run"].get<int>(), m["head_iterations"].get<int>());
        // The loss stopped improving: the last reported epochs barely differ, and they are below the first.
        std::vector<double> loss;
        for (const auto& ep : rec.epochs)
            if (ep.phase == "train")
                loss.push_back(ep.metrics.at("train_loss"));
        std::string trace;
        for (double l : loss)
            trace += std::to_string(l) + " ";
        QVERIFY2(loss.size() >= 3, trace.c_str());
        QVERIFY2(loss.back() < 0.7 * loss.front(), (trace + m.dump()).c_str());
        QVERIFY2(std::abs(loss[loss.size() - 2] - loss.back()) <= 1e-2 * loss.back(), m.dump().c_str());
        QCOMPARE(loss.back(), m["head_train_loss"].get<double>());
        // The plotted accuracy (cached features) is the full network's accuracy on target_test.
        QCOMPARE(rec.epochs.back().metrics.at("target_accuracy"), r.summary["target_accuracy"].get<double>());
        QVERIFY2(r.summary["target_accuracy"].get<double>() > 0.6, r.summary.dump().c_str());

        // The old schedule, still used when the encoder is fine-tuned: freezing the encoder by hand leaves only
        // the head to train, with epochs of mini-batches at train.lr. It does not fit the labels.
        e.sections["selftaught"]["finetune_encoder"] = true;
        e.freeze = {"conv1", "conv2", "fc1", "fc2"};
        rec = Recorder{};
        const auto old = runExperiment(e, options("st-schedule"), rec, control);
        QVERIFY2(old.exitCode == ExitCode::Ok, old.error.c_str());
        QVERIFY2(rec.epochs.back().metrics.at("train_accuracy") < 1.0, old.summary.dump().c_str());
        QVERIFY(rec.epochs.back().metrics.at("train_loss") > loss.back());
    }

    void allLabelsTrainWithoutEarlyStopping_data()
    {
        QTest::addColumn<bool>("finetune");
        QTest::addColumn<int>("patience");
        QTest::addColumn<bool>("all");
        QTest::newRow("fitted head, no early stopping") << false << 0 << true;
        QTest::newRow("fitted head ignores patience") << false << 3 << true;
        QTest::newRow("fine-tuned, no early stopping") << true << 0 << true;
        QTest::newRow("fine-tuned, early stopping holds out") << true << 3 << false;
    }

    void allLabelsTrainWithoutEarlyStopping()
    {
        QFETCH(bool, finetune);
        QFETCH(int, patience);
        QFETCH(bool, all);
        auto e = selftaught();
        e.target->labeledPerClass = 10;
        e.train.earlyStoppingPatience = patience;
        e.train.epochs = 1;
        e.sections["selftaught"] = {{"autoencoder_epochs", 0}, {"finetune_encoder", finetune}};
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("st-labels"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        const auto used = r.summary["strategy_metrics"]["labeled_target_images"].get<int>();
        if (all)
            QCOMPARE(used, 30); // 10 labels for each of 3 classes, every one trained on
        else
            QVERIFY2(used < 30 && used >= 24, std::to_string(used).c_str());
    }

    void pixelsBaseline()
    {
        auto e = selftaught();
        e.sections["selftaught"]["representation"] = "pixels";
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("st-pixels"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        QCOMPARE(r.summary["layers"].size(), size_t(1));
        QVERIFY(r.summary["target_accuracy"].get<double>() > 0.6);
        for (const auto& s : rec.steps)
            QVERIFY(s.phase != "autoencoder");
        // Logistic regression on pixels gets the same converged fit as the head on learned features.
        QVERIFY(r.summary["strategy_metrics"]["head_converged"].get<bool>());
        QCOMPARE(r.summary["strategy_metrics"]["head_train_accuracy"].get<double>(), 1.0);
    }

    void clusteringEndToEnd()
    {
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(clustering(), options("cl"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        const auto& m = r.summary["strategy_metrics"];
        for (const char* key : {"nmi", "ari", "cluster_accuracy"})
            QVERIFY2(m[key].is_number(), key);
        QVERIFY2(m["cluster_accuracy"].get<double>() > 0.6, m.dump().c_str()); // chance-level matching is ~0.4
        QVERIFY(m["baseline_raw_pixels"]["nmi"].is_number());
        QVERIFY(m["baseline_target_only_autoencoder"]["cluster_accuracy"].is_number());
        QCOMPARE(m["cluster_sizes"].size(), size_t(3));
        QVERIFY(rec.epochs.back().metrics.count("nmi"));
        QVERIFY(rec.predictions.clusters);
        QCOMPARE(rec.predictions.predictedNames, (std::vector<std::string>{"cluster 0", "cluster 1", "cluster 2"}));
        QCOMPARE(rec.predictions.predicted.size(), size_t(30));
        // clusters.csv: a header and one row per target image, with its cluster and class.
        std::ifstream csv(m_dir.filePath("cl/clusters.csv").toStdString());
        QVERIFY(csv.good());
        std::string line;
        std::getline(csv, line);
        QCOMPARE(line, std::string("file,cluster,label"));
        int rows = 0;
        while (std::getline(csv, line)) {
            ++rows;
            QVERIFY2(line.find("images.idx#") != std::string::npos, line.c_str());
            const auto label = line.substr(line.rfind(',') + 1);
            QVERIFY(label == "d" || label == "e" || label == "f");
        }
        QCOMPARE(rows, 30);
    }

    void clusteringFreezingAndBadK()
    {
        auto e = clustering();
        e.freeze = {"conv2"};
        e.sections["clustering"]["compare_baselines"] = false;
        Recorder rec;
        RunControl control;
        auto r = runExperiment(e, options("cl-freeze"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        QVERIFY(r.summary["strategy_metrics"].contains("baseline_raw_pixels"));
        QVERIFY(!r.summary["strategy_metrics"].contains("baseline_target_only_autoencoder"));
        for (const auto& l : r.summary["layers"]) {
            const auto name = l["name"].get<std::string>();
            if (name == "conv2")
                QCOMPARE(l["weight_change"].get<double>(), 0.0);
            else
                QVERIFY2(l["weight_change"].get<double>() > 0, name.c_str());
        }
        // More clusters than images is an error that names the option.
        e.sections["clustering"]["k"] = 1000;
        r = runExperiment(e, options("cl-bad"), rec, control);
        QVERIFY2(QString::fromStdString(r.error).contains("clustering.k is 1000 but the target has only 30 images"),
                 r.error.c_str());
        QVERIFY(r.exitCode == ExitCode::BadInput);
    }
};

QTEST_APPLESS_MAIN(TestSelfTaught)
#include "tst_selftaught.moc"

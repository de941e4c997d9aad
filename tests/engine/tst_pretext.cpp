// The rotation pretext task and the representation options the two self-taught strategies share: the
// rotated batches against torch::rot90, the pretext learning what it should on tiny data, the classifier and
// k-means reading the chosen feature layer, the scaled-pixel baseline, and the errors for a bad layer.

#include "../common/enginetest.h"
#include "../common/tinydata.h"

#include "engine/core/errors.h"
#include "engine/core/experiment.h"
#include "engine/train/pretext.h"
#include "engine/train/runner.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace ts::engine;
using ts::testdata::idxSpec;
using ts::testdata::Recorder;

class TestPretext : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_train, m_test;

    Experiment selftaught() const
    {
        Experiment e;
        e.strategy = "selftaught";
        e.source = idxSpec(m_train, {"a", "b", "c"}); // labels ignored
        e.target = idxSpec(m_train, {"d", "e", "f"});
        e.target->labeledPerClass = 5;
        e.targetTest = idxSpec(m_test, {"d", "e", "f"});
        e.input = {12, 12, 1};
        e.model.backbone = "lenet";
        e.train.batchSize = 8;
        e.train.lr = 1e-2;
        e.sections["selftaught"] = {{"representation", "rotation"}, {"rotation_epochs", 4}, {"feature_layer", "conv2"}};
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
        e.sections["clustering"] = {{"k", 3},
                                    {"restarts", 3},
                                    {"representation", "rotation"},
                                    {"rotation_epochs", 2},
                                    {"feature_layer", "conv2"},
                                    {"normalize", "standardize"}};
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

    void rotationCountFollowsShape()
    {
        QCOMPARE(rotationCount(12, 12), 4);
        QCOMPARE(rotationCount(12, 16), 2); // a quarter turn would change the shape
    }

    void rotatedImagesMatchRot90()
    {
        const auto x = torch::arange(2 * 3 * 4 * 4, torch::kFloat).view({2, 3, 4, 4});
        const auto turns = torch::tensor({3, 1}, torch::kLong);
        const auto r = rotateImages(x, turns, 4);
        QVERIFY(r[0].equal(torch::rot90(x[0], 3, {1, 2})));
        QVERIFY(r[1].equal(torch::rot90(x[1], 1, {1, 2})));
        QVERIFY(!r[1].equal(x[1]));
        // Two rotations: class 1 is a half turn.
        const auto half = rotateImages(x, torch::tensor({1, 0}, torch::kLong), 2);
        QVERIFY(half[0].equal(torch::rot90(x[0], 2, {1, 2})));
        QVERIFY(half[1].equal(x[1]));
    }

    void selftaughtLearnsRotationAndReadsConv2()
    {
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(selftaught(), options("rot"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        const auto& m = r.summary["strategy_metrics"];
        QCOMPARE(m["representation"].get<std::string>(), std::string("rotation"));
        QCOMPARE(m["feature_layer"].get<std::string>(), std::string("conv2"));
        QCOMPARE(m["pretext_rotations"].get<int>(), 4);
        QCOMPARE(m["pretext_epochs"].get<int>(), 4);
        // The squares of the three source classes sit in the left column, so a turn moves them somewhere no
        // unturned image has one: the rotation is learnable, far above the 25 % of chance.
        QVERIFY2(m["pretext_accuracy"].get<double>() > 0.6, m.dump().c_str());
        int pretextEpochs = 0;
        for (const auto& ep : rec.epochs)
            if (ep.phase == "pretext") {
                ++pretextEpochs;
                QVERIFY(ep.metrics.count("train_accuracy"));
            }
        QCOMPARE(pretextEpochs, 4);
        QVERIFY(r.summary["target_accuracy"].get<double>() > 0.6);
        // The head reads conv2 (16 x 1 x 1 features for 12 x 12 input), and the encoder up to conv2 stays as
        // the pretext task left it; the pretext classifier rests during the target phase.
        bool headSeen = false;
        for (const auto& l : r.summary["layers"]) {
            const auto name = l["name"].get<std::string>();
            if (name == "head") {
                headSeen = true;
                QCOMPARE(l["params"].get<int>(), 16 * 3 + 3); // conv2's 16 features (fc2 would give 84 * 3 + 3)
                QVERIFY(!l["frozen"].get<bool>());
            }
            if (name == "conv1" || name == "conv2" || name == kPretextLayer)
                QVERIFY2(l["frozen"].get<bool>(), name.c_str());
        }
        QVERIFY(headSeen);
    }

    void unknownFeatureLayerIsNamed()
    {
        auto e = selftaught();
        e.sections["selftaught"]["feature_layer"] = "conv9";
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("rot-bad"), rec, control);
        QCOMPARE(r.exitCode, ExitCode::BadInput);
        QVERIFY2(r.error.find("selftaught.feature_layer") != std::string::npos, r.error.c_str());
        QVERIFY2(r.error.find("conv9") != std::string::npos, r.error.c_str());
        QVERIFY2(r.error.find("conv2") != std::string::npos, r.error.c_str()); // the valid layers are listed
    }

    void autoencoderCanFeedAnEarlierLayer()
    {
        auto e = selftaught();
        e.sections["selftaught"] = {
            {"representation", "autoencoder"}, {"autoencoder_epochs", 1}, {"feature_layer", "conv2"}};
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("ae-conv2"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        QCOMPARE(r.summary["strategy_metrics"]["feature_layer"].get<std::string>(), std::string("conv2"));
        QVERIFY(r.summary["strategy_metrics"]["reconstruction_loss"].is_number());
    }

    void clusteringOnStandardisedRotationFeatures()
    {
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(clustering(), options("cl-rot"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        const auto& m = r.summary["strategy_metrics"];
        QCOMPARE(m["code_layer"].get<std::string>(), std::string("conv2"));
        QCOMPARE(m["normalize"].get<std::string>(), std::string("standardize"));
        QVERIFY(m["pretext_accuracy"].is_number());
        // Beside raw pixels: pixels scaled the same way, and the same representation learned on the target.
        for (const char* key : {"baseline_raw_pixels", "baseline_normalized_pixels", "baseline_target_only_rotation"})
            QVERIFY2(m[key]["nmi"].is_number(), key);
        QVERIFY(m["baseline_target_only_rotation"]["pretext_accuracy"].is_number());
        // The target-only baseline is not reported live, so the run's phases are its own.
        for (const auto& s : rec.steps)
            QVERIFY2(s.phase == "pretext", s.phase.c_str());
        QVERIFY2(m["cluster_accuracy"].get<double>() > 0.6, m.dump().c_str());
    }

    void noScalingNoScaledPixelBaseline()
    {
        auto e = clustering();
        e.sections["clustering"]["normalize"] = "none";
        e.sections["clustering"]["compare_baselines"] = false;
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("cl-none"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        const auto& m = r.summary["strategy_metrics"];
        QVERIFY(m.contains("baseline_raw_pixels"));
        QVERIFY(!m.contains("baseline_normalized_pixels"));
        QVERIFY(!m.contains("baseline_target_only_rotation"));
    }
};

QTEST_GUILESS_MAIN(TestPretext)
#include "tst_pretext.moc"

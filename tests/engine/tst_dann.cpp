// Domain-adversarial training and multitask learning: the gradient reversal layer, the lambda and
// learning-rate schedules, freezing, end-to-end runs on tiny IDX data and the errors for bad input.

#include "../common/enginetest.h"
#include "../common/tinydata.h"

#include "engine/core/errors.h"
#include "engine/core/experiment.h"
#include "engine/nn/checkpoint.h"
#include "engine/nn/gradientreversal.h"
#include "engine/train/runner.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace ts::engine;
using ts::testdata::idxSpec;
using ts::testdata::Recorder;

namespace {

std::vector<torch::Tensor> layerParameters(Network& net, const std::string& layer)
{
    std::vector<torch::Tensor> out;
    for (const auto& p : net->layer(layer)->parameters())
        out.push_back(p.detach().clone());
    return out;
}

bool identical(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b)
{
    if (a.size() != b.size() || a.empty())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!torch::equal(a[i], b[i]))
            return false;
    return true;
}

const nlohmann::json* findLayer(const nlohmann::json& summary, const std::string& name)
{
    for (const auto& l : summary["layers"])
        if (l["name"] == name)
            return &l;
    return nullptr;
}

} // namespace

class TestDann : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_source, m_target, m_test;

    // Source: classes a, b, c; target: the same classes drawn with other seeds (labels hidden from DANN).
    Experiment dannExperiment() const
    {
        Experiment e;
        e.strategy = "dann";
        e.source = idxSpec(m_source, {"a", "b", "c"});
        e.target = idxSpec(m_target, {"a", "b", "c"});
        e.target->labeledPerClass = 0; // DANN must not need target labels
        e.targetTest = idxSpec(m_test, {"a", "b", "c"});
        e.input = {12, 12, 1};
        e.model.backbone = "lenet";
        e.train.epochs = 4;
        e.train.batchSize = 8;
        e.train.lr = 1e-2;
        return e;
    }

    // Task A: source classes a, b, c; task B: target classes d, e, f with 5 labels each.
    Experiment multitaskExperiment() const
    {
        Experiment e;
        e.strategy = "multitask";
        e.source = idxSpec(m_source, {"a", "b", "c"});
        e.source->split = 0.2;
        e.target = idxSpec(m_target, {"d", "e", "f"});
        e.target->labeledPerClass = 5;
        e.targetTest = idxSpec(m_test, {"d", "e", "f"});
        e.input = {12, 12, 1};
        e.model.backbone = "lenet";
        e.train.epochs = 4;
        e.train.batchSize = 8;
        e.train.lr = 1e-2;
        return e;
    }

    RunOptions options(const QString& sub) const { return ts::testdata::freshRunOptions(m_dir.filePath(sub)); }

    // A lenet checkpoint with known weights for runs that start from model.pretrained.
    std::string pretrainedCheckpoint(int classes)
    {
        const auto path = m_dir.filePath("pretrained-" + QString::number(classes) + ".pt").toStdString();
        torch::manual_seed(99);
        auto net = makeBackbone("lenet", 1, 12, 12, classes);
        std::vector<std::string> names;
        for (int i = 0; i < classes; ++i)
            names.push_back(std::string(1, char('a' + i)));
        saveCheckpoint(
            net, path,
            {{"backbone", "lenet"}, {"input", {{"channels", 1}, {"height", 12}, {"width", 12}}}, {"classes", names}});
        return path;
    }

    static Network loadLenet(const std::string& path)
    {
        auto net = makeBackbone("lenet", 1, 12, 12, 3);
        loadCheckpointInto(net, path);
        return net;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_source = m_dir.filePath("source");
        m_target = m_dir.filePath("target");
        m_test = m_dir.filePath("test");
        for (const auto& d : {m_source, m_target, m_test})
            QDir().mkpath(d);
        ts::testdata::writeIdx(m_source.toStdString(), 6, 20, 12, 1);
        ts::testdata::writeIdx(m_target.toStdString(), 6, 20, 12, 2);
        ts::testdata::writeIdx(m_test.toStdString(), 6, 10, 12, 3);
    }

    void gradientReversal_data()
    {
        QTest::addColumn<double>("lambda");
        QTest::newRow("lambda 1") << 1.0;
        QTest::newRow("lambda 0.37") << 0.37;
        QTest::newRow("lambda 2.5") << 2.5;
    }

    void gradientReversal()
    {
        QFETCH(double, lambda);
        torch::manual_seed(3);
        auto x = torch::randn({4, 5}, torch::requires_grad());
        auto upstream = torch::randn({4, 5});
        auto y = ts::engine::gradientReversal(x, lambda);
        QVERIFY(torch::equal(y, x));           // identity forward
        QVERIFY(y.data_ptr() != x.data_ptr()); // a new tensor, not a view
        y.backward(upstream);
        QVERIFY(torch::equal(x.grad(), upstream * (-lambda))); // exactly -lambda * grad
        QVERIFY(!torch::allclose(x.grad(), upstream));

        // The layer, inside a small graph: d/dx sum(w * grl(x)) = -lambda * w.
        GradientReversal layer;
        QCOMPARE(layer.kind(), std::string("grl"));
        QVERIFY(layer.parameters().empty());
        layer.setLambda(lambda);
        QCOMPARE(layer.lambda(), lambda);
        auto x2 = torch::randn({3, 7}, torch::requires_grad());
        auto w = torch::randn({3, 7});
        (layer.forward(x2) * w).sum().backward();
        QVERIFY(torch::equal(x2.grad(), w * (-lambda)));
    }

    void lambdaSchedule_data()
    {
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<double>("progress");
        QTest::addColumn<double>("gamma");
        QTest::addColumn<double>("lambdaMax");
        QTest::addColumn<double>("expected");
        QTest::newRow("paper p=0") << "paper" << 0.0 << 10.0 << 1.0 << 0.0;
        QTest::newRow("paper p=1") << "paper" << 1.0 << 10.0 << 1.0 << 2.0 / (1.0 + std::exp(-10.0)) - 1.0;
        QTest::newRow("paper p=0.1") << "paper" << 0.1 << 10.0 << 1.0 << 2.0 / (1.0 + std::exp(-1.0)) - 1.0;
        QTest::newRow("paper p=0.5 max 0.5")
            << "paper" << 0.5 << 10.0 << 0.5 << 0.5 * (2.0 / (1.0 + std::exp(-5.0)) - 1.0);
        QTest::newRow("paper gamma 2") << "paper" << 1.0 << 2.0 << 1.0 << 2.0 / (1.0 + std::exp(-2.0)) - 1.0;
        QTest::newRow("constant p=0") << "constant" << 0.0 << 10.0 << 0.3 << 0.3;
        QTest::newRow("constant p=1") << "constant" << 1.0 << 10.0 << 0.3 << 0.3;
    }

    void lambdaSchedule()
    {
        QFETCH(QString, schedule);
        QFETCH(double, progress);
        QFETCH(double, gamma);
        QFETCH(double, lambdaMax);
        QFETCH(double, expected);
        const double got = scheduledLambda(schedule.toStdString(), progress, gamma, lambdaMax);
        QVERIFY2(std::abs(got - expected) < 1e-12, qPrintable(QString("%1 != %2").arg(got).arg(expected)));
        QVERIFY(std::abs(paperLambda(1.0) - 0.9999092042625951) < 1e-12);
        QVERIFY_THROWS_EXCEPTION(InputError, scheduledLambda("linear", 0.5, 10, 1));
    }

    void annealedLearningRate_data()
    {
        QTest::addColumn<double>("progress");
        QTest::addColumn<double>("expected");
        QTest::newRow("p=0") << 0.0 << 1.0;
        QTest::newRow("p=0.5") << 0.5 << std::pow(6.0, -0.75);
        QTest::newRow("p=1") << 1.0 << std::pow(11.0, -0.75);
    }

    void annealedLearningRate()
    {
        QFETCH(double, progress);
        QFETCH(double, expected);
        QVERIFY(std::abs(annealedLrFactor(progress) - expected) < 1e-12);
        QVERIFY(std::abs(annealedLrFactor(1.0) - 0.16556002607617) < 1e-12);
    }

    void registered()
    {
        const auto* dann = findStrategyInfo("dann");
        const auto* multitask = findStrategyInfo("multitask");
        QVERIFY(dann && multitask);
        QCOMPARE(dann->setting, std::string("source labeled, target unlabeled"));
        QCOMPARE(multitask->setting, std::string("source labeled, target labeled"));
        QCOMPARE(dann->section, std::string("dann"));
        QCOMPARE(multitask->section, std::string("multitask"));
        const auto section = resolveSection(*dann, nlohmann::json());
        QCOMPARE(section["domain_hidden"].get<int>(), 100);
        QCOMPARE(section["gamma"].get<double>(), 10.0);
        QCOMPARE(section["schedule"].get<std::string>(), std::string("paper"));
        QVERIFY(section["anneal_lr"].get<bool>());
        QCOMPARE(resolveSection(*multitask, nlohmann::json())["weights"], nlohmann::json::array({1.0, 1.0}));
    }

    void dannNetworkLayout()
    {
        auto e = dannExperiment();
        e.sections["dann"] = {{"branch", "fc1"}, {"domain_hidden", 17}};
        auto net = previewNetwork(e, {3, 3, 0});
        std::map<std::string, LayerInfo> layers;
        for (const auto& l : net->describe({1, 12, 12}))
            layers[l.name] = l;
        QCOMPARE(layers.at("conv1").role, std::string("feature"));
        QCOMPARE(layers.at("fc1").role, std::string("feature"));
        QCOMPARE(layers.at("fc2").role, std::string("label"));
        QCOMPARE(layers.at("head").role, std::string("label"));
        QCOMPARE(layers.at("grl").kind, std::string("grl"));
        QCOMPARE(layers.at("grl").input, std::string("fc1"));
        QCOMPARE(layers.at("domain_fc1").outputShape, (std::vector<std::int64_t>{17}));
        QCOMPARE(layers.at("domain_head").outputShape, (std::vector<std::int64_t>{2}));
        QCOMPARE(layers.at("domain_head").role, std::string("domain"));
        QCOMPARE(net->outputLayer(), std::string("head"));
    }

    void dannEndToEnd()
    {
        Recorder rec;
        RunControl control;
        auto e = dannExperiment();
        const auto r = runExperiment(e, options("dann"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        const auto& s = r.summary;
        QVERIFY(s["target_accuracy"].get<double>() > 0.6); // 3 classes: chance is 1/3
        const auto& m = s["strategy_metrics"];
        QVERIFY(m["domain_accuracy"].is_number());
        QCOMPARE(m["branch"].get<std::string>(), std::string("fc2"));
        QCOMPARE(m["domain_chance"].get<double>(), 0.5);
        // 60 source images in batches of 8: 8 steps per epoch, 32 in all; lambda follows the paper schedule.
        QCOMPARE(rec.steps.size(), size_t(32));
        for (size_t k = 0; k < rec.steps.size(); ++k) {
            const auto& v = rec.steps[k].values;
            for (const char* key : {"label_loss", "domain_loss", "domain_accuracy", "domain_chance", "lambda", "lr"})
                QVERIFY2(v.count(key), key);
            const double p = static_cast<double>(k) / 32.0;
            QVERIFY(std::abs(v.at("lambda") - paperLambda(p)) < 1e-12);
            QVERIFY(std::abs(v.at("lr") - e.train.lr * annealedLrFactor(p)) < 1e-9);
        }
        QCOMPARE(rec.steps.front().values.at("lambda"), 0.0);
        QVERIFY(std::abs(m["lambda_final"].get<double>() - paperLambda(31.0 / 32.0)) < 1e-12);
        QCOMPARE(rec.epochs.size(), size_t(4));
        for (const auto& ep : rec.epochs) {
            QVERIFY(ep.metrics.count("target_accuracy"));
            QVERIFY(ep.metrics.count("domain_accuracy"));
        }
        QCOMPARE(rec.layerChangeReports, 4);
        for (const char* name : {"grl", "domain_fc1", "domain_head"}) {
            const auto* l = findLayer(s, name);
            QVERIFY2(l, name);
            QCOMPARE((*l)["role"].get<std::string>(), std::string("domain"));
        }
        QVERIFY((*findLayer(s, "domain_fc1"))["weight_change"].get<double>() > 0);
        QVERIFY(s["confusion"]["matrix"].size() == 3);
        // metrics.jsonl carries the per-step values.
        std::ifstream jsonl(m_dir.filePath("dann/metrics.jsonl").toStdString());
        std::string all((std::istreambuf_iterator<char>(jsonl)), std::istreambuf_iterator<char>());
        for (const char* key : {"\"domain_loss\"", "\"label_loss\"", "\"lambda\"", "\"domain_chance\""})
            QVERIFY2(all.find(key) != std::string::npos, key);
    }

    void dannConstantScheduleNoAnneal()
    {
        Recorder rec;
        RunControl control;
        auto e = dannExperiment();
        e.train.epochs = 1;
        e.sections["dann"] = {{"schedule", "constant"}, {"lambda_max", 0.25}, {"anneal_lr", false}};
        const auto r = runExperiment(e, options("dann-const"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        QVERIFY(!rec.steps.empty());
        for (const auto& s : rec.steps) {
            QCOMPARE(s.values.at("lambda"), 0.25);
            QCOMPARE(s.values.at("lr"), e.train.lr);
        }
    }

    void multitaskEndToEnd_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<QString>("branch");
        QTest::newRow("alternate, default branch") << "alternate"
                                                   << "";
        QTest::newRow("mixed, branch fc1") << "mixed"
                                           << "fc1";
    }

    void multitaskEndToEnd()
    {
        QFETCH(QString, mode);
        QFETCH(QString, branch);
        auto e = multitaskExperiment();
        e.sections["multitask"] = {{"mode", mode.toStdString()}, {"weights", {1.0, 2.0}}};
        if (!branch.isEmpty())
            e.sections["multitask"]["branch"] = branch.toStdString();
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("mt-" + mode), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        const auto& s = r.summary;
        const auto& acc = s["strategy_metrics"]["task_accuracy"];
        QVERIFY2(acc["a"].get<double>() > 0.6, s.dump().c_str());
        QVERIFY2(acc["b"].get<double>() > 0.6, s.dump().c_str());
        QCOMPARE(s["target_accuracy"].get<double>(), acc["b"].get<double>());
        QCOMPARE(s["source_accuracy"].get<double>(), acc["a"].get<double>());
        QCOMPARE(s["strategy_metrics"]["mode"].get<std::string>(), mode.toStdString());
        QCOMPARE(s["confusion"]["classes"].get<std::vector<std::string>>(), (std::vector<std::string>{"d", "e", "f"}));
        std::vector<std::string> expected = branch.isEmpty()
                                                ? std::vector<std::string>{"a_head", "b_head"}
                                                : std::vector<std::string>{"a_fc2", "a_head", "b_fc2", "b_head"};
        for (const auto& name : expected) {
            const auto* l = findLayer(s, name);
            QVERIFY2(l, name.c_str());
            QCOMPARE((*l)["role"].get<std::string>(), std::string(name[0] == 'a' ? "task_a" : "task_b"));
        }
        QVERIFY(!findLayer(s, "head"));
        QVERIFY(!rec.epochs.empty());
        for (const auto& ep : rec.epochs)
            QVERIFY(ep.metrics.count("task_a_accuracy") && ep.metrics.count("task_b_accuracy"));
        bool sawA = false, sawB = false;
        for (const auto& st : rec.steps) {
            sawA = sawA || st.values.count("task_a_loss");
            sawB = sawB || st.values.count("task_b_loss");
            if (mode == "mixed")
                QVERIFY(st.values.count("task_a_loss") && st.values.count("task_b_loss"));
        }
        QVERIFY(sawA && sawB);
    }

    void freezingInsideDann()
    {
        auto e = dannExperiment();
        e.train.epochs = 2;
        e.model.pretrained = pretrainedCheckpoint(3);
        e.freeze = {"conv1", "fc1"};
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("dann-freeze"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        auto before = loadLenet(e.model.pretrained);
        auto after = loadLenet(m_dir.filePath("dann-freeze/model.pt").toStdString());
        QVERIFY(identical(layerParameters(before, "conv1"), layerParameters(after, "conv1")));
        QVERIFY(identical(layerParameters(before, "fc1"), layerParameters(after, "fc1")));
        QVERIFY(!identical(layerParameters(before, "conv2"), layerParameters(after, "conv2")));
        QCOMPARE((*findLayer(r.summary, "conv1"))["frozen"].get<bool>(), true);
        QCOMPARE((*findLayer(r.summary, "fc1"))["weight_change"].get<double>(), 0.0);
        QVERIFY((*findLayer(r.summary, "fc2"))["weight_change"].get<double>() > 0);
    }

    void freezingInsideMultitask()
    {
        auto e = multitaskExperiment();
        e.train.epochs = 2;
        e.model.pretrained = pretrainedCheckpoint(3);
        e.sections["multitask"] = {{"branch", "fc1"}};
        e.freeze = {"conv1", "a_fc2"};
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("mt-freeze"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        auto before = loadLenet(e.model.pretrained);
        Network after = previewNetwork(e, {3, 3, 0});
        loadCheckpointInto(after, m_dir.filePath("mt-freeze/model.pt").toStdString());
        QVERIFY(identical(layerParameters(before, "conv1"), layerParameters(after, "conv1")));
        // Task A's copy of fc2 starts from the pretrained fc2 and is frozen; task B's copy trains.
        QVERIFY(identical(layerParameters(before, "fc2"), layerParameters(after, "a_fc2")));
        QVERIFY(!identical(layerParameters(before, "fc2"), layerParameters(after, "b_fc2")));
        QVERIFY(!identical(layerParameters(before, "conv2"), layerParameters(after, "conv2")));
        QCOMPARE((*findLayer(r.summary, "a_fc2"))["weight_change"].get<double>(), 0.0);
        QVERIFY((*findLayer(r.summary, "b_fc2"))["weight_change"].get<double>() > 0);
    }

    void badInputNamed_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("dann unknown branch")
            << "dann-branch"
            << "dann.branch: unknown layer 'conv9'; valid layers: conv1, conv2, fc1, fc2";
        QTest::newRow("dann head as branch") << "dann-head"
                                             << "dann.branch: unknown layer 'head'";
        QTest::newRow("multitask unknown branch") << "mt-branch"
                                                  << "multitask.branch: unknown layer 'fc7'";
        QTest::newRow("dann without target") << "dann-notarget"
                                             << "strategy 'dann' needs a 'target' dataset";
        QTest::newRow("dann without target_test") << "dann-notest"
                                                  << "needs 'target_test'";
        QTest::newRow("dann without source") << "dann-nosource"
                                             << "needs a labeled 'source'";
        QTest::newRow("dann class mismatch") << "dann-mismatch"
                                             << "class mismatch";
        QTest::newRow("multitask unlabeled target") << "mt-unlabeled"
                                                    << "needs labeled target";
        QTest::newRow("multitask weights") << "mt-weights"
                                           << "multitask.weights";
        QTest::newRow("multitask mode") << "mt-mode"
                                        << "multitask.mode";
        QTest::newRow("dann schedule") << "dann-schedule"
                                       << "dann.schedule";
        QTest::newRow("dann unknown freeze layer") << "dann-freeze"
                                                   << "'domain_fc9'";
    }

    void badInputNamed()
    {
        QFETCH(QString, what);
        QFETCH(QString, fragment);
        auto e = what.startsWith("mt") ? multitaskExperiment() : dannExperiment();
        if (what == "dann-branch")
            e.sections["dann"] = {{"branch", "conv9"}};
        else if (what == "dann-head")
            e.sections["dann"] = {{"branch", "head"}};
        else if (what == "mt-branch")
            e.sections["multitask"] = {{"branch", "fc7"}};
        else if (what == "dann-notarget")
            e.target.reset();
        else if (what == "dann-notest")
            e.targetTest.reset();
        else if (what == "dann-nosource")
            e.source.reset();
        else if (what == "dann-mismatch")
            e.targetTest = idxSpec(m_test, {"d", "e", "f"});
        else if (what == "mt-unlabeled") {
            e.target->format = "unlabeled";
            e.target->path = m_target.toStdString();
        } else if (what == "mt-weights")
            e.sections["multitask"] = {{"weights", {1.0}}};
        else if (what == "mt-mode")
            e.sections["multitask"] = {{"mode", "sometimes"}};
        else if (what == "dann-schedule")
            e.sections["dann"] = {{"schedule", "linear"}};
        else if (what == "dann-freeze")
            e.freeze = {"domain_fc9"};
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("bad"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::BadInput, r.error.c_str());
        QVERIFY2(QString::fromStdString(r.error).contains(fragment), r.error.c_str());
    }
};

QTEST_APPLESS_MAIN(TestDann)
#include "tst_dann.moc"

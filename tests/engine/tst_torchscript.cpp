// TorchScript models from torchvision (random weights, made by tests/engine/make_torchvision_models.py):
// the model's own forward(), nested freezing, frozen BatchNorm, the head by name, and unusable models.

#include "engine/core/errors.h"
#include "engine/core/experiment.h"
#include "engine/nn/checkpoint.h"
#include "engine/nn/network.h"
#include "engine/strategies/strategyutil.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <torch/torch.h>

#include <fstream>

using namespace ts::engine;

namespace {

constexpr int kSize = 32;

torch::Tensor readFloats(const QString& path, std::vector<std::int64_t> shape)
{
    std::ifstream in(path.toStdString(), std::ios::binary);
    std::int64_t n = 1;
    for (auto d : shape)
        n *= d;
    auto t = torch::empty(shape, torch::kFloat32);
    in.read(reinterpret_cast<char*>(t.data_ptr<float>()), n * 4);
    return in ? t : torch::Tensor();
}

std::vector<std::int64_t> inputShape()
{
    return {3, kSize, kSize};
}

// Parameters of `net` whose dotted name inside the trunk starts with `prefix`, cloned.
std::map<std::string, torch::Tensor> paramsUnder(Network& net, const std::string& prefix, bool buffers = false)
{
    std::string sanitized = prefix;
    for (auto& c : sanitized)
        if (c == '.')
            c = '_';
    std::map<std::string, torch::Tensor> out;
    auto collect = [&](const torch::OrderedDict<std::string, torch::Tensor>& all) {
        for (const auto& p : all)
            if (p.key().rfind(sanitized + "_", 0) == 0)
                out[p.key()] = p.value().detach().clone();
    };
    collect(buffers ? net->layer(kScriptTrunkLayer)->named_buffers()
                    : net->layer(kScriptTrunkLayer)->named_parameters());
    return out;
}

} // namespace

class TestTorchScript : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString model(const QString& name) const { return m_dir.filePath(name + ".pt"); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QProcess p;
        p.start(TS_PYTHON, {QString(TS_SOURCE_DIR) + "/tests/engine/make_torchvision_models.py", m_dir.path(),
                            QString::number(kSize)});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    }

    void logitsMatchPython_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("classes");
        QTest::newRow("resnet18") << "resnet18" << 10;
        QTest::newRow("mobilenet_v2") << "mobilenet_v2" << 7;
        QTest::newRow("forward with an operation between children") << "addop" << 5;
        QTest::newRow("vgg layout") << "tinyvgg" << 6;
    }

    void logitsMatchPython()
    {
        QFETCH(QString, name);
        QFETCH(int, classes);
        auto net = loadTorchScript(model(name).toStdString(), "", inputShape());
        const auto x = readFloats(m_dir.filePath("input.bin"), {4, 3, kSize, kSize});
        const auto expected = readFloats(m_dir.filePath(name + ".logits"), {4, classes});
        QVERIFY(x.defined() && expected.defined());
        net->eval();
        torch::NoGradGuard noGrad;
        const auto got = net->forward(x);
        QCOMPARE(got.sizes().vec(), expected.sizes().vec());
        const double maxDiff = (got - expected).abs().max().item<double>();
        QVERIFY2(maxDiff <= 1e-5, qPrintable(QString("max |app - python| = %1").arg(maxDiff)));
    }

    void nestedModulesAreListedAndFreezable()
    {
        auto net = loadTorchScript(model("resnet18").toStdString(), "", inputShape());
        const auto names = net->freezableNames();
        for (const char* n : {"trunk", "head", "layer4", "layer4.0", "layer4.0.conv1", "layer4.1.bn2", "conv1"})
            QVERIFY2(std::find(names.begin(), names.end(), n) != names.end(), n);
        // The head inside the model is the app's "head" layer, not a part of the trunk.
        QVERIFY(std::find(names.begin(), names.end(), "fc") == names.end());
        const auto infos = net->describe(inputShape());
        bool sawPart = false;
        for (const auto& info : infos)
            if (info.name == "layer4.0") {
                sawPart = true;
                QCOMPARE(info.parent, std::string("layer4"));
                QCOMPARE(info.kind, std::string("basicblock"));
                QVERIFY(info.params > 0);
            }
        QVERIFY(sawPart);
        try {
            net->setFrozen({"layer9.0"});
            QFAIL("expected InputError");
        } catch (const InputError& e) {
            QVERIFY2(QString(e.what()).contains("layer9.0"), e.what());
        }
    }

    void nestedFreezingKeepsWeightsAndBatchNorm()
    {
        auto net = loadTorchScript(model("resnet18").toStdString(), "", inputShape());
        Experiment e;
        e.input = {kSize, kSize, 3};
        replaceHead(net, e, 4);
        net->setFrozen({"layer4.0"});
        net->trainKeepingFrozen();
        const auto frozen = paramsUnder(net, "layer4.0");
        const auto frozenStats = paramsUnder(net, "layer4.0", true);
        const auto moving = paramsUnder(net, "layer4.1");
        const auto movingStats = paramsUnder(net, "layer4.1", true);
        QVERIFY(!frozen.empty() && !frozenStats.empty() && !moving.empty());

        torch::manual_seed(3);
        torch::optim::SGD opt(net->trainableParameters(), torch::optim::SGDOptions(0.1));
        for (int step = 0; step < 2; ++step) {
            opt.zero_grad();
            auto loss = torch::cross_entropy_loss(net->forward(torch::rand({8, 3, kSize, kSize})),
                                                  torch::randint(0, 4, {8}, torch::kLong));
            loss.backward();
            opt.step();
        }
        for (const auto& [name, before] : paramsUnder(net, "layer4.0"))
            QVERIFY2(torch::equal(before, frozen.at(name)), name.c_str());
        for (const auto& [name, before] : paramsUnder(net, "layer4.0", true))
            QVERIFY2(torch::equal(before, frozenStats.at(name)), name.c_str());
        int moved = 0;
        for (const auto& [name, now] : paramsUnder(net, "layer4.1"))
            moved += !torch::equal(now, moving.at(name));
        QVERIFY(moved > 0);
        int statsMoved = 0;
        for (const auto& [name, now] : paramsUnder(net, "layer4.1", true))
            statsMoved += !torch::equal(now, movingStats.at(name));
        QVERIFY(statsMoved > 0); // the unfrozen block's BatchNorm did train, so the frozen one was held still
    }

    void checkpointHoldsTrainedWeightsOnce()
    {
        // A fine-tuned imported model's model.pt: the model's code with the trained weights, written once
        // (they used to be written beside it as well, doubling the file), and loaded back as trained.
        auto net = loadTorchScript(model("resnet18").toStdString(), "", inputShape());
        std::map<std::string, torch::Tensor> trained;
        {
            torch::NoGradGuard noGrad; // "training": a trunk weight and the head change in place
            for (const auto& p : net->named_parameters(true))
                if (p.key() == std::string(kScriptTrunkLayer) + ".layer4_1_conv2_weight" || p.key() == "head.fc.weight")
                    trained[p.key()] = p.value().add_(0.25).clone();
        }
        QCOMPARE(trained.size(), std::size_t(2));
        const QString path = m_dir.filePath("trained.pt");
        saveCheckpoint(net, path.toStdString(), {{"input", {{"channels", 3}, {"height", kSize}, {"width", kSize}}}});
        const double ratio = double(QFileInfo(path).size()) / double(QFileInfo(model("resnet18")).size());
        QVERIFY2(ratio < 1.1, qPrintable(QString("model.pt / the model's own file = %1").arg(ratio)));
        Experiment e;
        e.model.pretrained = path.toStdString();
        e.input.channels = 3;
        e.input.height = e.input.width = kSize;
        auto again = loadPretrained(e);
        const auto params = again->named_parameters(true);
        for (const auto& [name, value] : trained) {
            QVERIFY2(params.contains(name), name.c_str());
            QVERIFY2(torch::equal(params[name], value), name.c_str());
        }
    }

    void headByName()
    {
        auto mobile = loadTorchScript(model("mobilenet_v2").toStdString(), "", inputShape());
        const auto mobileParts = mobile->layer(kScriptTrunkLayer)->parts();
        QCOMPARE(mobileParts.back().name, std::string("classifier.0")); // the dropout before the head
        QCOMPARE(mobileParts[mobileParts.size() - 2].name, std::string("classifier"));
        QCOMPARE(mobileParts[mobileParts.size() - 2].params, std::int64_t(0)); // the head is the "head" layer
        auto vgg = loadTorchScript(model("tinyvgg").toStdString(), "classifier.6", inputShape());
        QCOMPARE(vgg->forward(torch::rand({2, 3, kSize, kSize})).size(1), 6);
        const auto check = [&](const QString& name, const std::string& head, const QString& expected) {
            try {
                loadTorchScript(model(name).toStdString(), head, inputShape());
                QFAIL(qPrintable("expected InputError for " + name));
            } catch (const InputError& e) {
                const QString what = e.what();
                QVERIFY2(what.contains(expected) && what.contains(name + ".pt") && !what.contains('\n'), e.what());
            }
        };
        check("tinyvgg", "classifier.3", "not the last step");
        check("tinyvgg", "features", "not a Linear module");
        check("tailop", "", "not the last step");
        check("nolinear", "", "no Linear layer");
    }

    void wrongInputIsOneLine_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<std::vector<std::int64_t>>("shape");
        QTest::addColumn<QString>("expected");
        QTest::newRow("grey input into an RGB model")
            << "resnet18" << std::vector<std::int64_t>{1, kSize, kSize} << "channels";
        QTest::newRow("too small for two max-pools") << "tinyvgg" << std::vector<std::int64_t>{3, 1, 1} << "3x1x1";
    }

    void wrongInputIsOneLine()
    {
        QFETCH(QString, name);
        QFETCH(std::vector<std::int64_t>, shape);
        QFETCH(QString, expected);
        try {
            loadTorchScript(model(name).toStdString(), "", shape);
            QFAIL("expected InputError");
        } catch (const InputError& e) {
            const QString what = e.what();
            QVERIFY2(what.contains(name + ".pt") && what.contains(expected) && !what.contains('\n'), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestTorchScript)
#include "tst_torchscript.moc"

// Networks, freezing, head replacement, checkpoints and TorchScript import.

#include "engine/analysis/projection.h"
#include "engine/analysis/tsne.h"
#include "engine/core/errors.h"
#include "engine/core/experiment.h"
#include "engine/nn/checkpoint.h"
#include "engine/nn/layers.h"
#include "engine/nn/maxpool.h"
#include "engine/nn/network.h"
#include "engine/strategies/strategyutil.h"
#include "engine/train/runner.h"
#include "engine/train/trainer.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace ts::engine;

namespace {

// A labeled in-memory dataset of random images for `classes` classes.
Dataset randomData(int n, int classes, int channels, int size)
{
    Dataset d;
    d.role = "target";
    d.images = torch::randint(0, 255, {n, channels, size, size}).to(torch::kUInt8);
    d.labels = torch::arange(n) % classes;
    d.labeled = torch::ones({n}, torch::kBool);
    for (int c = 0; c < classes; ++c)
        d.classNames.push_back("c" + std::to_string(c));
    for (int i = 0; i < n; ++i)
        d.files.push_back("mem#" + std::to_string(i));
    return d;
}

std::map<std::string, torch::Tensor> stateOf(Network& net)
{
    std::map<std::string, torch::Tensor> s;
    for (const auto& p : net->named_parameters())
        s[p.key()] = p.value().detach().clone();
    for (const auto& b : net->named_buffers())
        s[b.key()] = b.value().detach().clone();
    return s;
}

bool layerUnchanged(const std::map<std::string, torch::Tensor>& before, Network& net, const std::string& layer)
{
    bool any = false;
    for (const auto& [key, value] : stateOf(net))
        if (key.rfind(layer + ".", 0) == 0) {
            any = true;
            if (!torch::equal(before.at(key), value))
                return false;
        }
    return any;
}

} // namespace

class TestNetwork : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void backbones_data()
    {
        QTest::addColumn<QString>("backbone");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("size");
        QTest::addColumn<QStringList>("layers");
        QTest::newRow("lenet") << "lenet" << 1 << 28 << QStringList{"conv1", "conv2", "fc1", "fc2", "head"};
        QTest::newRow("dann_digits") << "dann_digits" << 3 << 28 << QStringList{"conv1", "conv2", "fc1", "fc2", "head"};
        QTest::newRow("resnet_mini") << "resnet_mini" << 3 << 32
                                     << QStringList{"stem", "block1", "block2", "block3", "pool", "head"};
    }

    void backbones()
    {
        QFETCH(QString, backbone);
        QFETCH(int, channels);
        QFETCH(int, size);
        QFETCH(QStringList, layers);
        auto net = makeBackbone(backbone.toStdString(), channels, size, size, 7);
        QStringList names;
        for (const auto& n : net->layerNames())
            names << QString::fromStdString(n);
        QCOMPARE(names, layers);
        const auto infos = net->describe({channels, size, size});
        QCOMPARE(infos.back().outputShape, std::vector<std::int64_t>{7});
        QCOMPARE(infos.back().role, std::string("label"));
        for (const auto& info : infos)
            if (info.kind != "pool")
                QVERIFY2(info.params > 0, info.name.c_str());
        QCOMPARE(net->forward(torch::zeros({2, channels, size, size})).sizes(), (torch::IntArrayRef{2, 7}));
    }

    void dannDigitsMatchesPaper()
    {
        // conv 32@5x5 -> pool -> conv 48@5x5 -> pool -> fc 100 -> fc 100 -> head on 28x28 input.
        auto net = makeBackbone("dann_digits", 3, 28, 28, 10);
        const auto infos = net->describe({3, 28, 28});
        QCOMPARE(infos[0].outputShape, (std::vector<std::int64_t>{32, 12, 12}));
        QCOMPARE(infos[1].outputShape, (std::vector<std::int64_t>{48, 4, 4}));
        QCOMPARE(infos[2].outputShape, std::vector<std::int64_t>{100});
        QCOMPARE(infos[3].outputShape, std::vector<std::int64_t>{100});
    }

    void convBlockEqualsReluThenPool_data()
    {
        QTest::addColumn<bool>("batchNorm");
        QTest::addColumn<bool>("channelsLast");
        QTest::newRow("conv, NCHW") << false << false;
        QTest::newRow("conv, channels-last") << false << true;
        QTest::newRow("conv+bn, channels-last") << true << true;
    }

    void convBlockEqualsReluThenPool()
    {
        // ConvBlock pools before its ReLU (cheaper); outputs and gradients must be exactly those of the textbook
        // conv -> (bn) -> relu -> max-pool order, including windows where every value is negative.
        QFETCH(bool, batchNorm);
        QFETCH(bool, channelsLast);
        torch::manual_seed(3);
        ConvBlock block(3, 6, 5, 2, batchNorm, true);
        block.train();
        auto params = block.named_parameters(true);
        auto format = channelsLast ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
        {
            torch::NoGradGuard noGrad;
            auto& w = params["conv.weight"];
            w.set_data(w.to(w.options(), false, true, format));
        }
        auto x = torch::randn({4, 3, 12, 12}).contiguous(format);
        auto xBlock = x.clone().requires_grad_(true);
        auto xRef = x.clone().requires_grad_(true);

        auto y = block.forward(xBlock);
        auto h = torch::conv2d(xRef, params["conv.weight"], params["conv.bias"], 1, 2);
        if (batchNorm)
            h = torch::batch_norm(h, params["bn.weight"], params["bn.bias"], torch::zeros({6}), torch::ones({6}),
                                  /*training=*/true, 0.1, 1e-5, false);
        auto ref = torch::max_pool2d(torch::relu(h), 2);
        QVERIFY(torch::equal(y, ref));
        QVERIFY((ref == 0).sum().item<std::int64_t>() > 0); // some windows were all negative

        auto g = torch::randn(ref.sizes());
        const auto gradsBlock = torch::autograd::grad({y}, {xBlock, params["conv.weight"]}, {g});
        const auto gradsRef = torch::autograd::grad({ref}, {xRef, params["conv.weight"]}, {g});
        QVERIFY(torch::equal(gradsBlock[0], gradsRef[0]));
        QVERIFY(torch::equal(gradsBlock[1], gradsRef[1]));
    }

    void ownMaxPoolEqualsAten_data()
    {
        QTest::addColumn<QList<qint64>>("shape");
        QTest::addColumn<bool>("own");
        QTest::newRow("lenet conv1, 6 channels") << QList<qint64>{16, 6, 28, 28} << true;
        QTest::newRow("odd size, 3 channels") << QList<qint64>{3, 3, 7, 9} << true;
        QTest::newRow("odd height, 5 channels") << QList<qint64>{3, 5, 5, 4} << true;
        QTest::newRow("odd width, 7 channels") << QList<qint64>{3, 7, 4, 5} << true;
        QTest::newRow("12 channels") << QList<qint64>{4, 12, 10, 10} << true;
        QTest::newRow("16 channels: aten's") << QList<qint64>{4, 16, 10, 10} << false;
    }

    void ownMaxPoolEqualsAten()
    {
        // Values, and the gradient routing (which element of a window is the maximum), against aten's own
        // max-pool, on data with many ties (values rounded to halves) and with NaNs in a few windows.
        QFETCH(QList<qint64>, shape);
        QFETCH(bool, own);
        torch::manual_seed(5);
        const std::vector<std::int64_t> sizes(shape.begin(), shape.end());
        auto data = (torch::randn(sizes) * 2).round() / 2;
        data.index_put_({0, 0, 0, 0}, NAN); // a NaN first in its window
        data.index_put_({0, 1, 1, 1}, NAN); // last in its window
        data.index_put_({0, 2, 0, 1}, NAN); // two NaNs in one window
        data.index_put_({0, 2, 1, 0}, NAN);
        data.index_put_({1, 0, torch::indexing::Slice(0, 2), torch::indexing::Slice(0, 2)}, 1.5); // a 4-way tie
        data = data.contiguous(torch::MemoryFormat::ChannelsLast);
        auto mine = data.clone().requires_grad_(true);
        auto ref = data.clone().requires_grad_(true);
        QCOMPARE(usesOwnMaxPool(mine), own);
        auto y = maxPool2x2(mine);
        auto yRef = torch::max_pool2d(ref, 2);
        QCOMPARE(y.sizes(), yRef.sizes());
        QVERIFY(y.is_contiguous(torch::MemoryFormat::ChannelsLast));
        QVERIFY(torch::equal(y.isnan(), yRef.isnan()));
        QVERIFY(y.isnan().sum().item<std::int64_t>() >= 3);
        QVERIFY(torch::equal(y.nan_to_num(0), yRef.nan_to_num(0)));
        auto g = torch::randn(yRef.sizes()).contiguous(torch::MemoryFormat::ChannelsLast);
        g.index_put_({0, 0, 0, 0}, -0.0); // aten's backward gives +0 there (0 + -0)
        y.backward(g);
        yRef.backward(g);
        QVERIFY(mine.grad().is_contiguous(torch::MemoryFormat::ChannelsLast));
        // Bit for bit: torch::equal takes -0 for +0.
        QVERIFY(
            torch::equal(mine.grad().contiguous().view(torch::kInt32), ref.grad().contiguous().view(torch::kInt32)));
        {
            torch::NoGradGuard noGrad; // the path without indices
            QVERIFY(torch::equal(maxPool2x2(data).nan_to_num(0), yRef.detach().nan_to_num(0)));
        }
    }

    void unknownBackboneAndLayerNamed()
    {
        try {
            makeBackbone("vgg99", 1, 28, 28, 2);
            QFAIL("expected InputError");
        } catch (const InputError& e) {
            QVERIFY(QString(e.what()).contains("vgg99"));
            QVERIFY(QString(e.what()).contains("resnet_mini"));
        }
        auto net = makeBackbone("lenet", 1, 28, 28, 2);
        try {
            net->setFrozen({"conv9"});
            QFAIL("expected InputError");
        } catch (const InputError& e) {
            QVERIFY(QString(e.what()).contains("'conv9'"));
            QVERIFY(QString(e.what()).contains("conv1, conv2, fc1, fc2, head"));
        }
    }

    void frozenLayersStayBitIdentical_data()
    {
        QTest::addColumn<QString>("backbone");
        QTest::addColumn<QStringList>("frozen");
        QTest::addColumn<QString>("trained");
        QTest::newRow("lenet conv1") << "lenet" << QStringList{"conv1"} << "conv2";
        QTest::newRow("lenet conv1+conv2") << "lenet" << QStringList{"conv1", "conv2"} << "fc1";
        QTest::newRow("resnet stem+block1 (BatchNorm)") << "resnet_mini" << QStringList{"stem", "block1"} << "block2";
    }

    void frozenLayersStayBitIdentical()
    {
        QFETCH(QString, backbone);
        QFETCH(QStringList, frozen);
        QFETCH(QString, trained);
        torch::manual_seed(3);
        auto net = makeBackbone(backbone.toStdString(), 1, 16, 16, 3);
        std::set<std::string> frozenSet;
        for (const auto& f : frozen)
            frozenSet.insert(f.toStdString());
        net->setFrozen(frozenSet);
        const auto before = stateOf(net);
        auto data = randomData(48, 3, 1, 16);

        Experiment e;
        e.train.lr = 0.01;
        e.train.weightDecay = 1e-3; // decay must not touch frozen weights either
        RunOptions options;
        Observer observer;
        RunControl control;
        RunContext ctx{e, options, observer, control, torch::kCPU};
        SupervisedPhase phase;
        phase.epochs = 2;
        phase.batchSize = 16;
        phase.groups = {{net->trainableParameters(), 0.01}};
        phase.train = &data;
        phase.trackWeightChange = true;
        const auto result = trainSupervised(ctx, net, phase);

        for (const auto& f : frozen) {
            QVERIFY2(layerUnchanged(before, net, f.toStdString()), qPrintable(f)); // weights and BN statistics
            QCOMPARE(result.weightChange.at(f.toStdString()), 0.0);
            QVERIFY(!net->layer(f.toStdString())->is_training()); // BatchNorm stays in eval
        }
        QVERIFY(!layerUnchanged(before, net, trained.toStdString()));
        QVERIFY(result.weightChange.at(trained.toStdString()) > 0);
        QVERIFY(!layerUnchanged(before, net, "head"));
    }

    void trainKeepsFrozenBatchNormInEval()
    {
        auto net = makeBackbone("resnet_mini", 3, 16, 16, 2);
        net->setFrozen({"stem"});
        net->eval();
        net->train(); // plain train() switches BatchNorm back on ...
        QVERIFY(net->layer("stem")->is_training());
        net->trainKeepingFrozen(); // ... which the engine's loop never uses
        QVERIFY(!net->layer("stem")->is_training());
        QVERIFY(net->layer("block1")->is_training());
    }

    void headReplacementKeepsBackbone()
    {
        Experiment e;
        e.input = {28, 28, 1};
        auto net = makeBackbone("lenet", 1, 28, 28, 5);
        const auto before = stateOf(net);
        replaceHead(net, e, 3);
        QCOMPARE(net->forward(torch::zeros({1, 1, 28, 28})).size(1), 3);
        for (const auto& layer : {"conv1", "conv2", "fc1", "fc2"})
            QVERIFY(layerUnchanged(before, net, layer));
        QCOMPARE(net->outputLayer(), std::string("head"));
        QCOMPARE(net->inputOf("head"), std::string("fc2"));
        // Seeded: the same experiment seed gives the same new head.
        auto other = makeBackbone("lenet", 1, 28, 28, 5);
        replaceHead(other, e, 3);
        QVERIFY(torch::equal(stateOf(net).at("head.fc.weight"), stateOf(other).at("head.fc.weight")));
    }

    void checkpointRoundTrip()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath("m.pt").toStdString();
        auto net = makeBackbone("resnet_mini", 1, 16, 16, 4);
        saveCheckpoint(net, path, {{"backbone", "resnet_mini"}, {"classes", {"a", "b", "c", "d"}}});
        QCOMPARE(readCheckpointMeta(path)["backbone"].get<std::string>(), std::string("resnet_mini"));
        torch::manual_seed(99);
        auto other = makeBackbone("resnet_mini", 1, 16, 16, 4);
        const auto loaded = loadCheckpointInto(other, path);
        QCOMPARE(loaded.size(), size_t(5)); // every layer but "pool", which has no tensors
        const auto a = stateOf(net), b = stateOf(other);
        for (const auto& [k, v] : a)
            QVERIFY2(torch::equal(v, b.at(k)), k.c_str());
        try {
            readCheckpointMeta(dir.filePath("missing.pt").toStdString());
            QFAIL("expected InputError");
        } catch (const InputError& e) {
            QVERIFY(QString(e.what()).contains("missing.pt"));
        }
    }

    void torchScriptImport()
    {
        QTemporaryDir dir;
        const QString model = dir.filePath("tiny_scripted.pt");
        const int rc =
            QProcess::execute(TS_PYTHON, {QString(TS_SOURCE_DIR) + "/tests/engine/make_scripted_model.py", model});
        QCOMPARE(rc, 0);
        auto net = loadTorchScript(model.toStdString(), "", {1, 8, 8});
        QCOMPARE(net->layerNames(), (std::vector<std::string>{"trunk", "head"}));
        QCOMPARE(net->outputLayer(), std::string("head"));
        auto reference = torch::jit::load(model.toStdString());
        reference.eval();
        net->eval();
        auto x = torch::randn({2, 1, 8, 8});
        torch::NoGradGuard noGrad;
        QVERIFY(torch::allclose(net->forward(x), reference.forward({x}).toTensor()));
        const auto infos = net->describe({1, 8, 8});
        QCOMPARE(infos[0].params, 4 * 9 + 4 + 4 + 4);                  // conv weight+bias, BN weight+bias
        QCOMPARE(infos[0].outputShape, std::vector<std::int64_t>{16}); // what the head reads
        QCOMPARE(infos.back().name, std::string("head"));
        QCOMPARE(infos.back().outputShape, std::vector<std::int64_t>{3});

        // Fine-tuning a scripted model: new head, frozen features stay put.
        Experiment e;
        e.input = {8, 8, 1};
        net->train();
        replaceHead(net, e, 2);
        net->setFrozen({"features"});
        QCOMPARE(net->forward(x).size(1), 2);
        QVERIFY(net->layer("trunk")->is_training());

        QFile bad(dir.filePath("bad.pt"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("not a model");
        bad.close();
        try {
            loadTorchScript(bad.fileName().toStdString());
            QFAIL("expected InputError");
        } catch (const InputError& err) {
            QVERIFY(QString(err.what()).contains("bad.pt"));
        }
    }

    void projectionLabelsFollowClassNames()
    {
        auto net = makeBackbone("lenet", 1, 16, 16, 3);
        auto source = randomData(12, 3, 1, 16);
        auto target = randomData(12, 3, 1, 16);
        auto shared = projectFeatures(sampleFeatures(net, "fc2", &source, &target, torch::kCPU, 6, 1), Projection::Pca);
        QCOMPARE(shared.x.size(), size_t(12));
        QCOMPARE(shared.classNames, source.classNames); // same classes: one list
        QCOMPARE(shared.label[0], 0);
        QCOMPARE(shared.label[1], 2); // rows 0, 2, 4, ... of 0,1,2,0,1,2,...
        // New target classes, one of them shared by name with the source ("c" -> index 1 of the target).
        target.classNames = {"x", source.classNames[2], "z"};
        auto different =
            projectFeatures(sampleFeatures(net, "fc2", &source, &target, torch::kCPU, 6, 1), Projection::Pca);
        QCOMPARE(different.classNames, (std::vector<std::string>{"x", source.classNames[2], "z", source.classNames[0],
                                                                 source.classNames[1]}));
        QCOMPARE(different.domain[0], 0);
        QCOMPARE(different.label[0], 3);               // source class 0 comes after the target's three
        QCOMPARE(different.label[1], 1);               // source class 2 is the target's class 1 by name
        QCOMPARE(different.label[6], shared.label[6]); // target labels keep their indices
    }

    // A feature sample is the layer's outputs for the sampled rows, copied in one block; its PCA is the
    // centred features on their first two principal axes, its t-SNE the embedding of the same rows, and a
    // cancelled t-SNE returns no points (the window cancels one when a new run starts).
    void featureSampleAndItsProjections()
    {
        torch::manual_seed(4);
        auto net = makeBackbone("lenet", 1, 16, 16, 3);
        auto source = randomData(12, 3, 1, 16);
        auto target = randomData(12, 3, 1, 16);
        const auto sample = sampleFeatures(net, "fc1", &source, &target, torch::kCPU, 5, 7);
        QCOMPARE(sample.epoch, 7);
        QCOMPARE(sample.layer, std::string("fc1"));
        QVERIFY(!sample.closing);
        QCOMPARE(sample.rows, std::int64_t(10));
        const auto rows = torch::linspace(0, 11, 5).to(torch::kLong);
        const auto expected = torch::cat({extractFeatures(net, "fc1", source.subset(rows), torch::kCPU, 4),
                                          extractFeatures(net, "fc1", target.subset(rows), torch::kCPU, 4)});
        QCOMPARE(sample.columns, expected.size(1));
        const auto values = torch::from_blob(const_cast<float*>(sample.values.data()), {sample.rows, sample.columns});
        QVERIFY(torch::equal(values, expected));
        QCOMPARE(sample.domain, (std::vector<int>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));

        const auto pca = projectFeatures(sample, Projection::Pca);
        QCOMPARE(pca.method, std::string("PCA"));
        QCOMPARE(pca.x.size(), std::size_t(10));
        QCOMPARE(pca.label, sample.label);
        QCOMPARE(pca.epoch, 7);
        // The first coordinate has the largest spread a unit direction can give: the top singular value.
        const auto centred = expected.to(torch::kDouble) - expected.to(torch::kDouble).mean(0, true);
        const double top = std::get<1>(at::linalg_svd(centred, false))[0].item<double>();
        double sumSquares = 0;
        for (float v : pca.x)
            sumSquares += double(v) * v;
        QVERIFY2(std::abs(std::sqrt(sumSquares) - top) < 1e-3 * top, qPrintable(QString::number(top)));

        const auto tsne = projectFeatures(sample, Projection::Tsne);
        QCOMPARE(tsne.method, std::string("t-SNE"));
        const auto reference = tsneEmbedding(expected).to(torch::kFloat);
        QCOMPARE(tsne.x.size(), std::size_t(10));
        for (std::size_t i = 0; i < tsne.x.size(); ++i)
            QCOMPARE(tsne.y[i], reference[std::int64_t(i)][1].item<float>());
        const std::atomic<bool> cancelled{true};
        QVERIFY(projectFeatures(sample, Projection::Tsne, &cancelled).x.empty());
        QVERIFY(projectFeatures(FeatureSample{}, Projection::Pca).x.empty());
    }

    // A window-sized sample (400 images, 300 features, slowly decaying spectrum: singular values i^-0.25) is
    // projected by subspace iteration, not a full SVD; the coordinates match the exact principal axes, each
    // signed so that its largest loading is positive (the picture does not flip between samples).
    void pcaMatchesTheExactAxes()
    {
        torch::manual_seed(9);
        const std::int64_t n = 400, d = 300;
        const auto u = std::get<0>(at::linalg_qr(torch::randn({n, n}, torch::kDouble)));
        const auto v = std::get<0>(at::linalg_qr(torch::randn({d, d}, torch::kDouble)));
        const auto spectrum = torch::arange(1, d + 1, torch::kDouble).pow(-0.25);
        const auto features = (u.slice(1, 0, d) * spectrum).matmul(v.t()).to(torch::kFloat).contiguous();
        FeatureSample sample;
        sample.rows = n;
        sample.columns = d;
        sample.values.assign(features.data_ptr<float>(), features.data_ptr<float>() + features.numel());
        sample.label.assign(std::size_t(n), 0);
        sample.domain.assign(std::size_t(n), 1);
        const auto pca = projectFeatures(sample, Projection::Pca);
        QCOMPARE(pca.x.size(), std::size_t(n));

        const auto centred = features.to(torch::kDouble) - features.to(torch::kDouble).mean(0, true);
        auto axes = std::get<2>(at::linalg_svd(centred, false)).slice(0, 0, 2);
        for (std::int64_t a = 0; a < 2; ++a)
            if (axes[a][axes[a].abs().argmax().item<std::int64_t>()].item<double>() < 0)
                axes[a] = -axes[a];
        const auto expected = centred.matmul(axes.t());
        const double scale = expected.abs().max().item<double>();
        double worst = 0;
        for (std::int64_t i = 0; i < n; ++i) {
            worst = std::max(worst, std::abs(pca.x[std::size_t(i)] - expected[i][0].item<double>()));
            worst = std::max(worst, std::abs(pca.y[std::size_t(i)] - expected[i][1].item<double>()));
        }
        QVERIFY2(worst < 1e-3 * scale, qPrintable(QStringLiteral("%1 of %2").arg(worst).arg(scale)));
        // The same sample, the same picture.
        QCOMPARE(projectFeatures(sample, Projection::Pca).x, pca.x);
    }

    // t-SNE keeps neighbours together: three separated clusters in 20-D stay apart in 2-D (each point's
    // nearest neighbour in the embedding is from its own cluster), and the result is deterministic.
    void tsneSeparatesClusters()
    {
        torch::manual_seed(3);
        const int threadsBefore = at::get_num_threads();
        const int perCluster = 60;
        std::vector<torch::Tensor> parts;
        std::vector<int> label;
        for (int c = 0; c < 3; ++c) {
            auto centre = torch::zeros({1, 20});
            centre[0][c * 5] = 6.0;
            parts.push_back(torch::randn({perCluster, 20}) + centre);
            label.insert(label.end(), perCluster, c);
        }
        const auto x = torch::cat(parts);
        QElapsedTimer timer;
        timer.start();
        const auto y = tsneEmbedding(x);
        qInfo("t-SNE of %d points: %lld ms", int(x.size(0)), static_cast<long long>(timer.elapsed()));
        QCOMPARE(y.size(0), x.size(0));
        QCOMPARE(y.size(1), std::int64_t(2));
        QVERIFY(torch::isfinite(y).all().item<bool>());
        auto d = torch::cdist(y, y);
        d.fill_diagonal_(std::numeric_limits<double>::infinity());
        const auto nearest = d.argmin(1);
        int same = 0;
        for (std::int64_t i = 0; i < y.size(0); ++i)
            same += label[i] == label[nearest[i].item<std::int64_t>()];
        QVERIFY2(same >= int(y.size(0)) * 97 / 100, qPrintable(QString::number(same)));
        // Clusters are apart: the mean distance between cluster centres exceeds the clusters' own spread.
        const auto centres =
            torch::stack({y.slice(0, 0, 60).mean(0), y.slice(0, 60, 120).mean(0), y.slice(0, 120, 180).mean(0)});
        const double spread = y.slice(0, 0, 60).std(0).norm().item<double>();
        QVERIFY(torch::cdist(centres, centres).max().item<double>() > 3 * spread);
        QVERIFY(torch::allclose(tsneEmbedding(x), y, 1e-6, 1e-6));
        QCOMPARE(at::get_num_threads(), threadsBefore); // the caller's thread count is back
        QVERIFY_THROWS_EXCEPTION(InputError, tsneEmbedding(torch::zeros({1, 5})));
    }

    void relativeWeightChangeValues()
    {
        auto net = makeBackbone("lenet", 1, 28, 28, 2);
        const auto snap = snapshotParameters(net);
        {
            torch::NoGradGuard noGrad;
            for (auto& p : net->layer("fc2")->parameters())
                p.mul_(1.5); // ||1.5W - W|| / ||W|| = 0.5
        }
        const auto change = relativeWeightChange(net, snap);
        QCOMPARE(change.at("conv1"), 0.0);
        QVERIFY(std::abs(change.at("fc2") - 0.5) < 1e-6);
    }
};

QTEST_APPLESS_MAIN(TestNetwork)
#include "tst_network.moc"

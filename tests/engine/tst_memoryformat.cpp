// Channels-last (NHWC) convolution weights: the same logits and gradients as NCHW on every backbone.

#include "engine/core/threads.h"
#include "engine/nn/layers.h"
#include "engine/nn/network.h"

#include <torch/torch.h>

#include <QtTest>

using namespace ts::engine;

namespace {

bool channelsLastStrides(const torch::Tensor& w)
{
    return w.dim() == 4 && w.is_contiguous(torch::MemoryFormat::ChannelsLast) && w.stride(1) == 1;
}

// The same network twice: one copy in each memory format, identical weights.
std::pair<Network, Network> twins(const std::string& backbone, int channels, int size)
{
    torch::manual_seed(7);
    Network nchw = makeBackbone(backbone, channels, size, size, 5);
    Network nhwc = makeBackbone(backbone, channels, size, size, 5);
    {
        torch::NoGradGuard noGrad;
        auto from = nchw->parameters();
        auto to = nhwc->parameters();
        for (size_t i = 0; i < from.size(); ++i)
            to[i].copy_(from[i]);
        auto fromBuffers = nchw->buffers();
        auto toBuffers = nhwc->buffers();
        for (size_t i = 0; i < fromBuffers.size(); ++i)
            toBuffers[i].copy_(fromBuffers[i]);
    }
    setChannelsLast(nchw, false);
    setChannelsLast(nhwc, true);
    return {nchw, nhwc};
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a - b).abs().max().item<double>();
}

} // namespace

class TestMemoryFormat : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { configureThreads(2); }

    void sameLogits_data()
    {
        QTest::addColumn<QString>("backbone");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("size");
        QTest::newRow("lenet grey 28") << "lenet" << 1 << 28;
        QTest::newRow("dann_digits grey 28") << "dann_digits" << 1 << 28;
        QTest::newRow("dann_digits RGB 32") << "dann_digits" << 3 << 32;
        QTest::newRow("resnet_mini RGB 32") << "resnet_mini" << 3 << 32;
        QTest::newRow("resnet_mini grey 28") << "resnet_mini" << 1 << 28;
    }

    void sameLogits()
    {
        QFETCH(QString, backbone);
        QFETCH(int, channels);
        QFETCH(int, size);
        auto [nchw, nhwc] = twins(backbone.toStdString(), channels, size);
        int convs = 0;
        for (const auto& p : nhwc->parameters())
            if (p.dim() == 4) {
                QVERIFY(channelsLastStrides(p)); // the switch really changed the layout
                ++convs;
            }
        QVERIFY(convs >= 2);
        for (const auto& p : nchw->parameters())
            if (p.dim() == 4)
                QVERIFY(!channelsLastStrides(p) || (p.size(2) == 1 && p.size(3) == 1)); // 1x1: both at once

        const auto x = torch::randn({16, channels, size, size});
        // Evaluation: eval mode, no autograd (batch norm on its running statistics).
        {
            torch::NoGradGuard noGrad;
            nchw->eval();
            nhwc->eval();
            const auto a = nchw->forward(x);
            const auto b = nhwc->forward(x);
            QCOMPARE(a.sizes().vec(), b.sizes().vec());
            QVERIFY2(maxDiff(a, b) < 1e-5, qPrintable(QString::number(maxDiff(a, b))));
        }
        // Training: batch statistics, and the gradients of every parameter.
        nchw->train();
        nhwc->train();
        const auto y = torch::arange(16) % 5;
        const auto a = nchw->forward(x);
        const auto b = nhwc->forward(x);
        QVERIFY2(maxDiff(a, b) < 1e-5, qPrintable(QString::number(maxDiff(a, b))));
        torch::nn::functional::cross_entropy(a, y).backward();
        torch::nn::functional::cross_entropy(b, y).backward();
        const auto ga = nchw->parameters();
        const auto gb = nhwc->parameters();
        // A gradient sums over the batch and every pixel in another order in each format (batch norm weights in
        // resnet_mini differ by 1.5e-4), so they are compared more loosely than the logits.
        for (size_t i = 0; i < ga.size(); ++i) {
            const double scale = std::max(1.0, ga[i].grad().abs().max().item<double>());
            const double diff = maxDiff(ga[i].grad(), gb[i].grad());
            QVERIFY2(diff < 1e-3 * scale, qPrintable(QString("parameter %1 differs by %2").arg(i).arg(diff)));
        }
    }

    void switchingKeepsTheParameters()
    {
        torch::manual_seed(3);
        Network net = makeBackbone("dann_digits", 1, 28, 28, 10);
        const auto before = net->parameters();
        torch::optim::SGD optimizer(before, torch::optim::SGDOptions(0.1));
        const auto x = torch::randn({4, 1, 28, 28});
        torch::NoGradGuard noGrad;
        net->eval();
        const auto reference = net->forward(x);
        for (bool on : {false, true, false}) {
            QVERIFY(setChannelsLast(net, on) == 2);
            const auto after = net->parameters();
            for (size_t i = 0; i < before.size(); ++i) // the optimizer's tensors are still the network's
                QVERIFY(after[i].unsafeGetTensorImpl() == before[i].unsafeGetTensorImpl());
            QVERIFY(maxDiff(net->forward(x), reference) < 1e-5);
        }
    }
};

QTEST_GUILESS_MAIN(TestMemoryFormat)
#include "tst_memoryformat.moc"

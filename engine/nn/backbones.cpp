#include "engine/core/errors.h"
#include "engine/nn/layers.h"
#include "engine/nn/maxpool.h"
#include "engine/nn/network.h"

#include <torch/torch.h>

namespace ts::engine {

ConvBlock::ConvBlock(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t padding, bool batchNorm,
                     bool pool)
    : m_pool(pool), m_padding(padding)
{
    m_conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, kernel).padding(padding)));
    if (batchNorm)
        m_bn = register_module("bn", torch::nn::BatchNorm2d(out));
}

torch::Tensor ConvBlock::forward(const torch::Tensor& x)
{
    // A channels-last convolution converts an NCHW input (a batch of images) to channels-last, and saves the
    // NCHW one for its backward, which converts it again; converted here, the copy is made once (and not at
    // all for an input that is channels-last already).
    const auto& w = m_conv->weight;
    const bool channelsLast = x.dim() == 4 && w.is_contiguous(torch::MemoryFormat::ChannelsLast) && !w.is_contiguous();
    auto h = m_conv(channelsLast ? x.contiguous(torch::MemoryFormat::ChannelsLast) : x);
    if (m_bn)
        h = m_bn(h);
    // ReLU after the pool: max-pooling commutes with ReLU (monotonic), so the outputs and gradients are the
    // same, and ReLU and its backward touch a quarter of the elements. docs/PERFORMANCE.md has the timings.
    if (m_pool)
        h = maxPool2x2(h);
    return torch::relu_(h);
}

LinearBlock::LinearBlock(std::int64_t in, std::int64_t out, bool relu, double dropout, std::string kind)
    : m_relu(relu), m_kind(std::move(kind))
{
    m_fc = register_module("fc", torch::nn::Linear(in, out));
    if (dropout > 0)
        m_dropout = register_module("dropout", torch::nn::Dropout(dropout));
}

torch::Tensor LinearBlock::forward(const torch::Tensor& x)
{
    auto h = m_fc(x.dim() > 2 ? x.flatten(1) : x);
    if (m_relu)
        h = torch::relu_(h);
    if (m_dropout)
        h = m_dropout(h);
    return h;
}

ResidualBlock::ResidualBlock(std::int64_t in, std::int64_t out, std::int64_t stride) : m_stride(stride)
{
    using torch::nn::Conv2dOptions;
    m_conv1 =
        register_module("conv1", torch::nn::Conv2d(Conv2dOptions(in, out, 3).stride(stride).padding(1).bias(false)));
    m_bn1 = register_module("bn1", torch::nn::BatchNorm2d(out));
    m_conv2 = register_module("conv2", torch::nn::Conv2d(Conv2dOptions(out, out, 3).padding(1).bias(false)));
    m_bn2 = register_module("bn2", torch::nn::BatchNorm2d(out));
    if (stride != 1 || in != out) {
        m_shortcut =
            register_module("shortcut", torch::nn::Conv2d(Conv2dOptions(in, out, 1).stride(stride).bias(false)));
        m_bnShortcut = register_module("bn_shortcut", torch::nn::BatchNorm2d(out));
    }
}

torch::Tensor ResidualBlock::forward(const torch::Tensor& x)
{
    auto h = torch::relu(m_bn1(m_conv1(x)));
    h = m_bn2(m_conv2(h));
    auto skip = m_shortcut ? m_bnShortcut(m_shortcut(x)) : x;
    return torch::relu(h + skip);
}

torch::Tensor GlobalPool::forward(const torch::Tensor& x)
{
    return x.dim() == 4 ? x.mean({2, 3}) : x;
}

std::shared_ptr<Layer> makeLinear(std::int64_t in, std::int64_t out, bool relu, double dropout, const std::string& kind)
{
    return std::make_shared<LinearBlock>(in, out, relu, dropout, kind);
}

std::vector<std::string> backboneNames()
{
    return {"lenet", "dann_digits", "resnet_mini"};
}

namespace {

// Size of the flattened output of `net` for one image, computed by a dry run on a zero image.
std::int64_t flatSize(Network& net, int channels, int height, int width)
{
    torch::NoGradGuard noGrad;
    net->eval();
    auto out = net->forward(torch::zeros({1, channels, height, width}));
    net->train();
    return out.numel();
}

} // namespace

Network makeBackbone(const std::string& backbone, int channels, int height, int width, int numClasses)
{
    if (channels != 1 && channels != 3)
        throw InputError("input.channels must be 1 or 3, got " + std::to_string(channels));
    Network net;
    if (backbone == "lenet") {
        if (height < 12 || width < 12)
            throw InputError("model.backbone 'lenet' needs input.size of at least 12x12");
        net->add("conv1", "", "feature", std::make_shared<ConvBlock>(channels, 6, 5, 2, false, true));
        net->add("conv2", "conv1", "feature", std::make_shared<ConvBlock>(6, 16, 5, 0, false, true));
        const auto flat = flatSize(net, channels, height, width);
        net->add("fc1", "conv2", "feature", makeLinear(flat, 120, true));
        net->add("fc2", "fc1", "feature", makeLinear(120, 84, true));
        net->add("head", "fc2", "label", makeLinear(84, numClasses, false, 0, "head"));
    } else if (backbone == "dann_digits") {
        if (height < 16 || width < 16)
            throw InputError("model.backbone 'dann_digits' needs input.size of at least 16x16");
        net->add("conv1", "", "feature", std::make_shared<ConvBlock>(channels, 32, 5, 0, false, true));
        net->add("conv2", "conv1", "feature", std::make_shared<ConvBlock>(32, 48, 5, 0, false, true));
        const auto flat = flatSize(net, channels, height, width);
        net->add("fc1", "conv2", "feature", makeLinear(flat, 100, true));
        net->add("fc2", "fc1", "feature", makeLinear(100, 100, true));
        net->add("head", "fc2", "label", makeLinear(100, numClasses, false, 0, "head"));
    } else if (backbone == "resnet_mini") {
        net->add("stem", "", "feature", std::make_shared<ConvBlock>(channels, 32, 3, 1, true, false));
        net->add("block1", "stem", "feature", std::make_shared<ResidualBlock>(32, 32, 1));
        net->add("block2", "block1", "feature", std::make_shared<ResidualBlock>(32, 64, 2));
        net->add("block3", "block2", "feature", std::make_shared<ResidualBlock>(64, 128, 2));
        net->add("pool", "block3", "feature", std::make_shared<GlobalPool>());
        net->add("head", "pool", "label", makeLinear(128, numClasses, false, 0, "head"));
    } else {
        std::string known;
        for (const auto& n : backboneNames())
            known += (known.empty() ? "" : ", ") + n;
        throw InputError("model.backbone: unknown backbone '" + backbone + "'; known: " + known);
    }
    net->setOutputLayer("head");
    net->train();
    setChannelsLast(net, prefersChannelsLast(backbone));
    return net;
}

int setChannelsLast(Network& net, bool on)
{
    torch::NoGradGuard noGrad;
    int converted = 0;
    for (const auto& module : net->modules(/*include_self=*/false)) {
        auto* conv = dynamic_cast<torch::nn::Conv2dImpl*>(module.get());
        if (!conv || conv->weight.dim() != 4)
            continue;
        auto& w = conv->weight;
        // A copy by to() rather than contiguous(): a weight with one input channel counts as contiguous in both
        // formats, so contiguous() would keep its strides, and the strides are what make oneDNN choose NHWC.
        const auto format = on ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
        w.set_data(w.to(w.options(), /*non_blocking=*/false, /*copy=*/true, format));
        ++converted;
    }
    return converted;
}

bool prefersChannelsLast(const std::string& backbone)
{
    // Measured with `transfer-studio-cli bench --memory-format nchw|channels_last` (docs/PERFORMANCE.md).
    return backbone == "dann_digits" || backbone == "lenet" || backbone == "resnet_mini";
}

std::string lastFeatureLayer(Network& net)
{
    return net->inputOf(net->outputLayer());
}

std::int64_t featureSize(Network& net, const std::vector<std::int64_t>& inputShape)
{
    const auto feat = lastFeatureLayer(net);
    for (const auto& info : net->describe(inputShape))
        if (info.name == feat) {
            std::int64_t n = 1;
            for (auto d : info.outputShape)
                n *= d;
            return n;
        }
    return 0;
}

} // namespace ts::engine

#include "engine/nn/autoencoder.h"

#include "engine/core/errors.h"
#include "engine/train/phaseloop.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <map>

namespace ts::engine {

namespace {

/// Linear from the flattened code to a small feature map, then ReLU.
class DecoderInput : public Layer {
public:
    DecoderInput(std::int64_t in, std::int64_t channels, std::int64_t height, std::int64_t width)
        : m_shape{channels, height, width}
    {
        m_fc = register_module("fc", torch::nn::Linear(in, channels * height * width));
    }
    torch::Tensor forward(const torch::Tensor& x) override
    {
        auto h = torch::relu(m_fc(x.flatten(1)));
        return h.view({x.size(0), m_shape[0], m_shape[1], m_shape[2]});
    }
    std::string kind() const override { return "fc"; }

private:
    torch::nn::Linear m_fc{nullptr};
    std::vector<std::int64_t> m_shape;
};

/// Nearest-neighbour upsampling by 2 (doubles height and width) and a 3x3 convolution, then ReLU, or for the
/// last layer a crop to the image size and tanh (images are normalised to [-1, 1]). It replaced a 4x4 transposed
/// convolution with stride 2, which has no oneDNN path in LibTorch 1.13 on the CPU (a quarter of the
/// autoencoder's forward pass) and tends to leave checkerboard artefacts.
class DecoderUp : public Layer {
public:
    DecoderUp(std::int64_t in, std::int64_t out, bool last, std::int64_t height, std::int64_t width)
        : m_last(last), m_height(height), m_width(width)
    {
        m_conv = register_module("conv", torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(1)));
    }
    torch::Tensor forward(const torch::Tensor& x) override
    {
        auto h = m_conv(torch::upsample_nearest2d(x, {2 * x.size(2), 2 * x.size(3)}));
        if (!m_last)
            return torch::relu(h);
        return torch::tanh(h.slice(2, 0, m_height).slice(3, 0, m_width));
    }
    std::string kind() const override { return "upconv"; }

private:
    torch::nn::Conv2d m_conv{nullptr};
    bool m_last;
    std::int64_t m_height, m_width;
};

} // namespace

const std::vector<std::string>& decoderLayerNames()
{
    static const std::vector<std::string> names{"dec_fc", "dec_up1", "dec_up2"};
    return names;
}

void addDecoder(Network& net, const std::string& code, const std::vector<std::int64_t>& inputShape)
{
    const auto channels = inputShape.at(0), height = inputShape.at(1), width = inputShape.at(2);
    std::int64_t codeSize = 0;
    for (const auto& info : net->describe(inputShape))
        if (info.name == code) {
            codeSize = 1;
            for (auto d : info.outputShape)
                codeSize *= d;
        }
    if (codeSize == 0)
        throw InputError("autoencoder: unknown code layer '" + code + "'");
    const std::string output = net->outputLayer();
    const std::int64_t h0 = (height + 3) / 4, w0 = (width + 3) / 4;
    net->add("dec_fc", code, "decoder", std::make_shared<DecoderInput>(codeSize, 64, h0, w0));
    net->add("dec_up1", "dec_fc", "decoder", std::make_shared<DecoderUp>(64, 32, false, 0, 0));
    net->add("dec_up2", "dec_up1", "decoder", std::make_shared<DecoderUp>(32, channels, true, height, width));
    net->setOutputLayer(output);
}

Network makeAutoencoderNetwork(const Experiment& e, int classes)
{
    const std::vector<std::int64_t> shape{e.input.channels, e.input.height, e.input.width};
    Network backbone =
        makeBackbone(e.model.backbone, e.input.channels, e.input.height, e.input.width, std::max(1, classes));
    const std::string code = lastFeatureLayer(backbone);
    if (classes > 0) {
        addDecoder(backbone, code, shape);
        return backbone;
    }
    Network net;
    for (const auto& name : backbone->layerNames())
        if (backbone->roleOf(name) == "feature")
            net->add(name, backbone->inputOf(name), "feature", backbone->layer(name));
    addDecoder(net, code, shape);
    net->setOutputLayer(decoderLayerNames().back());
    net->train();
    return net;
}

std::string codeLayer(Network& net)
{
    return net->inputOf("dec_fc");
}

std::vector<OptionSpec> autoencoderOptions()
{
    return {
        {"autoencoder_epochs", "int", 5, "epochs of autoencoder training on the unlabeled source images", {}, 0, 1000},
        {"noise",
         "double",
         0.3,
         "standard deviation of the Gaussian noise added to each input pixel (pixels scaled to [-1, 1]); 0 trains a "
         "plain autoencoder",
         {},
         0,
         10},
        {"sparsity",
         "double",
         0.0,
         "weight of an L1 penalty on the code that makes it sparse; 0 turns it off",
         {},
         0,
         100},
    };
}

AutoencoderPhase autoencoderPhase(const Experiment& e, const nlohmann::json& section, std::uint64_t seed)
{
    AutoencoderPhase p;
    p.epochs = section.at("autoencoder_epochs").get<int>();
    p.noise = section.at("noise").get<double>();
    p.sparsity = section.at("sparsity").get<double>();
    p.batchSize = e.train.batchSize;
    p.lr = e.train.lr;
    p.seed = seed;
    return p;
}

AutoencoderResult trainAutoencoder(RunContext& ctx, Network& net, const Dataset& data, const AutoencoderPhase& phase)
{
    AutoencoderResult result;
    if (phase.epochs <= 0)
        return result;
    if (data.size() == 0)
        throw InputError(data.role + ": no image to train the autoencoder on");
    const auto& decoder = decoderLayerNames();
    const std::string code = codeLayer(net);
    const std::string output = decoder.back();
    std::set<std::string> layers(decoder.begin(), decoder.end());
    for (const auto& name : net->pathTo(code))
        layers.insert(name);
    auto optimizer = makeOptimizer(ctx.experiment.train, {{net->trainableParameters(layers), phase.lr}});
    auto noiseGenerator = at::detail::createCPUGenerator(phase.seed + 7);
    PhaseLoop loop{phase.phase, phase.epochs, phase.batchSize,
                   phase.seed,  phase.report, {{"reconstruction_loss", "reconstruction_loss"}}};
    const auto done = runPhaseLoop(ctx, net, data, loop, [&](const torch::Tensor& index, std::int64_t number) {
        auto clean = batchImages(data, index, ctx.device);
        auto input = clean;
        if (phase.noise > 0)
            input = clean + phase.noise * torch::randn(clean.sizes(), noiseGenerator, torch::kFloat).to(ctx.device);
        optimizer->zero_grad();
        auto outs = net->forwardMany(input, {code, output});
        auto reconstruction = torch::mse_loss(outs.at(output), clean);
        auto loss = reconstruction;
        if (phase.sparsity > 0)
            loss = loss + phase.sparsity * outs.at(code).abs().mean();
        const double lossValue = checkedLoss(loss, phase.phase, number);
        loss.backward();
        optimizer->step();
        return std::map<std::string, double>{{"reconstruction_loss", reconstruction.item<double>()},
                                             {"loss", lossValue},
                                             {"lr", optimizer->param_groups().front().options().get_lr()}};
    });
    result.epochsRun = done.epochsRun;
    result.reconstructionLoss = done.lastEpoch.at("reconstruction_loss");
    result.imagesPerSecond = done.imagesPerSecond;
    return result;
}

} // namespace ts::engine

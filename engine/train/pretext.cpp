#include "engine/train/pretext.h"

#include "engine/core/errors.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <chrono>
#include <set>

namespace ts::engine {

int rotationCount(std::int64_t height, std::int64_t width)
{
    return height == width ? 4 : 2;
}

void addRotationHead(Network& net, const std::string& from, const std::vector<std::int64_t>& inputShape)
{
    std::int64_t features = 0;
    for (const auto& info : net->describe(inputShape))
        if (info.name == from) {
            features = 1;
            for (auto d : info.outputShape)
                features *= d;
        }
    if (features == 0)
        throw InputError("rotation pretext: unknown layer '" + from + "'");
    const std::string output = net->outputLayer();
    net->add(kPretextLayer, from, kPretextLayer,
             makeLinear(features, rotationCount(inputShape.at(1), inputShape.at(2)), false, 0, "head"));
    net->setOutputLayer(output);
}

torch::Tensor rotateImages(const torch::Tensor& images, const torch::Tensor& turns, int rotations)
{
    std::vector<torch::Tensor> turned;
    for (int r = 0; r < rotations; ++r)
        turned.push_back(torch::rot90(images, r * (4 / rotations), {2, 3}));
    auto all = torch::stack(turned, 1); // [N, rotations, C, H, W]
    return all.index({torch::arange(images.size(0), turns.options()), turns}).contiguous();
}

RotationResult trainRotationPretext(RunContext& ctx, Network& net, const Dataset& data, const RotationPhase& phase)
{
    RotationResult result;
    const auto& input = ctx.experiment.input;
    result.rotations = rotationCount(input.height, input.width);
    if (phase.epochs <= 0)
        return result;
    if (data.size() == 0)
        throw InputError(data.role + ": no image to learn the rotation pretext task on");
    const auto path = net->pathTo(kPretextLayer);
    auto optimizer =
        makeOptimizer(ctx.experiment.train, {{net->trainableParameters({path.begin(), path.end()}), phase.lr}});
    BatchSampler sampler(data.size(), phase.batchSize, phase.seed);
    auto generator = at::detail::createCPUGenerator(phase.seed + 11);
    const auto totalSteps = sampler.batchesPerEpoch() * phase.epochs;
    std::int64_t step = 0;
    double seconds = 0;
    std::int64_t images = 0;
    net->trainKeepingFrozen();
    if (phase.report)
        ctx.liveNetwork = net; // the network a stop saves; a baseline's is not worth saving
    for (int epoch = 1; epoch <= phase.epochs; ++epoch) {
        const auto started = std::chrono::steady_clock::now();
        double lossSum = 0;
        std::int64_t correct = 0, seen = 0;
        for (const auto& index : sampler.epoch()) {
            ctx.control.checkpoint();
            const auto batch = batchImages(data, index, ctx.device);
            const auto y = torch::randint(result.rotations, {batch.size(0)}, generator, torch::kLong).to(ctx.device);
            const auto x = rotateImages(batch, y, result.rotations);
            optimizer->zero_grad();
            auto logits = net->forward(x, kPretextLayer);
            auto loss = torch::nn::functional::cross_entropy(logits, y);
            const double lossValue = checkedLoss(loss, phase.phase, step + 1); // a NaN stops before backward()
            loss.backward();
            optimizer->step();
            ++step;
            const auto right = logits.argmax(1).eq(y).sum().item<std::int64_t>();
            lossSum += lossValue * index.size(0);
            correct += right;
            seen += index.size(0);
            if (!phase.report)
                continue;
            StepStats s;
            s.phase = phase.phase;
            s.epoch = epoch;
            s.step = step;
            s.totalSteps = totalSteps;
            s.values = {{"loss", lossValue},
                        {"accuracy", static_cast<double>(right) / static_cast<double>(index.size(0))},
                        {"lr", optimizer->param_groups().front().options().get_lr()}};
            s.elapsedMs = ctx.elapsedMs();
            ctx.observer.onStep(s);
        }
        const double epochSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        seconds += epochSeconds;
        images += seen;
        result.epochsRun = epoch;
        result.loss = lossSum / static_cast<double>(std::max<std::int64_t>(1, seen));
        result.accuracy = static_cast<double>(correct) / static_cast<double>(std::max<std::int64_t>(1, seen));
        if (!phase.report)
            continue;
        EpochStats es;
        es.phase = phase.phase;
        es.epoch = epoch;
        es.epochs = phase.epochs;
        es.metrics = {{"train_loss", result.loss}, {"train_accuracy", result.accuracy}};
        es.imagesPerSecond = epochSeconds > 0 ? static_cast<double>(seen) / epochSeconds : 0;
        es.elapsedMs = ctx.elapsedMs();
        ctx.observer.onEpoch(es);
    }
    result.imagesPerSecond = seconds > 0 ? static_cast<double>(images) / seconds : 0;
    return result;
}

} // namespace ts::engine

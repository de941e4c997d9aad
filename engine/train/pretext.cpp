#include "engine/train/pretext.h"

#include "engine/core/errors.h"
#include "engine/train/phaseloop.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <map>
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
    auto generator = at::detail::createCPUGenerator(phase.seed + 11);
    PhaseLoop loop{phase.phase, phase.epochs, phase.batchSize,
                   phase.seed,  phase.report, {{"loss", "train_loss"}, {"accuracy", "train_accuracy"}}};
    const auto done = runPhaseLoop(ctx, net, data, loop, [&](const torch::Tensor& index, std::int64_t number) {
        const auto batch = batchImages(data, index, ctx.device);
        const auto y = torch::randint(result.rotations, {batch.size(0)}, generator, torch::kLong).to(ctx.device);
        const auto x = rotateImages(batch, y, result.rotations);
        optimizer->zero_grad();
        auto logits = net->forward(x, kPretextLayer);
        auto loss = torch::nn::functional::cross_entropy(logits, y);
        const double lossValue = checkedLoss(loss, phase.phase, number); // a NaN stops before backward()
        loss.backward();
        optimizer->step();
        const auto right = logits.argmax(1).eq(y).sum().item<std::int64_t>();
        return std::map<std::string, double>{
            {"loss", lossValue},
            {"accuracy", static_cast<double>(right) / static_cast<double>(index.size(0))},
            {"lr", optimizer->param_groups().front().options().get_lr()}};
    });
    result.epochsRun = done.epochsRun;
    result.loss = done.lastEpoch.at("loss");
    result.accuracy = done.lastEpoch.at("accuracy");
    result.imagesPerSecond = done.imagesPerSecond;
    return result;
}

} // namespace ts::engine

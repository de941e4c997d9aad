// Self-taught learning (Raina et al., "Self-taught learning: transfer learning from unlabeled data",
// ICML 2007): learn a representation from unlabeled source images that may be unrelated to the target, then
// train a classifier on it with the few labeled target images.

#include "engine/core/errors.h"
#include "engine/nn/autoencoder.h"
#include "engine/strategies/representation.h"
#include "engine/strategies/strategyutil.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>

namespace ts::engine {

namespace {

bool pixelsMode(const nlohmann::json& section)
{
    return representationOf(section) == Representation::Pixels;
}

// The baseline of the same labels without any representation learning: logistic regression on pixels.
Network pixelClassifier(const Experiment& e, int classes)
{
    Network net;
    net->add("head", "", "label",
             makeLinear(static_cast<std::int64_t>(e.input.channels) * e.input.height * e.input.width, classes, false, 0,
                        "head"));
    net->train();
    return net;
}

// The head's training inputs: the cached outputs of the layer feeding it (the frozen encoder), or the
// normalised pixels when the head reads the image itself.
torch::Tensor headInputs(Network& net, const Dataset& data, torch::Device device)
{
    const std::string input = net->inputOf("head");
    if (input.empty())
        return normalizedImages(data).flatten(1);
    return extractFeatures(net, input, data, device, kEvalBatch);
}

struct HeadFit {
    int iterations = 0;
    double loss = 0;          // cross-entropy plus the L2 term at the end
    double trainAccuracy = 0; // on the cached training features
    bool converged = false;   // stopped by the loss rule, not by the iteration bound
    double imagesPerSecond = 0;
};

// Logistic regression of the head on fixed features: full-batch L-BFGS on cross-entropy + l2/2 ||W||^2 until
// the loss improves by less than kTolerance (relative) over kWindow iterations, at most `maxIterations`.
// Each iteration is a pass over all labeled images, so it is reported as one step and (every few) one epoch.
HeadFit fitHead(RunContext& ctx, Network& net, const Dataset& train, const Dataset* test, double l2, int maxIterations)
{
    constexpr double kTolerance = 1e-4;
    constexpr int kWindow = 10;
    const auto started = std::chrono::steady_clock::now();
    const auto x = headInputs(net, train, ctx.device).to(ctx.device);
    const auto y = train.labels.to(ctx.device);
    const bool testable = test && test->size() > 0 && test->hasLabels();
    const auto testX = testable ? headInputs(net, *test, ctx.device).to(ctx.device) : torch::Tensor();
    const auto testY = testable ? test->labels.to(ctx.device) : torch::Tensor();
    auto head = net->layer("head");
    const auto params = net->trainableParameters({"head"});
    if (params.empty())
        throw InputError("freeze: 'head' is frozen; the self-taught head has nothing left to train");
    torch::optim::LBFGS optimizer(params, torch::optim::LBFGSOptions(1)
                                              .max_iter(1)
                                              .history_size(20)
                                              .tolerance_grad(1e-10)
                                              .tolerance_change(1e-12)
                                              .line_search_fn("strong_wolfe"));
    auto objective = [&](const torch::Tensor& logits) {
        auto loss = torch::nn::functional::cross_entropy(logits, y);
        for (const auto& p : params)
            if (p.dim() > 1) // weights, not biases
                loss = loss + 0.5 * l2 * p.pow(2).sum();
        return loss;
    };
    const auto snapshot = snapshotParameters(net);
    const int reportEvery = std::max(1, maxIterations / 50);
    std::vector<double> losses;
    HeadFit fit;
    head->train();
    ctx.liveNetwork = net;
    for (int it = 1; it <= maxIterations; ++it) {
        ctx.control.checkpoint();
        optimizer.step([&] {
            torch::AutoGradMode enableGrad(true); // even if a caller runs the fit under no-grad
            optimizer.zero_grad();
            auto loss = objective(head->forward(x));
            loss.backward();
            return loss;
        });
        torch::NoGradGuard noGrad;
        const auto logits = head->forward(x);
        fit.loss = objective(logits).item<double>();
        fit.trainAccuracy = logits.argmax(1).eq(y).to(torch::kDouble).mean().item<double>();
        fit.iterations = it;
        losses.push_back(fit.loss);
        const bool full = losses.size() > static_cast<size_t>(kWindow);
        const double before = full ? losses[losses.size() - 1 - kWindow] : 0.0;
        fit.converged = full && before - fit.loss <= kTolerance * std::abs(before);
        StepStats s;
        s.phase = "train";
        s.epoch = it;
        s.step = it;
        s.totalSteps = maxIterations;
        s.values = {{"loss", fit.loss}, {"accuracy", fit.trainAccuracy}};
        s.elapsedMs = ctx.elapsedMs();
        ctx.observer.onStep(s);
        const bool last = fit.converged || it == maxIterations;
        if (it % reportEvery != 0 && it != 1 && !last)
            continue;
        EpochStats es;
        es.phase = "train";
        es.epoch = it;
        es.epochs = maxIterations;
        es.metrics = {{"train_loss", fit.loss}, {"train_accuracy", fit.trainAccuracy}};
        if (testable) // the frozen encoder's cached test features: the same as the full network, far cheaper
            es.metrics["target_accuracy"] =
                head->forward(testX).argmax(1).eq(testY).to(torch::kDouble).mean().item<double>();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        es.imagesPerSecond = seconds > 0 ? train.size() * it / seconds : 0;
        es.elapsedMs = ctx.elapsedMs();
        ctx.observer.onEpoch(es);
        std::vector<LayerChange> changes;
        for (const auto& [name, value] : relativeWeightChange(net, snapshot))
            changes.push_back({name, value, net->frozen().count(name) > 0});
        ctx.observer.onLayerChanges(it, changes);
        if (last)
            break;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    fit.imagesPerSecond = seconds > 0 ? train.size() * fit.iterations / seconds : 0;
    net->trainKeepingFrozen();
    return fit;
}

class SelfTaughtStrategy : public DescribedStrategy<SelfTaughtStrategy> {
public:
    static StrategyInfo describe()
    {
        StrategyInfo i{
            "selftaught",
            "Self-taught learning",
            "source unlabeled, target labeled",
            "Learns features from unlabeled source images, which may be unrelated to the target, with a "
            "denoising autoencoder or by predicting image rotations; then trains a classifier on those features "
            "with the few labeled target images.",
            Need::Unlabeled,
            Need::Labeled};
        i.section = "selftaught";
        i.options = representationOptions(true);
        i.options.push_back({"finetune_encoder", "bool", false,
                             "also train the encoder on the target labels (with lr * train.backbone_lr_mult); false "
                             "keeps the features learned from the unlabeled images"});
        i.options.push_back(
            {"head_weight_decay",
             "double",
             1e-3,
             "L2 penalty (l2/2 ||W||^2) on the head's weights when the head is fitted to convergence on "
             "fixed features (frozen encoder or pixels); keeps the fit well-posed when the few labels "
             "are separable",
             {},
             0,
             100});
        i.options.push_back({"head_max_iterations",
                             "int",
                             500,
                             "most full-batch L-BFGS iterations of that fit; it stops earlier once the training loss "
                             "improves by less than 0.01 % over 10 iterations",
                             {},
                             1,
                             100000});
        return i;
    }

    Network build(const Experiment& e, const NetShape& shape) const override
    {
        const auto section = resolveSection(info(), e);
        if (pixelsMode(section))
            return pixelClassifier(e, shape.targetClasses);
        return makeRepresentationNetwork(e, section, info().section, shape.targetClasses);
    }

    StrategyOutcome run(RunContext& ctx) override
    {
        const auto& e = ctx.experiment;
        const int classes = ctx.target->numClasses();
        const bool pixels = pixelsMode(ctx.section);
        seedStage(e, 6);
        Network net =
            pixels ? pixelClassifier(e, classes) : makeRepresentationNetwork(e, ctx.section, info().section, classes);
        const auto userFrozen = freezeSet(e);
        net->setFrozen(userFrozen);
        net->to(ctx.device);

        StrategyOutcome out;
        std::set<std::string> encoder;
        if (!pixels) {
            const auto kind = representationOf(ctx.section);
            ctx.log("selftaught: learning features from " + std::to_string(ctx.source->size()) +
                    " unlabeled source images by " +
                    (kind == Representation::Rotation ? "predicting their rotation"
                                                      : "rebuilding them with an autoencoder") +
                    " (source labels, if any, are ignored); the classifier reads '" + net->inputOf("head") + "'");
            const auto learned = learnRepresentation(ctx, net, *ctx.source, ctx.section, e.train.seed + 606);
            for (const auto& [key, value] : learned.metrics.items())
                out.strategyMetrics[key] = value;
            out.strategyMetrics["representation_images_per_second"] = learned.imagesPerSecond;
            out.strategyMetrics["source_images"] = ctx.source->size();
            out.strategyMetrics["feature_layer"] = net->inputOf("head");
            for (const auto& name : net->pathTo(net->inputOf("head")))
                encoder.insert(name);
        }
        const bool finetuneEncoder = ctx.section.at("finetune_encoder").get<bool>();
        // Target phase: the decoder rests; the encoder rests too unless it is fine-tuned. The user's freeze
        // list holds in both phases.
        auto frozen = userFrozen;
        if (!pixels) {
            for (const auto& name : representationTrainingLayers(net))
                frozen.insert(name);
            if (!finetuneEncoder)
                frozen.insert(encoder.begin(), encoder.end());
        }
        net->setFrozen(frozen);
        if (pixels || !finetuneEncoder) {
            fitHeadOnFixedFeatures(ctx, net, out, pixels);
            return out;
        }
        auto [train, val] = trainAndValidation(ctx, *ctx.target);
        auto phase = experimentPhase(e, train, val, ctx.targetTest, 202);
        phase.groups = {{net->trainableParameters({"head"}), e.train.lr},
                        {net->trainableParameters(encoder), e.train.lr * e.train.backboneLrMult}};
        ctx.log("selftaught: training the head" + std::string(finetuneEncoder && !pixels ? " and the encoder" : "") +
                (pixels ? " on raw pixels" : "") + " with " + std::to_string(train.size()) + " labeled target images");
        recordPhase(out, ctx, net, trainSupervised(ctx, net, phase), ctx.targetTest);
        out.strategyMetrics["representation"] = representationName(representationOf(ctx.section));
        out.strategyMetrics["finetune_encoder"] = finetuneEncoder;
        out.strategyMetrics["labeled_target_images"] = train.size();
        return out;
    }

private:
    // With fixed features the head is a convex problem: fit it to convergence on every labeled image (no
    // validation split, no epochs), then evaluate the full network on target_test.
    void fitHeadOnFixedFeatures(RunContext& ctx, Network& net, StrategyOutcome& out, bool pixels)
    {
        const auto& e = ctx.experiment;
        const Dataset train = ctx.target->labeledSubset();
        if (train.size() == 0)
            throw InputError(ctx.target->role + ": no labeled image to train on");
        if (e.train.earlyStoppingPatience > 0)
            ctx.log("selftaught: the head is fitted to convergence on fixed features, so early stopping is off and "
                    "no labels are held out");
        const double l2 = ctx.section.at("head_weight_decay").get<double>();
        const int maxIterations = ctx.section.at("head_max_iterations").get<int>();
        ctx.log("selftaught: fitting the head" +
                std::string(pixels ? " on raw pixels" : " on the frozen encoder's features") + " of " +
                std::to_string(train.size()) + " labeled target images (L-BFGS, weight decay " + std::to_string(l2) +
                ", at most " + std::to_string(maxIterations) + " iterations)");
        const auto snapshot = snapshotParameters(net);
        const auto fit = fitHead(ctx, net, train, ctx.targetTest, l2, maxIterations);
        ctx.log("selftaught: head " + std::string(fit.converged ? "converged" : "stopped at the iteration bound") +
                " after " + std::to_string(fit.iterations) + " iterations, training loss " + std::to_string(fit.loss));
        if (!pixels)
            if (const auto layer = lastFeatureLayer(net); !layer.empty())
                reportProjection(ctx, net, layer, ctx.targetTest ? ctx.targetTest : ctx.target, fit.iterations);
        out.net = net;
        out.epochsRun = fit.iterations;
        out.trainImagesPerSecond = fit.imagesPerSecond;
        out.weightChange = relativeWeightChange(net, snapshot);
        recordTestEvaluation(out, ctx, net, "", ctx.targetTest); // the full network: encoder and head
        out.strategyMetrics["representation"] = representationName(representationOf(ctx.section));
        out.strategyMetrics["finetune_encoder"] = ctx.section.at("finetune_encoder").get<bool>();
        out.strategyMetrics["labeled_target_images"] = train.size();
        out.strategyMetrics["head_iterations"] = fit.iterations;
        out.strategyMetrics["head_train_loss"] = fit.loss;
        out.strategyMetrics["head_train_accuracy"] = fit.trainAccuracy;
        out.strategyMetrics["head_converged"] = fit.converged;
        out.strategyMetrics["head_weight_decay"] = l2;
    }
};

} // namespace

void registerSelfTaughtStrategy()
{
    registerDescribed<SelfTaughtStrategy>();
}

} // namespace ts::engine

// Self-taught learning (Raina et al., "Self-taught learning: transfer learning from unlabeled data",
// ICML 2007): learn a representation from unlabeled source images that may be unrelated to the target, then
// train a classifier on it with the few labeled target images.

#include "engine/core/errors.h"
#include "engine/nn/autoencoder.h"
#include "engine/strategies/strategyutil.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

namespace ts::engine {

namespace {

bool pixelsMode(const nlohmann::json& section)
{
    return section.value("representation", "autoencoder") == "pixels";
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

class SelfTaughtStrategy : public DescribedStrategy<SelfTaughtStrategy> {
public:
    static StrategyInfo describe()
    {
        StrategyInfo i{
            "selftaught",
            "Self-taught learning",
            "source unlabeled, target labeled",
            "Learns features from unlabeled source images, which may be unrelated to the target, with a "
            "denoising autoencoder; then trains a classifier on those features with the few labeled target images.",
            Need::Unlabeled,
            Need::Labeled};
        i.section = "selftaught";
        i.options = autoencoderOptions();
        i.options.push_back({"finetune_encoder", "bool", false,
                             "also train the encoder on the target labels (with lr * train.backbone_lr_mult); false "
                             "keeps the features the autoencoder learned"});
        i.options.push_back({"representation",
                             "string",
                             "autoencoder",
                             "pixels skips representation learning and trains a linear classifier on raw pixels (the "
                             "baseline of the same labels)",
                             {"autoencoder", "pixels"}});
        return i;
    }

    Network build(const Experiment& e, const NetShape& shape) const override
    {
        if (pixelsMode(resolveSection(info(), e)))
            return pixelClassifier(e, shape.targetClasses);
        return makeAutoencoderNetwork(e, shape.targetClasses);
    }

    StrategyOutcome run(RunContext& ctx) override
    {
        const auto& e = ctx.experiment;
        const int classes = ctx.target->numClasses();
        const bool pixels = pixelsMode(ctx.section);
        seedStage(e, 6);
        Network net = pixels ? pixelClassifier(e, classes) : makeAutoencoderNetwork(e, classes);
        const auto userFrozen = freezeSet(e);
        net->setFrozen(userFrozen);
        net->to(ctx.device);

        StrategyOutcome out;
        std::set<std::string> encoder;
        if (!pixels) {
            auto phase = autoencoderPhase(e, ctx.section, e.train.seed + 606);
            ctx.log("selftaught: training a " + std::string(phase.noise > 0 ? "denoising " : "") + "autoencoder on " +
                    std::to_string(ctx.source->size()) + " unlabeled source images for " +
                    std::to_string(phase.epochs) + " epochs (source labels, if any, are ignored)");
            const auto ae = trainAutoencoder(ctx, net, *ctx.source, phase);
            out.strategyMetrics["reconstruction_loss"] = ae.reconstructionLoss;
            out.strategyMetrics["autoencoder_epochs"] = ae.epochsRun;
            out.strategyMetrics["autoencoder_images_per_second"] = ae.imagesPerSecond;
            out.strategyMetrics["source_images"] = ctx.source->size();
            for (const auto& name : net->pathTo(codeLayer(net)))
                encoder.insert(name);
        }
        const bool finetuneEncoder = ctx.section.at("finetune_encoder").get<bool>();
        // Target phase: the decoder rests; the encoder rests too unless it is fine-tuned. The user's freeze
        // list holds in both phases.
        auto frozen = userFrozen;
        if (!pixels) {
            for (const auto& name : decoderLayerNames())
                frozen.insert(name);
            if (!finetuneEncoder)
                frozen.insert(encoder.begin(), encoder.end());
        }
        net->setFrozen(frozen);
        auto [train, val] = trainAndValidation(ctx, *ctx.target);
        auto phase = experimentPhase(e, train, val, ctx.targetTest, 202);
        phase.groups = {{net->trainableParameters({"head"}), e.train.lr},
                        {net->trainableParameters(encoder), e.train.lr * e.train.backboneLrMult}};
        ctx.log("selftaught: training the head" + std::string(finetuneEncoder && !pixels ? " and the encoder" : "") +
                (pixels ? " on raw pixels" : "") + " with " + std::to_string(train.size()) + " labeled target images");
        recordPhase(out, ctx, net, trainSupervised(ctx, net, phase), ctx.targetTest);
        out.strategyMetrics["representation"] = pixels ? "pixels" : "autoencoder";
        out.strategyMetrics["finetune_encoder"] = finetuneEncoder;
        out.strategyMetrics["labeled_target_images"] = train.size();
        return out;
    }
};

} // namespace

void registerSelfTaughtStrategy()
{
    registerDescribed<SelfTaughtStrategy>();
}

} // namespace ts::engine

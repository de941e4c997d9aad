// The baselines (scratch, source_only) and fine-tuning: the strategies of the "both labeled" setting that
// train one classifier.

#include "engine/core/errors.h"
#include "engine/nn/checkpoint.h"
#include "engine/strategies/strategyutil.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

namespace ts::engine {

namespace {

Network plainBackbone(const Experiment& e, int classes)
{
    return makeBackbone(e.model.backbone, e.input.channels, e.input.height, e.input.width, classes);
}

class ScratchStrategy : public DescribedStrategy<ScratchStrategy> {
public:
    static StrategyInfo describe()
    {
        StrategyInfo i{"scratch",
                       "Train from scratch",
                       "baseline",
                       "Trains the network from random weights on the few labeled target images only. "
                       "Every transfer strategy should beat this.",
                       Need::None,
                       Need::Labeled};
        return i;
    }
    Network build(const Experiment& e, const NetShape& shape) const override
    {
        return plainBackbone(e, shape.targetClasses);
    }

    StrategyOutcome run(RunContext& ctx) override
    {
        const auto& e = ctx.experiment;
        seedStage(e, kInitStage);
        Network net = plainBackbone(e, ctx.target->numClasses());
        net->setFrozen(freezeSet(e));
        net->to(ctx.device);
        auto [train, val] = trainAndValidation(ctx, *ctx.target);
        auto phase = experimentPhase(e, train, val, ctx.targetTest, 202);
        phase.groups = {{net->trainableParameters(), e.train.lr}};
        StrategyOutcome out;
        recordPhase(out, ctx, net, trainSupervised(ctx, net, phase), ctx.targetTest);
        out.weightsFrom = "random";
        return out;
    }
};

class SourceOnlyStrategy : public DescribedStrategy<SourceOnlyStrategy> {
public:
    static StrategyInfo describe()
    {
        StrategyInfo i{"source_only",
                       "Source only",
                       "baseline",
                       "Trains on the labeled source and tests on the target without adapting. "
                       "The gap to a target-trained network measures the domain shift.",
                       Need::Labeled,
                       Need::None}; // tested on target_test; the target's training images are not used
        i.needsTargetTest = true;
        return i;
    }
    Network build(const Experiment& e, const NetShape& shape) const override
    {
        return plainBackbone(e, shape.sourceClasses);
    }

    StrategyOutcome run(RunContext& ctx) override
    {
        const auto& e = ctx.experiment;
        const Dataset& test = *ctx.targetTest;
        if (test.hasLabels())
            requireSameClasses(*ctx.source, test,
                               "source_only predicts source classes, so the target must have the same ones");
        seedStage(e, kInitStage);
        Network net = plainBackbone(e, ctx.source->numClasses());
        net->setFrozen(freezeSet(e));
        net->to(ctx.device);
        auto [train, val] = trainAndValidation(ctx, *ctx.source);
        auto phase = experimentPhase(e, train, val, &test, 101);
        phase.groups = {{net->trainableParameters(), e.train.lr}};
        StrategyOutcome out;
        recordPhase(out, ctx, net, trainSupervised(ctx, net, phase), &test);
        if (ctx.sourceTest && ctx.sourceTest->size())
            out.sourceAccuracy = evaluate(net, "", *ctx.sourceTest, ctx.device, kEvalBatch).accuracy;
        out.weightsFrom = "random";
        return out;
    }
};

class FinetuneStrategy : public DescribedStrategy<FinetuneStrategy> {
public:
    static StrategyInfo describe()
    {
        StrategyInfo i{
            "finetune",
            "Fine-tuning",
            "source labeled, target labeled",
            "Starts from a network pretrained on the source, puts a new random head on it for the target "
            "classes and trains briefly with a small learning rate. Frozen layers keep their source weights.",
            Need::Labeled,
            Need::Labeled};
        i.pretrainedReplacesSource = true; // a model in model.pretrained is the pretrained network
        return i;
    }

    Network build(const Experiment& e, const NetShape& shape) const override
    {
        Network net = e.model.pretrained.empty() ? plainBackbone(e, shape.sourceClasses) : loadPretrained(e);
        replaceHead(net, e, shape.targetClasses);
        return net;
    }

    StrategyOutcome run(RunContext& ctx) override
    {
        const auto& e = ctx.experiment;
        std::optional<double> sourceAccuracy;
        Network net{nullptr};
        std::string weightsFrom;
        if (!e.model.pretrained.empty()) {
            net = loadPretrained(e);
            net->to(ctx.device);
            weightsFrom = resolvePath(e, e.model.pretrained);
            ctx.log("finetune: starting from " + weightsFrom);
        } else {
            net = pretrainOnSource(ctx, sourceAccuracy);
            weightsFrom = "source pretraining";
        }
        const std::string head = net->outputLayer();
        replaceHead(net, e, ctx.target->numClasses());
        net->setFrozen(freezeSet(e));
        net->to(ctx.device);

        std::set<std::string> pretrained;
        for (const auto& n : net->layerNames())
            if (n != head)
                pretrained.insert(n);
        auto [train, val] = trainAndValidation(ctx, *ctx.target);
        auto phase = experimentPhase(e, train, val, ctx.targetTest, 202);
        phase.groups = {{net->trainableParameters({head}), e.train.lr},
                        {net->trainableParameters(pretrained), e.train.lr * e.train.backboneLrMult}};
        ctx.log("finetune: new head '" + head + "' for " + std::to_string(ctx.target->numClasses()) +
                " target classes; training on " + std::to_string(train.size()) + " labeled images");
        StrategyOutcome out;
        recordPhase(out, ctx, net, trainSupervised(ctx, net, phase), ctx.targetTest);
        out.sourceAccuracy = sourceAccuracy;
        out.weightsFrom = weightsFrom;
        return out;
    }
};

} // namespace

void registerBaselineStrategies()
{
    registerDescribed<ScratchStrategy>();
    registerDescribed<SourceOnlyStrategy>();
}

void registerFinetuneStrategy()
{
    registerDescribed<FinetuneStrategy>();
}

} // namespace ts::engine

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

void fillOutcome(StrategyOutcome& out, RunContext& ctx, Network& net, const PhaseResult& result, const Dataset* test)
{
    out.net = net;
    out.targetAccuracy = result.testAccuracy;
    out.epochsRun = result.epochsRun;
    out.trainImagesPerSecond = result.imagesPerSecond;
    out.weightChange = result.weightChange;
    recordTestEvaluation(out, ctx, net, "", test);
}

class ScratchStrategy : public DescribedStrategy<ScratchStrategy> {
public:
    static StrategyInfo describe()
    {
        StrategyInfo i;
        i.name = "scratch";
        i.title = "Train from scratch";
        i.setting = "baseline";
        i.description = "Trains the network from random weights on the few labeled target images only. "
                        "Every transfer strategy should beat this.";
        i.source = Need::None;
        i.target = Need::Labeled;
        return i;
    }
    Network build(const Experiment& e, const NetShape& shape) const override
    {
        return plainBackbone(e, shape.targetClasses);
    }

    StrategyOutcome run(RunContext& ctx) override
    {
        const auto& e = ctx.experiment;
        seedStage(e, 2);
        Network net = plainBackbone(e, ctx.target->numClasses());
        net->setFrozen(freezeSet(e));
        net->to(ctx.device);
        auto [train, val] = trainAndValidation(ctx, *ctx.target);
        SupervisedPhase phase;
        phase.epochs = e.train.epochs;
        phase.batchSize = e.train.batchSize;
        phase.seed = e.train.seed + 202;
        phase.groups = {{net->trainableParameters(), e.train.lr}};
        phase.train = &train;
        phase.validation = val.size() ? &val : nullptr;
        phase.patience = e.train.earlyStoppingPatience;
        phase.test = ctx.targetTest;
        phase.trackWeightChange = true;
        StrategyOutcome out;
        fillOutcome(out, ctx, net, trainSupervised(ctx, net, phase), ctx.targetTest);
        return out;
    }
};

class SourceOnlyStrategy : public DescribedStrategy<SourceOnlyStrategy> {
public:
    static StrategyInfo describe()
    {
        StrategyInfo i;
        i.name = "source_only";
        i.title = "Source only";
        i.setting = "baseline";
        i.description = "Trains on the labeled source and tests on the target without adapting. "
                        "The gap to a target-trained network measures the domain shift.";
        i.source = Need::Labeled;
        i.target = Need::Any;
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
        seedStage(e, 1);
        Network net = plainBackbone(e, ctx.source->numClasses());
        net->setFrozen(freezeSet(e));
        net->to(ctx.device);
        auto [train, val] = trainAndValidation(ctx, *ctx.source);
        SupervisedPhase phase;
        phase.epochs = e.train.epochs;
        phase.batchSize = e.train.batchSize;
        phase.seed = e.train.seed + 101;
        phase.groups = {{net->trainableParameters(), e.train.lr}};
        phase.train = &train;
        phase.validation = val.size() ? &val : nullptr;
        phase.patience = e.train.earlyStoppingPatience;
        phase.test = &test;
        phase.trackWeightChange = true;
        StrategyOutcome out;
        fillOutcome(out, ctx, net, trainSupervised(ctx, net, phase), &test);
        if (ctx.sourceTest && ctx.sourceTest->size())
            out.sourceAccuracy = evaluate(net, "", *ctx.sourceTest, ctx.device, 256).accuracy;
        return out;
    }
};

class FinetuneStrategy : public DescribedStrategy<FinetuneStrategy> {
public:
    static StrategyInfo describe()
    {
        StrategyInfo i;
        i.name = "finetune";
        i.title = "Fine-tuning";
        i.setting = "source labeled, target labeled";
        i.description =
            "Starts from a network pretrained on the source, puts a new random head on it for the target "
            "classes and trains briefly with a small learning rate. Frozen layers keep their source weights.";
        i.source = Need::Labeled;
        i.target = Need::Labeled;
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
        if (!e.model.pretrained.empty()) {
            net = loadPretrained(e);
            net->to(ctx.device);
            ctx.log("finetune: starting from " + resolvePath(e, e.model.pretrained));
        } else {
            net = pretrainOnSource(ctx, sourceAccuracy);
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
        SupervisedPhase phase;
        phase.phase = "train";
        phase.epochs = e.train.epochs;
        phase.batchSize = e.train.batchSize;
        phase.seed = e.train.seed + 202;
        phase.groups = {{net->trainableParameters({head}), e.train.lr},
                        {net->trainableParameters(pretrained), e.train.lr * e.train.backboneLrMult}};
        phase.train = &train;
        phase.validation = val.size() ? &val : nullptr;
        phase.patience = e.train.earlyStoppingPatience;
        phase.test = ctx.targetTest;
        phase.trackWeightChange = true;
        ctx.log("finetune: new head '" + head + "' for " + std::to_string(ctx.target->numClasses()) +
                " target classes; training on " + std::to_string(train.size()) + " labeled images");
        StrategyOutcome out;
        fillOutcome(out, ctx, net, trainSupervised(ctx, net, phase), ctx.targetTest);
        out.sourceAccuracy = sourceAccuracy;
        return out;
    }
};

} // namespace

void registerBaselineStrategies()
{
    registerStrategy(ScratchStrategy::describe(), [] { return std::make_unique<ScratchStrategy>(); });
    registerStrategy(SourceOnlyStrategy::describe(), [] { return std::make_unique<SourceOnlyStrategy>(); });
}

void registerFinetuneStrategy()
{
    registerStrategy(FinetuneStrategy::describe(), [] { return std::make_unique<FinetuneStrategy>(); });
}

} // namespace ts::engine

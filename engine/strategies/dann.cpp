// Domain-adversarial training (DANN, Ganin & Lempitsky 2015): a feature extractor trained so that a label
// predictor works on the labeled source while a domain classifier, behind a gradient reversal layer, cannot
// tell source features from target features.

#include "engine/core/errors.h"
#include "engine/nn/checkpoint.h"
#include "engine/nn/gradientreversal.h"
#include "engine/strategies/strategyutil.h"
#include "engine/train/jointtraining.h"
#include "engine/train/runner.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>

namespace ts::engine {

namespace {

const char* const kGrl = "grl";
const char* const kDomainHidden = "domain_fc1";
const char* const kDomainHead = "domain_head";

// The three parts of a DANN network and where they meet.
struct DannNet {
    Network net{nullptr};
    std::string branch; // last layer of the feature extractor; the domain classifier reads it
    std::string head;   // output of the label predictor
};

std::vector<std::int64_t> inputShape(const Experiment& e)
{
    return {e.input.channels, e.input.height, e.input.width};
}

// The classifier DANN starts from: model.pretrained when set (with a new head if its class count differs),
// else the backbone with random weights.
Network startingNetwork(const Experiment& e, int classes)
{
    if (e.model.pretrained.empty())
        return makeBackbone(e.model.backbone, e.input.channels, e.input.height, e.input.width, classes);
    Network net = loadPretrained(e);
    if (layerOutputSize(net, net->outputLayer(), inputShape(e)) != classes)
        replaceHead(net, e, classes);
    return net;
}

// Re-adds the classifier's layers with the DANN roles (feature up to the branch, label after it) and
// appends the domain classifier: grl -> domain_fc1 (ReLU) -> domain_head (2 outputs).
DannNet buildDann(const Experiment& e, const nlohmann::json& section, int classes)
{
    Network base = startingNetwork(e, classes);
    DannNet d;
    d.head = base->outputLayer();
    d.branch = resolveBranch(base, section.value("branch", nlohmann::json()), "dann.branch");
    d.net = Network();
    bool afterBranch = false;
    for (const auto& name : base->pathTo(d.head)) {
        d.net->add(name, base->inputOf(name), afterBranch ? "label" : "feature", base->layer(name));
        afterBranch = afterBranch || name == d.branch;
    }
    const auto features = layerOutputSize(d.net, d.branch, inputShape(e));
    const auto hidden = section.value("domain_hidden", std::int64_t{100});
    d.net->add(kGrl, d.branch, "domain", std::make_shared<GradientReversal>(0.0));
    d.net->add(kDomainHidden, kGrl, "domain", makeLinear(features, hidden, true));
    d.net->add(kDomainHead, kDomainHidden, "domain", makeLinear(hidden, 2, false, 0, "head"));
    d.net->setOutputLayer(d.head);
    return d;
}

class DannStrategy : public DescribedStrategy<DannStrategy> {
public:
    static StrategyInfo describe()
    {
        StrategyInfo i{"dann",
                       "Domain-adversarial training (DANN)",
                       "source labeled, target unlabeled",
                       "Learns features that classify the labeled source images while a domain classifier, "
                       "fooled through a gradient reversal layer, cannot tell source from unlabeled target images.",
                       Need::Labeled,
                       Need::Any};
        i.needsTargetTest = true;
        i.section = "dann";
        i.options = {
            {"branch", "layer", nullptr,
             "layer where the domain classifier branches off: the end of the feature extractor (default: the last "
             "feature layer)"},
            {"domain_hidden", "int", 100, "units of the domain classifier's hidden layer", {}, 1, 100000},
            {"schedule",
             "string",
             "paper",
             "how lambda grows: 'paper' = lambda_max * (2/(1+exp(-gamma*p)) - 1), 'constant' = lambda_max",
             {"paper", "constant"}},
            {"gamma", "double", 10.0, "steepness of the paper's lambda schedule", {}, 0, 1000},
            {"lambda_max", "double", 1.0, "weight of the reversed domain gradient at the end of training", {}, 0, 1000},
            {"anneal_lr", "bool", true, "anneal the learning rate as lr / (1 + 10p)^0.75 over training progress p"},
        };
        return i;
    }

    Network build(const Experiment& e, const NetShape& shape) const override
    {
        const auto section = resolveSection(info(), e);
        return buildDann(e, section, shape.sourceClasses).net;
    }

    StrategyOutcome run(RunContext& ctx) override
    {
        const auto& e = ctx.experiment;
        const auto& opt = ctx.section;
        const Dataset source = ctx.source->labeledSubset();
        const Dataset& target = *ctx.target; // used without labels
        const Dataset* test = ctx.targetTest;
        if (test->hasLabels())
            requireSameClasses(*ctx.source, *test,
                               "dann predicts source classes on target images, so target_test must have the same ones");
        if (source.size() == 0)
            throw InputError("source: no labeled image to train on");
        if (target.size() == 0)
            throw InputError("target: no image to adapt to");

        seedStage(e, kInitStage);
        DannNet d = buildDann(e, opt, ctx.source->numClasses());
        Network net = d.net;
        if (!e.model.pretrained.empty())
            ctx.log("dann: starting from " + resolvePath(e, e.model.pretrained));
        net->setFrozen(freezeSet(e));
        net->to(ctx.device);
        auto grl = std::dynamic_pointer_cast<GradientReversal>(net->layer(kGrl));

        const auto schedule = opt.at("schedule").get<std::string>();
        const double gamma = opt.at("gamma").get<double>();
        const double lambdaMax = opt.at("lambda_max").get<double>();
        const bool anneal = opt.at("anneal_lr").get<bool>();
        auto optimizer = makeOptimizer(e.train, {{net->trainableParameters(), e.train.lr}});
        const auto baseRates = learningRates(*optimizer);
        BatchSampler sourceBatches(source.size(), e.train.batchSize, e.train.seed + 303);
        CyclingBatches targetBatches(target.size(), e.train.batchSize, e.train.seed + 304);
        Augmenter augmentSource(e.train.augment, e.train.seed + 303 + kAugmentSeed);
        Augmenter augmentTarget(e.train.augment, e.train.seed + 304 + kAugmentSeed);
        const int epochs = e.train.epochs;
        const auto totalSteps = sourceBatches.batchesPerEpoch() * epochs;
        const auto snapshot = snapshotParameters(net);
        ctx.log("dann: feature extractor up to '" + d.branch + "', " + std::to_string(source.size()) +
                " labeled source and " + std::to_string(target.size()) + " unlabeled target images, " +
                std::to_string(totalSteps) + " steps");

        StrategyOutcome out;
        nlohmann::json domainByEpoch = nlohmann::json::array(), targetByEpoch = nlohmann::json::array();
        double lambda = 0, lr = e.train.lr, trainSeconds = 0;
        double lastDomainAccuracy = -1, lastChance = 0.5, lastLabelLoss = 0, lastDomainLoss = 0;
        std::int64_t step = 0, trainImages = 0;
        net->trainKeepingFrozen();
        ctx.liveNetwork = net;
        for (int epoch = 1; epoch <= epochs; ++epoch) {
            double labelLossSum = 0, domainLossSum = 0, majority = 0;
            std::int64_t correct = 0, seen = 0, domainCorrect = 0, domainSeen = 0;
            const auto epochStart = std::chrono::steady_clock::now();
            for (const auto& sourceIndex : sourceBatches.epoch()) {
                ctx.control.checkpoint();
                const double progress = totalSteps > 0 ? static_cast<double>(step) / totalSteps : 0.0;
                lambda = scheduledLambda(schedule, progress, gamma, lambdaMax);
                grl->setLambda(lambda);
                if (anneal)
                    scaleLearningRates(*optimizer, baseRates, annealedLrFactor(progress));
                lr = optimizer->param_groups().front().options().get_lr();

                const auto targetIndex = targetBatches.next();
                auto xs = trainingBatchImages(source, sourceIndex, ctx.device, augmentSource);
                auto ys = batchLabels(source, sourceIndex, ctx.device);
                auto xt = trainingBatchImages(target, targetIndex, ctx.device, augmentTarget);
                const auto ns = xs.size(0), nt = xt.size(0);
                auto domains =
                    torch::cat({torch::zeros({ns}, torch::kLong), torch::ones({nt}, torch::kLong)}).to(ctx.device);

                optimizer->zero_grad();
                // Both domains pass through the feature extractor together; only source rows reach the label
                // predictor, every row reaches the domain classifier through the reversal layer.
                auto features = net->forward(torch::cat({xs, xt}), d.branch);
                auto logits = forwardAfter(net, features.slice(0, 0, ns), d.branch, d.head);
                auto domainLogits = forwardAfter(net, features, d.branch, kDomainHead);
                auto labelLoss = torch::nn::functional::cross_entropy(logits, ys);
                auto domainLoss = torch::nn::functional::cross_entropy(domainLogits, domains);
                auto loss = labelLoss + domainLoss;
                checkedLoss(loss, "train", step + 1);
                loss.backward();
                optimizer->step();
                ++step;

                const double labelLossValue = labelLoss.item<double>();
                const double domainLossValue = domainLoss.item<double>();
                const auto batchCorrect = logits.argmax(1).eq(ys).sum().item<std::int64_t>();
                const auto batchDomainCorrect = domainLogits.argmax(1).eq(domains).sum().item<std::int64_t>();
                const double chance = static_cast<double>(std::max(ns, nt)) / (ns + nt);
                labelLossSum += labelLossValue * ns;
                domainLossSum += domainLossValue * (ns + nt);
                correct += batchCorrect;
                seen += ns;
                domainCorrect += batchDomainCorrect;
                domainSeen += ns + nt;
                majority += std::max(ns, nt);

                StepStats stats;
                stats.phase = "train";
                stats.epoch = epoch;
                stats.step = step;
                stats.totalSteps = totalSteps;
                stats.values = {{"label_loss", labelLossValue},
                                {"domain_loss", domainLossValue},
                                {"domain_accuracy", static_cast<double>(batchDomainCorrect) / (ns + nt)},
                                {"domain_chance", chance},
                                {"lambda", lambda},
                                {"lr", lr},
                                {"loss", labelLossValue + domainLossValue},
                                {"accuracy", static_cast<double>(batchCorrect) / ns}};
                stats.elapsedMs = ctx.elapsedMs();
                ctx.observer.onStep(stats);
            }
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epochStart).count();
            trainSeconds += seconds;
            trainImages += domainSeen;
            out.epochsRun = epoch;
            lastDomainAccuracy = static_cast<double>(domainCorrect) / std::max<std::int64_t>(1, domainSeen);
            lastChance = majority / std::max<std::int64_t>(1, domainSeen);
            lastLabelLoss = labelLossSum / std::max<std::int64_t>(1, seen);
            lastDomainLoss = domainLossSum / std::max<std::int64_t>(1, domainSeen);

            EpochStats es;
            es.phase = "train";
            es.epoch = epoch;
            es.epochs = epochs;
            es.metrics["train_loss"] = lastLabelLoss;
            es.metrics["train_accuracy"] = static_cast<double>(correct) / std::max<std::int64_t>(1, seen);
            es.metrics["domain_accuracy"] = lastDomainAccuracy;
            es.metrics["domain_chance"] = lastChance;
            const bool testing = testDue(epoch, epochs, false, ctx.experiment.train.evalEvery);
            if (testing && test->hasLabels() && test->size() > 0) {
                es.metrics["target_accuracy"] = evaluate(net, d.head, *test, ctx.device, kEvalBatch).accuracy;
                targetByEpoch.push_back(es.metrics["target_accuracy"]);
            }
            if (testing && ctx.sourceTest && ctx.sourceTest->size() > 0)
                es.metrics["source_accuracy"] = evaluate(net, d.head, *ctx.sourceTest, ctx.device, kEvalBatch).accuracy;
            domainByEpoch.push_back(lastDomainAccuracy);
            es.imagesPerSecond = seconds > 0 ? domainSeen / seconds : 0;
            out.weightChange = reportEpochEnd(ctx, net, es, snapshot, d.branch, test);
        }

        out.net = net;
        out.trainImagesPerSecond = trainSeconds > 0 ? trainImages / trainSeconds : 0;
        recordTestEvaluation(out, ctx, net, d.head, test);
        if (ctx.sourceTest && ctx.sourceTest->size() > 0)
            out.sourceAccuracy = evaluate(net, d.head, *ctx.sourceTest, ctx.device, kEvalBatch).accuracy;
        auto& m = out.strategyMetrics;
        m["domain_accuracy"] = lastDomainAccuracy >= 0 ? nlohmann::json(lastDomainAccuracy) : nlohmann::json();
        m["domain_chance"] = lastChance;
        m["lambda_final"] = lambda;
        m["lr_final"] = lr;
        m["label_loss_final"] = lastLabelLoss;
        m["domain_loss_final"] = lastDomainLoss;
        m["branch"] = d.branch;
        m["domain_accuracy_by_epoch"] = domainByEpoch;
        m["target_accuracy_by_epoch"] = targetByEpoch;
        return out;
    }
};

} // namespace

void registerDannStrategy()
{
    registerDescribed<DannStrategy>();
}

} // namespace ts::engine

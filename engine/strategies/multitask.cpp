// Multitask learning: one trunk shared by two tasks, each with its own head. Task A learns the source labels,
// task B the target labels; the two sets may hold different images and different classes.

#include "engine/core/errors.h"
#include "engine/nn/checkpoint.h"
#include "engine/strategies/strategyutil.h"
#include "engine/train/jointtraining.h"
#include "engine/train/runner.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>

namespace ts::engine {

namespace {

const char* const kHeadA = "a_head";
const char* const kHeadB = "b_head";

struct MultitaskNet {
    Network net{nullptr};
    std::string branch; // last shared layer
};

// One copy of the classifier the trunk and heads come from: model.pretrained or the backbone.
Network classifier(const Experiment& e, int classes)
{
    if (!e.model.pretrained.empty())
        return loadPretrained(e);
    return makeBackbone(e.model.backbone, e.input.channels, e.input.height, e.input.width, classes);
}

// The trunk (layers up to the branch, role "feature"), then per task the classifier's remaining layers
// after the branch, prefixed "a_" / "b_", and a new linear head "a_head" / "b_head". Task A keeps the
// classifier's own layers; task B gets those of a second copy (random, or the same pretrained weights).
MultitaskNet buildMultitask(const Experiment& e, const nlohmann::json& section, int classesA, int classesB)
{
    Network base = classifier(e, classesA);
    const std::string head = base->outputLayer();
    MultitaskNet m;
    m.branch = resolveBranch(base, section.value("branch", nlohmann::json()), "multitask.branch");
    const auto path = base->pathTo(head);
    const auto branchAt = std::find(path.begin(), path.end(), m.branch);
    const std::vector<std::string> trunk(path.begin(), branchAt + 1), tail(branchAt + 1, path.end() - 1);
    m.net = Network();
    for (const auto& name : trunk)
        m.net->add(name, base->inputOf(name), "feature", base->layer(name));
    const std::vector<std::int64_t> shape{e.input.channels, e.input.height, e.input.width};
    const auto features = layerOutputSize(base, tail.empty() ? m.branch : tail.back(), shape);
    struct Task {
        std::string prefix, role;
        int classes;
    };
    for (const Task& task : {Task{"a_", "task_a", classesA}, Task{"b_", "task_b", classesB}}) {
        Network copy = (tail.empty() || task.prefix == "a_") ? base : classifier(e, classesA);
        std::string previous = m.branch;
        for (const auto& name : tail) {
            m.net->add(task.prefix + name, previous, task.role, copy->layer(name));
            previous = task.prefix + name;
        }
        m.net->add(task.prefix + "head", previous, task.role, makeLinear(features, task.classes, false, 0, "head"));
    }
    m.net->setOutputLayer(kHeadB);
    return m;
}

// Running sums of one task over an epoch.
struct TaskTally {
    double lossSum = 0;
    std::int64_t correct = 0, seen = 0;
    void add(const torch::Tensor& logits, const torch::Tensor& labels, double loss)
    {
        lossSum += loss * labels.size(0);
        correct += logits.argmax(1).eq(labels).sum().item<std::int64_t>();
        seen += labels.size(0);
    }
    double accuracy() const { return seen ? static_cast<double>(correct) / seen : 0.0; }
    double loss() const { return seen ? lossSum / seen : 0.0; }
};

class MultitaskStrategy : public DescribedStrategy<MultitaskStrategy> {
public:
    static StrategyInfo describe()
    {
        StrategyInfo i{
            "multitask",
            "Multitask learning",
            "source labeled, target labeled",
            "Trains one shared trunk with two heads at the same time: one for the source labels (task A) "
            "and one for the target labels (task B), so the target task borrows features learned for the source.",
            Need::Labeled,
            Need::Labeled};
        i.needsTargetTest = true;
        i.section = "multitask";
        i.options = {
            {"branch", "layer", nullptr,
             "last shared layer; the heads start after it (default: the last feature layer)"},
            {"mode",
             "string",
             "alternate",
             "'alternate': each step trains one task, A and B in turn; 'mixed': each step trains both on a batch of "
             "each",
             {"alternate", "mixed"}},
            {"weights", "double_list", nlohmann::json::array({1.0, 1.0}),
             "loss weights [task A, task B]; a weight of 0 leaves that task untrained"},
        };
        return i;
    }

    Network build(const Experiment& e, const NetShape& shape) const override
    {
        const auto section = resolveSection(info(), e);
        return buildMultitask(e, section, shape.sourceClasses, shape.targetClasses).net;
    }

    StrategyOutcome run(RunContext& ctx) override
    {
        const auto& e = ctx.experiment;
        const auto& opt = ctx.section;
        const auto weights = opt.at("weights").get<std::vector<double>>();
        if (weights.size() != 2 || weights[0] < 0 || weights[1] < 0 || weights[0] + weights[1] <= 0)
            throw InputError("multitask.weights must be two numbers [task A, task B], both >= 0 and not both 0");
        const double wa = weights[0], wb = weights[1];
        const bool mixed = opt.at("mode").get<std::string>() == "mixed";
        const Dataset a = ctx.source->labeledSubset();
        const Dataset b = ctx.target->labeledSubset();
        const Dataset* test = ctx.targetTest;
        if (a.size() == 0)
            throw InputError("source: no labeled image for task A");
        if (b.size() == 0)
            throw InputError("target: no labeled image for task B");

        seedStage(e, kInitStage);
        MultitaskNet m = buildMultitask(e, opt, ctx.source->numClasses(), ctx.target->numClasses());
        Network net = m.net;
        if (!e.model.pretrained.empty())
            ctx.log("multitask: starting from " + resolvePath(e, e.model.pretrained));
        net->setFrozen(freezeSet(e));
        net->to(ctx.device);
        auto optimizer = makeOptimizer(e.train, {{net->trainableParameters(), e.train.lr}});
        CyclingBatches batchesA(a.size(), e.train.batchSize, e.train.seed + 401);
        CyclingBatches batchesB(b.size(), e.train.batchSize, e.train.seed + 402);
        Augmenter augmentA(e.train.augment, e.train.seed + 401 + kAugmentSeed);
        Augmenter augmentB(e.train.augment, e.train.seed + 402 + kAugmentSeed);
        // An epoch is one pass over the larger of the trained sets; the smaller one is drawn again as needed.
        const std::int64_t passA = wa > 0 ? batchesA.batchesPerPass() : 0;
        const std::int64_t passB = wb > 0 ? batchesB.batchesPerPass() : 0;
        const std::int64_t longest = std::max(passA, passB);
        const std::int64_t stepsPerEpoch = mixed ? longest : longest * ((wa > 0) + (wb > 0));
        const int epochs = e.train.epochs;
        const auto totalSteps = stepsPerEpoch * epochs;
        const auto snapshot = snapshotParameters(net);
        ctx.log("multitask: trunk up to '" + m.branch + "'; task A " + std::to_string(a.size()) + " images, " +
                std::to_string(ctx.source->numClasses()) + " classes; task B " + std::to_string(b.size()) +
                " images, " + std::to_string(ctx.target->numClasses()) + " classes; " +
                (mixed ? "mixed" : "alternating") + " batches, " + std::to_string(totalSteps) + " steps");

        StrategyOutcome out;
        std::optional<double> accuracyA, accuracyB;
        bool accuracyAHeldOut = ctx.sourceTest && ctx.sourceTest->size() > 0;
        double trainSeconds = 0;
        std::int64_t step = 0, trainImages = 0;
        net->trainKeepingFrozen();
        ctx.liveNetwork = net;
        for (int epoch = 1; epoch <= epochs; ++epoch) {
            TaskTally tallyA, tallyB;
            const auto epochStart = std::chrono::steady_clock::now();
            for (std::int64_t k = 0; k < stepsPerEpoch; ++k) {
                ctx.control.checkpoint();
                StepStats stats;
                optimizer->zero_grad();
                if (mixed) {
                    const auto ia = batchesA.next(), ib = batchesB.next();
                    auto xa = trainingBatchImages(a, ia, ctx.device, augmentA), ya = batchLabels(a, ia, ctx.device);
                    auto xb = trainingBatchImages(b, ib, ctx.device, augmentB), yb = batchLabels(b, ib, ctx.device);
                    const auto na = xa.size(0);
                    auto shared = net->forward(torch::cat({xa, xb}), m.branch);
                    auto logitsA = forwardAfter(net, shared.slice(0, 0, na), m.branch, kHeadA);
                    auto logitsB = forwardAfter(net, shared.slice(0, na), m.branch, kHeadB);
                    auto lossA = torch::nn::functional::cross_entropy(logitsA, ya);
                    auto lossB = torch::nn::functional::cross_entropy(logitsB, yb);
                    auto loss = wa * lossA + wb * lossB;
                    checkedLoss(loss, "train", step + 1);
                    loss.backward();
                    tallyA.add(logitsA, ya, lossA.item<double>());
                    tallyB.add(logitsB, yb, lossB.item<double>());
                    stats.values = {{"task_a_loss", lossA.item<double>()},
                                    {"task_b_loss", lossB.item<double>()},
                                    {"loss", loss.item<double>()}};
                    trainImages += na + xb.size(0);
                } else {
                    // Task A on even steps and B on odd ones, unless a task's weight is 0.
                    const bool taskA = wb <= 0 || (wa > 0 && k % 2 == 0);
                    const Dataset& data = taskA ? a : b;
                    const auto index = taskA ? batchesA.next() : batchesB.next();
                    auto x = trainingBatchImages(data, index, ctx.device, taskA ? augmentA : augmentB);
                    auto y = batchLabels(data, index, ctx.device);
                    auto logits = net->forward(x, taskA ? kHeadA : kHeadB);
                    auto taskLoss = torch::nn::functional::cross_entropy(logits, y);
                    auto loss = (taskA ? wa : wb) * taskLoss;
                    checkedLoss(loss, "train", step + 1);
                    loss.backward();
                    (taskA ? tallyA : tallyB).add(logits, y, taskLoss.item<double>());
                    stats.values = {{taskA ? "task_a_loss" : "task_b_loss", taskLoss.item<double>()},
                                    {"loss", loss.item<double>()}};
                    trainImages += x.size(0);
                }
                optimizer->step();
                ++step;
                stats.values["lr"] = optimizer->param_groups().front().options().get_lr();
                stats.phase = "train";
                stats.epoch = epoch;
                stats.step = step;
                stats.totalSteps = totalSteps;
                stats.elapsedMs = ctx.elapsedMs();
                ctx.observer.onStep(stats);
            }
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epochStart).count();
            trainSeconds += seconds;
            out.epochsRun = epoch;

            EpochStats es;
            es.phase = "train";
            es.epoch = epoch;
            es.epochs = epochs;
            es.metrics["train_loss"] = wa * tallyA.loss() + wb * tallyB.loss();
            if (tallyA.seen)
                es.metrics["train_accuracy_a"] = tallyA.accuracy();
            if (tallyB.seen)
                es.metrics["train_accuracy_b"] = tallyB.accuracy();
            const bool testing = testDue(epoch, epochs, false, ctx.experiment.train.evalEvery);
            if (testing || !accuracyAHeldOut) {
                accuracyA = accuracyAHeldOut ? evaluate(net, kHeadA, *ctx.sourceTest, ctx.device, kEvalBatch).accuracy
                                             : tallyA.accuracy();
                es.metrics["task_a_accuracy"] = *accuracyA;
                if (accuracyAHeldOut)
                    es.metrics["source_accuracy"] = *accuracyA;
            }
            if (testing && test->hasLabels() && test->size() > 0) {
                accuracyB = evaluate(net, kHeadB, *test, ctx.device, kEvalBatch).accuracy;
                es.metrics["task_b_accuracy"] = *accuracyB;
                es.metrics["target_accuracy"] = *accuracyB;
            }
            es.imagesPerSecond = seconds > 0 ? (tallyA.seen + tallyB.seen) / seconds : 0;
            out.weightChange = reportEpochEnd(ctx, net, es, snapshot, m.branch, test);
        }

        out.net = net;
        out.trainImagesPerSecond = trainSeconds > 0 ? trainImages / trainSeconds : 0;
        if (const auto b = recordTestEvaluation(out, ctx, net, kHeadB, test))
            accuracyB = b;
        if (accuracyAHeldOut) {
            accuracyA = evaluate(net, kHeadA, *ctx.sourceTest, ctx.device, kEvalBatch).accuracy;
            out.sourceAccuracy = accuracyA;
        }
        auto& metrics = out.strategyMetrics;
        metrics["task_accuracy"] = {{"a", accuracyA ? nlohmann::json(*accuracyA) : nlohmann::json()},
                                    {"b", accuracyB ? nlohmann::json(*accuracyB) : nlohmann::json()}};
        metrics["task_a_measured_on"] = accuracyAHeldOut ? "source held-out split" : "source training images";
        metrics["task_b_measured_on"] = test->role;
        metrics["mode"] = mixed ? "mixed" : "alternate";
        metrics["weights"] = weights;
        metrics["branch"] = m.branch;
        // What a fair "task B alone" baseline trains for: the same number of task-B steps (engine/train/baseline.cpp).
        metrics["task_b_steps"] = wb > 0 ? longest * epochs : 0;
        metrics["task_b_images"] = b.size();
        return out;
    }
};

} // namespace

void registerMultitaskStrategy()
{
    registerDescribed<MultitaskStrategy>();
}

} // namespace ts::engine

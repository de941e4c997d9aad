#include "engine/train/runwatch.h"

#include "engine/nn/checkpoint.h"
#include "engine/train/runner.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace ts::engine {

void RunWatch::onStep(const StepStats& stats)
{
    m_next.onStep(stats);
    for (const auto& [name, value] : stats.values)
        if (name.find("loss") != std::string::npos && (!std::isfinite(value) || std::abs(value) > kDivergedLoss))
            throw Diverged(stats.phase, stats.step, value);
}

void RunWatch::onEpoch(const EpochStats& stats)
{
    if (!lastEpoch || lastEpoch->phase != stats.phase)
        phaseMetrics.clear();
    for (const auto& [key, value] : stats.metrics) // some epochs skip the test set (testDue)
        phaseMetrics[key] = value;
    lastEpoch = stats;
    m_next.onEpoch(stats);
}

void RunWatch::onLayerChanges(int epoch, const std::vector<LayerChange>& changes)
{
    for (const auto& c : changes)
        weightChanges[c.name] = c.relativeChange;
    m_next.onLayerChanges(epoch, changes);
}

namespace {

bool allFinite(Network& net)
{
    torch::NoGradGuard noGrad;
    for (const auto& p : net->parameters())
        if (!torch::isfinite(p).all().item<bool>())
            return false;
    return true;
}

} // namespace

bool saveLiveNetwork(const Experiment& e, const RunOptions& options, const std::optional<RunContext>& ctx,
                     const std::string& status)
{
    if (!ctx || !ctx->liveNetwork || options.outDir.empty())
        return false;
    try {
        Network net = ctx->liveNetwork;
        net->to(torch::kCPU);
        if (!allFinite(net))
            return false;
        nlohmann::json meta = {{"backbone", e.model.backbone}, {"strategy", e.strategy}, {"status", status}};
        addInputMeta(meta, e.input);
        saveCheckpoint(net, (fs::path(options.outDir) / "model.pt").string(), meta);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

namespace {

// A run cut short in a phase that tests the target gets the kept network scored on target_test, when that is cheap
// (up to 20000 images): the phase tests only every few epochs, so the last tested accuracy can be epochs old. Only
// for strategies whose output layer predicts target_test's classes (multitask's and zero-shot's do not).
void evaluateAtStop(nlohmann::json& summary, const Experiment& e, const RunContext& ctx, const RunWatch* watch)
{
    static const std::set<std::string> kClassifiers = {"finetune", "scratch", "source_only", "dann"};
    if (!watch || !watch->phaseMetrics.count("target_accuracy") || !kClassifiers.count(e.strategy))
        return;
    const Dataset* test = ctx.targetTest;
    if (!test || !test->hasLabels() || test->size() == 0 || test->size() > 20000)
        return;
    try {
        Network net = ctx.liveNetwork;
        if (!allFinite(net))
            return;
        net->to(torch::kCPU);
        summary["target_accuracy"] = evaluate(net, net->outputLayer(), *test, torch::kCPU, kEvalBatch).accuracy;
        summary["target_accuracy_measured"] = "at stop";
    } catch (const std::exception&) {
        // The last tested accuracy stays in the summary.
    }
}

} // namespace

void recordCutShort(nlohmann::json& summary, const Experiment& e, const std::optional<RunContext>& ctx,
                    const RunWatch* watch)
{
    if (watch && watch->lastEpoch) {
        const EpochStats& last = *watch->lastEpoch;
        summary["epochs_run"] = last.epoch;
        summary["last_epoch"] = {
            {"phase", last.phase}, {"epoch", last.epoch}, {"epochs", last.epochs}, {"metrics", watch->phaseMetrics}};
        for (const char* key : {"target_accuracy", "source_accuracy"})
            if (auto it = watch->phaseMetrics.find(key); it != watch->phaseMetrics.end())
                summary[key] = it->second;
    }
    if (!ctx || !ctx->liveNetwork)
        return;
    evaluateAtStop(summary, e, *ctx, watch);
    try {
        Network net = ctx->liveNetwork;
        net->to(torch::kCPU);
        nlohmann::json layers = nlohmann::json::array();
        for (const auto& layer : net->describe({e.input.channels, e.input.height, e.input.width})) {
            nlohmann::json l = {{"name", layer.name},      {"kind", layer.kind},
                                {"role", layer.role},      {"params", layer.params},
                                {"frozen", layer.frozen},  {"output_shape", layer.outputShape},
                                {"weight_change", nullptr}};
            if (watch)
                if (auto it = watch->weightChanges.find(layer.name); it != watch->weightChanges.end())
                    l["weight_change"] = it->second;
            layers.push_back(l);
        }
        summary["layers"] = layers;
    } catch (const std::exception&) {
        // The layers are a courtesy here; the run's outcome is reported either way.
    }
}

std::string divergedMessage(const Experiment& e, const Diverged& error, bool modelKept)
{
    char lr[32];
    std::snprintf(lr, sizeof lr, "%g", e.train.lr);
    const char* hint = e.train.optimizer == "adam" ? " with adam, try 1e-4 or lower" : " with sgd, try 0.01 or lower";
    return std::string("training diverged: ") + error.what() + "; lower the learning rate (train.lr is " + lr + hint +
           ")." + (modelKept ? " The last finite weights are kept in model.pt." : "");
}

} // namespace ts::engine

#include "engine/strategies/strategyutil.h"

#include "engine/core/errors.h"
#include "engine/nn/checkpoint.h"
#include "engine/train/runner.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <filesystem>
#include <sstream>

namespace ts::engine {

std::pair<Dataset, Dataset> trainAndValidation(const RunContext& ctx, const Dataset& data)
{
    Dataset labeled = data.labeledSubset();
    const auto& train = ctx.experiment.train;
    if (train.earlyStoppingPatience > 0 && train.valFraction > 0) {
        auto parts = stratifiedSplit(labeled, train.valFraction, train.seed + 17);
        if (parts.first.size() > 0 && parts.second.size() > 0)
            return parts;
        ctx.log("too few labeled images to hold out a validation set; early stopping is off", LogLevel::Warning);
    }
    return {labeled, Dataset{}};
}

SupervisedPhase experimentPhase(const Experiment& e, const Dataset& train, const Dataset& validation,
                                const Dataset* test, std::uint64_t seedOffset)
{
    SupervisedPhase phase;
    phase.epochs = e.train.epochs;
    phase.batchSize = e.train.batchSize;
    phase.seed = e.train.seed + seedOffset;
    phase.train = &train;
    phase.validation = validation.size() ? &validation : nullptr;
    phase.patience = e.train.earlyStoppingPatience;
    phase.test = test;
    phase.trackWeightChange = true;
    return phase;
}

void recordPhase(StrategyOutcome& out, RunContext& ctx, Network& net, const PhaseResult& result, const Dataset* test)
{
    out.net = net;
    out.targetAccuracy = result.testAccuracy;
    out.epochsRun = result.epochsRun;
    out.trainImagesPerSecond = result.imagesPerSecond;
    out.weightChange = result.weightChange;
    out.featureCache = result.featureCache;
    recordTestEvaluation(out, ctx, net, "", test);
}

void requireSameClasses(const Dataset& a, const Dataset& b, const std::string& why)
{
    if (a.classNames == b.classNames)
        return;
    auto describe = [](const Dataset& d) {
        std::string s;
        for (const auto& c : d.classNames)
            s += (s.empty() ? "" : ", ") + c;
        return "[" + s + "]";
    };
    throw InputError("class mismatch: " + a.role + " has classes " + describe(a) + " but " + b.role + " has " +
                     describe(b) + "; " + why);
}

std::set<std::string> freezeSet(const Experiment& experiment)
{
    return {experiment.freeze.begin(), experiment.freeze.end()};
}

void seedStage(const Experiment& experiment, std::uint64_t stage)
{
    torch::manual_seed(experiment.train.seed * 1000003ULL + stage);
}

void replaceHead(Network& net, const Experiment& experiment, int classes)
{
    const std::string head = net->outputLayer();
    const std::string input = net->inputOf(head);
    std::int64_t features = 0;
    const std::vector<std::int64_t> shape{experiment.input.channels, experiment.input.height, experiment.input.width};
    for (const auto& info : net->describe(shape))
        if (info.name == input) {
            features = 1;
            for (auto d : info.outputShape)
                features *= d;
        }
    if (features == 0)
        throw InputError("cannot replace head '" + head + "': it has no input layer");
    seedStage(experiment, 2);
    auto layer = makeLinear(features, classes, false, 0, "head");
    auto params = net->parameters();
    if (!params.empty())
        layer->to(params.front().device());
    net->replace(head, layer);
}

std::set<std::string> featureLayers(Network& net)
{
    std::set<std::string> names;
    for (const auto& n : net->layerNames())
        if (net->roleOf(n) == "feature")
            names.insert(n);
    return names;
}

namespace {

std::string cacheKey(const Experiment& e)
{
    nlohmann::json key = toJson(e);
    // Only what changes the pretrained weights; source paths resolved so moving the file does not matter.
    nlohmann::json k = {
        {"source", key["source"]},
        {"input", key["input"]},
        {"normalize", normalizationJson(e.input)},
        {"augment", key["train"]["augment"]},
        {"backbone", e.model.backbone},
        {"seed", e.train.seed},
        {"lr", e.train.lr},
        {"optimizer", e.train.optimizer},
        {"momentum", e.train.momentum},
        {"weight_decay", e.train.weightDecay},
        {"batch_size", e.train.batchSize},
        {"epochs", e.train.sourceEpochs < 0 ? e.train.epochs : e.train.sourceEpochs},
        {"source_path", e.source ? resolvePath(e, e.source->path.empty() ? e.source->images : e.source->path) : ""},
        {"version", 1}};
    std::ostringstream out;
    out << std::hex << std::hash<std::string>{}(k.dump());
    return out.str();
}

} // namespace

Network pretrainOnSource(RunContext& ctx, std::optional<double>& sourceAccuracy)
{
    const auto& e = ctx.experiment;
    const Dataset& source = *ctx.source;
    std::string cachePath;
    if (ctx.options.useCache) {
        const std::string dir = ctx.options.cacheDir.empty() ? defaultCacheDir() : ctx.options.cacheDir;
        std::error_code ec;
        std::filesystem::create_directories(dir, ec);
        if (!ec)
            cachePath =
                (std::filesystem::path(dir) / ("pretrain-" + e.model.backbone + "-" + cacheKey(e) + ".pt")).string();
    }
    Network net = makeBackbone(e.model.backbone, e.input.channels, e.input.height, e.input.width, source.numClasses());
    if (!cachePath.empty() && std::filesystem::exists(cachePath) && isAppCheckpoint(cachePath)) {
        loadCheckpointInto(net, cachePath);
        const auto meta = readCheckpointMeta(cachePath);
        if (meta.contains("source_accuracy") && meta["source_accuracy"].is_number())
            sourceAccuracy = meta["source_accuracy"].get<double>();
        ctx.log("pretrain: reusing cached source network " + cachePath);
        net->to(ctx.device);
        return net;
    }
    seedStage(e, kInitStage);
    net = makeBackbone(e.model.backbone, e.input.channels, e.input.height, e.input.width, source.numClasses());
    net->to(ctx.device);
    SupervisedPhase phase;
    phase.phase = "pretrain";
    phase.epochs = e.train.sourceEpochs < 0 ? e.train.epochs : e.train.sourceEpochs;
    phase.batchSize = e.train.batchSize;
    phase.seed = e.train.seed + 101;
    phase.groups = {{net->trainableParameters(), e.train.lr}};
    phase.train = &source;
    phase.test = ctx.sourceTest;
    phase.testMetric = "source_accuracy";
    ctx.log("pretrain: training " + e.model.backbone + " on " + std::to_string(source.labeledSubset().size()) +
            " source images for " + std::to_string(phase.epochs) + " epochs");
    const auto result = trainSupervised(ctx, net, phase);
    sourceAccuracy = result.testAccuracy;
    if (!cachePath.empty()) {
        nlohmann::json meta = {
            {"backbone", e.model.backbone}, {"classes", source.classNames}, {"strategy", "pretrain"}};
        addInputMeta(meta, e.input);
        if (sourceAccuracy)
            meta["source_accuracy"] = *sourceAccuracy;
        try {
            saveCheckpoint(net, cachePath, meta);
            ctx.log("pretrain: cached source network at " + cachePath);
        } catch (const InputError& err) {
            ctx.log(std::string("pretrain: could not cache the source network: ") + err.what(), LogLevel::Warning);
        }
    }
    return net;
}

std::optional<double> recordTestEvaluation(StrategyOutcome& out, RunContext& ctx, Network& net,
                                           const std::string& output, const Dataset* test)
{
    if (!test || test->size() == 0 || !test->hasLabels())
        return std::nullopt;
    auto ev = evaluate(net, output, *test, ctx.device, kEvalBatch);
    out.targetAccuracy = ev.accuracy;
    out.confusion = ev.confusion;
    out.confusionClasses = test->classNames;
    out.predicted = ev.predicted;
    out.predictedOn = test;
    return ev.accuracy;
}

std::string csvField(const std::string& s)
{
    if (s.find_first_of(",\"\n") == std::string::npos)
        return s;
    std::string q = "\"";
    for (char c : s)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

} // namespace ts::engine

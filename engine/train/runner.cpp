#include "engine/train/runner.h"

#include "engine/core/errors.h"
#include "engine/core/fileio.h"
#include "engine/core/jsonfields.h"
#include "engine/core/threads.h"
#include "engine/data/datasetshelf.h"
#include "engine/data/datasetsources.h"
#include "engine/data/idx.h"
#include "engine/nn/checkpoint.h"
#include "engine/nn/export.h"
#include "engine/train/metricslog.h"
#include "engine/train/runwatch.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>

namespace fs = std::filesystem;

namespace ts::engine {

std::string defaultCacheDir()
{
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
        return (fs::path(xdg) / "transfer-studio").string();
    if (const char* home = std::getenv("HOME"); home && *home)
        return (fs::path(home) / ".cache" / "transfer-studio").string();
    return (fs::temp_directory_path() / "transfer-studio-cache").string();
}

namespace {

const char* needName(Need n)
{
    switch (n) {
    case Need::Labeled: return "labeled";
    case Need::Unlabeled: return "unlabeled";
    default: return "";
    }
}

std::string checkRole(const std::string& strategy, const std::string& role, Need need,
                      const std::optional<DatasetSpec>& spec)
{
    if (need == Need::None)
        return {};
    if (!spec)
        return "strategy '" + strategy + "' needs " +
               (need == Need::Any ? std::string("a") : std::string("a ") + needName(need)) + " '" + role +
               "' dataset, but the experiment has none";
    if (need == Need::Labeled && !spec->labeled())
        return "strategy '" + strategy + "' needs labeled " + role + " images, but " + role + ".format is 'unlabeled'";
    return {};
}

torch::Device pickDevice(const std::string& name)
{
    if (name == "cpu")
        return torch::kCPU;
    if (name == "cuda") {
        if (!torch::cuda::is_available())
            throw InputError("device: 'cuda' requested but this LibTorch build has no CUDA or no GPU is visible");
        return torch::kCUDA;
    }
    throw InputError("device: unknown device '" + name + "' (use cpu or cuda)");
}

nlohmann::json datasetJson(const Dataset& d)
{
    return {{"images", d.size()}, {"classes", d.classNames}, {"skipped_files", d.skippedFiles}};
}

struct LoadedData {
    std::optional<Dataset> source, sourceTest, target, targetTest;
};

// Loads the experiment's datasets. A stop request is honoured between decoding chunks (Cancelled), so a
// Ctrl-C during a long load does not wait for it to end.
LoadedData loadData(const Experiment& e, const StrategyInfo& info, Observer& observer, RunControl& control,
                    DatasetShelf* shelf)
{
    LoadedData data;
    auto load = [&](const DatasetSpec& spec, const std::string& role) {
        DatasetSpec resolved = spec;
        resolved.path = resolvePath(e, spec.path);
        resolved.images = resolvePath(e, spec.images);
        resolved.labels = resolvePath(e, spec.labels);
        if (auto kept = shelf ? shelf->find(resolved, e.input, e.train.seed) : std::nullopt) {
            kept->role = role;
            observer.onLog(LogLevel::Info, role + ": " + std::to_string(kept->size()) + " images, " +
                                               std::to_string(kept->numClasses()) +
                                               " classes, as an earlier run read them");
            observer.onDatasetLoaded(role, resolved, *kept);
            return *kept;
        }
        observer.onLog(LogLevel::Info,
                       "loading " + role + " from " + (resolved.path.empty() ? resolved.images : resolved.path));
        auto d = loadDataset(
            resolved, e.input, role, e.train.seed,
            [&](std::int64_t done, std::int64_t total) {
                observer.onProgress("loading " + role, done, total);
                if (control.stopRequested())
                    throw Cancelled();
            },
            [&](const std::string& w) { observer.onLog(LogLevel::Warning, role + ": skipped " + w); });
        observer.onLog(LogLevel::Info, role + ": " + std::to_string(d.size()) + " images, " +
                                           std::to_string(d.numClasses()) + " classes");
        if (shelf)
            shelf->put(resolved, e.input, e.train.seed, d);
        observer.onDatasetLoaded(role, resolved, d);
        return d;
    };
    if (sourceNeed(info, e) != Need::None && e.source) {
        data.source = load(*e.source, "source");
        if (e.source->split > 0) {
            auto parts = stratifiedSplit(*data.source, e.source->split, e.train.seed + 3);
            data.source = parts.first;
            data.sourceTest = parts.second;
            data.sourceTest->role = "source (held out)";
        }
    }
    if (info.target != Need::None && e.target) {
        data.target = load(*e.target, "target");
        if (e.target->split > 0 && !e.targetTest) {
            auto parts = stratifiedSplit(*data.target, e.target->split, e.train.seed + 5);
            data.target = parts.first;
            data.targetTest = parts.second;
            data.targetTest->role = "target (held out)";
        }
    }
    if (e.targetTest)
        data.targetTest = load(*e.targetTest, "target_test");
    if (data.target && data.targetTest && data.target->hasLabels() && data.targetTest->hasLabels() &&
        data.target->classNames != data.targetTest->classNames)
        throw InputError("class mismatch: target and target_test must have the same classes");
    return data;
}

// The per-image results the GUI shows: predictions, plus pixels of misclassified images (or of a sample of
// each cluster).
TestPredictions makePredictions(const StrategyOutcome& out)
{
    TestPredictions p;
    const Dataset& d = *out.predictedOn;
    p.classNames = d.classNames;
    p.predictedNames = out.predictedNames.empty() ? d.classNames : out.predictedNames;
    p.clusters = out.predictionsAreClusters;
    // Read through pointers: indexing and item() cost microseconds per image, on every test image.
    const auto predicted = out.predicted.to(torch::kCPU, torch::kLong).contiguous();
    const auto labels = d.labels.defined() ? d.labels.to(torch::kCPU, torch::kLong).contiguous()
                                           : torch::full({d.size()}, -1, torch::kLong);
    const auto* predictedAt = predicted.data_ptr<std::int64_t>();
    const auto* labelAt = labels.data_ptr<std::int64_t>();
    std::map<int, int> perCluster;
    for (std::int64_t i = 0; i < predicted.size(0) && i < d.size(); ++i) {
        const int pred = static_cast<int>(predictedAt[i]);
        const int truth = static_cast<int>(labelAt[i]);
        p.truth.push_back(truth);
        p.predicted.push_back(pred);
        const bool take = p.clusters ? perCluster[pred]++ < 16 : (truth >= 0 && truth != pred && p.samples.size() < 64);
        if (!take)
            continue;
        ImageSample s;
        s.file = i < static_cast<std::int64_t>(d.files.size()) ? d.files[static_cast<size_t>(i)] : "";
        s.truth = truth;
        s.predicted = pred;
        auto img = d.images[i].contiguous();
        s.channels = static_cast<int>(img.size(0));
        s.height = static_cast<int>(img.size(1));
        s.width = static_cast<int>(img.size(2));
        s.pixels.assign(img.data_ptr<std::uint8_t>(), img.data_ptr<std::uint8_t>() + img.numel());
        p.samples.push_back(std::move(s));
    }
    return p;
}

void writeText(const fs::path& path, const std::string& text)
{
    writeFileAtomic(path.string(), text);
}

// Class count of a spec without decoding images: the `classes` list, IDX class names or labels, or the
// class folders. 0 when it cannot be known cheaply.
int peekClassCount(const Experiment& e, const std::optional<DatasetSpec>& spec)
{
    if (!spec || !spec->labeled())
        return 0;
    if (!spec->classes.empty())
        return static_cast<int>(spec->classes.size());
    try {
        if (spec->format == "idx") {
            if (!spec->classNames.empty())
                return static_cast<int>(spec->classNames.size());
            return static_cast<int>(readIdx(resolvePath(e, spec->labels)).max().item<std::int64_t>()) + 1;
        }
        if (spec->format == "csv")
            return static_cast<int>(csvClassNames(resolvePath(e, spec->path)).size());
        int count = 0;
        for (const auto& entry : fs::directory_iterator(resolvePath(e, spec->path)))
            count += entry.is_directory() && entry.path().filename().string().rfind('.', 0) != 0;
        return count;
    } catch (const std::exception&) {
        return 0;
    }
}

/// The features the run's projections showed, once more from the trained network, always sent: the window
/// draws its last PCA from it and then computes a t-SNE, off this thread, while the result is already shown.
/// A failure here costs the picture, not the run.
void reportClosingFeatures(RunContext& ctx, StrategyOutcome& out)
{
    if (!ctx.options.projectFeatures || ctx.projectionLayer.empty() || !out.net)
        return;
    try {
        auto sample = sampleFeatures(out.net, ctx.projectionLayer, ctx.source, ctx.projectionTarget, ctx.device,
                                     kProjectedPerDomain, out.epochsRun);
        sample.closing = true;
        ctx.observer.onFeatures(sample);
    } catch (const std::exception& e) {
        ctx.log(std::string("features of the trained network not sampled: ") + e.what(), LogLevel::Warning);
    }
}

/// Writes the run's classifier as OUT/model.ts.pt (see exportClassifier) and returns its file name, or why
/// there is none (a network that does not end in class logits, a layer TorchScript cannot express). Never
/// fails the run: the result is kept either way.
nlohmann::json writeRunClassifier(RunContext& ctx, Network& net, const std::vector<std::string>& classes,
                                  const std::string& outDir)
{
    const auto& e = ctx.experiment;
    const std::string layer = classifierOutput(net);
    // multitask's output is the head of task B, the target task, whose classes the metadata lists.
    const std::string role = net->roleOf(layer);
    if (classes.empty() || (role != "label" && role != "task_b"))
        return {{"skipped", "the " + e.strategy + " network does not end in a class classifier"}};
    try {
        ExportSpec spec{{e.input.channels, e.input.height, e.input.width}, e.input.mean, e.input.std, classes};
        exportClassifier(net, spec, (fs::path(outDir) / "model.ts.pt").string());
        return "model.ts.pt";
    } catch (const std::exception& err) {
        ctx.log(std::string("model.ts.pt not written: ") + err.what(), LogLevel::Warning);
        return {{"skipped", err.what()}};
    }
}

} // namespace

NetShape peekNetShape(const Experiment& e)
{
    NetShape shape;
    if (int n = peekClassCount(e, e.source))
        shape.sourceClasses = n;
    if (int n = peekClassCount(e, e.target))
        shape.targetClasses = n;
    else if (int t = peekClassCount(e, e.targetTest))
        shape.targetClasses = t;
    return shape;
}

std::string checkDataNeeds(const StrategyInfo& info, const Experiment& e)
{
    if (auto msg = checkRole(info.name, "source", sourceNeed(info, e), e.source); !msg.empty())
        return info.pretrainedReplacesSource && !e.source ? msg + " (or a model in 'model.pretrained')" : msg;
    if (auto msg = checkRole(info.name, "target", info.target, e.target); !msg.empty())
        return msg;
    if (info.needsTargetTest && !e.targetTest && !(e.target && e.target->split > 0))
        return "strategy '" + info.name + "' reports target accuracy and needs 'target_test' (or 'target.split')";
    return {};
}

std::string dataNotes(const StrategyInfo& info, const Experiment& e)
{
    std::string notes;
    for (const auto& [role, need, spec] :
         {std::tuple{"source", info.source, &e.source}, {"target", info.target, &e.target}})
        if (need == Need::Unlabeled && *spec && (*spec)->labeled())
            notes += std::string(notes.empty() ? "" : " ") + "'" + info.name + "' ignores the labels of the " + role +
                     " images: it learns from them unlabeled.";
    if (info.source != Need::None && sourceNeed(info, e) == Need::None && e.source)
        notes += std::string(notes.empty() ? "" : " ") + "'" + info.name +
                 "' starts from model.pretrained, so the source images are not used.";
    return notes;
}

Network previewNetwork(const Experiment& experiment, const NetShape& shape)
{
    auto strategy = makeStrategy(experiment.strategy);
    auto net = strategy->build(experiment, shape);
    net->setFrozen({experiment.freeze.begin(), experiment.freeze.end()});
    return net;
}

RunResult runExperiment(const Experiment& e, const RunOptions& options, Observer& userObserver, RunControl& control)
{
    RunResult result;
    const auto started = std::chrono::steady_clock::now();
    nlohmann::json& summary = result.summary;
    summary = {{"name", e.name},
               {"strategy", e.strategy},
               {"target_accuracy", nullptr},
               {"source_accuracy", nullptr},
               {"epochs_run", 0},
               {"seconds", 0.0},
               {"train_images_per_second", 0.0},
               {"datasets", nlohmann::json::object()},
               {"layers", nlohmann::json::array()},
               {"strategy_metrics", nlohmann::json::object()},
               {"seed", e.train.seed},
               {"device", e.device}};
    std::unique_ptr<MetricsLog> log;
    std::unique_ptr<RunWatch> watch;
    std::optional<FolderLock> lock; // held until the outputs are written
    Observer* observer = &userObserver;
    bool writeSummary = true; // false when the input was rejected (a divergence still writes its summary)
    std::optional<RunContext> ctx;
    LoadedData data;
    try {
        if (!options.outDir.empty()) {
            std::error_code ec;
            fs::create_directories(options.outDir, ec);
            if (ec)
                throw InputError("--out: cannot create directory '" + options.outDir + "': " + ec.message());
            lock.emplace(options.outDir);
        }
        log = std::make_unique<MetricsLog>(
            userObserver, options.outDir.empty() ? "" : (fs::path(options.outDir) / "metrics.jsonl").string());
        watch = std::make_unique<RunWatch>(*log);
        observer = watch.get();
        summary["threads"] = configureThreads(options.threads);
        auto strategy = makeStrategy(e.strategy);
        const StrategyInfo& info = strategy->info();
        const auto section = resolveSection(info, e);
        if (const auto missing = checkDataNeeds(info, e); !missing.empty())
            throw InputError(missing);
        const torch::Device device = pickDevice(e.device);
        previewNetwork(e); // rejects unknown layers in `freeze` before any image is decoded
        if (!options.outDir.empty())
            saveExperiment(rebasedExperiment(e, options.outDir),
                           (fs::path(options.outDir) / "experiment.json").string());

        data = loadData(e, info, *observer, control, options.datasets.get());
        for (const auto& [key, d] :
             {std::pair{"source", &data.source}, {"target", &data.target}, {"target_test", &data.targetTest}})
            if (*d)
                summary["datasets"][key] = datasetJson(**d);
        torch::manual_seed(e.train.seed);
        ctx.emplace(RunContext{e, options, *observer, control, device});
        ctx->started = started;
        ctx->section = section;
        ctx->source = data.source ? &*data.source : nullptr;
        ctx->sourceTest = data.sourceTest ? &*data.sourceTest : nullptr;
        ctx->target = data.target ? &*data.target : nullptr;
        ctx->targetTest = data.targetTest ? &*data.targetTest : nullptr;
        if (info.needsTargetTest && !ctx->targetTest)
            throw InputError("strategy '" + info.name + "' needs 'target_test' (or 'target.split')");

        if (const auto notes = dataNotes(info, e); !notes.empty())
            ctx->log(notes);
        StrategyOutcome out = strategy->run(*ctx);
        reportClosingFeatures(*ctx, out);

        const std::vector<std::int64_t> shape{e.input.channels, e.input.height, e.input.width};
        out.net->to(torch::kCPU);
        for (const auto& layer : out.net->describe(shape)) {
            nlohmann::json l = {{"name", layer.name},      {"kind", layer.kind},
                                {"role", layer.role},      {"params", layer.params},
                                {"frozen", layer.frozen},  {"output_shape", layer.outputShape},
                                {"weight_change", nullptr}};
            if (auto it = out.weightChange.find(layer.name); it != out.weightChange.end())
                l["weight_change"] = it->second;
            if (!layer.parent.empty()) // a nested module of an imported model
                l["parent"] = layer.parent;
            summary["layers"].push_back(l);
        }
        if (out.targetAccuracy)
            summary["target_accuracy"] = *out.targetAccuracy;
        if (out.sourceAccuracy)
            summary["source_accuracy"] = *out.sourceAccuracy;
        if (!out.weightsFrom.empty())
            summary["weights_from"] = out.weightsFrom;
        summary["epochs_run"] = out.epochsRun;
        summary["train_images_per_second"] = out.trainImagesPerSecond;
        summary["strategy_metrics"] = out.strategyMetrics;
        if (!out.featureCache.is_null())
            summary["feature_cache"] = out.featureCache;
        if (out.confusion.defined()) {
            std::vector<std::vector<std::int64_t>> rows;
            auto c = out.confusion.contiguous();
            for (std::int64_t i = 0; i < c.size(0); ++i)
                rows.emplace_back(c[i].data_ptr<std::int64_t>(), c[i].data_ptr<std::int64_t>() + c.size(1));
            summary["confusion"] = {{"classes", out.confusionClasses}, {"matrix", rows}};
        }
        if (out.predicted.defined() && out.predictedOn)
            observer->onPredictions(makePredictions(out));
        summary["status"] = "finished";
        if (!options.outDir.empty()) {
            nlohmann::json meta = {{"backbone", e.model.backbone},
                                   {"strategy", e.strategy},
                                   {"classes", data.target && data.target->hasLabels() ? data.target->classNames
                                               : data.source                           ? data.source->classNames
                                                                                       : std::vector<std::string>{}}};
            addInputMeta(meta, e.input);
            saveCheckpoint(out.net, (fs::path(options.outDir) / "model.pt").string(), meta);
            summary["torchscript_model"] = writeRunClassifier(*ctx, out.net, meta["classes"], options.outDir);
            for (const auto& [name, contents] : out.extraFiles)
                writeText(fs::path(options.outDir) / name, contents);
        }
    } catch (const Cancelled&) {
        result.exitCode = ExitCode::Cancelled;
        result.error = "stopped by the user";
        summary["status"] = "cancelled";
        saveLiveNetwork(e, options, ctx, "cancelled");
        recordCutShort(summary, e, ctx, watch.get());
    } catch (const Diverged& err) {
        result.exitCode = ExitCode::BadInput;
        const bool kept = saveLiveNetwork(e, options, ctx, "diverged");
        recordCutShort(summary, e, ctx, watch.get());
        result.error = divergedMessage(e, err, kept);
        summary["status"] = "diverged";
        summary["diverged"] = {{"phase", err.phase},
                               {"step", err.step},
                               {"loss", std::isfinite(err.loss) ? nlohmann::json(err.loss) : nlohmann::json(nullptr)},
                               {"hint", "lower the learning rate"},
                               {"model_kept", kept}};
    } catch (const InputError& err) {
        result.exitCode = ExitCode::BadInput;
        result.error = err.what();
        writeSummary = false;
    } catch (const nlohmann::json::exception& err) {
        // A value the field readers let through with a type the code did not expect: the input's fault.
        result.exitCode = ExitCode::BadInput;
        result.error = std::string("bad experiment value: ") + jsonExceptionText(err);
        writeSummary = false;
    } catch (const c10::Error& err) {
        result.exitCode = ExitCode::Internal;
        result.error = std::string("LibTorch error: ") + err.what_without_backtrace();
    } catch (const std::exception& err) {
        result.exitCode = ExitCode::Internal;
        result.error = std::string("internal error: ") + err.what();
    }
    summary["seconds"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    summary["exit_code"] = static_cast<int>(result.exitCode);
    if (!result.error.empty())
        summary["error"] = result.error;
    if (!options.outDir.empty() && writeSummary) {
        try {
            writeText(fs::path(options.outDir) / "summary.json", dumpJson(summary, 2) + "\n");
        } catch (const InputError& err) {
            result.exitCode = ExitCode::BadInput;
            result.error = err.what();
        }
    }
    if (result.exitCode == ExitCode::Ok || result.exitCode == ExitCode::Cancelled)
        observer->onFinished(result);
    else
        observer->onFailed(result.error, static_cast<int>(result.exitCode));
    return result;
}

} // namespace ts::engine

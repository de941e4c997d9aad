#include "engine/train/baseline.h"

#include "engine/core/errors.h"
#include "engine/core/fileio.h"
#include "engine/core/jsonfields.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace ts::engine {

namespace {

// The same experiment under another strategy: same seed, data, input, model and training settings.
Experiment baselineRun(const Experiment& e, const std::string& strategy)
{
    Experiment b = e;
    b.strategy = strategy;
    b.name = e.name + " (baseline: " + strategy + ")";
    b.withBaseline = false;
    b.freeze.clear(); // a baseline trains its whole network
    return b;
}

// Scratch on the target's labels: no source, random weights.
Experiment scratchRun(const Experiment& e)
{
    Experiment b = baselineRun(e, "scratch");
    b.source.reset();
    b.model.pretrained.clear();
    return b;
}

const nlohmann::json* find(const nlohmann::json& object, const std::string& key)
{
    if (!object.is_object())
        return nullptr;
    const auto it = object.find(key);
    return it == object.end() ? nullptr : &*it;
}

std::optional<double> number(const nlohmann::json* value)
{
    if (value && value->is_number())
        return value->get<double>();
    return std::nullopt;
}

// The strategy's own score for a metric.
std::optional<double> strategyScore(const nlohmann::json& summary, const std::string& metric)
{
    if (metric == "nmi") {
        const auto* metrics = find(summary, "strategy_metrics");
        return metrics ? number(find(*metrics, "nmi")) : std::nullopt;
    }
    return number(find(summary, "target_accuracy"));
}

std::string displayName(const std::string& strategy)
{
    static const std::vector<std::pair<std::string, std::string>> names{
        {"finetune", "fine-tuning"},
        {"multitask", "multitask"},
        {"dann", "DANN"},
        {"zeroshot", "zero-shot"},
        {"selftaught", "self-taught"},
        {"selftaught_clustering", "self-taught clustering"}};
    for (const auto& [key, name] : names)
        if (key == strategy)
            return name;
    return strategy;
}

std::string formatScore(double score, const std::string& metric)
{
    char buf[32];
    if (metric == "nmi")
        std::snprintf(buf, sizeof buf, "NMI %.3f", score);
    else
        std::snprintf(buf, sizeof buf, "%.1f %%", 100.0 * score);
    return buf;
}

} // namespace

std::vector<BaselinePlan> baselinePlans(const Experiment& e, const nlohmann::json& summary)
{
    std::vector<BaselinePlan> plans;
    const auto& s = e.strategy;
    if (s == "finetune") {
        // With layers frozen, the first question is what freezing cost: the same fine-tuning, nothing frozen.
        if (!e.freeze.empty()) {
            Experiment unfrozen = baselineRun(e, "finetune");
            unfrozen.name = e.name + " (baseline: nothing frozen)";
            plans.push_back({"unfrozen", "nothing frozen", "target_accuracy", unfrozen, "baseline-unfrozen"});
        }
        plans.push_back({"scratch", "scratch", "target_accuracy", scratchRun(e), "baseline-scratch"});
    } else if (s == "multitask") {
        Experiment alone = scratchRun(e);
        const auto* metrics = find(summary, "strategy_metrics");
        const auto steps = metrics ? number(find(*metrics, "task_b_steps")) : std::nullopt;
        const auto images = metrics ? number(find(*metrics, "task_b_images")) : std::nullopt;
        if (steps && images && *images > 0) {
            const double perEpoch = std::ceil(*images / e.train.batchSize);
            alone.train.epochs = std::max(1, static_cast<int>(std::lround(*steps / perEpoch)));
        }
        plans.push_back({"scratch", "task B alone", "target_accuracy", alone, "baseline-scratch"});
    } else if (s == "selftaught") {
        plans.push_back({"scratch", "scratch", "target_accuracy", scratchRun(e), "baseline-scratch"});
        Experiment pixels = baselineRun(e, "selftaught");
        pixels.name = e.name + " (baseline: raw pixels)";
        pixels.sections["selftaught"]["representation"] = "pixels";
        plans.push_back({"pixels", "raw pixels", "target_accuracy", pixels, "baseline-pixels"});
    } else if (s == "dann") {
        Experiment sourceOnly = baselineRun(e, "source_only");
        sourceOnly.target.reset(); // source_only trains on the source and is tested on target_test
        plans.push_back({"source_only", "source only", "target_accuracy", sourceOnly, "baseline-source_only"});
    } else if (s == "selftaught_clustering") {
        plans.push_back({"raw_pixels_kmeans", "raw-pixel k-means", "nmi", std::nullopt, ""});
    } else if (s == "zeroshot") {
        plans.push_back({"chance", "chance", "target_accuracy", std::nullopt, ""});
    }
    return plans;
}

nlohmann::json compareWithBaselines(const std::vector<BaselinePlan>& plans, const nlohmann::json& summary,
                                    const std::vector<nlohmann::json>& runSummaries)
{
    nlohmann::json out;
    const std::string strategy = summary.value("strategy", std::string());
    out["strategy"] = strategy;
    out["baselines"] = nlohmann::json::array();
    size_t runIndex = 0;
    for (const auto& plan : plans) {
        std::optional<double> score;
        nlohmann::json entry{{"name", plan.name}, {"title", plan.title}, {"metric", plan.metric}};
        if (plan.run) {
            const nlohmann::json& run = runIndex < runSummaries.size() ? runSummaries[runIndex] : nlohmann::json();
            ++runIndex;
            entry["dir"] = plan.dir;
            entry["status"] = run.is_object() ? run.value("status", std::string("failed")) : std::string("not run");
            // A stopped or failed baseline has no score: no gain is claimed against half a training.
            if (entry["status"] == "finished")
                score = strategyScore(run, plan.metric);
        } else if (plan.name == "chance") {
            const auto* metrics = find(summary, "strategy_metrics");
            score = metrics ? number(find(*metrics, "chance")) : std::nullopt;
        } else if (plan.name == "raw_pixels_kmeans") {
            const auto* metrics = find(summary, "strategy_metrics");
            const auto* pixels = metrics ? find(*metrics, "baseline_raw_pixels") : nullptr;
            score = pixels ? number(find(*pixels, "nmi")) : std::nullopt;
        }
        const auto mine = strategyScore(summary, plan.metric);
        entry["strategy_score"] = mine ? nlohmann::json(*mine) : nlohmann::json();
        entry["score"] = score ? nlohmann::json(*score) : nlohmann::json();
        if (score && mine)
            entry["gain_points"] = std::round(1000.0 * (*mine - *score)) / 10.0;
        out["baselines"].push_back(entry);
    }
    return out;
}

RunResult runBaseline(const BaselinePlan& plan, const RunOptions& mainOptions, Observer& observer, RunControl& control)
{
    RunOptions options = mainOptions;
    if (!options.outDir.empty())
        options.outDir = (std::filesystem::path(mainOptions.outDir) / plan.dir).string();
    observer.onLog(LogLevel::Info, "baseline: " + plan.title + " on the same data and seed");
    return runExperiment(*plan.run, options, observer, control);
}

bool recordBaselineComparison(const std::vector<BaselinePlan>& plans, nlohmann::json& summary,
                              const std::vector<nlohmann::json>& runSummaries, const std::string& outDir)
{
    summary["baseline"] = compareWithBaselines(plans, summary, runSummaries);
    if (outDir.empty())
        return true;
    try {
        writeFileAtomic((std::filesystem::path(outDir) / "summary.json").string(), dumpJson(summary, 2) + "\n");
        return true;
    } catch (const InputError&) {
        return false;
    }
}

nlohmann::json runWithBaselines(const Experiment& experiment, nlohmann::json& summary, const RunOptions& options,
                                Observer& observer, RunControl& control)
{
    const auto plans = baselinePlans(experiment, summary);
    std::vector<nlohmann::json> runs;
    for (const auto& plan : plans) {
        if (!plan.run)
            continue;
        if (control.stopRequested())
            break;
        runs.push_back(runBaseline(plan, options, observer, control).summary);
    }
    if (!recordBaselineComparison(plans, summary, runs, options.outDir))
        observer.onLog(LogLevel::Warning, "baseline: could not update " + options.outDir + "/summary.json");
    if (const auto sentence = gainSentence(summary["baseline"]); !sentence.empty())
        observer.onLog(LogLevel::Info, "baseline: " + sentence);
    return summary["baseline"];
}

std::string gainSentence(const nlohmann::json& comparison)
{
    if (!comparison.is_object() || !comparison.contains("baselines"))
        return {};
    const std::string name = displayName(comparison.value("strategy", std::string()));
    std::string sentence;
    for (const auto& b : comparison["baselines"]) {
        if (!b.contains("gain_points") || !b["strategy_score"].is_number() || !b["score"].is_number())
            continue;
        const std::string metric = b.value("metric", std::string());
        char gain[32];
        std::snprintf(gain, sizeof gain, "%+.1f points", b["gain_points"].get<double>());
        sentence += (sentence.empty() ? "" : "; ") + name + " " +
                    formatScore(b["strategy_score"].get<double>(), metric) + " vs " + b.value("title", std::string()) +
                    " " + formatScore(b["score"].get<double>(), metric) + ": " + gain;
    }
    return sentence;
}

} // namespace ts::engine

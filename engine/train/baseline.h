#pragma once

// The baseline beside every run: which run a strategy is measured against, and the gain.

#include "engine/core/experiment.h"
#include "engine/train/runner.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ts::engine {

/// One baseline of a strategy.
struct BaselinePlan {
    std::string name;              // "scratch", "source_only", "pixels", "raw_pixels_kmeans", "chance"
    std::string title;             // for people: "scratch", "raw-pixel k-means", "chance"
    std::string metric;            // what is compared: "target_accuracy" or "nmi"
    std::optional<Experiment> run; // the baseline's own experiment; empty when the strategy's run measures it
    std::string dir;               // sub-folder of the run's output for `run` ("baseline-scratch")
};

/// The baselines of the experiment's strategy, in the order they are shown: scratch for finetune (after
/// the same fine-tuning with nothing frozen, when layers are frozen) and
/// multitask (task B alone), scratch and raw pixels for selftaught, source_only for dann, raw-pixel
/// k-means for selftaught_clustering, chance for zeroshot. Baseline runs keep the seed, the data, the
/// input and the training settings, so they start from the same random weights (kInitStage). Empty for
/// the baselines themselves and for unknown strategies. With the strategy's finished `summary`, "task B
/// alone" trains for as many task-B steps as multitask did (its strategy_metrics.task_b_steps).
std::vector<BaselinePlan> baselinePlans(const Experiment& experiment, const nlohmann::json& summary = nullptr);

/// The summary's "baseline" object: per baseline its score, and the gain of the strategy over it in
/// points (accuracy x 100, or NMI x 100). `runSummaries` holds the summary of each plan that has a run,
/// in plan order (null where it did not run). A plan whose run did not finish, or whose score is unknown,
/// gets "score": null and no gain; "status" says what happened to its run.
nlohmann::json compareWithBaselines(const std::vector<BaselinePlan>& plans, const nlohmann::json& summary,
                                    const std::vector<nlohmann::json>& runSummaries);

/// Runs one baseline plan that has a run, writing into `<mainOptions.outDir>/<plan.dir>` (nothing when the
/// main run writes nothing). Never throws, like runExperiment.
RunResult runBaseline(const BaselinePlan& plan, const RunOptions& mainOptions, Observer& observer, RunControl& control);

/// Stores compareWithBaselines(plans, summary, runSummaries) as "baseline" in `summary` and, when `outDir` is
/// not empty, rewrites `<outDir>/summary.json` with it. Returns false when that file could not be written.
bool recordBaselineComparison(const std::vector<BaselinePlan>& plans, nlohmann::json& summary,
                              const std::vector<nlohmann::json>& runSummaries, const std::string& outDir);

/// Runs every baseline of a finished run (in plan order), then stores the comparison as "baseline" in
/// `summary` and, when the run wrote one, in `<outDir>/summary.json`. Returns the comparison; stops early
/// (and returns what it has) when `control` asks to stop. `observer` sees each baseline run in turn.
nlohmann::json runWithBaselines(const Experiment& experiment, nlohmann::json& summary, const RunOptions& options,
                                Observer& observer, RunControl& control);

/// One line for the result banner and the CLI, e.g. "fine-tuning 93.1 % vs scratch 88.0 %: +5.1 points";
/// "" when there is nothing to compare.
std::string gainSentence(const nlohmann::json& comparison);

} // namespace ts::engine

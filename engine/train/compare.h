#pragma once

#include "engine/core/experiment.h"
#include "engine/core/observer.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ts::engine {

/// One column of a comparison: a strategy, optionally with its own freeze list.
struct CompareVariant {
    std::string strategy;
    std::optional<std::vector<std::string>> freeze; // empty optional keeps the experiment's list
    std::string label;                              // e.g. "finetune [freeze conv1+conv2]"
};

struct CompareOptions {
    std::vector<CompareVariant> variants;
    int seeds = 3; // runs per variant, seeds firstSeed .. firstSeed + seeds - 1
    std::uint64_t firstSeed = 1;
    std::string outDir;   // each run in outDir/<variant>-seed<N>, tables in outDir/results.{md,csv}
    int threads = 0;      // LibTorch threads per run
    std::string cacheDir; // pretrained-checkpoint cache ("" = default)
};

/// Variants for every strategy x freeze set. A freeze set "none" is the empty list, "keep" the experiment's,
/// "all-but-head" every layer except the output layer; otherwise layer names joined by '+' or ','.
std::vector<CompareVariant> makeVariants(const Experiment& experiment, const std::vector<std::string>& strategies,
                                         const std::vector<std::string>& freezeSets);

/// Runs every variant with every seed (same data, same cache), then writes results.csv (one row per run)
/// and results.md (mean ± sd per variant). Returns {"variants": [{"variant", "runs", KEY: {"mean", "sd"}}],
/// "runs": [one object per run, as in results.csv]}, with numbers as numbers. Throws InputError for
/// bad input (the first failing run's message, naming the variant); Cancelled when stopped.
nlohmann::json runCompare(const Experiment& experiment, const CompareOptions& options, Observer& observer,
                          RunControl& control);

/// "0.712 ± 0.013" style cell; "n/a" when values is empty. Percentages when `percent`.
std::string meanSd(const std::vector<double>& values, bool percent);

} // namespace ts::engine

#pragma once
// The loop of a phase that trains on one dataset without the supervised trainer's test sets and early stopping
// (the rotation pretext task, the autoencoder): shuffled epochs, the stop checkpoint, the observer's reports.

#include "engine/strategies/strategy.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ts::engine {

struct PhaseLoop {
    std::string phase; // name in metrics and logs
    int epochs = 1;
    int batchSize = 64;
    std::uint64_t seed = 1; // shuffling
    bool report = true;     // send steps and epochs to the observer, and make the network the one a stop saves
    // Step values averaged over each epoch (weighted by batch size), and the epoch metric each one becomes.
    std::vector<std::pair<std::string, std::string>> epochMeans;
};

struct PhaseLoopResult {
    int epochsRun = 0;
    std::map<std::string, double> lastEpoch; // the last epoch's means, by step value name
    double imagesPerSecond = 0;
};

/// Runs the phase: `step` takes one optimizer step on the batch `index` (`number` counts from 1 over the phase)
/// and returns the values to report for it.
using PhaseStep = std::function<std::map<std::string, double>(const torch::Tensor& index, std::int64_t number)>;
PhaseLoopResult runPhaseLoop(RunContext& ctx, Network& net, const Dataset& data, const PhaseLoop& loop,
                             const PhaseStep& step);

} // namespace ts::engine

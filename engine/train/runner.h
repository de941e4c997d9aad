#pragma once

#include "engine/core/errors.h"
#include "engine/core/experiment.h"
#include "engine/core/observer.h"
#include "engine/strategies/strategy.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>

namespace ts::engine {

class DatasetShelf; // engine/data/datasetshelf.h

/// How to run an experiment, apart from the experiment itself.
struct RunOptions {
    std::string outDir;           // where summary.json, metrics.jsonl, model.pt go; "" writes nothing
    int threads = 0;              // LibTorch intra-op threads; 0 = the machine's cores
    std::string cacheDir;         // pretrained-checkpoint cache; "" = $XDG_CACHE_HOME/transfer-studio
    bool useCache = true;         // reuse a cached source checkpoint with the same settings
    bool projectFeatures = false; // feature samples for pictures at evaluated epochs and at the end (the GUI asks)
    // Datasets earlier runs of the same command read (the strategy's, for its baselines): a run takes a dataset
    // from it instead of reading it again, and puts there what it reads. Null: every run reads its own.
    std::shared_ptr<DatasetShelf> datasets;
};

/// The outcome of a run, whatever happened.
struct RunResult {
    ExitCode exitCode = ExitCode::Ok;
    std::string error;      // message for BadInput / Internal
    nlohmann::json summary; // what summary.json holds (partial when cancelled)
};

/// Loads the data, checks it against the strategy, trains and writes the outputs. Never throws: bad input
/// gives ExitCode::BadInput with a message naming the file, key or layer; a stop gives Cancelled with
/// whatever was finished written out. Observer::onFinished or onFailed is called exactly once.
RunResult runExperiment(const Experiment& experiment, const RunOptions& options, Observer& observer,
                        RunControl& control);

/// Data the strategy needs that the experiment lacks, as a message ("" when everything is there).
std::string checkDataNeeds(const StrategyInfo& info, const Experiment& experiment);

/// What the strategy will leave out of data it can run on (the labels of a labeled set it uses unlabeled),
/// as a sentence; "" when it uses everything it is given.
std::string dataNotes(const StrategyInfo& info, const Experiment& experiment);

/// Builds the experiment's network (as `layers` and the diagram show it) without loading images.
Network previewNetwork(const Experiment& experiment, const NetShape& shape = {});

/// Class counts of the experiment's datasets found without decoding images (class folders, IDX labels,
/// `classes` lists); roles that cannot be counted keep NetShape's defaults.
NetShape peekNetShape(const Experiment& experiment);

/// The default pretrained-checkpoint cache directory.
std::string defaultCacheDir();

} // namespace ts::engine

#pragma once

// Helpers shared by the strategy implementations.

#include "engine/data/dataset.h"
#include "engine/nn/network.h"
#include "engine/strategies/strategy.h"
#include "engine/train/trainer.h"

#include <set>
#include <string>
#include <utility>

namespace ts::engine {

/// The labeled training images and, when early stopping is on, a stratified validation part of them.
std::pair<Dataset, Dataset> trainAndValidation(const RunContext& context, const Dataset& data);

/// A supervised phase with the experiment's epochs, batch size and early stopping on `train` (validated on
/// `validation` when it holds images), reported each epoch on `test` and tracking weight change. The seed is
/// the experiment's plus `seedOffset`; the caller sets what to train (`groups`).
SupervisedPhase experimentPhase(const Experiment& experiment, const Dataset& train, const Dataset& validation,
                                const Dataset* test, std::uint64_t seedOffset);

/// Copies a finished phase into `out` (network, test accuracy, epochs, throughput, weight change) and records
/// the evaluation on `test` (see recordTestEvaluation).
void recordPhase(StrategyOutcome& out, RunContext& context, Network& net, const PhaseResult& result,
                 const Dataset* test);

/// Throws InputError when two labeled sets do not have the same class names, naming both roles and the
/// classes that differ.
void requireSameClasses(const Dataset& a, const Dataset& b, const std::string& why);

/// The experiment's freeze list as a set (validated against the network by setFrozen).
std::set<std::string> freezeSet(const Experiment& experiment);

/// Replaces the output layer by a new randomly initialised linear head with `classes` outputs.
void replaceHead(Network& net, const Experiment& experiment, int classes);

/// Pretrains `experiment.model.backbone` on the labeled source (or loads it from the cache keyed by every
/// setting that changes the weights), so runs that differ only in freezing start from identical weights.
/// Returns the source network with its original head; sets `sourceAccuracy` when a source test set exists.
Network pretrainOnSource(RunContext& context, std::optional<double>& sourceAccuracy);

/// Seeds LibTorch's global generator from the experiment seed and a stage tag, so each stage's random
/// draws do not depend on whether an earlier stage was loaded from cache.
void seedStage(const Experiment& experiment, std::uint64_t stage);

/// The stage that seeds a network built from random weights. Every strategy that builds its backbone
/// draws it under this stage, so for one seed a run and its baseline (scratch, source_only, the source
/// pretraining of finetune, the trunks of dann and multitask) start from the same weights.
constexpr std::uint64_t kInitStage = 1;

/// Evaluates `net` (its `output`, "" = the last) on a labeled test set and records the accuracy as the
/// target accuracy, with the confusion matrix and the predictions, in `out`. Does nothing and returns
/// nullopt when `test` is null, empty or unlabeled.
std::optional<double> recordTestEvaluation(StrategyOutcome& out, RunContext& context, Network& net,
                                           const std::string& output, const Dataset* test);

/// `s` as one CSV field: quoted (with doubled quotes) when it holds a comma, a quote or a newline.
std::string csvField(const std::string& s);

/// Names of layers in `net` with role "feature" (the pretrained part of a classifier).
std::set<std::string> featureLayers(Network& net);

} // namespace ts::engine

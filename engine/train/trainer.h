#pragma once

#include "engine/core/experiment.h"
#include "engine/data/augment.h"
#include "engine/data/dataset.h"
#include "engine/nn/network.h"
#include "engine/strategies/strategy.h"

#include <torch/optim/optimizer.h>
#include <torch/types.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ts::engine {

/// Parameters trained with one learning rate.
struct ParamGroup {
    std::vector<torch::Tensor> params;
    double lr = 1e-3;
};

/// SGD (with momentum) or Adam over the groups, as `train.optimizer` says. Groups without parameters are
/// dropped; throws InputError when nothing is left to train.
std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainSpec& train, const std::vector<ParamGroup>& groups);

/// Sets every group's learning rate to its base rate times `factor` (for schedules).
void scaleLearningRates(torch::optim::Optimizer& optimizer, const std::vector<double>& baseRates, double factor);
/// The base learning rate of each group, in order.
std::vector<double> learningRates(torch::optim::Optimizer& optimizer);

/// The value of a step's loss; throws Diverged when it is NaN, infinite or above kDivergedLoss. Call it
/// before backward(), so that the weights a divergence leaves behind are the last finite ones.
double checkedLoss(const torch::Tensor& loss, const std::string& phase, std::int64_t step);

/// Seeded shuffled mini-batches of indices 0..n-1; a new permutation each epoch.
class BatchSampler {
public:
    BatchSampler(std::int64_t size, int batchSize, std::uint64_t seed, bool shuffle = true);
    /// Index tensors (int64) of one epoch; the last batch may be smaller (never empty).
    std::vector<torch::Tensor> epoch();
    std::int64_t batchesPerEpoch() const;

private:
    std::int64_t m_size;
    int m_batchSize;
    bool m_shuffle;
    torch::Generator m_generator;
};

/// Normalised float images of the rows `index` on `device` (with the dataset's mean and std).
torch::Tensor batchImages(const Dataset& data, const torch::Tensor& index, torch::Device device);
/// A training batch: batchImages, augmented before normalising when `augmenter` is on (train.augment).
/// Validation, test and feature batches use batchImages.
torch::Tensor trainingBatchImages(const Dataset& data, const torch::Tensor& index, torch::Device device,
                                  Augmenter& augmenter);
/// Labels of the rows `index` on `device`.
torch::Tensor batchLabels(const Dataset& data, const torch::Tensor& index, torch::Device device);

/// Images per forward pass when evaluating or extracting features. Larger is not faster on a CPU, where the
/// activations must stay in the cache: with bench --eval on 2 threads, 128 evaluated resnet_mini 1.33x and
/// dann_digits 1.08x faster than 256, lenet within 4 %, and 512-1024 were slower still on both (up to 2x);
/// see docs/PERFORMANCE.md.
constexpr int kEvalBatch = 128;
/// Images per domain in a feature sample for the projection pictures.
constexpr int kProjectedPerDomain = 200;

/// Accuracy and per-image predictions of `output` on a labeled dataset.
struct Evaluation {
    double accuracy = 0;     // 0..1
    double loss = 0;         // mean cross-entropy
    torch::Tensor predicted; // int64 [N] on CPU
    torch::Tensor confusion; // int64 [classes, classes]: row = true class, column = predicted
};
/// Evaluates in eval mode under NoGradGuard and puts the network back in its previous (frozen-aware) mode.
Evaluation evaluate(Network& net, const std::string& output, const Dataset& data, torch::Device device, int batchSize);

/// Flattened outputs of `layer` for every image of `data`, float [N, F] on CPU (eval mode, no grad).
torch::Tensor extractFeatures(Network& net, const std::string& layer, const Dataset& data, torch::Device device,
                              int batchSize);

/// Features at `layer` of up to `perDomain` source and target images, the same evenly spaced images each time
/// (so points move smoothly from epoch to epoch), copied to the CPU in one block. Labels index one list of
/// class names for both domains (the target's classes, then source classes the target lacks).
FeatureSample sampleFeatures(Network& net, const std::string& layer, const Dataset* source, const Dataset* target,
                             torch::Device device, int perDomain, int epoch);

/// When the run samples features (RunOptions::projectFeatures): notes the layer and target set for the run's
/// closing sample, and sends this epoch's sample if the observer wants one now (Observer::wantsFeatures).
void reportProjection(RunContext& ctx, Network& net, const std::string& layer, const Dataset* target, int epoch);

/// Whether epoch `epoch` (1-based) of a phase of `epochs` evaluates its test set: every `evalEvery`-th epoch
/// (`train.eval_every`), or with 0 every epoch up to 50 epochs and about 50 evenly spaced ones beyond; always
/// the last epoch, and the epoch early stopping ends on (`stopping`).
bool testDue(int epoch, int epochs, bool stopping, int evalEvery);

/// One supervised training phase (cross-entropy on `output`).
struct SupervisedPhase {
    std::string phase = "train"; // name shown in metrics and logs
    std::string output;          // layer whose logits are trained; "" = the network's output
    int epochs = 1;
    int batchSize = 64;
    std::uint64_t seed = 1;
    std::vector<ParamGroup> groups;      // what to train, with learning rates
    const Dataset* train = nullptr;      // labeled training images (labeled mask respected)
    const Dataset* validation = nullptr; // early stopping and val_accuracy; may be null
    int patience = 0;                    // epochs without validation gain before stopping; 0 = never
    const Dataset* test = nullptr;       // reported each epoch as `testMetric`; may be null
    std::string testMetric = "target_accuracy";
    bool trackWeightChange = false; // report per-layer weight change each epoch
    bool restoreBest = true;        // with validation: keep the best epoch's weights
};

struct PhaseResult {
    int epochsRun = 0;
    double imagesPerSecond = 0;         // training throughput over the phase
    std::optional<double> testAccuracy; // after the phase (best weights restored)
    std::optional<double> validationAccuracy;
    std::map<std::string, double> weightChange;
    nlohmann::json featureCache; // engine/train/featurecache.h: FeatureCache::summary() of the phase
};

/// Trains with the context's optimizer settings, reporting steps and epochs to the observer and checking
/// the context's control once per step (throws Cancelled).
PhaseResult trainSupervised(RunContext& context, Network& net, const SupervisedPhase& phase);

/// Weights and buffers of a network, for restoring the best epoch.
std::vector<torch::Tensor> copyState(Network& net);
void restoreState(Network& net, const std::vector<torch::Tensor>& state);

} // namespace ts::engine

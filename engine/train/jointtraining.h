#pragma once

// Helpers for the strategies that train a trunk with several branches on two data sets at once (dann,
// multitask): choosing the branch layer, running part of a network, drawing batches from the smaller set.

#include "engine/nn/network.h"
#include "engine/strategies/strategy.h"
#include "engine/train/trainer.h"

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <map>
#include <string>
#include <vector>

namespace ts::engine {

/// The layer a strategy branches from: `value` (a layer name) or, when it is null or "", the layer feeding
/// the output layer (the last feature layer). The layer must lie on the path to the output layer and not be
/// the output layer itself; otherwise throws InputError naming `key` and listing the valid layers.
std::string resolveBranch(Network& net, const nlohmann::json& value, const std::string& key);

/// Flattened size of one image's output at `layer` (one forward pass of a zero image).
std::int64_t layerOutputSize(Network& net, const std::string& layer, const std::vector<std::int64_t>& inputShape);

/// Applies the layers on the path to `to` that come after `from` to `h`, the output of `from`.
/// Throws InputError when `from` is not on that path.
torch::Tensor forwardAfter(Network& net, torch::Tensor h, const std::string& from, const std::string& to);

/// Batches of a data set drawn without end: a new shuffled pass starts when one is used up.
class CyclingBatches {
public:
    CyclingBatches(std::int64_t size, int batchSize, std::uint64_t seed);
    torch::Tensor next();
    std::int64_t batchesPerPass() const { return m_sampler.batchesPerEpoch(); }

private:
    BatchSampler m_sampler;
    std::vector<torch::Tensor> m_pass;
    size_t m_pos = 0;
};

/// Ends an epoch of joint training: reports `stats` (stamped with the elapsed time), the per-layer relative
/// weight change since `start` and, when the run asks for it, the feature projection at `featureLayer` of
/// source and `test` images. Returns the weight change.
std::map<std::string, double> reportEpochEnd(RunContext& context, Network& net, EpochStats& stats,
                                             const ParameterSnapshot& start, const std::string& featureLayer,
                                             const Dataset* test);

} // namespace ts::engine

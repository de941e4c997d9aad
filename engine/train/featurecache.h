#pragma once

// Frozen features computed once: when the layers a phase does not train form a prefix of the network, their
// outputs are the same every epoch, so they are computed once per image and only the rest of the network runs
// in each step (the trick behind Teachable Machine's few-second training).

#include "engine/data/dataset.h"
#include "engine/nn/network.h"

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <map>
#include <string>

namespace ts::engine {

/// Default cap on the cached features of one phase, in MiB; TS_FEATURE_CACHE_MB overrides it (0 turns the
/// cache off).
constexpr std::int64_t kFeatureCacheCapMb = 1024;

/// The last layer of the longest run of wholly frozen layers from the network input on the path to `output`
/// ("" = the network's output layer). "" when the first layer trains, or when every layer on the path is
/// frozen (nothing would train after the cache).
std::string frozenPrefixEnd(Network& net, const std::string& output);

class FeatureCache {
public:
    /// Caches the output of layer `after` for each dataset (eval mode, no autograd, on `device`), unless their
    /// total would pass the cap: then nothing is cached and on() is false. `why()` tells which, for the
    /// summary.
    FeatureCache(Network& net, const std::string& after, const std::vector<const Dataset*>& datasets,
                 torch::Device device);
    /// A cache that is off, with the reason for the summary.
    explicit FeatureCache(std::string whyOff);

    bool on() const { return !m_after.empty(); }
    /// Whether `data` was cached.
    bool has(const Dataset* data) const { return m_features.count(data) > 0; }
    /// Cached rows `index` of `data` (which must be cached).
    torch::Tensor rows(const Dataset* data, const torch::Tensor& index) const;
    /// Logits of `output` for cached rows: the layers after the cached one.
    torch::Tensor forward(Network& net, const Dataset* data, const torch::Tensor& index,
                          const std::string& output) const;
    /// Accuracy and mean cross-entropy of `output` on a cached labeled dataset, in eval mode under inference
    /// mode (the network's train mode is restored).
    std::pair<double, double> evaluate(Network& net, const Dataset* data, const std::string& output,
                                       int batchSize) const;
    /// Seconds spent computing the features.
    double seconds() const { return m_seconds; }
    /// What the summary reports: layer, images, MiB and seconds, or why the cache was off.
    nlohmann::json summary() const;

private:
    std::string m_after;
    std::string m_whyOff;
    std::map<const Dataset*, torch::Tensor> m_features;
    std::int64_t m_images = 0;
    double m_mb = 0;
    double m_seconds = 0;
};

} // namespace ts::engine

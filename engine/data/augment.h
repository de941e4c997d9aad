#pragma once

#include "engine/core/experiment.h"

#include <torch/types.h>

#include <cstdint>

namespace ts::engine {

/// Seeded random augmentation of training batches (`train.augment`): a random resized crop scaled back to
/// the input size, a horizontal flip, and brightness/contrast jitter. Make one per training phase: the same
/// spec and seed give the same draws batch after batch, so a run repeats exactly.
/// Added to a phase's seed to seed its augmenter, so the draws differ from the phase's shuffling.
constexpr std::uint64_t kAugmentSeed = 7919;

class Augmenter {
public:
    Augmenter(const AugmentSpec& spec, std::uint64_t seed);
    /// False when the spec asks for nothing: apply() would return its input.
    bool on() const;
    /// Augments float images in [0, 1] of shape [N, C, H, W] on any device; returns the same shape and
    /// device, values in [0, 1]. Each image gets its own draws.
    torch::Tensor apply(const torch::Tensor& images);

private:
    AugmentSpec m_spec;
    torch::Generator m_generator;
};

} // namespace ts::engine

#pragma once

#include <torch/torch.h>

#include <atomic>

namespace ts::engine {

/// Settings of tsneEmbedding(); the defaults suit the few hundred points of a feature projection.
struct TsneOptions {
    double perplexity = 30;                    // effective number of neighbours; lowered to (N - 1) / 3 for small N
    int iterations = 750;                      // gradient steps, the first 250 with early exaggeration
    double exaggeration = 12;                  // P is multiplied by this for the first 250 steps
    double learningRate = 0;                   // 0: max(N / exaggeration / 4, 50)
    const std::atomic<bool>* cancel = nullptr; // checked at each step; once set, the embedding stops
};

/// 2-D t-SNE embedding (van der Maaten and Hinton, 2008) of the rows of `x` ([N, D], N >= 2), computed
/// exactly in O(N^2) memory and time per step: meant for a few hundred points. Runs on one thread and starts
/// from the first two principal components scaled to a standard deviation of 1e-4, so the same input gives
/// the same picture. Returns [N, 2] doubles on the CPU, or an undefined tensor when `options.cancel` was set.
/// Throws InputError for fewer than 2 rows.
torch::Tensor tsneEmbedding(const torch::Tensor& x, const TsneOptions& options = {});

} // namespace ts::engine

#pragma once

// k-means and the clustering scores (NMI, ARI, Hungarian-matched accuracy), written out in plain C++ and
// LibTorch so that the definitions are visible to students.

#include <torch/types.h>

#include <cstdint>
#include <vector>

namespace ts::engine {

/// The best of several k-means runs.
struct KMeansResult {
    torch::Tensor assignments; // int64 [N], cluster index per row
    torch::Tensor centers;     // float [k, D]
    double inertia = 0;        // sum of squared distances of each row to its center
    int iterations = 0;        // Lloyd iterations of the best restart
};

/// k-means with k-means++ seeding and Lloyd iterations on the rows of `points` (float [N, D]); `restarts`
/// independent runs seeded from `seed`, keeping the lowest inertia. An empty cluster is re-seeded with the
/// point farthest from its center. Deterministic for a seed. Throws InputError when k < 1, k > N or
/// restarts < 1.
KMeansResult kmeans(const torch::Tensor& points, int k, int restarts, std::uint64_t seed, int maxIterations = 100);

/// Normalised mutual information, MI / mean(H(truth), H(pred)) (scikit-learn's default "arithmetic"
/// normalisation); 1 when both labelings are a single group. Labels are any non-negative integers.
double normalizedMutualInformation(const std::vector<std::int64_t>& truth, const std::vector<std::int64_t>& pred);

/// Adjusted Rand index (Hubert and Arabie): 1 for identical partitions, about 0 for random ones.
double adjustedRandIndex(const std::vector<std::int64_t>& truth, const std::vector<std::int64_t>& pred);

/// Accuracy after matching clusters to classes one-to-one with the Hungarian method (clusters left without
/// a class count as wrong).
double clusterAccuracy(const std::vector<std::int64_t>& truth, const std::vector<std::int64_t>& pred);

/// Minimum-cost assignment of rows to columns of a cost matrix with rows <= columns (Hungarian method,
/// O(n^3)); returns the column of each row.
std::vector<int> hungarian(const std::vector<std::vector<double>>& cost);

} // namespace ts::engine

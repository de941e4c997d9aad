#pragma once

#include "engine/core/observer.h"

#include <atomic>

namespace ts::engine {

enum class Projection { Pca, Tsne };

/// The sample's features in 2-D: the first two principal components (PCA, a few milliseconds for 400 images), or
/// a t-SNE embedding (about a second; see tsneEmbedding). Labels, domains, class names, layer and epoch are
/// copied from the sample. Runs LibTorch on the calling thread, so a GUI can call it off the training thread.
/// Returns no points for an empty sample, or when `cancel` is set during a t-SNE.
FeatureProjection projectFeatures(const FeatureSample& sample, Projection method,
                                  const std::atomic<bool>* cancel = nullptr);

} // namespace ts::engine

#pragma once

// Rotation prediction (Gidaris et al., "Unsupervised representation learning by predicting image rotations",
// ICLR 2018): a representation learned from unlabeled images by training the network to tell by how much
// each image was turned. To answer, it has to find the object's shape and its usual orientation, which
// makes better features for a few-label classifier than rebuilding every pixel does. Used by `selftaught`
// and `selftaught_clustering` as an alternative to the autoencoder.

#include "engine/data/dataset.h"
#include "engine/nn/network.h"
#include "engine/strategies/strategy.h"

#include <torch/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ts::engine {

/// Name and role of the layer that predicts the rotation.
inline constexpr const char* kPretextLayer = "pretext";

/// Number of rotations the pretext task tells apart: 4 (0, 90, 180, 270 degrees) for square images, 2 (0 and
/// 180 degrees) otherwise, since a quarter turn of a non-square image changes its shape.
int rotationCount(std::int64_t height, std::int64_t width);

/// Each image of `images` [N, C, H, W] turned counter-clockwise by turns[i] steps: quarter turns when
/// `rotations` is 4, half turns when it is 2 (torch::rot90 over the last two dimensions).
torch::Tensor rotateImages(const torch::Tensor& images, const torch::Tensor& turns, int rotations);

/// Adds the linear "pretext" layer (role "pretext") reading `from`, with rotationCount() outputs. Keeps the
/// output layer.
void addRotationHead(Network& net, const std::string& from, const std::vector<std::int64_t>& inputShape);

/// Settings of one rotation-prediction phase.
struct RotationPhase {
    std::string phase = "pretext"; // name in metrics and logs
    int epochs = 5;                // passes over `data`; each image is turned by one random rotation per pass
    int batchSize = 64;
    double lr = 1e-3;
    std::uint64_t seed = 1; // shuffling and the rotations drawn
    bool report = true;     // send steps and epochs to the observer
};

struct RotationResult {
    int epochsRun = 0;
    int rotations = 4;
    double loss = 0;     // mean cross-entropy of the last epoch
    double accuracy = 0; // share of rotations told right in the last epoch (chance: 1 / rotations)
    double imagesPerSecond = 0;
};

/// Trains the path to "pretext" (minus frozen layers) to predict the rotation of the images of `data`
/// (labels ignored). Reports (when `phase.report`) "loss", "accuracy" and "lr" per step and "train_loss",
/// "train_accuracy" per epoch under `phase.phase`; checks the context's control each step (throws Cancelled). Throws
/// InputError when `data` is empty or every layer on the path is frozen.
RotationResult trainRotationPretext(RunContext& context, Network& net, const Dataset& data, const RotationPhase& phase);

} // namespace ts::engine

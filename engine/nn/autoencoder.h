#pragma once

// The convolutional autoencoder shared by `selftaught` and `selftaught_clustering`: the backbone's feature
// layers are the encoder; decoder layers (role "decoder") rebuild the image from the last feature layer.

#include "engine/core/experiment.h"
#include "engine/data/dataset.h"
#include "engine/nn/network.h"
#include "engine/strategies/strategy.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ts::engine {

/// Names of the decoder layers addDecoder() adds, in order.
const std::vector<std::string>& decoderLayerNames();

/// Adds "dec_fc" (linear to 64 x H/4 x W/4, ReLU), "dec_up1" (upsampling x2 and 3x3 conv, ReLU) and
/// "dec_up2" (upsampling x2 and 3x3 conv, cropped to H x W, tanh) reading `codeLayer`, all with role
/// "decoder". Works for any backbone whose `codeLayer` output can be flattened. Keeps the output layer.
void addDecoder(Network& net, const std::string& codeLayer, const std::vector<std::int64_t>& inputShape);

/// The experiment's backbone with its head for `classes` classes (or, for classes = 0, its feature layers
/// only) plus the decoder on its last feature layer. The output layer is "head" (or the last decoder layer).
Network makeAutoencoderNetwork(const Experiment& experiment, int classes);

/// The layer whose output is the learned representation (the input of "dec_fc").
std::string codeLayer(Network& net);

/// Settings of one autoencoder training phase.
struct AutoencoderPhase {
    std::string phase = "autoencoder"; // name in metrics and logs
    int epochs = 5;                    // passes over `data`
    int batchSize = 64;                // images per step
    double lr = 1e-3;                  // learning rate of encoder and decoder
    double noise = 0.3;                // std of the Gaussian noise added to the input (pixels in [-1, 1]); 0 = plain
    double sparsity = 0;               // weight of the L1 penalty on the code (sparse autoencoder); 0 = none
    std::uint64_t seed = 1;            // shuffling and noise
    bool report = true;                // send steps and epochs to the observer
};

struct AutoencoderResult {
    int epochsRun = 0;
    double reconstructionLoss = 0; // mean squared error of the last epoch (on clean targets)
    double imagesPerSecond = 0;
};

/// Trains the encoder path and the decoder layers that are not frozen to reconstruct the clean images of
/// `data` (labels ignored) from noisy ones. Reports "reconstruction_loss", "loss" and "lr" per step and
/// "reconstruction_loss" per epoch; checks the context's control each step (throws Cancelled). Throws
/// InputError when `data` is empty or every layer to train is frozen.
AutoencoderResult trainAutoencoder(RunContext& context, Network& net, const Dataset& data,
                                   const AutoencoderPhase& phase);

/// Option descriptions shared by the sections of both strategies.
std::vector<OptionSpec> autoencoderOptions();
/// An AutoencoderPhase from a resolved section (autoencoder_epochs, noise, sparsity) and `train`.
AutoencoderPhase autoencoderPhase(const Experiment& experiment, const nlohmann::json& section, std::uint64_t seed);

} // namespace ts::engine

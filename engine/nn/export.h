#pragma once

// Trained classifiers as standalone TorchScript files that Python (torch.jit.load) and other tools run.

#include "engine/nn/network.h"

#include <torch/types.h>

#include <string>
#include <vector>

namespace ts::engine {

/// What an exported classifier needs besides its weights: the network input and the preprocessing.
struct ExportSpec {
    std::vector<std::int64_t> inputShape; // [C, H, W] the network was trained on
    std::vector<double> mean, std;        // per channel (or one value), applied to pixels in [0, 1]
    std::vector<std::string> classes;     // class names, index = logit
};

/// The layer whose output gives a network's class logits: "head" when it is a label layer, otherwise the
/// output layer.
std::string classifierOutput(Network& net);

/// Writes the path from the input to classifierOutput(net) as one TorchScript module, atomically. Its
/// forward(x) takes float images [N, C, H, W] in [0, 1] (any size; 3 channels are made grey and 1 made RGB when
/// the network wants that), resizes them bilinearly to the trained size, normalises them with the stored
/// mean and std, and returns logits [N, classes]. The module carries `classes` (List[str]), `input_shape`,
/// `mean` and `std` as attributes. An imported TorchScript model is written as itself with its new head.
/// Throws InputError naming the layer when a layer cannot be expressed in TorchScript, or the path when it
/// cannot be written.
void exportClassifier(Network& net, const ExportSpec& spec, const std::string& path);

/// Class scores of a file written by exportClassifier: loads it (InputError naming the file when it is not
/// one) and returns its class names and input shape.
struct ExportedModel {
    std::vector<std::string> classes;
    std::vector<std::int64_t> inputShape;
};
ExportedModel readExportedModel(const std::string& path);

/// Runs an exported classifier on uint8 images [N, C, H, W] (the app's decoded pixels) and returns the
/// softmax probabilities [N, classes].
torch::Tensor runExportedModel(const std::string& path, const torch::Tensor& images, int batchSize = 64);

} // namespace ts::engine

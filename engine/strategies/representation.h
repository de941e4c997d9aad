#pragma once

// The representation the two self-taught strategies learn from unlabeled source images, shared by
// `selftaught` and `selftaught_clustering`: a denoising autoencoder, or rotation prediction
// (engine/train/pretext.h), and the feature layer the classifier or k-means reads from it.

#include "engine/core/experiment.h"
#include "engine/data/dataset.h"
#include "engine/nn/network.h"
#include "engine/strategies/strategy.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace ts::engine {

enum class Representation { Autoencoder, Rotation, Pixels };

/// The section's "representation" ("autoencoder" when absent).
Representation representationOf(const nlohmann::json& section);
std::string representationName(Representation r);

/// Options of both strategies: representation (with "pixels" when `withPixels`), feature_layer,
/// rotation_epochs and the autoencoder's.
std::vector<OptionSpec> representationOptions(bool withPixels);

/// The backbone's feature layers with the representation's own training layers on the last one (the decoder,
/// or the "pretext" rotation classifier); for classes > 0 also a linear "head" (role "label", the output
/// layer) reading the section's feature_layer. `sectionName` names the section in errors (an unknown layer).
/// An autoencoder whose head reads the last feature layer is makeAutoencoderNetwork(experiment, classes).
Network makeRepresentationNetwork(const Experiment& experiment, const nlohmann::json& section,
                                  const std::string& sectionName, int classes);

/// The layer whose output is the representation: the section's feature_layer, or the last feature layer.
std::string representationLayer(Network& net, const nlohmann::json& section, const std::string& sectionName);

/// The layers that only serve to learn the representation (decoder or pretext), to freeze after it.
std::set<std::string> representationTrainingLayers(Network& net);

/// What learning the representation did: epochs, speed and the phase's scores for summary.json.
struct RepresentationResult {
    int epochsRun = 0;
    double imagesPerSecond = 0;
    nlohmann::json metrics = nlohmann::json::object(); // reconstruction_loss or pretext_accuracy, ...
};

/// Trains the representation on `data` (labels ignored) under the section's settings, reporting under
/// `phaseName` ("" = "autoencoder" or "pretext") when `report` is set.
RepresentationResult learnRepresentation(RunContext& context, Network& net, const Dataset& data,
                                         const nlohmann::json& section, std::uint64_t seed,
                                         const std::string& phaseName = {}, bool report = true);

} // namespace ts::engine

#pragma once

#include "engine/core/experiment.h"
#include "engine/nn/network.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ts::engine {

/// Saves every parameter and buffer of `net` with `meta` (backbone, input, classes, layer graph) to `path`,
/// atomically (temp file, then rename). Throws InputError naming the path when it cannot be written.
void saveCheckpoint(Network& net, const std::string& path, const nlohmann::json& meta);

/// The metadata stored by saveCheckpoint; throws InputError naming the path when the file is not a
/// checkpoint of this app (a foreign TorchScript file included).
nlohmann::json readCheckpointMeta(const std::string& path);

/// True when `path` is a checkpoint written by saveCheckpoint (false for TorchScript files or others).
bool isAppCheckpoint(const std::string& path);

/// Copies the tensors stored in the checkpoint into `net` where layer names and shapes match.
/// Returns the layers that were loaded completely; layers of `net` without a match keep their weights.
std::vector<std::string> loadCheckpointInto(Network& net, const std::string& path);

/// Builds a network from a TorchScript file: each top-level child becomes a layer of the same name, in
/// order, the last one being the output ("label" role). Parameters stay shared with the script module.
/// Throws InputError naming the file when it cannot be loaded or has no children.
Network loadTorchScript(const std::string& path);

/// The network `model.pretrained` describes, with its original output layer: an app checkpoint rebuilt from
/// its backbone and loaded, or a TorchScript file. Checks the input shape against the experiment and
/// throws InputError naming model.pretrained on a mismatch.
Network loadPretrained(const Experiment& experiment, nlohmann::json* metaOut = nullptr);

} // namespace ts::engine

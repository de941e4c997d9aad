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

/// Name of the layer that holds an imported TorchScript model (everything but its head).
constexpr const char* kScriptTrunkLayer = "trunk";

/// Builds a network from a TorchScript classifier that runs the model's own forward(): layer "trunk" is the
/// model with its head (`head`, a dotted module path; "" = its last Linear) made an identity, and layer
/// "head" is a linear layer holding the head's weights. Nested modules can be frozen by their dotted names.
/// With `inputShape` ([C, H, W]) a probe batch checks that the model accepts that input and that the result
/// reproduces the model's own logits. Throws InputError naming the file and the cause in one line: not
/// loadable, wrong input shape or channels, no Linear head, a head whose output forward() changes afterwards.
Network loadTorchScript(const std::string& path, const std::string& head = {},
                        const std::vector<std::int64_t>& inputShape = {});

/// The network `model.pretrained` describes, with its original output layer: an app checkpoint rebuilt from
/// its backbone and loaded, or a TorchScript file. Checks the input shape against the experiment and
/// throws InputError naming model.pretrained on a mismatch.
Network loadPretrained(const Experiment& experiment, nlohmann::json* metaOut = nullptr);

} // namespace ts::engine

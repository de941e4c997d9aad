#pragma once

// Values given outside an experiment file (command-line options), checked by the same readers and ranges as
// the file's keys, so that `--epochs -5` fails exactly as `"train": {"epochs": -5}` does.

#include "engine/core/experiment.h"
#include "engine/core/jsonfields.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace ts::engine {

/// Sets the file key `key` ("train.epochs", "train.seed", "train.batch_size", "input.size", "input.channels",
/// "device") of `experiment` to `value`, through the reader that checks it in a file. Throws InputError
/// "<option>: key '<key>' <problem>" (e.g. "--epochs: key 'train.epochs' must be an integer >= 0, got -5"),
/// and std::logic_error for a key this function does not know.
void overrideKey(Experiment& experiment, const std::string& key, const nlohmann::json& value,
                 const std::string& option);

/// `value` as an integer in `range`, for an option that has no file key (e.g. --threads). A whole number
/// written as 3.0 is accepted, as in a file. Throws InputError "<option> must be an integer <range>, got <value>".
std::int64_t checkedInteger(const nlohmann::json& value, const NumberRange& range, const std::string& option);

} // namespace ts::engine

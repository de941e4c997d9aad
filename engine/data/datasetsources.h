#pragma once

// Internal to the engine: the readers behind loadDataset (engine/data/dataset.h).

#include "engine/data/dataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ts::engine {

/// A 1-D int64 tensor of `index`.
torch::Tensor indexTensor(const std::vector<std::int64_t>& index);

/// Fills `data` from an image-folder spec (format "folder": one subfolder per class; "unlabeled": every
/// image under the path). Skipped files are recorded and passed to `warn`; `prefix` starts every error.
void loadFolder(Dataset& data, const DatasetSpec& spec, const InputSpec& input, const std::string& prefix,
                const LoadProgress& progress, const LoadWarning& warn, int decodeThreads);

/// Fills `data` from an IDX images/labels pair, converted to the input size and channel count.
void loadIdx(Dataset& data, const DatasetSpec& spec, const InputSpec& input, const std::string& prefix,
             const LoadProgress& progress);

} // namespace ts::engine

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

/// Fills `data` from a CSV file of `path,label` rows (format "csv"; paths relative to the file's folder).
/// Throws InputError "<file>:<line>: ..." for a row without a label or naming an image that does not exist,
/// and for an empty file; images that exist but cannot be decoded are skipped and reported as by loadFolder.
void loadCsv(Dataset& data, const DatasetSpec& spec, const InputSpec& input, const std::string& prefix,
             const LoadProgress& progress, const LoadWarning& warn, int decodeThreads);

/// The sorted class names (distinct labels) of a CSV label list; throws InputError as loadCsv does for rows
/// it cannot read, without checking that the images exist.
std::vector<std::string> csvClassNames(const std::string& path);

/// Names of the kept classes (`wanted`, or all when empty) in their original order in `kept`; returns old index
/// -> new index (-1 = dropped). Throws InputError for a wanted class that is not in `all`, naming `where`.
std::vector<int> selectClasses(const std::vector<std::string>& all, const std::vector<std::string>& wanted,
                               const std::string& prefix, const std::string& where, std::vector<std::string>& kept);

/// Decodes `groups[c]` (the files of class c, in order; one group when unlabeled), at most `limit` readable
/// images per class (0 = all; a file that fails is replaced by the next), into `data`. Unreadable files are
/// recorded in data.skippedFiles and passed to `warn`.
void decodeGroups(Dataset& data, const std::vector<std::vector<std::string>>& groups, int limit, bool labeled,
                  const InputSpec& input, const LoadProgress& progress, const LoadWarning& warn, int decodeThreads);

/// Fills `data` from an IDX images/labels pair, converted to the input size and channel count.
void loadIdx(Dataset& data, const DatasetSpec& spec, const InputSpec& input, const std::string& prefix,
             const LoadProgress& progress);

} // namespace ts::engine

#pragma once

// What a data panel shows of a dataset the engine has read, and the key that says which panel it answers.
// Torch-free: the window's headers include it.

#include "ui/data/datasetsummary.h"

#include <QString>

namespace ts::engine {
struct Dataset;
struct DatasetSpec;
struct Experiment;
} // namespace ts::engine

namespace ts::ui {

/// Images shown per class in a data panel.
constexpr int kThumbnailsPerClass = 8;

/// The counts, the first kThumbnailsPerClass images of each class (of the first 2 * kThumbnailsPerClass
/// images when unlabeled), the skipped files and the image size of `data`. `requestId` is left 0.
DatasetSummary summarizeDataset(const engine::Dataset& data);

/// What decides the images a panel shows for `spec` read with `context`'s input size, seed and base folder:
/// the spec with its paths resolved, the input and the seed, as one string. Two loads with the same key read
/// the same images, so a panel may show what a run read under its key.
QString datasetKey(const engine::Experiment& context, const engine::DatasetSpec& spec);

} // namespace ts::ui

#pragma once

#include "engine/core/experiment.h"

#include <torch/types.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ts::engine {

/// Images decoded once into memory. All tensors live on the CPU.
struct Dataset {
    std::string role;                      // "source", "target", "target_test" (for messages)
    torch::Tensor images;                  // uint8 [N, C, H, W]
    torch::Tensor labels;                  // int64 [N]; -1 where the dataset has no labels at all
    torch::Tensor labeled;                 // bool [N]; true where training may use the label
    std::vector<std::string> classNames;   // index = label
    std::vector<std::string> files;        // origin of each image (path, or "file.idx#i")
    std::vector<std::string> skippedFiles; // unreadable files, with the reason: "path: reason"
    std::vector<double> channelMean{0.5};  // normalisation of the pixels in [0, 1] (input.normalize): one value
    std::vector<double> channelStd{0.5};   // per channel, or one for all

    std::int64_t size() const { return images.defined() ? images.size(0) : 0; }
    bool hasLabels() const { return !classNames.empty(); }
    int numClasses() const { return static_cast<int>(classNames.size()); }
    /// Images whose labels training may use (all of them when labeled_per_class is not set).
    Dataset labeledSubset() const;
    /// Rows `index` (int64 [K]) of every per-image field; classNames and skippedFiles are kept.
    Dataset subset(const torch::Tensor& index) const;
    /// Number of images per class index (labels only).
    std::vector<std::int64_t> classCounts() const;
};

/// Called with (done, total) while decoding; may be empty.
using LoadProgress = std::function<void(std::int64_t done, std::int64_t total)>;
/// Called once per skipped file with "path: reason"; may be empty.
using LoadWarning = std::function<void(const std::string&)>;

/// Loads a dataset spec (carrying `input`'s normalisation): finds files (recursively, sorted, case-insensitive
/// extensions), decodes each once, converts to `input.channels` and resizes to `input.size`, applies classes /
/// limit_per_class / labeled_per_class (seeded). Unreadable files are skipped and reported. Throws InputError naming
/// the path for a missing path, no readable image, or fewer than 2 classes in a labeled set. Image files are decoded on
/// `decodeThreads` threads (0 = the calling thread's LibTorch thread count).
Dataset loadDataset(const DatasetSpec& spec, const InputSpec& input, const std::string& role, std::uint64_t seed,
                    const LoadProgress& progress = {}, const LoadWarning& warn = {}, int decodeThreads = 0);

/// Stratified, seeded split: returns {kept, heldOut} with `fraction` of each class held out (at least one
/// image per class when fraction > 0 and the class has 2 or more). Unlabeled data is split at random.
std::pair<Dataset, Dataset> stratifiedSplit(const Dataset& data, double fraction, std::uint64_t seed);

/// uint8 [N,C,H,W] -> float (x / 255 - mean[c]) / std[c] (one value, or one per channel). The default maps to
/// [-1, 1]. Normalisation happens per batch, never stored.
torch::Tensor normalizeImages(const torch::Tensor& images, const std::vector<double>& mean,
                              const std::vector<double>& stddev);
/// Float images in [0, 1] [N,C,H,W] normalised as above.
torch::Tensor normalizeUnitImages(const torch::Tensor& images, const std::vector<double>& mean,
                                  const std::vector<double>& stddev);
/// The images of `data` (all of them) normalised with the dataset's own mean and std.
torch::Tensor normalizedImages(const Dataset& data);

/// Image file extensions the folder loaders accept (lower case, without the dot).
const std::vector<std::string>& imageExtensions();

} // namespace ts::engine

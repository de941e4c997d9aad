#pragma once

// Classifying a folder of images with an exported classifier (engine/nn/export.h).

#include <functional>
#include <string>
#include <vector>

namespace ts::engine {

/// The exported classifier a path names: a run folder's model.ts.pt, or the file itself. Throws InputError
/// naming the path when it is neither (e.g. a run whose network does not end in a class classifier).
std::string runClassifierFile(const std::string& path);

/// One row per classified image, in file order.
struct FolderPredictions {
    std::vector<std::string> files;   // relative to the folder, '/'-separated
    std::vector<std::string> classes; // predicted class name
    std::vector<double> probability;  // softmax probability of that class, 0..1
    std::vector<std::string> skipped; // files that are not readable images, with the reason
};

/// Decodes every image under `folder` (recursively, sorted) as the model's training did and classifies it
/// with the exported model at `model`. Unreadable images are skipped, each reported to `onSkipped` and kept
/// in `skipped`. Throws InputError naming the folder when it is missing or holds no readable image, or the
/// model file when it is not an exported classifier.
FolderPredictions predictFolder(const std::string& model, const std::string& folder,
                                const std::function<void(const std::string&)>& onSkipped = {});

/// The predictions as CSV text with the header `file,class,probability`.
std::string predictionsCsv(const FolderPredictions& predictions);

} // namespace ts::engine

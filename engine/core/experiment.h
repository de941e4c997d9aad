#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ts::engine {

/// Where a dataset comes from and which part of it to use (an experiment's `source`, `target`, `target_test`).
struct DatasetSpec {
    std::string format = "folder";       // folder | unlabeled | idx | csv
    std::string path;                    // folder or unlabeled: the root directory; csv: the `path,label` file
    std::string images;                  // idx: the images file (gzipped or not)
    std::string labels;                  // idx: the labels file (gzipped or not)
    std::vector<std::string> classes;    // subset of classes to keep, by name; empty keeps all
    std::vector<std::string> classNames; // idx: names of label 0, 1, ...; default "0", "1", ...
    int limitPerClass = 0;               // keep at most this many images per class; 0 keeps all
    int labeledPerClass = -1;            // labels training may use per class; the rest count as unlabeled; -1 all
    double split = 0;                    // held-out fraction (stratified, seeded) used as test/validation set
    bool labeled() const { return format != "unlabeled"; }
};

/// Largest input.size side an experiment may ask for (pixels).
constexpr int kMaxInputSide = 4096;

/// Network input every image is converted to.
struct InputSpec {
    // The types are spelled ::std:: because the member `std` below hides the namespace inside the struct.
    int height = 28;                       // pixels
    int width = 28;                        // pixels
    int channels = 1;                      // 1 grey or 3 RGB
    ::std::string normalize = "symmetric"; // preset of mean/std ("symmetric", "imagenet"); "" = given explicitly
    // Pixels in [0, 1] are fed to the network as (x - mean[c]) / std[c]. After parsing both hold one value per
    // channel; a single value (an InputSpec built in code) applies to every channel.
    ::std::vector<double> mean{0.5};
    ::std::vector<double> std{0.5};
};

/// Mean and std of a normalisation preset for `channels` (1 or 3); throws std::invalid_argument for an unknown
/// name. "symmetric" maps [0, 1] to [-1, 1]; "imagenet" is torchvision's, reduced for grey images by the
/// luma weights the grey conversion uses (0.299, 0.587, 0.114).
void normalizationPreset(const std::string& name, int channels, std::vector<double>& mean, std::vector<double>& stddev);

/// `{"mean": [...], "std": [...]}` of the input, one value per channel: what checkpoints and caches record.
nlohmann::json normalizationJson(const InputSpec& input);

/// The input block of a checkpoint's metadata: sets meta["input"] (channels, height, width) and meta["normalize"].
void addInputMeta(nlohmann::json& meta, const InputSpec& input);

/// Training-time augmentation of the training batches (never of validation or test images).
struct AugmentSpec {
    bool crop = false;          // random resized crop, scaled back to input.size
    double cropScaleMin = 0.08; // crop area as a fraction of the image, drawn uniformly from [min, max]
    double cropScaleMax = 1.0;
    double cropRatioMin = 3.0 / 4.0; // crop width / height, drawn log-uniformly from [min, max]
    double cropRatioMax = 4.0 / 3.0;
    bool flip = false; // horizontal flip with probability 1/2
    double jitter = 0; // brightness and contrast factors drawn from [1 - jitter, 1 + jitter]
};

struct ModelSpec {
    std::string backbone = "lenet"; // lenet | dann_digits | resnet_mini
    std::string pretrained;         // optional: checkpoint of this app (.pt) or TorchScript file
    std::string head;               // TorchScript only: dotted path of the Linear head; "" = the last Linear
};

struct TrainSpec {
    int epochs = 10;                // epochs on the (target) training set
    int batchSize = 64;             // images per step
    double lr = 1e-3;               // learning rate of new layers
    std::string optimizer = "adam"; // sgd | adam
    double momentum = 0.9;          // sgd only
    double weightDecay = 0;         // L2 penalty
    std::uint64_t seed = 1;         // seeds weights, shuffling and splits
    int earlyStoppingPatience = 0;  // epochs without validation gain before stopping; 0 disables
    double valFraction = 0.2;       // held out from the labeled target for early stopping
    double backboneLrMult = 0.1;    // lr multiplier of pretrained layers in finetune
    int sourceEpochs = -1;          // epochs of pretraining on the source; -1 uses `epochs`
    int evalEvery = 0;              // test-set evaluation every N epochs and on the last; 0 = automatic
    AugmentSpec augment;            // off by default
};

/// True when the training batches are augmented (then features of training images differ every epoch).
bool augmentOn(const TrainSpec& train);

/// A whole experiment file. Strategy-specific sections (e.g. "dann", "zeroshot") stay JSON and are
/// validated against the strategy's option descriptions (see engine/strategies/strategy.h).
struct Experiment {
    std::string name = "experiment";
    std::string strategy = "finetune";
    std::optional<DatasetSpec> source;
    std::optional<DatasetSpec> target;
    std::optional<DatasetSpec> targetTest;
    InputSpec input;
    ModelSpec model;
    std::vector<std::string> freeze; // layer names whose weights stay fixed
    TrainSpec train;
    std::string device = "cpu";                     // cpu | cuda
    std::map<std::string, nlohmann::json> sections; // strategy options by section name
    std::map<std::string, std::string> notes;       // "what to look for", by language ("en", "zh_CN", ...)
    bool withBaseline = false;                      // also run the strategy's baseline and report the gain
    std::string baseDir;                            // directory of the file; relative paths resolve against it
};

/// Parses an experiment from JSON text. Throws InputError naming the key (e.g. "train.epochs: expected an
/// integer") for unknown keys and wrong types, and line/column for malformed JSON. `origin` names the file.
Experiment parseExperiment(const std::string& text, const std::string& origin, const std::string& baseDir = {});

/// Reads and parses an experiment file; throws InputError naming the file when it cannot be read.
Experiment loadExperiment(const std::string& path);

/// Serialises every key (defaults included) so that parseExperiment(toJson(e)) == e.
nlohmann::json toJson(const Experiment& experiment);

/// Writes the experiment atomically (temp file + rename); throws InputError naming the path on failure.
void saveExperiment(const Experiment& experiment, const std::string& path);

/// Resolves a path from the experiment against its baseDir (absolute paths are returned unchanged).
std::string resolvePath(const Experiment& experiment, const std::string& path);

} // namespace ts::engine

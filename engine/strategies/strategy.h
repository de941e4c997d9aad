#pragma once

#include "engine/core/experiment.h"
#include "engine/core/observer.h"
#include "engine/core/sections.h"
#include "engine/data/dataset.h"
#include "engine/nn/network.h"

#include <nlohmann/json.hpp>
#include <torch/types.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ts::engine {

/// What a strategy needs of a dataset role.
enum class Need { None, Labeled, Unlabeled, Any };

/// One option of a strategy section, described once so the CLI docs, the file validator and the GUI's
/// hyperparameter form are all built from it.
struct OptionSpec {
    std::string key;                  // key inside the strategy's section, e.g. "lambda_max"
    std::string type;                 // "int", "double", "string", "bool", "path", "double_list", "layer"
    nlohmann::json defaultValue;      // null when there is no default (e.g. a layer chosen from the network)
    std::string help;                 // one sentence for tooltips and docs
    std::vector<std::string> choices; // allowed values for "string"; empty accepts any
    double minimum = -1e300;          // for int and double
    double maximum = 1e300;
};

/// A strategy as the registry, the CLI and the GUI see it.
struct StrategyInfo {
    StrategyInfo() = default;
    /// The fields every strategy sets; the others keep their defaults.
    StrategyInfo(std::string name, std::string title, std::string setting, std::string description, Need source,
                 Need target)
        : name(std::move(name)), title(std::move(title)), setting(std::move(setting)),
          description(std::move(description)), source(source), target(target)
    {
    }

    std::string name;        // "finetune", "dann", ...
    std::string title;       // "Fine-tuning"
    std::string setting;     // "source labeled, target labeled", or "baseline"
    std::string description; // one or two sentences for a student
    Need source = Need::None;
    Need target = Need::Labeled;
    bool needsTargetTest = false;          // needs target_test (or target.split) to report accuracy
    bool pretrainedReplacesSource = false; // with model.pretrained the source is neither needed nor loaded
    std::string section;                   // experiment key holding its options ("" when none)
    std::vector<OptionSpec> options;
};

struct RunOptions; // engine/train/runner.h

/// Everything a strategy's run may use. Datasets are loaded and validated against the strategy's needs
/// before run() is called; a role that is not needed may be null.
struct RunContext {
    const Experiment& experiment;
    const RunOptions& options;
    Observer& observer;
    RunControl& control;
    torch::Device device;
    const Dataset* source = nullptr;
    const Dataset* target = nullptr;           // the training part of the target (after any split)
    const Dataset* targetTest = nullptr;       // target_test or the held-out part of target.split
    const Dataset* sourceTest = nullptr;       // held-out part of source.split, if any
    nlohmann::json section;                    // the strategy's options with defaults filled in
    Network liveNetwork{nullptr};              // the network being trained, saved if the run is stopped
    std::string projectionLayer;               // where the per-epoch samples were taken (for the closing one)
    const Dataset* projectionTarget = nullptr; // the target images they used
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();

    double elapsedMs() const;
    void log(const std::string& message, LogLevel level = LogLevel::Info) const;
};

/// What a strategy returns; the runner turns it into summary.json.
struct StrategyOutcome {
    Network net{nullptr};                 // the trained network (saved as model.pt)
    std::optional<double> targetAccuracy; // on target test, 0..1
    std::optional<double> sourceAccuracy; // on source validation, 0..1
    int epochsRun = 0;
    double trainImagesPerSecond = 0;
    std::map<std::string, double> weightChange; // per layer, since target training started
    nlohmann::json strategyMetrics = nlohmann::json::object();
    torch::Tensor confusion; // int64 [classes, classes] on the target test set, if any
    std::vector<std::string> confusionClasses;
    torch::Tensor predicted;                 // int64 [N] per image of `predictedOn` (classes or clusters)
    const Dataset* predictedOn = nullptr;    // usually context.targetTest
    std::vector<std::string> predictedNames; // names of predicted indices; empty = predictedOn's classes
    bool predictionsAreClusters = false;
    std::vector<std::pair<std::string, std::string>> extraFiles; // (file name in out dir, contents)
    std::string weightsFrom; // summary's weights_from: "random", "source pretraining" or the pretrained file
    nlohmann::json featureCache; // summary's feature_cache: the last supervised phase's (featurecache.h)
};

/// What the strategy needs of the source in this experiment: Need::None when model.pretrained stands in for
/// it (StrategyInfo::pretrainedReplacesSource), else info.source.
Need sourceNeed(const StrategyInfo& info, const Experiment& experiment);

/// Class counts a strategy's network is built for (unknown counts default to 10).
struct NetShape {
    int sourceClasses = 10;
    int targetClasses = 10;
    int attributes = 0;
};

class Strategy {
public:
    virtual ~Strategy() = default;
    virtual const StrategyInfo& info() const = 0;
    /// The strategy's network for the experiment's backbone (or pretrained model) before training; the GUI
    /// draws it, `layers` prints it and freeze names are checked against it.
    virtual Network build(const Experiment& experiment, const NetShape& shape) const = 0;
    /// Trains and evaluates. Throws InputError for bad input, Cancelled when stopped.
    virtual StrategyOutcome run(RunContext& context) = 0;
};

/// Base of a strategy described by a static describe(): info() builds that description once.
template <class Derived> class DescribedStrategy : public Strategy {
public:
    const StrategyInfo& info() const override
    {
        static const StrategyInfo described = Derived::describe();
        return described;
    }
};

/// Every registered strategy's description, in display order.
const std::vector<StrategyInfo>& strategyInfos();
/// The description of one strategy, or nullptr.
const StrategyInfo* findStrategyInfo(const std::string& name);
/// A new instance; throws InputError listing the known strategies for an unknown name.
std::unique_ptr<Strategy> makeStrategy(const std::string& name);

/// Fills defaults into a strategy section and checks every key and type; throws InputError naming
/// "<section>.<key>" for an unknown key or a wrong type.
nlohmann::json resolveSection(const StrategyInfo& info, const nlohmann::json& section);
/// The same for the experiment's own section of the strategy (info.section; defaults when absent).
nlohmann::json resolveSection(const StrategyInfo& info, const Experiment& experiment);

/// A copy of `experiment` to be saved in `newBaseDir`: every relative path (dataset path, images and labels,
/// model.pretrained, and each strategy option of type "path") is rewritten so that it names the same file
/// from there; absolute paths stay as they are. Never throws.
Experiment rebasedExperiment(const Experiment& experiment, const std::string& newBaseDir);

/// Registration used by each strategy's .cpp file.
using StrategyFactory = std::function<std::unique_ptr<Strategy>()>;
void registerStrategy(const StrategyInfo& info, StrategyFactory factory);
/// Registers a DescribedStrategy under its describe().
template <class Derived> void registerDescribed()
{
    registerStrategy(Derived::describe(), [] { return std::make_unique<Derived>(); });
}

} // namespace ts::engine

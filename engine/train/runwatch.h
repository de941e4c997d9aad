#pragma once

// Internal to the runner: what a run cut short (stopped or diverged) keeps and reports.

#include "engine/core/errors.h"
#include "engine/core/experiment.h"
#include "engine/core/observer.h"
#include "engine/strategies/strategy.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ts::engine {

struct RunOptions;

// Watches what a run reports on its way to the next observer. It stops a run whose loss is no longer a
// number, whichever loop reports it (the loops check before their backward pass with checkedLoss; this
// catches one that does not, a step later), and remembers the last epoch and weight changes, which the
// summary of a run cut short records.
class RunWatch : public Observer {
public:
    explicit RunWatch(Observer& next) : m_next(next) {}
    std::optional<EpochStats> lastEpoch;         // the last epoch finished, of whichever phase
    std::map<std::string, double> phaseMetrics;  // the latest value of each metric of lastEpoch's phase
    std::map<std::string, double> weightChanges; // the last relative weight change of each layer

    void onLog(LogLevel level, const std::string& message) override { m_next.onLog(level, message); }
    void onProgress(const std::string& what, std::int64_t done, std::int64_t total) override
    {
        m_next.onProgress(what, done, total);
    }
    /// Forwards, then throws Diverged when a value named "*loss*" is not finite or above kDivergedLoss.
    void onStep(const StepStats& stats) override;
    void onEpoch(const EpochStats& stats) override;
    void onLayerChanges(int epoch, const std::vector<LayerChange>& changes) override;
    void onDatasetLoaded(const std::string& role, const DatasetSpec& spec, const Dataset& data) override
    {
        m_next.onDatasetLoaded(role, spec, data);
    }
    bool wantsFeatures() override { return m_next.wantsFeatures(); }
    void onFeatures(const FeatureSample& sample) override { m_next.onFeatures(sample); }
    void onPredictions(const TestPredictions& predictions) override { m_next.onPredictions(predictions); }
    void onFinished(const RunResult& result) override { m_next.onFinished(result); }
    void onFailed(const std::string& message, int exitCode) override { m_next.onFailed(message, exitCode); }

private:
    Observer& m_next;
};

/// Saves the network being trained (ctx->liveNetwork) as model.pt with `status` in its metadata. Returns
/// false, writing nothing, when there is none, its weights are not finite, or it cannot be written.
bool saveLiveNetwork(const Experiment& e, const RunOptions& options, const std::optional<RunContext>& ctx,
                     const std::string& status);

/// Fills what a run cut short did into `summary`: epochs_run and last_epoch from `watch`, the phase's
/// target and source accuracy when it measured them, and the live network's layers. Never throws.
void recordCutShort(nlohmann::json& summary, const Experiment& e, const std::optional<RunContext>& ctx,
                    const RunWatch* watch);

/// "training diverged: the loss became NaN at step 2 of 'train'; lower the learning rate (...)."
std::string divergedMessage(const Experiment& e, const Diverged& error, bool modelKept);

} // namespace ts::engine

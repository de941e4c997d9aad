#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace ts::engine {

struct RunResult;

/// One optimisation step. `values` holds the step's scalars by name, e.g. "loss", "domain_loss", "lambda", "lr".
struct StepStats {
    std::string phase;           // "pretrain", "train", "autoencoder", ... (the strategy's stage)
    int epoch = 0;               // 1-based epoch within the phase
    std::int64_t step = 0;       // 1-based step within the phase
    std::int64_t totalSteps = 0; // steps the phase will take if it runs all epochs
    std::map<std::string, double> values;
    double elapsedMs = 0;        // since the run started
};

/// End of an epoch. `metrics` e.g. "train_loss", "val_accuracy", "target_accuracy", "source_accuracy".
struct EpochStats {
    std::string phase;
    int epoch = 0;
    int epochs = 0;
    std::map<std::string, double> metrics;
    double imagesPerSecond = 0; // training images per second in this epoch
    double elapsedMs = 0;
};

/// Relative weight change ||W - W0|| / ||W0|| of one layer since target training started.
struct LayerChange {
    std::string name;
    double relativeChange = 0;
    bool frozen = false;
};

/// 2-D projection of features for plotting (PCA), one point per sampled image.
struct FeatureProjection {
    int epoch = 0;
    std::vector<float> x, y;
    std::vector<int> label;  // class index, -1 when unknown
    std::vector<int> domain; // 0 source, 1 target
};

enum class LogLevel { Info, Warning, Error };

/// Plain C++ observer; every callback runs on the engine's thread. Default implementations ignore the event.
class Observer {
public:
    virtual ~Observer() = default;
    virtual void onLog(LogLevel, const std::string& /*message*/) {}
    virtual void onProgress(const std::string& /*what*/, std::int64_t /*done*/, std::int64_t /*total*/) {}
    virtual void onStep(const StepStats&) {}
    virtual void onEpoch(const EpochStats&) {}
    virtual void onLayerChanges(int /*epoch*/, const std::vector<LayerChange>&) {}
    virtual void onFeatures(const FeatureProjection&) {}
    virtual void onFinished(const RunResult&) {}
    virtual void onFailed(const std::string& /*message*/, int /*exitCode*/) {}
};

/// Cooperative cancel and pause, checked once per training step.
class RunControl {
public:
    void requestStop();
    void setPaused(bool paused);
    bool stopRequested() const { return m_stop.load(); }
    bool paused() const { return m_paused.load(); }
    /// Blocks while paused; throws Cancelled once a stop was requested.
    void checkpoint();

private:
    std::atomic<bool> m_stop{false};
    std::atomic<bool> m_paused{false};
    std::mutex m_mutex;
    std::condition_variable m_cv;
};

} // namespace ts::engine

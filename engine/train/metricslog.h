#pragma once

#include "engine/core/observer.h"

#include <fstream>
#include <mutex>
#include <string>

namespace ts::engine {

/// Forwards every event to another observer and appends it as one JSON object per line to a file
/// (metrics.jsonl). Lines are flushed per epoch so a stopped run keeps what it measured.
class MetricsLog : public Observer {
public:
    /// `path` empty: forward only. Throws InputError naming the path when it cannot be created.
    MetricsLog(Observer& next, const std::string& path);

    void onLog(LogLevel level, const std::string& message) override;
    void onProgress(const std::string& what, std::int64_t done, std::int64_t total) override;
    void onStep(const StepStats& stats) override;
    void onEpoch(const EpochStats& stats) override;
    void onLayerChanges(int epoch, const std::vector<LayerChange>& changes) override;
    void onDatasetLoaded(const std::string& role, const DatasetSpec& spec, const Dataset& data) override
    {
        m_next.onDatasetLoaded(role, spec, data);
    }
    bool wantsFeatures() override;
    void onFeatures(const FeatureSample& sample) override;
    void onPredictions(const TestPredictions& predictions) override;
    void onFinished(const RunResult& result) override;
    void onFailed(const std::string& message, int exitCode) override;

private:
    void write(const std::string& line, bool flush);

    Observer& m_next;
    std::ofstream m_out;
    std::mutex m_mutex;
};

} // namespace ts::engine

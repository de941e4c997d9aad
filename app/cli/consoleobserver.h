#pragma once

#include "engine/core/observer.h"

#include <chrono>
#include <mutex>
#include <string>

namespace ts::cli {

/// Shows a run's progress on stderr: a bar with ETA on a terminal, plain lines otherwise.
class ConsoleObserver : public engine::Observer {
public:
    explicit ConsoleObserver(bool quiet = false);

    void onLog(engine::LogLevel level, const std::string& message) override;
    void onProgress(const std::string& what, std::int64_t done, std::int64_t total) override;
    void onStep(const engine::StepStats& stats) override;
    void onEpoch(const engine::EpochStats& stats) override;
    void onFailed(const std::string& message, int exitCode) override;

private:
    void clearBar();

    bool m_terminal;
    bool m_quiet;
    bool m_barShown = false;
    std::string m_phase;
    std::chrono::steady_clock::time_point m_phaseStart;
    std::chrono::steady_clock::time_point m_lastDraw;
    std::mutex m_mutex;
};

} // namespace ts::cli

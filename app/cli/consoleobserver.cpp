#include "consoleobserver.h"

#include <cstdio>
#include <unistd.h>

namespace ts::cli {

using Clock = std::chrono::steady_clock;

ConsoleObserver::ConsoleObserver(bool quiet) : m_terminal(isatty(fileno(stderr)) != 0), m_quiet(quiet) {}

void ConsoleObserver::clearBar()
{
    if (m_barShown) {
        std::fprintf(stderr, "\r\033[K");
        m_barShown = false;
    }
}

void ConsoleObserver::onLog(engine::LogLevel level, const std::string& message)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_quiet && level == engine::LogLevel::Info)
        return;
    clearBar();
    const char* prefix = level == engine::LogLevel::Warning ? "warning: "
                         : level == engine::LogLevel::Error ? "error: "
                                                            : "";
    std::fprintf(stderr, "%s%s\n", prefix, message.c_str());
}

void ConsoleObserver::onProgress(const std::string& what, std::int64_t done, std::int64_t total)
{
    if (!m_terminal || m_quiet || total <= 0)
        return;
    std::lock_guard<std::mutex> lock(m_mutex);
    std::fprintf(stderr, "\r\033[K%s %lld/%lld", what.c_str(), static_cast<long long>(done),
                 static_cast<long long>(total));
    m_barShown = true;
}

void ConsoleObserver::onStep(const engine::StepStats& s)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto now = Clock::now();
    if (s.phase != m_phase || s.step == 1) {
        m_phase = s.phase;
        m_phaseStart = now;
    }
    if (!m_terminal || m_quiet || (now - m_lastDraw < std::chrono::milliseconds(100) && s.step != s.totalSteps))
        return;
    m_lastDraw = now;
    const double fraction = s.totalSteps > 0 ? static_cast<double>(s.step) / s.totalSteps : 0;
    const double elapsed = std::chrono::duration<double>(now - m_phaseStart).count();
    const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
    const int width = 30;
    std::string bar(static_cast<size_t>(fraction * width), '#');
    bar.resize(width, '-');
    auto loss = s.values.find("loss");
    std::fprintf(stderr, "\r\033[K%-9s epoch %d [%s] %3.0f%% loss %.4f ETA %dm%02ds", s.phase.c_str(), s.epoch,
                 bar.c_str(), fraction * 100, loss == s.values.end() ? 0.0 : loss->second, static_cast<int>(eta) / 60,
                 static_cast<int>(eta) % 60);
    m_barShown = true;
}

void ConsoleObserver::onEpoch(const engine::EpochStats& s)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    if (m_quiet)
        return;
    clearBar();
    std::string line = s.phase + " epoch " + std::to_string(s.epoch) + "/" + std::to_string(s.epochs);
    char buf[64];
    for (const auto& [name, value] : s.metrics) {
        std::snprintf(buf, sizeof buf, " %s=%.4f", name.c_str(), value);
        line += buf;
    }
    std::snprintf(buf, sizeof buf, " (%.0f img/s)", s.imagesPerSecond);
    std::fprintf(stderr, "%s%s\n", line.c_str(), buf);
}

void ConsoleObserver::onFailed(const std::string& message, int /*exitCode*/)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    clearBar();
    std::fprintf(stderr, "error: %s\n", message.c_str());
}

} // namespace ts::cli

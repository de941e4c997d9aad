#include "engine/train/metricslog.h"

#include "engine/core/errors.h"
#include "engine/core/jsonfields.h"
#include "engine/train/runner.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>

namespace ts::engine {

MetricsLog::MetricsLog(Observer& next, const std::string& path) : m_next(next)
{
    if (path.empty())
        return;
    m_out.open(path, std::ios::out | std::ios::trunc);
    if (!m_out)
        throw InputError("cannot create metrics file '" + path + "': " + std::strerror(errno));
}

void MetricsLog::write(const std::string& line, bool flush)
{
    if (!m_out.is_open())
        return;
    std::lock_guard<std::mutex> lock(m_mutex);
    m_out << line << '\n';
    if (flush)
        m_out.flush();
}

void MetricsLog::onLog(LogLevel level, const std::string& message)
{
    static const char* names[] = {"info", "warning", "error"};
    write(dumpJson(nlohmann::json{{"event", "log"}, {"level", names[static_cast<int>(level)]}, {"message", message}}),
          false);
    m_next.onLog(level, message);
}

void MetricsLog::onProgress(const std::string& what, std::int64_t done, std::int64_t total)
{
    m_next.onProgress(what, done, total);
}

void MetricsLog::onStep(const StepStats& s)
{
    nlohmann::json j = {{"event", "step"},
                        {"phase", s.phase},
                        {"epoch", s.epoch},
                        {"step", s.step},
                        {"total_steps", s.totalSteps},
                        {"elapsed_ms", s.elapsedMs}};
    for (const auto& [k, v] : s.values)
        j[k] = v;
    write(dumpJson(j), false);
    m_next.onStep(s);
}

void MetricsLog::onEpoch(const EpochStats& s)
{
    nlohmann::json j = {{"event", "epoch"},
                        {"phase", s.phase},
                        {"epoch", s.epoch},
                        {"epochs", s.epochs},
                        {"images_per_second", s.imagesPerSecond},
                        {"elapsed_ms", s.elapsedMs}};
    for (const auto& [k, v] : s.metrics)
        j[k] = v;
    write(dumpJson(j), true);
    m_next.onEpoch(s);
}

void MetricsLog::onLayerChanges(int epoch, const std::vector<LayerChange>& changes)
{
    nlohmann::json layers = nlohmann::json::object();
    for (const auto& c : changes)
        layers[c.name] = c.relativeChange;
    write(dumpJson(nlohmann::json{{"event", "weight_change"}, {"epoch", epoch}, {"layers", layers}}), false);
    m_next.onLayerChanges(epoch, changes);
}

bool MetricsLog::wantsFeatures()
{
    return m_next.wantsFeatures();
}

void MetricsLog::onFeatures(const FeatureSample& sample)
{
    m_next.onFeatures(sample);
}

void MetricsLog::onPredictions(const TestPredictions& predictions)
{
    m_next.onPredictions(predictions);
}

void MetricsLog::onFinished(const RunResult& result)
{
    write(dumpJson(nlohmann::json{{"event", "finished"}, {"exit_code", static_cast<int>(result.exitCode)}}), true);
    m_next.onFinished(result);
}

void MetricsLog::onFailed(const std::string& message, int exitCode)
{
    write(dumpJson(nlohmann::json{{"event", "failed"}, {"exit_code", exitCode}, {"message", message}}), true);
    m_next.onFailed(message, exitCode);
}

} // namespace ts::engine

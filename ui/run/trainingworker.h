#pragma once

#include "ui/run/uitypes.h"

#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QString>

#include <QMutex>

#include <atomic>
#include <memory>

#include <nlohmann/json_fwd.hpp>

namespace ts::engine {
class RunControl;
struct Experiment;
struct RunOptions;
} // namespace ts::engine

namespace ts::ui {

/// Runs one experiment at a time through the engine. Lives in a QThread owned by TrainingController; every
/// engine callback is re-emitted as a signal that Qt queues to the GUI thread. Step metrics are coalesced
/// (averaged, at most one pending point, at most every kStepIntervalMs) so the GUI never slows training.
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    static constexpr int kStepIntervalMs = 100;

    explicit TrainingWorker(QObject* parent = nullptr);
    ~TrainingWorker() override;

    /// Called from the owner's thread before queueing start(), never during a run: a fresh pause/stop state.
    void prepareRun();
    /// Thread-safe: callable from the GUI thread while start() blocks the worker's thread.
    void requestStop();
    void setPaused(bool paused);
    bool isPaused() const;
    /// Called by the receiver of metric(): allows the next coalesced step point to be sent.
    void acknowledgeMetric() { m_metricPending.store(false); }

public Q_SLOTS:
    /// Parses `experimentJson` (paths relative to `baseDir`), runs it writing into `outDir` with `threads`
    /// LibTorch threads (0 = all cores) and emits finished() or failed() exactly once.
    void start(const QString& experimentJson, const QString& baseDir, const QString& outDir, int threads);

Q_SIGNALS:
    void started(const QString& outDir);
    /// A baseline run of the experiment (with_baseline) starts after the strategy's run, writing into `outDir`;
    /// `title` names it for people ("scratch", "source only"). Its metrics follow as usual.
    void baselineStarted(const QString& title, const QString& outDir);
    /// `phase` e.g. "loading source", "pretrain", "train"; eta in seconds (-1 unknown).
    void progress(const QString& phase, qint64 done, qint64 total, double etaSeconds);
    void metric(const ts::ui::MetricPoint& point);
    void layerChanges(int epoch, const QMap<QString, double>& relativeChange);
    void projection(const ts::ui::ProjectionPoints& points);
    void predictions(const ts::ui::PredictionSet& predictions);
    /// level: 0 info, 1 warning, 2 error.
    void log(int level, const QString& message);
    /// One run of a start() ended: the strategy's run, then each baseline run. `summary` is its summary.json.
    void runFinished(const QJsonObject& summary, bool cancelled, const QString& outDir);
    /// The end of start(): the strategy's summary (with the "baseline" comparison when baselines were run);
    /// `cancelled` when the user stopped the strategy's run or one of its baselines.
    void finished(const QJsonObject& summary, bool cancelled, const QString& outDir);
    void failed(const QString& message);

private:
    friend class WorkerObserver;
    /// Runs the experiment's baselines after its finished run and stores the comparison as "baseline" in
    /// `summary` and in the run's summary.json. Returns true when a stop request ended them early.
    bool runBaselines(const engine::Experiment& experiment, nlohmann::json& summary, const engine::RunOptions& options,
                      engine::RunControl& control);
    std::shared_ptr<engine::RunControl> control() const;

    mutable QMutex m_controlMutex;
    std::shared_ptr<engine::RunControl> m_control;
    std::atomic<bool> m_metricPending{false};
};

} // namespace ts::ui

#pragma once

#include "ui/run/uitypes.h"

#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QString>

#include <QMutex>

#include <atomic>
#include <memory>

namespace ts::engine {
class RunControl;
}

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
    /// `phase` e.g. "loading source", "pretrain", "train"; eta in seconds (-1 unknown).
    void progress(const QString& phase, qint64 done, qint64 total, double etaSeconds);
    void metric(const ts::ui::MetricPoint& point);
    void layerChanges(int epoch, const QMap<QString, double>& relativeChange);
    void projection(const ts::ui::ProjectionPoints& points);
    void predictions(const ts::ui::PredictionSet& predictions);
    /// level: 0 info, 1 warning, 2 error.
    void log(int level, const QString& message);
    /// A finished or stopped run; `summary` is summary.json; `cancelled` when the user stopped it.
    void finished(const QJsonObject& summary, bool cancelled, const QString& outDir);
    void failed(const QString& message);

private:
    friend class WorkerObserver;
    std::shared_ptr<engine::RunControl> control() const;

    mutable QMutex m_controlMutex;
    std::shared_ptr<engine::RunControl> m_control;
    std::atomic<bool> m_metricPending{false};
};

} // namespace ts::ui

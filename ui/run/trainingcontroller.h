#pragma once

#include "ui/data/datasetsummary.h"
#include "ui/run/uitypes.h"

#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QString>
#include <QThread>

namespace ts::engine {
struct Experiment;
}

namespace ts::ui {

class TrainingWorker;

/// GUI-thread owner of the TrainingWorker and its QThread. Widgets connect to these signals, which arrive
/// on the GUI thread. Destroying the controller stops a run and joins the thread.
class TrainingController : public QObject {
    Q_OBJECT
public:
    enum class State { Idle, Running, Paused, Stopping };
    Q_ENUM(State)

    explicit TrainingController(QObject* parent = nullptr);
    ~TrainingController() override;

    State state() const { return m_state; }
    bool isBusy() const { return m_state != State::Idle; }
    /// Directory of the current or last run.
    QString runDir() const { return m_runDir; }
    /// Where runs go: AppDataLocation/runs.
    static QString runsRoot();

    /// Starts a run of `experiment` in a new run directory; returns false (and emits nothing) while busy.
    bool start(const engine::Experiment& experiment, int threads = 0);
    void setPaused(bool paused);
    void stop();
    /// The window has drawn the last projection it received: the run may sample features again.
    void projectionDrawn();
    /// Whether the projection view is on screen (samples after a run's first are taken only then).
    void setProjectionShown(bool shown);
    /// The least time between two feature samples (TrainingWorker::kProjectionIntervalMs by default).
    void setProjectionIntervalMs(int ms);
    /// Requests a stop and blocks until the worker is idle (at most `timeoutMs`); true when it is.
    bool stopAndWait(int timeoutMs = 30000);

Q_SIGNALS:
    void stateChanged(ts::ui::TrainingController::State state);
    void started(const QString& runDir);
    /// A baseline run (the experiment's with_baseline) starts in `runDir`, after the strategy's run.
    void baselineStarted(const QString& title, const QString& runDir);
    void progress(const QString& phase, qint64 done, qint64 total, double etaSeconds);
    void metric(const ts::ui::MetricPoint& point);
    void layerChanges(int epoch, const QMap<QString, double>& relativeChange);
    void projection(const ts::ui::ProjectionPoints& points);
    void predictions(const ts::ui::PredictionSet& predictions);
    /// The run has read a dataset: TrainingWorker::datasetLoaded.
    void datasetLoaded(const QString& key, const ts::ui::DatasetSummary& summary);
    void log(int level, const QString& message);
    /// One run ended: the strategy's, then each baseline's; finished() follows the last.
    void runFinished(const QJsonObject& summary, bool cancelled, const QString& runDir);
    /// Everything started by start() ended; `summary` is the strategy's (with "baseline" when compared).
    void finished(const QJsonObject& summary, bool cancelled, const QString& runDir);
    void failed(const QString& message);

private:
    void setState(State state);
    void onMetric(const ts::ui::MetricPoint& point);
    void onDone();

    QThread m_thread;
    TrainingWorker* m_worker = nullptr; // lives in m_thread; deleted after the thread is joined
    State m_state = State::Idle;
    QString m_runDir;
};

} // namespace ts::ui

#pragma once

#include "ui/data/datasetsummary.h"
#include "ui/run/uitypes.h"

#include <QJsonObject>
#include <QMap>
#include <QObject>
#include <QString>

#include <QMutex>
#include <QThreadPool>

#include <atomic>
#include <memory>

#include <nlohmann/json_fwd.hpp>

namespace ts::engine {
class RunControl;
struct Experiment;
struct FeatureSample;
struct RunOptions;
} // namespace ts::engine

namespace ts::ui {

/// Runs one experiment at a time through the engine. Lives in a QThread owned by TrainingController; every
/// engine callback is re-emitted as a signal that Qt queues to the GUI thread. Step metrics are coalesced
/// (averaged, at most one pending point, at most every kStepIntervalMs) so the GUI never slows training.
///
/// Feature projections cost the training thread only a forward pass, and only when the picture will be drawn:
/// a run samples features at an epoch when the previous projection has been drawn (acknowledgeProjection),
/// a second has passed and the projection is on screen (setProjectionShown), and always at its
/// end. The PCA, and the t-SNE of the closing sample, are computed on a thread of their own, so the result
/// shows before the t-SNE, which then fills in.
class TrainingWorker : public QObject {
    Q_OBJECT
public:
    static constexpr int kStepIntervalMs = 100;
    static constexpr int kProjectionIntervalMs = 1000;

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
    /// Called once a projection has been drawn: allows the next feature sample.
    void acknowledgeProjection() { m_projectionPending.store(false); }
    /// Whether the projection view is on screen; while it is not, no sample is taken after a run's first.
    void setProjectionShown(bool shown) { m_projectionShown.store(shown); }
    /// The least time between two samples (kProjectionIntervalMs unless set).
    void setProjectionIntervalMs(int ms) { m_projectionIntervalMs.store(ms); }

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
    /// The strategy's run has read a dataset (not a baseline's): what a data panel shows of it, under the key a
    /// panel asking for the same images has (datasetKey in ui/data/summarizedataset.h).
    void datasetLoaded(const QString& key, const ts::ui::DatasetSummary& summary);
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
    /// Whether a feature sample taken now would be drawn (called on the training thread).
    bool wantsProjection() const;
    /// Projects `sample` on the projection thread and emits projection(): the PCA, then for a closing sample
    /// the t-SNE as well.
    void projectInBackground(engine::FeatureSample sample);
    /// Starts the t-SNE of a closing sample, or holds it while start() still runs (the baselines): beside a
    /// baseline's training, even at nice 19, it slows the result the window waits for.
    void queueTsne(std::shared_ptr<const engine::FeatureSample> sample);
    /// Called as start() returns: starts the t-SNE held by queueTsne(), and any later one at once.
    void releaseTsne();
    /// The t-SNE of a closing sample, on the t-SNE thread at the lowest priority; emits projection().
    void tsne(const engine::FeatureSample& sample);
    /// Cancels a t-SNE in progress and waits for the projection threads to be idle.
    void stopProjections();

    mutable QMutex m_controlMutex;
    std::shared_ptr<engine::RunControl> m_control;
    std::atomic<bool> m_metricPending{false};
    std::atomic<bool> m_projectionPending{false}; // a sample was taken and its picture is not drawn yet
    std::atomic<bool> m_projectionSampled{false}; // this run has sent a sample
    std::atomic<bool> m_projectionShown{true};
    std::atomic<bool> m_projectionCancel{false};
    std::atomic<qint64> m_lastSampleMs{0}; // steady-clock milliseconds of the last sample
    std::atomic<int> m_projectionIntervalMs{kProjectionIntervalMs};
    QMutex m_tsneMutex;      // guards the next two
    bool m_holdTsne = false; // start() runs: a closing sample's t-SNE waits
    std::shared_ptr<const engine::FeatureSample> m_heldTsne;
    QThreadPool m_tsnePool;       // one thread, at the lowest priority (nice 19)
    QThreadPool m_projectionPool; // one thread; last member, so destroyed (and joined) first; it feeds m_tsnePool
};

} // namespace ts::ui

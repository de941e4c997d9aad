#include "ui/run/trainingworker.h"

#include "engine/analysis/projection.h"
#include "engine/core/threads.h"
#include "engine/data/datasetshelf.h"
#include "engine/train/baseline.h"
#include "engine/train/runner.h"
#include "ui/data/summarizedataset.h"
#include "ui/i18n/enginetexts.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QScopeGuard>

#include <torch/torch.h>

#include <chrono>
#include <map>
#include <utility>

namespace ts::ui {

namespace {

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

QJsonObject toQt(const nlohmann::json& summary)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(summary.dump())).object();
}

qint64 steadyMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

ProjectionPoints toPoints(const engine::FeatureProjection& f)
{
    ProjectionPoints p;
    p.epoch = f.epoch;
    p.method = qs(f.method);
    p.layer = qs(f.layer);
    p.x = QVector<double>(f.x.begin(), f.x.end());
    p.y = QVector<double>(f.y.begin(), f.y.end());
    p.label = QVector<int>(f.label.begin(), f.label.end());
    p.domain = QVector<int>(f.domain.begin(), f.domain.end());
    for (const auto& n : f.classNames)
        p.classNames << qs(n);
    return p;
}

QImage toImage(const engine::ImageSample& s)
{
    if (s.width <= 0 || s.height <= 0 || s.pixels.size() < size_t(s.channels * s.width * s.height))
        return {};
    const int plane = s.width * s.height;
    if (s.channels == 1) {
        QImage img(s.width, s.height, QImage::Format_Grayscale8);
        for (int y = 0; y < s.height; ++y)
            std::copy_n(s.pixels.data() + y * s.width, s.width, img.scanLine(y));
        return img;
    }
    QImage img(s.width, s.height, QImage::Format_RGB888);
    for (int y = 0; y < s.height; ++y) {
        uchar* line = img.scanLine(y);
        for (int x = 0; x < s.width; ++x)
            for (int c = 0; c < 3; ++c)
                line[x * 3 + c] = s.pixels[size_t(std::min(c, s.channels - 1) * plane + y * s.width + x)];
    }
    return img;
}

} // namespace

/// Turns engine callbacks (on the worker's thread) into the worker's signals. A baseline run's observer sends
/// its curves and log only: the diagram and the results keep showing the strategy's run.
class WorkerObserver : public engine::Observer {
public:
    /// `experiment` (the strategy's run only) keys the datasets it reads for the data panels.
    explicit WorkerObserver(TrainingWorker& worker, bool baseline = false,
                            const engine::Experiment* experiment = nullptr)
        : m_worker(worker), m_baseline(baseline), m_experiment(experiment)
    {
        m_sinceEmit.start();
    }

    void onLog(engine::LogLevel level, const std::string& message) override
    {
        Q_EMIT m_worker.log(static_cast<int>(level), qs(message));
    }

    void onProgress(const std::string& what, std::int64_t done, std::int64_t total) override
    {
        if (done < total && m_sinceProgress.isValid() && m_sinceProgress.elapsed() < TrainingWorker::kStepIntervalMs)
            return;
        m_sinceProgress.start();
        Q_EMIT m_worker.progress(qs(what), done, total, -1);
    }

    void onStep(const engine::StepStats& s) override
    {
        if (s.phase != m_phase) {
            m_stepOffset += m_lastStep;
            m_phase = s.phase;
            m_epochOnly = false;
            m_phaseTimer.start();
        }
        m_lastStep = s.step;
        m_epoch = s.epoch;
        m_totalSteps = s.totalSteps;
        m_elapsedMs = s.elapsedMs;
        for (const auto& [key, value] : s.values) {
            m_sums[key] += value;
            m_counts[key] += 1;
        }
        const bool last = s.step >= s.totalSteps;
        if (!last && (m_sinceEmit.elapsed() < TrainingWorker::kStepIntervalMs || m_worker.m_metricPending.load()))
            return; // coalesced into the next point
        flushSteps();
    }

    void onEpoch(const engine::EpochStats& s) override
    {
        flushSteps();
        if (s.phase != m_phase) {
            // A phase of epochs without steps (clustering): its points count epochs, so it has an x axis too.
            m_stepOffset += m_lastStep;
            m_phase = s.phase;
            m_epochOnly = true;
            m_totalSteps = s.epochs;
        }
        if (m_epochOnly)
            m_lastStep = s.epoch;
        MetricPoint p;
        p.phase = qs(s.phase);
        p.epoch = s.epoch;
        p.step = m_stepOffset + m_lastStep;
        p.totalSteps = m_totalSteps;
        p.phaseEndStep = m_stepOffset + m_totalSteps;
        p.isEpoch = true;
        for (const auto& [key, value] : s.metrics)
            p.values.insert(qs(key), value);
        p.imagesPerSecond = s.imagesPerSecond;
        p.elapsedMs = s.elapsedMs;
        Q_EMIT m_worker.metric(p);
    }

    void onLayerChanges(int epoch, const std::vector<engine::LayerChange>& changes) override
    {
        if (m_baseline)
            return;
        QMap<QString, double> map;
        for (const auto& c : changes)
            map.insert(qs(c.name), c.relativeChange);
        Q_EMIT m_worker.layerChanges(epoch, map);
    }

    void onDatasetLoaded(const std::string& /*role*/, const engine::DatasetSpec& spec,
                         const engine::Dataset& data) override
    {
        if (m_baseline || !m_experiment)
            return;
        Q_EMIT m_worker.datasetLoaded(datasetKey(*m_experiment, spec), summarizeDataset(data));
    }

    bool wantsFeatures() override { return !m_baseline && m_worker.wantsProjection(); }

    void onFeatures(const engine::FeatureSample& sample) override
    {
        if (m_baseline)
            return;
        m_worker.projectInBackground(sample);
    }

    void onPredictions(const engine::TestPredictions& t) override
    {
        if (m_baseline)
            return;
        PredictionSet p;
        for (const auto& n : t.classNames)
            p.classNames << qs(n);
        for (const auto& n : t.predictedNames)
            p.predictedNames << qs(n);
        p.truth = QVector<int>(t.truth.begin(), t.truth.end());
        p.predicted = QVector<int>(t.predicted.begin(), t.predicted.end());
        p.clusters = t.clusters;
        for (const auto& s : t.samples) {
            p.sampleImages << toImage(s);
            p.sampleTruth << s.truth;
            p.samplePredicted << s.predicted;
            p.sampleFiles << qs(s.file);
        }
        Q_EMIT m_worker.predictions(p);
    }

private:
    void flushSteps()
    {
        if (m_counts.empty())
            return;
        MetricPoint p;
        p.phase = qs(m_phase);
        p.epoch = m_epoch;
        p.step = m_stepOffset + m_lastStep;
        p.totalSteps = m_totalSteps;
        p.phaseEndStep = m_stepOffset + m_totalSteps;
        p.elapsedMs = m_elapsedMs;
        for (const auto& [key, sum] : m_sums)
            p.values.insert(qs(key), sum / std::max(1, m_counts[key]));
        m_sums.clear();
        m_counts.clear();
        m_sinceEmit.start();
        m_worker.m_metricPending.store(true);
        Q_EMIT m_worker.metric(p);
        double eta = -1;
        const qint64 phaseMs = m_phaseTimer.isValid() ? m_phaseTimer.elapsed() : 0;
        if (m_lastStep > 0 && m_totalSteps > 0)
            eta = phaseMs / 1000.0 / double(m_lastStep) * double(std::max<std::int64_t>(0, m_totalSteps - m_lastStep));
        Q_EMIT m_worker.progress(enginetexts::phase(qs(m_phase)), m_lastStep, m_totalSteps, eta);
    }

    TrainingWorker& m_worker;
    const bool m_baseline;
    const engine::Experiment* const m_experiment;
    bool m_epochOnly = false; // the current phase has reported epochs only
    std::string m_phase;
    std::int64_t m_stepOffset = 0, m_lastStep = 0, m_totalSteps = 0;
    int m_epoch = 0;
    double m_elapsedMs = 0;
    std::map<std::string, double> m_sums;
    std::map<std::string, int> m_counts;
    QElapsedTimer m_sinceEmit, m_sinceProgress, m_phaseTimer;
};

TrainingWorker::TrainingWorker(QObject* parent) : QObject(parent), m_control(std::make_shared<engine::RunControl>())
{
    m_projectionPool.setMaxThreadCount(1);
    m_projectionPool.setObjectName(QStringLiteral("projection"));
    m_tsnePool.setMaxThreadCount(1);
    m_tsnePool.setObjectName(QStringLiteral("t-SNE"));
}

TrainingWorker::~TrainingWorker()
{
    stopProjections();
}

bool TrainingWorker::wantsProjection() const
{
    if (m_projectionPending.load())
        return false;
    if (!m_projectionSampled.load())
        return true; // a run's first picture brings the results forward
    return m_projectionShown.load() && steadyMs() - m_lastSampleMs.load() >= m_projectionIntervalMs.load();
}

void TrainingWorker::projectInBackground(engine::FeatureSample sample)
{
    if (!sample.closing) {
        m_projectionPending.store(true);
        m_projectionSampled.store(true);
        m_lastSampleMs.store(steadyMs());
    }
    auto shared = std::make_shared<const engine::FeatureSample>(std::move(sample));
    m_projectionPool.start([this, shared] {
        // Beside the training thread's OpenMP team, a second one would make both wait at every barrier.
        engine::runTorchSeriallyOnThisThread();
        try {
            Q_EMIT projection(toPoints(engine::projectFeatures(*shared, engine::Projection::Pca)));
        } catch (const std::exception& e) {
            Q_EMIT log(1, tr("Feature projection skipped: %1").arg(qs(e.what())));
            return;
        }
        if (shared->closing && shared->rows >= 2)
            queueTsne(shared);
    });
}

void TrainingWorker::queueTsne(std::shared_ptr<const engine::FeatureSample> sample)
{
    QMutexLocker lock(&m_tsneMutex);
    if (m_holdTsne) {
        m_heldTsne = std::move(sample);
        return;
    }
    m_tsnePool.start([this, sample] { tsne(*sample); });
}

void TrainingWorker::releaseTsne()
{
    QMutexLocker lock(&m_tsneMutex);
    m_holdTsne = false;
    if (auto sample = std::exchange(m_heldTsne, nullptr))
        m_tsnePool.start([this, sample] { tsne(*sample); });
}

void TrainingWorker::tsne(const engine::FeatureSample& sample)
{
    // The t-SNE fills in after the result and the run's baselines; a new run may be training meanwhile, and on
    // a machine whose cores that run keeps busy, the t-SNE at the lowest priority (nice 19: scheduler weight 15
    // against 1024 for a training thread) takes little from it. Not SCHED_IDLE (weight 3): a machine busy with
    // something else could keep the picture waiting for minutes. Set for every task: a pool thread that expired
    // is replaced by one with its creator's priority.
    engine::runAtLowestPriority(); // this thread only; failing leaves it as it was
    engine::runTorchSeriallyOnThisThread();
    try {
        QElapsedTimer timer;
        timer.start();
        const auto tsne = engine::projectFeatures(sample, engine::Projection::Tsne, &m_projectionCancel);
        if (tsne.x.empty())
            return; // cancelled: a new run started, or the window is closing
        Q_EMIT log(0, tr("t-SNE of %1 images' features at %2: %3 s, after the result")
                          .arg(tsne.x.size())
                          .arg(qs(tsne.layer))
                          .arg(timer.elapsed() / 1000.0, 0, 'f', 1));
        Q_EMIT projection(toPoints(tsne));
    } catch (const std::exception& e) {
        Q_EMIT log(1, tr("Feature projection skipped: %1").arg(qs(e.what())));
    }
}

void TrainingWorker::stopProjections()
{
    m_projectionCancel.store(true);
    m_projectionPool.waitForDone(); // before the t-SNE pool: a PCA task may still queue a t-SNE
    m_tsnePool.waitForDone();
    m_projectionCancel.store(false);
}

std::shared_ptr<engine::RunControl> TrainingWorker::control() const
{
    QMutexLocker lock(&m_controlMutex);
    return m_control;
}

void TrainingWorker::prepareRun()
{
    QMutexLocker lock(&m_controlMutex);
    m_control = std::make_shared<engine::RunControl>();
    m_metricPending.store(false);
    m_projectionPending.store(false);
    m_projectionSampled.store(false);
}

void TrainingWorker::requestStop()
{
    control()->requestStop();
}

void TrainingWorker::setPaused(bool paused)
{
    control()->setPaused(paused);
}

bool TrainingWorker::isPaused() const
{
    return control()->paused();
}

void TrainingWorker::start(const QString& experimentJson, const QString& baseDir, const QString& outDir, int threads)
{
    const auto runControl = control(); // prepared by the owner; a stop requested since then still applies
    engine::RunOptions options;
    options.outDir = QDir::toNativeSeparators(outDir).toStdString();
    options.threads = threads;
    options.projectFeatures = true;
    engine::configureThreads(threads);  // this thread's LibTorch pool, before anything runs on it
    torch::AutoGradMode gradMode(true); // grad mode is thread-local
    // The last run's t-SNE is of no use now; and its picture reaches the window before started() clears it.
    stopProjections();
    {
        QMutexLocker lock(&m_tsneMutex);
        m_holdTsne = true;
        m_heldTsne.reset();
    }
    // On every way out, after the last signal: beside a baseline's training, even at nice 19, the t-SNE's CPU
    // makes the training's OpenMP team wait at barriers on two cores.
    const auto release = qScopeGuard([this] { releaseTsne(); });
    Q_EMIT started(outDir);
    engine::Experiment experiment;
    engine::RunResult result;
    try {
        experiment = engine::parseExperiment(experimentJson.toStdString(), "experiment", baseDir.toStdString());
        if (experiment.withBaseline) // its baselines take its datasets; the shelf ends with this start()
            options.datasets = std::make_shared<engine::DatasetShelf>();
        WorkerObserver observer(*this, false, &experiment);
        result = engine::runExperiment(experiment, options, observer, *runControl);
    } catch (const std::exception& e) {
        Q_EMIT failed(qs(e.what()));
        return;
    }
    if (result.exitCode != engine::ExitCode::Ok && result.exitCode != engine::ExitCode::Cancelled) {
        Q_EMIT failed(qs(result.error));
        return;
    }
    bool cancelled = result.exitCode == engine::ExitCode::Cancelled;
    Q_EMIT runFinished(toQt(result.summary), cancelled, outDir);
    if (!cancelled && experiment.withBaseline)
        cancelled = runBaselines(experiment, result.summary, options, *runControl);
    Q_EMIT finished(toQt(result.summary), cancelled, outDir);
}

bool TrainingWorker::runBaselines(const engine::Experiment& experiment, nlohmann::json& summary,
                                  const engine::RunOptions& mainOptions, engine::RunControl& control)
{
    // Each baseline runs as a run of its own (curves, a row in the Runs table), with the strategy's seed and data.
    const auto plans = engine::baselinePlans(experiment, summary);
    if (plans.empty())
        return false;
    engine::RunOptions options = mainOptions;
    options.projectFeatures = false; // the results views keep the strategy's run
    std::vector<nlohmann::json> runs;
    bool cancelled = false;
    for (const auto& plan : plans) {
        if (!plan.run)
            continue;
        if (control.stopRequested()) {
            cancelled = true;
            break;
        }
        const QString dir = QDir(QString::fromStdString(mainOptions.outDir)).filePath(QString::fromStdString(plan.dir));
        Q_EMIT baselineStarted(enginetexts::baselineTitle(qs(plan.name), qs(plan.title)), dir);
        WorkerObserver observer(*this, true);
        const auto result = engine::runBaseline(plan, options, observer, control);
        if (result.exitCode == engine::ExitCode::Ok || result.exitCode == engine::ExitCode::Cancelled) {
            cancelled = result.exitCode == engine::ExitCode::Cancelled;
            Q_EMIT runFinished(toQt(result.summary), cancelled, dir);
        } else {
            Q_EMIT log(2, tr("Baseline %1 failed: %2")
                              .arg(enginetexts::baselineTitle(qs(plan.name), qs(plan.title)), qs(result.error)));
        }
        // A stopped baseline's score is partial: it is left out of the comparison rather than shown as a gain.
        runs.push_back(result.exitCode == engine::ExitCode::Ok ? result.summary : nlohmann::json());
        if (cancelled)
            break;
    }
    if (!engine::recordBaselineComparison(plans, summary, runs, mainOptions.outDir))
        Q_EMIT log(1, tr("Could not add the baseline comparison to %1/summary.json").arg(qs(mainOptions.outDir)));
    if (const auto sentence = engine::gainSentence(summary["baseline"]); !sentence.empty())
        Q_EMIT log(0, tr("Baseline: %1").arg(qs(sentence)));
    return cancelled;
}

} // namespace ts::ui

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

struct Dataset;     // engine/data/dataset.h
struct DatasetSpec; // engine/core/experiment.h
struct RunResult;

// Metric names shared by the engine, metrics.jsonl and the GUI's plots:
//   step values:  loss, accuracy, lr, label_loss, domain_loss, domain_accuracy, lambda, reconstruction_loss,
//                 task_a_loss, task_b_loss, attribute_loss
//   epoch metrics: train_loss, train_accuracy, val_accuracy, val_loss, target_accuracy, source_accuracy,
//                 domain_accuracy, reconstruction_loss, task_a_accuracy, task_b_accuracy, unseen_accuracy, nmi,
//                 ari, cluster_accuracy
// A domain accuracy's chance level is reported as "domain_chance" next to it.

/// One optimisation step. `values` holds the step's scalars by name, e.g. "loss", "domain_loss", "lambda", "lr".
struct StepStats {
    std::string phase;           // "pretrain", "train", "autoencoder", ... (the strategy's stage)
    int epoch = 0;               // 1-based epoch within the phase
    std::int64_t step = 0;       // 1-based step within the phase
    std::int64_t totalSteps = 0; // steps the phase will take if it runs all epochs
    std::map<std::string, double> values;
    double elapsedMs = 0; // since the run started
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

/// Features of a fixed sample of source and target images at one layer, copied off the network in one block.
/// projectFeatures() (engine/analysis/projection.h) turns it into 2-D points, on whichever thread will draw
/// them: the training thread only pays for the forward pass.
struct FeatureSample {
    int epoch = 0;
    std::string layer;                   // the layer whose outputs were sampled
    bool closing = false;                // the trained network's, sent once at the end of a run
    std::int64_t rows = 0, columns = 0;  // images, features per image
    std::vector<float> values;           // rows x columns, row-major
    std::vector<int> label;              // per row: index into classNames, -1 for an unlabeled image
    std::vector<int> domain;             // per row: 0 source, 1 target
    std::vector<std::string> classNames; // the target's classes, then the source classes the target lacks
};

/// 2-D projection of features for plotting (PCA or t-SNE), one point per sampled image.
struct FeatureProjection {
    int epoch = 0;
    std::string method = "PCA"; // "PCA" each epoch, "t-SNE" once at the end of a run
    std::string layer;          // the layer whose outputs were projected
    std::vector<float> x, y;
    std::vector<int> label;              // index into classNames, -1 for an unlabeled image
    std::vector<int> domain;             // 0 source, 1 target
    std::vector<std::string> classNames; // the target's classes, then the source classes the target lacks
};

/// A misclassified (or, for clustering, sampled) test image with its pixels, for the results gallery.
struct ImageSample {
    std::string file;   // origin of the image
    int truth = -1;     // true class index (-1 unknown)
    int predicted = -1; // predicted class (or cluster) index
    int channels = 1, height = 0, width = 0;
    std::vector<std::uint8_t> pixels; // channels x height x width, RGB planes
};

/// Per-image results on the target test set after training (or cluster assignments for clustering).
struct TestPredictions {
    std::vector<std::string> classNames;     // names of truth indices
    std::vector<std::string> predictedNames; // names of predicted indices (classes, or "cluster 0", ...)
    std::vector<int> truth;                  // per image; -1 where unknown
    std::vector<int> predicted;              // per image
    std::vector<ImageSample> samples;        // up to 64 misclassified images (clustering: up to 16 per cluster)
    bool clusters = false;                   // predicted holds cluster ids, not classes
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
    /// A dataset of the experiment as read, before any split: `role` "source", "target" or "target_test",
    /// `spec` the experiment's spec with its paths resolved. The window's data panels show it instead of
    /// reading the same files a second time beside the run.
    virtual void onDatasetLoaded(const std::string& /*role*/, const DatasetSpec&, const Dataset&) {}
    /// Asked at each evaluated epoch of a run that samples features (RunOptions::projectFeatures): whether a
    /// sample now would be used. The window says yes once its last picture is drawn and a second has passed;
    /// the run's closing sample is sent regardless.
    virtual bool wantsFeatures() { return true; }
    virtual void onFeatures(const FeatureSample&) {}
    virtual void onPredictions(const TestPredictions&) {}
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

#pragma once

// Helpers shared by the engine test suites: an observer that records a run, IDX dataset specs for the tiny
// data of tinydata.h, and a weight distance for freezing checks.

#include "engine/core/experiment.h"
#include "engine/core/observer.h"
#include "engine/nn/network.h"
#include "engine/train/runner.h"

#include <QString>

#include <string>
#include <vector>

namespace ts::testdata {

/// Records everything a run reports; can ask `control` to stop after `stopAfterSteps` steps.
class Recorder : public engine::Observer {
public:
    engine::RunControl* control = nullptr;
    int stopAfterSteps = -1;
    std::vector<engine::StepStats> steps;
    std::vector<engine::EpochStats> epochs;
    std::vector<std::string> logs;
    engine::TestPredictions predictions;
    std::vector<engine::FeatureSample> samples;
    bool wantFeatures = true; // the answer to wantsFeatures()
    int featureQuestions = 0;
    int predictionReports = 0;
    int layerChangeReports = 0;
    int finished = 0, failed = 0;

    void onStep(const engine::StepStats& s) override
    {
        steps.push_back(s);
        if (static_cast<int>(steps.size()) == stopAfterSteps && control)
            control->requestStop();
    }
    void onEpoch(const engine::EpochStats& s) override { epochs.push_back(s); }
    void onLog(engine::LogLevel, const std::string& m) override { logs.push_back(m); }
    void onLayerChanges(int, const std::vector<engine::LayerChange>&) override { ++layerChangeReports; }
    bool wantsFeatures() override
    {
        ++featureQuestions;
        return wantFeatures;
    }
    void onFeatures(const engine::FeatureSample& s) override { samples.push_back(s); }
    void onPredictions(const engine::TestPredictions& p) override
    {
        predictions = p;
        ++predictionReports;
    }
    void onFinished(const engine::RunResult&) override { ++finished; }
    void onFailed(const std::string&, int) override { ++failed; }
    bool logged(const std::string& fragment) const
    {
        for (const auto& l : logs)
            if (l.find(fragment) != std::string::npos)
                return true;
        return false;
    }
};

/// Options for a test run writing to `outDir`: one thread, no pretraining cache (each run trains afresh).
inline engine::RunOptions freshRunOptions(const QString& outDir)
{
    engine::RunOptions o;
    o.outDir = outDir.toStdString();
    o.threads = 1;
    o.useCache = false;
    return o;
}

/// An IDX spec over DIR/images.idx and DIR/labels.idx (written by writeIdx) with classes named a..f.
inline engine::DatasetSpec idxSpec(const QString& dir, std::vector<std::string> classes)
{
    engine::DatasetSpec s;
    s.format = "idx";
    s.images = dir.toStdString() + "/images.idx";
    s.labels = dir.toStdString() + "/labels.idx";
    s.classNames = {"a", "b", "c", "d", "e", "f"};
    s.classes = std::move(classes);
    return s;
}

/// Sum of absolute differences between the parameters of `layer` in two networks.
inline double weightDistance(engine::Network& a, engine::Network& b, const std::string& layer)
{
    const auto wa = a->layer(layer)->parameters();
    const auto wb = b->layer(layer)->parameters();
    double d = 0;
    for (size_t i = 0; i < wa.size(); ++i)
        d += (wa[i] - wb[i]).abs().sum().item<double>();
    return d;
}

} // namespace ts::testdata

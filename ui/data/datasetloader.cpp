#include "ui/data/datasetloader.h"

#include "engine/core/errors.h"
#include "engine/core/threads.h"
#include "engine/data/dataset.h"
#include "ui/data/summarizedataset.h"

#include <QElapsedTimer>
#include <QThread>

#include <torch/torch.h>

namespace ts::ui {

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent) {}

void DatasetLoader::load(int requestId, const QString& experimentJson, const QString& baseDir)
{
    if (m_current.load() != requestId)
        return;                             // superseded while queued
    engine::runTorchSeriallyOnThisThread(); // no second OpenMP team beside the training thread's
    // A panel loading beside a run (the window's --run starts training first, and the panels load after it)
    // waits for free moments instead of taking a core from the training; on an idle machine it runs as fast.
    engine::runAtLowestPriority();
    QElapsedTimer timer;
    timer.start();
    QElapsedTimer sinceProgress;
    try {
        const auto e = engine::parseExperiment(experimentJson.toStdString(), "data panel", baseDir.toStdString());
        if (!e.source)
            throw engine::InputError("no dataset to load");
        engine::DatasetSpec spec = *e.source;
        spec.path = engine::resolvePath(e, spec.path);
        spec.images = engine::resolvePath(e, spec.images);
        spec.labels = engine::resolvePath(e, spec.labels);
        auto onProgress = [&](std::int64_t done, std::int64_t total) {
            if (m_current.load() != requestId)
                throw engine::Cancelled();
            if (done < total && sinceProgress.isValid() && sinceProgress.elapsed() < 50)
                return;
            sinceProgress.start();
            Q_EMIT progress(requestId, done, total);
        };
        // LibTorch runs serially on this thread (see load()), the decoding of image files need not.
        const engine::Dataset d =
            engine::loadDataset(spec, e.input, "dataset", e.train.seed, onProgress, {}, QThread::idealThreadCount());
        DatasetSummary s = summarizeDataset(d);
        s.requestId = requestId;
        s.loadSeconds = timer.elapsed() / 1000.0;
        Q_EMIT loaded(s);
    } catch (const engine::Cancelled&) {
        // a newer request replaced this one; nobody waits for the answer
    } catch (const c10::Error& e) {
        Q_EMIT failed(requestId, tr("LibTorch error: %1").arg(QString::fromStdString(e.what_without_backtrace())));
    } catch (const std::exception& e) {
        Q_EMIT failed(requestId, QString::fromStdString(e.what()));
    }
}

} // namespace ts::ui

#include "ui/data/datasetloader.h"

#include "engine/core/errors.h"
#include "engine/core/threads.h"
#include "engine/data/dataset.h"

#include <QElapsedTimer>
#include <QThread>

#include <torch/torch.h>

namespace ts::ui {

namespace {

QImage tensorImage(const torch::Tensor& chw)
{
    auto img = chw.contiguous();
    const int c = int(img.size(0)), h = int(img.size(1)), w = int(img.size(2));
    const auto* px = img.data_ptr<std::uint8_t>();
    if (c == 1) {
        QImage out(w, h, QImage::Format_Grayscale8);
        for (int y = 0; y < h; ++y)
            std::copy_n(px + y * w, w, out.scanLine(y));
        return out;
    }
    QImage out(w, h, QImage::Format_RGB888);
    for (int y = 0; y < h; ++y) {
        uchar* line = out.scanLine(y);
        for (int x = 0; x < w; ++x)
            for (int k = 0; k < 3; ++k)
                line[x * 3 + k] = px[std::min(k, c - 1) * h * w + y * w + x];
    }
    return out;
}

} // namespace

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
        DatasetSummary s;
        s.requestId = requestId;
        s.images = d.size();
        s.labeled = d.hasLabels();
        s.labeledImages = d.labeled.defined() ? d.labeled.sum().item<std::int64_t>() : 0;
        for (const auto& n : d.classNames)
            s.classNames << QString::fromStdString(n);
        for (const auto& f : d.skippedFiles)
            s.skippedFiles << QString::fromStdString(f);
        if (d.size() > 0) {
            s.channels = int(d.images.size(1));
            s.height = int(d.images.size(2));
            s.width = int(d.images.size(3));
        }
        if (s.labeled) {
            for (auto count : d.classCounts())
                s.classCounts << count;
            s.thumbnails.resize(s.classNames.size());
            auto labels = d.labels.contiguous();
            const auto* lab = labels.data_ptr<std::int64_t>();
            for (std::int64_t i = 0; i < d.size(); ++i) {
                const auto k = lab[i];
                if (k >= 0 && k < s.thumbnails.size() && s.thumbnails[int(k)].size() < kThumbnailsPerClass)
                    s.thumbnails[int(k)] << tensorImage(d.images[i]);
            }
        } else {
            s.thumbnails.resize(1);
            for (std::int64_t i = 0; i < std::min<std::int64_t>(d.size(), 2 * kThumbnailsPerClass); ++i)
                s.thumbnails[0] << tensorImage(d.images[i]);
        }
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

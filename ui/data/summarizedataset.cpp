#include "ui/data/summarizedataset.h"

#include "engine/core/experiment.h"
#include "engine/data/dataset.h"

#include <torch/torch.h>

#include <algorithm>

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

DatasetSummary summarizeDataset(const engine::Dataset& d)
{
    DatasetSummary s;
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
    return s;
}

QString datasetKey(const engine::Experiment& context, const engine::DatasetSpec& spec)
{
    engine::DatasetSpec resolved = spec;
    resolved.path = engine::resolvePath(context, spec.path);
    resolved.images = engine::resolvePath(context, spec.images);
    resolved.labels = engine::resolvePath(context, spec.labels);
    engine::Experiment e; // defaults everywhere else: only what loadDataset reads differs between keys
    e.source = resolved;
    e.input = context.input;
    e.train.seed = context.train.seed;
    return QString::fromStdString(engine::toJson(e).dump());
}

} // namespace ts::ui

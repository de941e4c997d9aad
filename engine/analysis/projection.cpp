#include "engine/analysis/projection.h"

#include "engine/analysis/tsne.h"

#include <torch/torch.h>

namespace ts::engine {

FeatureProjection projectFeatures(const FeatureSample& sample, Projection method, const std::atomic<bool>* cancel)
{
    FeatureProjection proj;
    proj.epoch = sample.epoch;
    proj.layer = sample.layer;
    proj.method = method == Projection::Tsne ? "t-SNE" : "PCA";
    proj.label = sample.label;
    proj.domain = sample.domain;
    proj.classNames = sample.classNames;
    if (sample.rows == 0 || sample.columns == 0 ||
        static_cast<std::int64_t>(sample.values.size()) != sample.rows * sample.columns)
        return proj;
    torch::NoGradGuard noGrad;
    // A view of the sample's block, not a copy: from_blob does not own (or write) the memory.
    auto x = torch::from_blob(const_cast<float*>(sample.values.data()), {sample.rows, sample.columns}, torch::kFloat)
                 .to(torch::kDouble);
    torch::Tensor projected;
    if (method == Projection::Tsne && sample.rows >= 2) {
        TsneOptions options;
        options.cancel = cancel;
        projected = tsneEmbedding(x, options);
        if (!projected.defined())
            return proj;
    } else {
        x = x - x.mean(0, true);
        torch::Tensor u, s, v;
        std::tie(u, s, v) = at::linalg_svd(x, false);
        auto components = v.slice(0, 0, std::min<std::int64_t>(2, v.size(0))).t();
        projected = x.matmul(components);
    }
    projected = projected.to(torch::kFloat).contiguous();
    const auto points = projected.accessor<float, 2>();
    proj.x.reserve(static_cast<std::size_t>(projected.size(0)));
    proj.y.reserve(static_cast<std::size_t>(projected.size(0)));
    for (std::int64_t i = 0; i < projected.size(0); ++i) {
        proj.x.push_back(points[i][0]);
        proj.y.push_back(projected.size(1) > 1 ? points[i][1] : 0.f);
    }
    return proj;
}

} // namespace ts::engine

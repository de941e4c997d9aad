#include "engine/analysis/projection.h"

#include "engine/analysis/tsne.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <algorithm>

namespace ts::engine {

namespace {

/// The first `k` principal axes (columns) of the centred rows `x`, by randomized subspace iteration (Halko,
/// Martinsson and Tropp 2011, algorithm 4.4) with a fixed start, so the same sample gives the same picture.
/// The window projects a 400-row sample about once a second beside the training: a full SVD of 400 x 768
/// doubles took 52 ms on one thread here, this 7 ms (both in python3-torch 1.13, the same kernels). With
/// singular values decaying as slowly as i^-0.25, ten power iterations put every point within 2e-5 (768
/// features) to 1.2e-4 (300) of the exact axes' largest coordinate; small samples get the exact SVD.
torch::Tensor principalAxes(const torch::Tensor& x, std::int64_t k)
{
    constexpr std::int64_t kOversampling = 8;
    constexpr int kPowerIterations = 10;
    const auto width = k + kOversampling;
    torch::Tensor axes;
    if (std::min(x.size(0), x.size(1)) <= 2 * width) {
        axes = std::get<2>(at::linalg_svd(x, false));
    } else {
        auto start = torch::randn({x.size(1), width}, at::make_generator<at::CPUGeneratorImpl>(0x70c5), x.options());
        auto basis = std::get<0>(at::linalg_qr(x.matmul(start)));
        for (int i = 0; i < kPowerIterations; ++i) {
            const auto rowBasis = std::get<0>(at::linalg_qr(x.t().matmul(basis)));
            basis = std::get<0>(at::linalg_qr(x.matmul(rowBasis)));
        }
        axes = std::get<2>(at::linalg_svd(basis.t().matmul(x), false));
    }
    axes = axes.slice(0, 0, std::min(k, axes.size(0)));
    // An axis's sign is arbitrary; fixing it (largest loading positive) keeps the picture from flipping
    // between two samples of a run whose axes barely moved.
    const auto largest = axes.abs().argmax(1, true);
    axes = axes * axes.gather(1, largest).sign().clamp_min(0).mul(2).sub(1);
    return axes.t();
}

} // namespace

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
        projected = x.matmul(principalAxes(x, 2));
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

// Training-time augmentation (train.augment): random resized crop, horizontal flip, brightness/contrast jitter.

#include "engine/data/augment.h"

#include <torch/torch.h>

#include <cmath>

namespace ts::engine {

Augmenter::Augmenter(const AugmentSpec& spec, std::uint64_t seed)
    : m_spec(spec), m_generator(at::detail::createCPUGenerator(seed))
{
}

bool Augmenter::on() const
{
    TrainSpec train;
    train.augment = m_spec;
    return augmentOn(train);
}

torch::Tensor Augmenter::apply(const torch::Tensor& images)
{
    if (!on() || images.size(0) == 0)
        return images;
    namespace F = torch::nn::functional;
    const auto n = images.size(0);
    const auto cpu = torch::TensorOptions().dtype(torch::kFloat64);
    // Uniform draws in [0, 1) from the augmenter's own generator, on the CPU whatever the device, in a fixed
    // order, so the run does not depend on the device or on LibTorch's global generator.
    const auto uniform = [&] { return torch::rand({n}, m_generator, cpu); };
    torch::Tensor x = images;
    if (m_spec.crop) {
        // Crop area s * H * W with width / height r: sqrt(s H W r) x sqrt(s H W / r) pixels, as fractions of the
        // sides w = sqrt(s r H / W) and h = sqrt(s W / (r H)), capped at the whole side. The crop is placed
        // uniformly inside the image and scaled back to H x W.
        const double aspect = static_cast<double>(x.size(2)) / static_cast<double>(x.size(3)); // H / W
        const auto scale = m_spec.cropScaleMin + (m_spec.cropScaleMax - m_spec.cropScaleMin) * uniform();
        const double logMin = std::log(m_spec.cropRatioMin), logMax = std::log(m_spec.cropRatioMax);
        const auto ratio = torch::exp(logMin + (logMax - logMin) * uniform());
        const auto w = torch::sqrt(scale * ratio * aspect).clamp_max(1.0);
        const auto h = torch::sqrt(scale / (ratio * aspect)).clamp_max(1.0);
        const auto cx = (1 - w) * (2 * uniform() - 1); // crop centre in normalised coordinates [-1, 1]
        const auto cy = (1 - h) * (2 * uniform() - 1);
        const auto zero = torch::zeros({n}, cpu);
        const auto theta = torch::stack({torch::stack({w, zero, cx}, 1), torch::stack({zero, h, cy}, 1)}, 1)
                               .to(x.device(), x.scalar_type());
        const auto grid = F::affine_grid(theta, x.sizes(), false);
        x = F::grid_sample(
            x, grid,
            F::GridSampleFuncOptions().mode(torch::kBilinear).padding_mode(torch::kBorder).align_corners(false));
    }
    if (m_spec.flip) {
        const auto flip = (uniform() < 0.5).view({n, 1, 1, 1}).to(x.device());
        x = torch::where(flip, x.flip({3}), x);
    }
    if (m_spec.jitter > 0) {
        const auto factor = [&] {
            return (1 + m_spec.jitter * (2 * uniform() - 1)).view({n, 1, 1, 1}).to(x.device(), x.scalar_type());
        };
        const auto brightness = factor();
        const auto contrast = factor();
        x = x * brightness;
        const auto mean = x.mean({1, 2, 3}, true); // contrast scales the distance to the image's mean
        x = ((x - mean) * contrast + mean).clamp(0, 1);
    }
    return x.contiguous();
}

} // namespace ts::engine

#include "engine/nn/maxpool.h"

#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <vector>

namespace ts::engine {

namespace {

// aten's rule for the next value of a window: it replaces the current one when larger, or when it is a NaN.
inline bool replaces(float next, float current)
{
    return (next > current) | (next != next);
}

// Scratch space for one row of output, per parallel chunk.
struct RowScratch {
    std::vector<float> top, bottom;
    std::vector<std::int32_t> pick;
    explicit RowScratch(std::int64_t n) : top(n), bottom(n), pick(n) {}
};

// One output row of the pool over two channels-last input rows (W pixels of C floats each). aten visits a
// window's values in the order (0,0), (0,1), (1,0), (1,1); taking the top pair, then the bottom pair, then
// the two winners keeps that order, ties and NaNs included. The first loop compares every value with its
// right-hand neighbour (twice the pairs needed, but contiguous, so the compiler vectorizes it); the second
// keeps the pairs that start a window. `index` (may be null) gets aten's flat h * W + w of each maximum.
void poolRow(const float* __restrict top, const float* __restrict bottom, std::int64_t width, std::int64_t channels,
             std::int64_t outWidth, std::int64_t rowStart, float* __restrict out, std::int64_t* __restrict index,
             RowScratch& s)
{
    float* __restrict topMax = s.top.data();
    float* __restrict bottomMax = s.bottom.data();
    std::int32_t* __restrict pick = s.pick.data();
    const std::int64_t pairs = (2 * outWidth - 1) * channels;
    for (std::int64_t j = 0; j < pairs; ++j) {
        const float a = top[j], b = top[j + channels];
        const bool right = replaces(b, a);
        topMax[j] = right ? b : a;
        const float c = bottom[j], d = bottom[j + channels];
        const bool bottomRight = replaces(d, c);
        bottomMax[j] = bottomRight ? d : c;
        pick[j] = static_cast<std::int32_t>(right) | (static_cast<std::int32_t>(bottomRight) << 1);
    }
    const auto w = static_cast<std::int32_t>(width);
    for (std::int64_t wo = 0; wo < outWidth; ++wo) {
        const float* __restrict t = topMax + 2 * wo * channels;
        const float* __restrict b = bottomMax + 2 * wo * channels;
        float* __restrict o = out + wo * channels;
        if (!index) {
            for (std::int64_t ch = 0; ch < channels; ++ch)
                o[ch] = replaces(b[ch], t[ch]) ? b[ch] : t[ch];
            continue;
        }
        const std::int32_t* __restrict p = pick + 2 * wo * channels;
        std::int64_t* __restrict oi = index + wo * channels;
        const std::int64_t start = rowStart + 2 * wo;
        for (std::int64_t ch = 0; ch < channels; ++ch) {
            const bool lower = replaces(b[ch], t[ch]);
            o[ch] = lower ? b[ch] : t[ch];
            const std::int32_t offset = lower ? w + (p[ch] >> 1) : (p[ch] & 1);
            oi[ch] = start + offset;
        }
    }
}

// The pool of a channels-last float tensor; indices (as aten returns them) only when asked for.
std::pair<torch::Tensor, torch::Tensor> poolChannelsLast(const torch::Tensor& x, bool withIndices)
{
    const auto n = x.size(0), channels = x.size(1), height = x.size(2), width = x.size(3);
    const auto outHeight = height / 2, outWidth = width / 2;
    const auto cl = torch::MemoryFormat::ChannelsLast;
    auto y = torch::empty({n, channels, outHeight, outWidth}, x.options().memory_format(cl));
    torch::Tensor indices;
    if (withIndices)
        indices = torch::empty({n, channels, outHeight, outWidth}, x.options().dtype(torch::kLong).memory_format(cl));
    const float* in = x.data_ptr<float>();
    float* out = y.data_ptr<float>();
    std::int64_t* idx = withIndices ? indices.data_ptr<std::int64_t>() : nullptr;
    const std::int64_t rowIn = width * channels, rowOut = outWidth * channels;
    const std::int64_t grain = std::max<std::int64_t>(1, at::internal::GRAIN_SIZE / (2 * rowIn));
    at::parallel_for(0, n * outHeight, grain, [&](std::int64_t begin, std::int64_t end) {
        RowScratch scratch(rowIn);
        for (std::int64_t r = begin; r < end; ++r) {
            const std::int64_t image = r / outHeight, ho = r % outHeight;
            const float* top = in + (image * height + 2 * ho) * rowIn;
            poolRow(top, top + rowIn, width, channels, outWidth, 2 * ho * width, out + r * rowOut,
                    idx ? idx + r * rowOut : nullptr, scratch);
        }
    });
    return {y, indices};
}

// The pool as an autograd node: aten's own backward, fed with indices equal to aten's.
struct MaxPool2x2Function : public torch::autograd::Function<MaxPool2x2Function> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x)
    {
        auto [y, indices] = poolChannelsLast(x, true);
        ctx->save_for_backward({x, indices});
        return y;
    }

    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::tensor_list gradOutputs)
    {
        const auto saved = ctx->get_saved_variables();
        return {torch::max_pool2d_with_indices_backward(gradOutputs[0], saved[0], {2, 2}, {2, 2}, {0, 0}, {1, 1}, false,
                                                        saved[1])};
    }
};

} // namespace

bool usesOwnMaxPool(const torch::Tensor& x)
{
    return x.defined() && x.device().is_cpu() && x.scalar_type() == torch::kFloat && x.dim() == 4 &&
           x.size(1) % 8 != 0 && x.size(2) >= 2 && x.size(3) >= 2 && x.size(0) > 0 &&
           x.is_contiguous(torch::MemoryFormat::ChannelsLast) && !x.is_contiguous();
}

torch::Tensor maxPool2x2(const torch::Tensor& x)
{
    if (!usesOwnMaxPool(x))
        return torch::max_pool2d(x, 2);
    if (torch::GradMode::is_enabled() && x.requires_grad())
        return MaxPool2x2Function::apply(x);
    return poolChannelsLast(x, false).first;
}

} // namespace ts::engine

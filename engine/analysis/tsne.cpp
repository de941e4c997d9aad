#include "engine/analysis/tsne.h"

#include "engine/core/errors.h"
#include "engine/core/threads.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ts::engine {

namespace {

constexpr int kExaggerationSteps = 250;

torch::Tensor squaredDistances(const torch::Tensor& x)
{
    const auto norms = x.pow(2).sum(1, true);
    return (norms + norms.t() - 2 * x.matmul(x.t())).clamp_min(0);
}

/// Symmetric joint probabilities P: per row, a Gaussian whose width gives the wanted perplexity (bisection on
/// the precision, all rows at once), then (P + P^T) / 2N. Undefined once `cancel` is set: the search takes
/// about as long as the descent, and a window closing or starting a new run waits for it to stop.
torch::Tensor jointProbabilities(const torch::Tensor& distances, double perplexity, const std::atomic<bool>* cancel)
{
    const auto n = distances.size(0);
    const double targetEntropy = std::log(perplexity);
    auto beta = torch::ones({n, 1}, distances.options());
    auto lo = torch::zeros_like(beta);
    auto hi = torch::full_like(beta, std::numeric_limits<double>::infinity());
    const auto offDiagonal = 1 - torch::eye(n, distances.options());
    torch::Tensor p;
    for (int step = 0; step < 64; ++step) {
        if (cancel && cancel->load())
            return {};
        // Shift by each row's smallest distance: exp() of large negative numbers would underflow to 0.
        const auto shifted =
            distances - std::get<0>((distances + torch::eye(n, distances.options()) * 1e300).min(1, true));
        p = torch::exp(-shifted * beta) * offDiagonal;
        const auto sum = p.sum(1, true).clamp_min(1e-300);
        p = p / sum;
        const auto entropy = torch::log(sum) + beta * (shifted * p).sum(1, true);
        const auto tooFlat = entropy > targetEntropy; // too many neighbours: narrow the Gaussian
        lo = torch::where(tooFlat, beta, lo);
        hi = torch::where(tooFlat, hi, beta);
        beta = torch::where(torch::isinf(hi), beta * 2, (lo + hi) / 2);
    }
    p = (p + p.t()) / (2.0 * static_cast<double>(n));
    return p.clamp_min(1e-12) * offDiagonal;
}

} // namespace

torch::Tensor tsneEmbedding(const torch::Tensor& input, const TsneOptions& options)
{
    torch::NoGradGuard noGrad;
    // One thread: the embedding amplifies the last bits of every sum over its iterations, and parallel
    // reductions add in a different order from run to run; with one thread a run's picture can be reproduced.
    // The calling thread's count only (engine/core/threads.h): other threads' stay as they are.
    struct SerialGuard {
        int before = at::get_num_threads();
        SerialGuard()
        {
            if (before != 1)
                useThreadsOnThisThread(1);
        }
        ~SerialGuard()
        {
            if (before != 1)
                useThreadsOnThisThread(before);
        }
    } serial;
    if (input.dim() != 2 || input.size(0) < 2)
        throw InputError("t-SNE needs at least 2 points, got " + std::to_string(input.dim() == 2 ? input.size(0) : 0));
    auto x = input.to(torch::kCPU, torch::kDouble).contiguous();
    const auto n = x.size(0);
    x = x - x.mean(0, true);
    const double perplexity = std::clamp(options.perplexity, 1.0, std::max(1.0, (n - 1) / 3.0));
    // P in double (the perplexity search divides tiny numbers), the descent in float: twice as fast, and the
    // picture is no different at this size.
    const auto joint = jointProbabilities(squaredDistances(x), perplexity, options.cancel);
    if (!joint.defined())
        return {};
    const auto p = joint.to(torch::kFloat);

    // Deterministic start: the first two principal components, scaled to a standard deviation of 1e-4.
    torch::Tensor u, s, v;
    std::tie(u, s, v) = at::linalg_svd(x, false);
    auto y = torch::zeros({n, 2}, x.options());
    const auto k = std::min<std::int64_t>(2, v.size(0));
    y.slice(1, 0, k).copy_(x.matmul(v.slice(0, 0, k).t()));
    const double sd = y.std().item<double>();
    y = (sd > 0 ? y * (1e-4 / sd) : y).to(torch::kFloat);

    const double rate = options.learningRate > 0 ? options.learningRate
                                                 : std::max(static_cast<double>(n) / options.exaggeration / 4.0, 50.0);
    auto update = torch::zeros_like(y);
    auto gains = torch::ones_like(y);
    const auto offDiagonal = 1 - torch::eye(n, y.options());
    for (int it = 0; it < options.iterations; ++it) {
        if (options.cancel && options.cancel->load())
            return {};
        const bool early = it < kExaggerationSteps;
        const auto num = offDiagonal / (1 + squaredDistances(y)); // Student-t kernel, 0 on the diagonal
        const auto q = (num / num.sum()).clamp_min(1e-12);
        const auto pq = ((early ? options.exaggeration : 1.0) * p - q) * num;
        const auto grad = 4 * (pq.sum(1, true) * y - pq.matmul(y));
        // Gains as in the reference implementation: grow while the gradient keeps its sign against the update.
        const auto same = (grad > 0) == (update > 0);
        gains = torch::where(same, gains * 0.8, gains + 0.2).clamp_min(0.01);
        update = (early ? 0.5 : 0.8) * update - rate * gains * grad;
        y = y + update;
        y = y - y.mean(0, true);
    }
    return y.to(torch::kDouble);
}

} // namespace ts::engine

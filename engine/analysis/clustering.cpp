#include "engine/analysis/clustering.h"

#include "engine/core/errors.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>

namespace ts::engine {

namespace {

// Squared euclidean distances [N, k] between rows of x [N, D] and centers [k, D].
torch::Tensor squaredDistances(const torch::Tensor& x, const torch::Tensor& centers)
{
    auto d = x.pow(2).sum(1, true) - 2 * x.matmul(centers.t()) + centers.pow(2).sum(1).unsqueeze(0);
    return d.clamp_min(0);
}

// k-means++: the first center uniformly, every next one with probability proportional to D(x)^2.
torch::Tensor seedCenters(const torch::Tensor& x, int k, std::mt19937_64& rng)
{
    const auto n = x.size(0);
    std::vector<std::int64_t> chosen{std::uniform_int_distribution<std::int64_t>(0, n - 1)(rng)};
    auto minDist = squaredDistances(x, x[chosen[0]].unsqueeze(0)).squeeze(1);
    while (static_cast<int>(chosen.size()) < k) {
        auto d = minDist.contiguous();
        const double* p = d.data_ptr<double>();
        const double total = d.sum().item<double>();
        std::int64_t next = 0;
        if (total <= 0) {
            // Fewer distinct points than k: take any point not chosen yet.
            while (std::find(chosen.begin(), chosen.end(), next) != chosen.end())
                ++next;
        } else {
            std::discrete_distribution<std::int64_t> pick(p, p + n);
            next = pick(rng);
        }
        chosen.push_back(next);
        minDist = torch::minimum(minDist, squaredDistances(x, x[next].unsqueeze(0)).squeeze(1));
    }
    return x.index_select(0, torch::tensor(chosen, torch::kLong)).clone();
}

// Contingency counts n[class][cluster] with the class and cluster ids relabelled 0..C-1 and 0..K-1.
std::vector<std::vector<double>> contingency(const std::vector<std::int64_t>& truth,
                                             const std::vector<std::int64_t>& pred)
{
    if (truth.size() != pred.size())
        throw InputError("clustering scores: " + std::to_string(truth.size()) + " labels but " +
                         std::to_string(pred.size()) + " cluster assignments");
    std::map<std::int64_t, int> classes, clusters;
    for (auto t : truth)
        classes.emplace(t, 0);
    for (auto p : pred)
        clusters.emplace(p, 0);
    int i = 0;
    for (auto& [id, index] : classes)
        index = i++;
    i = 0;
    for (auto& [id, index] : clusters)
        index = i++;
    std::vector<std::vector<double>> n(classes.size(), std::vector<double>(clusters.size(), 0.0));
    for (size_t k = 0; k < truth.size(); ++k)
        n[static_cast<size_t>(classes[truth[k]])][static_cast<size_t>(clusters[pred[k]])] += 1;
    return n;
}

double entropy(const std::vector<double>& counts, double total)
{
    double h = 0;
    for (double c : counts)
        if (c > 0)
            h -= c / total * std::log(c / total);
    return h;
}

double pairs(double n)
{
    return n * (n - 1) / 2;
}

} // namespace

KMeansResult kmeans(const torch::Tensor& points, int k, int restarts, std::uint64_t seed, int maxIterations)
{
    const auto n = points.size(0);
    if (k < 1 || k > n)
        throw InputError("k-means: k must be between 1 and the number of points (" + std::to_string(n) + "), got " +
                         std::to_string(k));
    if (restarts < 1)
        throw InputError("k-means: restarts must be at least 1, got " + std::to_string(restarts));
    torch::NoGradGuard noGrad;
    const auto x = points.to(torch::kCPU, torch::kDouble).flatten(1).contiguous();
    // NaN features come from a representation whose training diverged; k-means on them would fail deep in
    // LibTorch with a dispatcher error instead of saying why.
    if (!torch::isfinite(x).all().item<bool>())
        throw InputError("k-means: the features hold NaN or infinite values, so the representation's training "
                         "diverged; lower the learning rate");
    KMeansResult best;
    best.inertia = std::numeric_limits<double>::infinity();
    for (int r = 0; r < restarts; ++r) {
        std::mt19937_64 rng(seed * 7919ULL + static_cast<std::uint64_t>(r));
        auto centers = seedCenters(x, k, rng);
        torch::Tensor assign;
        int it = 0;
        for (; it < maxIterations; ++it) {
            auto d = squaredDistances(x, centers);
            auto [minD, next] = d.min(1);
            if (assign.defined() && next.equal(assign))
                break;
            assign = next;
            auto sums = torch::zeros_like(centers).index_add_(0, assign, x);
            auto counts = torch::zeros({k}, torch::kDouble).index_add_(0, assign, torch::ones({n}, torch::kDouble));
            for (int c = 0; c < k; ++c) {
                if (counts[c].item<double>() > 0) {
                    centers[c] = sums[c] / counts[c];
                } else {
                    // Empty cluster: move it to the point farthest from its current center.
                    const auto far = minD.argmax().item<std::int64_t>();
                    centers[c] = x[far];
                    minD[far] = 0;
                }
            }
        }
        const double inertia = squaredDistances(x, centers).gather(1, assign.unsqueeze(1)).sum().item<double>();
        if (inertia < best.inertia) {
            best.inertia = inertia;
            best.assignments = assign.to(torch::kLong);
            best.centers = centers.to(torch::kFloat);
            best.iterations = it + 1;
        }
    }
    return best;
}

double normalizedMutualInformation(const std::vector<std::int64_t>& truth, const std::vector<std::int64_t>& pred)
{
    const auto n = contingency(truth, pred);
    if (truth.empty() || (n.size() == 1 && n[0].size() == 1))
        return 1.0;
    const double total = static_cast<double>(truth.size());
    std::vector<double> rows(n.size(), 0), cols(n[0].size(), 0);
    for (size_t i = 0; i < n.size(); ++i)
        for (size_t j = 0; j < n[i].size(); ++j) {
            rows[i] += n[i][j];
            cols[j] += n[i][j];
        }
    double mi = 0;
    for (size_t i = 0; i < n.size(); ++i)
        for (size_t j = 0; j < n[i].size(); ++j)
            if (n[i][j] > 0)
                mi += n[i][j] / total * std::log(n[i][j] * total / (rows[i] * cols[j]));
    const double norm = (entropy(rows, total) + entropy(cols, total)) / 2;
    return norm > 0 ? std::max(0.0, mi / norm) : 0.0;
}

double adjustedRandIndex(const std::vector<std::int64_t>& truth, const std::vector<std::int64_t>& pred)
{
    const auto n = contingency(truth, pred);
    const double total = static_cast<double>(truth.size());
    double sumCells = 0, sumRows = 0, sumCols = 0;
    std::vector<double> cols(n.empty() ? 0 : n[0].size(), 0);
    for (const auto& row : n) {
        double r = 0;
        for (size_t j = 0; j < row.size(); ++j) {
            sumCells += pairs(row[j]);
            r += row[j];
            cols[j] += row[j];
        }
        sumRows += pairs(r);
    }
    for (double c : cols)
        sumCols += pairs(c);
    const double expected = total > 1 ? sumRows * sumCols / pairs(total) : 0;
    const double maximum = (sumRows + sumCols) / 2;
    if (maximum == expected)
        return 1.0; // both partitions trivial (all in one group, or all singletons): identical structure
    return (sumCells - expected) / (maximum - expected);
}

std::vector<int> hungarian(const std::vector<std::vector<double>>& cost)
{
    // Potentials method (e-maxx), 1-based: u rows, v columns, p[j] = row matched to column j.
    const int rows = static_cast<int>(cost.size());
    const int cols = rows ? static_cast<int>(cost[0].size()) : 0;
    if (rows > cols)
        throw InputError("hungarian: more rows than columns");
    const double inf = std::numeric_limits<double>::infinity();
    std::vector<double> u(rows + 1, 0), v(cols + 1, 0);
    std::vector<int> p(cols + 1, 0), way(cols + 1, 0);
    for (int i = 1; i <= rows; ++i) {
        p[0] = i;
        int j0 = 0;
        std::vector<double> minv(cols + 1, inf);
        std::vector<bool> used(cols + 1, false);
        do {
            used[j0] = true;
            const int i0 = p[j0];
            double delta = inf;
            int j1 = 0;
            for (int j = 1; j <= cols; ++j)
                if (!used[j]) {
                    const double cur = cost[i0 - 1][j - 1] - u[i0] - v[j];
                    if (cur < minv[j]) {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if (minv[j] < delta) {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            for (int j = 0; j <= cols; ++j)
                if (used[j]) {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            j0 = j1;
        } while (p[j0] != 0);
        do {
            const int j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
        } while (j0);
    }
    std::vector<int> match(rows, -1);
    for (int j = 1; j <= cols; ++j)
        if (p[j] > 0)
            match[p[j] - 1] = j - 1;
    return match;
}

double clusterAccuracy(const std::vector<std::int64_t>& truth, const std::vector<std::int64_t>& pred)
{
    if (truth.empty())
        return 0;
    const auto n = contingency(truth, pred); // [class][cluster]
    const size_t size = std::max(n.size(), n[0].size());
    double maxCount = 0;
    for (const auto& row : n)
        for (double c : row)
            maxCount = std::max(maxCount, c);
    // Square cost matrix (padding with zero counts); minimising maxCount - count maximises matched images.
    std::vector<std::vector<double>> cost(size, std::vector<double>(size, maxCount));
    for (size_t i = 0; i < n.size(); ++i)
        for (size_t j = 0; j < n[i].size(); ++j)
            cost[i][j] = maxCount - n[i][j];
    const auto match = hungarian(cost);
    double correct = 0;
    for (size_t i = 0; i < n.size(); ++i)
        if (match[i] >= 0 && static_cast<size_t>(match[i]) < n[i].size())
            correct += n[i][static_cast<size_t>(match[i])];
    return correct / static_cast<double>(truth.size());
}

} // namespace ts::engine

#include "engine/data/dataset.h"

#include "engine/core/errors.h"
#include "engine/data/datasetsources.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace ts::engine {

namespace {

// Portable seeded shuffle: std::shuffle and the std distributions differ between standard libraries.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : m_engine(seed) {}
    std::uint64_t below(std::uint64_t n)
    { // uniform in [0, n), n > 0, by rejection
        const std::uint64_t limit =
            std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
        std::uint64_t x;
        do
            x = m_engine();
        while (x >= limit);
        return x % n;
    }
    template <typename T> void shuffle(std::vector<T>& items)
    {
        for (std::size_t i = items.size(); i > 1; --i)
            std::swap(items[i - 1], items[below(i)]);
    }

private:
    std::mt19937_64 m_engine;
};

std::string rolePrefix(const std::string& role)
{
    return (role.empty() ? std::string("dataset") : role) + ": ";
}

// Indices of each label (in order); label -1 collects unlabeled images in the last group.
std::vector<std::vector<std::int64_t>> groupByLabel(const Dataset& data)
{
    std::vector<std::vector<std::int64_t>> groups(data.numClasses() + 1);
    if (!data.labels.defined())
        return groups;
    auto labels = data.labels.accessor<std::int64_t, 1>();
    for (std::int64_t i = 0; i < labels.size(0); ++i) {
        const auto label = labels[i];
        groups[label >= 0 && label < data.numClasses() ? label : data.numClasses()].push_back(i);
    }
    return groups;
}

void checkInput(const InputSpec& input, const std::string& prefix)
{
    if (input.channels != 1 && input.channels != 3)
        throw InputError(prefix + "input.channels must be 1 or 3, not " + std::to_string(input.channels));
    if (input.height <= 0 || input.width <= 0)
        throw InputError(prefix + "input.size must be positive");
}

} // namespace

const std::vector<std::string>& imageExtensions()
{
    static const std::vector<std::string> extensions{"png", "jpg", "jpeg", "bmp", "tif", "tiff", "webp", "pgm", "ppm"};
    return extensions;
}

Dataset Dataset::labeledSubset() const
{
    if (!labeled.defined() || size() == 0)
        return *this;
    return subset(labeled.nonzero().view({-1}));
}

Dataset Dataset::subset(const torch::Tensor& index) const
{
    Dataset out;
    out.role = role;
    out.classNames = classNames;
    out.skippedFiles = skippedFiles;
    out.channelMean = channelMean;
    out.channelStd = channelStd;
    const auto idx = index.to(torch::kInt64).contiguous().view({-1});
    if (images.defined())
        out.images = images.index_select(0, idx);
    if (labels.defined())
        out.labels = labels.index_select(0, idx);
    if (labeled.defined())
        out.labeled = labeled.index_select(0, idx);
    const auto* p = idx.data_ptr<std::int64_t>();
    for (std::int64_t i = 0; i < idx.numel(); ++i)
        if (p[i] >= 0 && p[i] < static_cast<std::int64_t>(files.size()))
            out.files.push_back(files[p[i]]);
    return out;
}

std::vector<std::int64_t> Dataset::classCounts() const
{
    std::vector<std::int64_t> counts(classNames.size(), 0);
    const auto groups = groupByLabel(*this);
    for (std::size_t c = 0; c < counts.size(); ++c)
        counts[c] = static_cast<std::int64_t>(groups[c].size());
    return counts;
}

Dataset loadDataset(const DatasetSpec& spec, const InputSpec& input, const std::string& role, std::uint64_t seed,
                    const LoadProgress& progress, const LoadWarning& warn, int decodeThreads)
{
    const std::string prefix = rolePrefix(role);
    checkInput(input, prefix);
    if (spec.limitPerClass < 0)
        throw InputError(prefix + "limit_per_class must be 0 (all) or positive");
    Dataset data;
    data.role = role;
    data.channelMean = input.mean;
    data.channelStd = input.std;
    if (spec.format == "folder" || spec.format == "unlabeled")
        loadFolder(data, spec, input, prefix, progress, warn, decodeThreads);
    else if (spec.format == "idx")
        loadIdx(data, spec, input, prefix, progress);
    else if (spec.format == "csv")
        loadCsv(data, spec, input, prefix, progress, warn, decodeThreads);
    else
        throw InputError(prefix + "unknown format '" + spec.format + "' (folder, unlabeled, idx or csv)");

    if (!spec.labeled()) {
        data.labeled = torch::zeros({data.size()}, torch::kBool);
        return data;
    }
    const auto counts = data.classCounts();
    const auto present = std::count_if(counts.begin(), counts.end(), [](std::int64_t n) { return n > 0; });
    if (present < 2)
        throw InputError(prefix + "'" + (spec.format == "idx" ? spec.labels : spec.path) + "' has " +
                         std::to_string(present) + " class" + (present == 1 ? "" : "es") +
                         " with readable images; a labeled set needs at least 2");
    for (std::size_t c = 0; c < counts.size(); ++c)
        if (counts[c] == 0 && warn)
            warn(prefix + "class '" + data.classNames[c] + "' has no readable image");

    data.labeled = torch::ones({data.size()}, torch::kBool);
    if (spec.labeledPerClass >= 0) {
        data.labeled.zero_();
        auto mask = data.labeled.accessor<bool, 1>();
        Rng rng(seed);
        auto groups = groupByLabel(data);
        for (std::size_t c = 0; c < data.classNames.size(); ++c) {
            rng.shuffle(groups[c]);
            const auto n = std::min<std::size_t>(groups[c].size(), spec.labeledPerClass);
            for (std::size_t i = 0; i < n; ++i)
                mask[groups[c][i]] = true;
        }
    }
    return data;
}

std::pair<Dataset, Dataset> stratifiedSplit(const Dataset& data, double fraction, std::uint64_t seed)
{
    if (!(fraction >= 0 && fraction < 1))
        throw InputError(rolePrefix(data.role) + "split fraction must be in [0, 1), not " + std::to_string(fraction));
    std::vector<std::int64_t> kept, held;
    Rng rng(seed);
    for (auto& group : groupByLabel(data)) {
        rng.shuffle(group);
        const auto n = static_cast<std::int64_t>(group.size());
        auto nHeld = static_cast<std::int64_t>(std::llround(fraction * static_cast<double>(n)));
        if (fraction > 0 && n >= 2)
            nHeld = std::max<std::int64_t>(nHeld, 1);
        nHeld = std::min(nHeld, std::max<std::int64_t>(n - 1, 0)); // training keeps at least one per class
        held.insert(held.end(), group.begin(), group.begin() + nHeld);
        kept.insert(kept.end(), group.begin() + nHeld, group.end());
    }
    std::sort(kept.begin(), kept.end()); // keep the dataset's order inside each part
    std::sort(held.begin(), held.end());
    return {data.subset(indexTensor(kept)), data.subset(indexTensor(held))};
}

namespace {

// (images - mean) / std in place, per channel or with one value for all of them. The in-place forms give the
// same bits as the out-of-place ones and allocate no batch-sized temporaries.
torch::Tensor normalizeInPlace(torch::Tensor images, const std::vector<double>& mean, const std::vector<double>& stddev)
{
    const auto uniform = [](const std::vector<double>& v) {
        return !v.empty() && std::all_of(v.begin(), v.end(), [&v](double x) { return x == v.front(); });
    };
    // One value for all channels takes the scalar path, so the default gives the same bits as it always did.
    if (uniform(mean) && uniform(stddev))
        return images.sub_(mean.front()).div_(stddev.front());
    const auto channels = images.dim() >= 2 ? static_cast<std::size_t>(images.size(1)) : 0;
    const auto fits = [channels](const std::vector<double>& v) { return v.size() == 1 || v.size() == channels; };
    if (!fits(mean) || !fits(stddev))
        throw InputError("input.normalize: mean and std need 1 or " + std::to_string(channels) + " values (one per " +
                         "channel), got " + std::to_string(mean.size()) + " and " + std::to_string(stddev.size()));
    const auto perChannel = [&](const std::vector<double>& v) {
        std::vector<float> values(channels);
        for (std::size_t c = 0; c < channels; ++c)
            values[c] = static_cast<float>(v.size() == 1 ? v.front() : v[c]);
        return torch::tensor(values).view({1, static_cast<std::int64_t>(channels), 1, 1}).to(images.device());
    };
    return images.sub_(perChannel(mean)).div_(perChannel(stddev));
}

} // namespace

torch::Tensor normalizeUnitImages(const torch::Tensor& images, const std::vector<double>& mean,
                                  const std::vector<double>& stddev)
{
    return normalizeInPlace(images.clone(), mean, stddev);
}

torch::Tensor normalizeImages(const torch::Tensor& images, const std::vector<double>& mean,
                              const std::vector<double>& stddev)
{
    // A copy even when the images are float already: the steps after it work in place.
    return normalizeInPlace(images.to(torch::kFloat32, /*non_blocking=*/false, /*copy=*/true).div_(255.0), mean,
                            stddev);
}

torch::Tensor normalizedImages(const Dataset& data)
{
    return normalizeImages(data.images, data.channelMean, data.channelStd);
}

} // namespace ts::engine

#include "engine/dataset.h"

#include "engine/errors.h"
#include "engine/idx.h"
#include "engine/imageio.h"

#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <thread>

namespace fs = std::filesystem;

namespace ts::engine {

namespace {

std::string lower(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
    return text;
}

bool isImageFile(const fs::path& path)
{
    std::string ext = path.extension().string();
    if (ext.size() < 2)
        return false;
    ext = lower(ext.substr(1));
    const auto& known = imageExtensions();
    return std::find(known.begin(), known.end(), ext) != known.end();
}

// Image files under `dir` at any depth, sorted by path so that order never depends on the file system.
std::vector<std::string> findImages(const fs::path& dir)
{
    std::vector<std::string> files;
    std::error_code ec;
    const auto options =
        fs::directory_options::follow_directory_symlink | fs::directory_options::skip_permission_denied;
    for (fs::recursive_directory_iterator it(dir, options, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code fileEc;
        if (it->is_regular_file(fileEc) && isImageFile(it->path()))
            files.push_back(it->path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
}

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

torch::Tensor indexTensor(const std::vector<std::int64_t>& index)
{
    return torch::tensor(index, torch::kInt64).reshape({static_cast<std::int64_t>(index.size())});
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

struct Decoder {
    const InputSpec& input;
    const LoadProgress& progress;
    int threads = 0;        // decoding threads; 0 = the calling thread's LibTorch count
    std::int64_t total = 0; // files planned so far, for progress
    std::int64_t done = 0;

    // Decodes `paths` on all intra-op threads; undefined tensors and `errors` mark failures. Order is kept.
    std::vector<torch::Tensor> decode(const std::vector<std::string>& paths, std::vector<std::string>& errors)
    {
        const auto n = static_cast<std::int64_t>(paths.size());
        std::vector<torch::Tensor> images(n);
        errors.assign(n, {});
        const int threads =
            this->threads > 0 ? this->threads
                              : std::max(1, std::min<int>(at::get_num_threads(), std::thread::hardware_concurrency()));
        // Chunks of ~1% of the files: progress is reported from the calling thread between them.
        const std::int64_t chunk = std::max<std::int64_t>(64, total / 100);
        for (std::int64_t begin = 0; begin < n; begin += chunk) {
            const std::int64_t end = std::min(n, begin + chunk);
            std::atomic<std::int64_t> next{begin};
            auto work = [&] {
                for (std::int64_t i; (i = next++) < end;) {
                    try {
                        images[i] = decodeImage(paths[i], input.channels, input.height, input.width, errors[i]);
                    } catch (const std::exception& e) {
                        images[i] = torch::Tensor();
                        errors[i] = e.what();
                    }
                    if (!images[i].defined() && errors[i].empty())
                        errors[i] = "not a readable image";
                }
            };
            std::vector<std::thread> pool;
            for (int t = 1; t < threads && t < end - begin; ++t)
                pool.emplace_back(work);
            work();
            for (auto& thread : pool)
                thread.join();
            done += end - begin;
            if (progress)
                progress(done, total);
        }
        return images;
    }
};

void checkInput(const InputSpec& input, const std::string& prefix)
{
    if (input.channels != 1 && input.channels != 3)
        throw InputError(prefix + "input.channels must be 1 or 3, not " + std::to_string(input.channels));
    if (input.height <= 0 || input.width <= 0)
        throw InputError(prefix + "input.size must be positive");
}

// Names of the kept classes in their original order, and old index -> new index (-1 = dropped).
std::vector<int> selectClasses(const std::vector<std::string>& all, const std::vector<std::string>& wanted,
                               const std::string& prefix, const std::string& where, std::vector<std::string>& kept)
{
    for (const auto& name : wanted) {
        if (std::find(all.begin(), all.end(), name) == all.end()) {
            std::string available;
            for (const auto& a : all)
                available += (available.empty() ? "" : ", ") + a;
            throw InputError(prefix + "unknown class '" + name + "' in '" + where + "' (available: " + available + ")");
        }
    }
    std::vector<int> map(all.size(), -1);
    kept.clear();
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (wanted.empty() || std::find(wanted.begin(), wanted.end(), all[i]) != wanted.end()) {
            map[i] = static_cast<int>(kept.size());
            kept.push_back(all[i]);
        }
    }
    return map;
}

// Folder and unlabeled formats: `groups[c]` holds the sorted files of class c (one group when unlabeled).
void decodeGroups(Dataset& data, const std::vector<std::vector<std::string>>& groups, int limit, bool labeled,
                  const InputSpec& input, const LoadProgress& progress, const LoadWarning& warn, int decodeThreads)
{
    Decoder decoder{input, progress, decodeThreads};
    std::vector<std::size_t> cursor(groups.size(), 0);
    std::vector<std::vector<torch::Tensor>> images(groups.size());
    std::vector<std::vector<std::string>> files(groups.size());
    // Rounds: take the first `limit` files of each class; files that fail are replaced by the next ones.
    for (;;) {
        std::vector<std::string> batch;
        std::vector<std::size_t> owner;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            std::size_t need = limit > 0 ? limit - images[g].size() : groups[g].size();
            for (; need > 0 && cursor[g] < groups[g].size(); --need, ++cursor[g]) {
                batch.push_back(groups[g][cursor[g]]);
                owner.push_back(g);
            }
        }
        if (batch.empty())
            break;
        decoder.total += static_cast<std::int64_t>(batch.size());
        std::vector<std::string> errors;
        auto decoded = decoder.decode(batch, errors);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            if (decoded[i].defined()) {
                images[owner[i]].push_back(std::move(decoded[i]));
                files[owner[i]].push_back(batch[i]);
            } else {
                data.skippedFiles.push_back(batch[i] + ": " + errors[i]);
                if (warn)
                    warn(data.skippedFiles.back());
            }
        }
    }
    std::vector<torch::Tensor> all;
    std::vector<std::int64_t> labels;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        for (std::size_t i = 0; i < images[g].size(); ++i) {
            all.push_back(std::move(images[g][i]));
            data.files.push_back(std::move(files[g][i]));
            labels.push_back(labeled ? static_cast<std::int64_t>(g) : -1);
        }
    }
    if (all.empty())
        return;
    data.images = torch::stack(all);
    data.labels = indexTensor(labels);
}

void loadFolder(Dataset& data, const DatasetSpec& spec, const InputSpec& input, const std::string& prefix,
                const LoadProgress& progress, const LoadWarning& warn, int decodeThreads)
{
    if (!haveImageDecoder())
        throw InputError(prefix + "'" + spec.path +
                         "': image folders need OpenCV, which this build lacks (use format 'idx')");
    std::error_code ec;
    if (spec.path.empty())
        throw InputError(prefix + "no folder given (key 'path')");
    if (!fs::exists(spec.path, ec))
        throw InputError(prefix + "folder '" + spec.path + "' does not exist");
    if (!fs::is_directory(spec.path, ec))
        throw InputError(prefix + "'" + spec.path + "' is not a directory");

    std::vector<std::vector<std::string>> groups;
    if (spec.labeled()) {
        std::vector<std::string> classNames;
        std::vector<std::vector<std::string>> classFiles;
        std::vector<fs::path> dirs;
        for (fs::directory_iterator it(spec.path, ec), end; !ec && it != end; it.increment(ec)) {
            std::error_code dirEc;
            if (it->is_directory(dirEc) && it->path().filename().string().rfind('.', 0) != 0)
                dirs.push_back(it->path());
        }
        std::sort(dirs.begin(), dirs.end());
        for (const auto& dir : dirs) {
            auto files = findImages(dir);
            if (files.empty())
                continue; // not a class folder
            classNames.push_back(dir.filename().string());
            classFiles.push_back(std::move(files));
        }
        if (classNames.empty())
            throw InputError(prefix + "folder '" + spec.path +
                             "' has no class subfolders with images (format 'unlabeled' reads a flat folder)");
        const auto map = selectClasses(classNames, spec.classes, prefix, spec.path, data.classNames);
        for (std::size_t i = 0; i < map.size(); ++i)
            if (map[i] >= 0)
                groups.push_back(std::move(classFiles[i]));
    } else {
        if (!spec.classes.empty())
            throw InputError(prefix + "'classes' needs a labeled format (folder or idx), not 'unlabeled'");
        groups.push_back(findImages(spec.path));
    }
    decodeGroups(data, groups, spec.limitPerClass, spec.labeled(), input, progress, warn, decodeThreads);
    if (data.size() == 0)
        throw InputError(prefix + "no readable image in '" + spec.path + "'" +
                         (data.skippedFiles.empty()
                              ? std::string()
                              : " (" + std::to_string(data.skippedFiles.size()) + " files skipped)"));
}

// IDX images: uint8 [N,H,W] (or [N,H,W,C]) -> [N,C,H,W] at the input size and channel count, with torch ops only.
torch::Tensor convertIdxImages(torch::Tensor images, const InputSpec& input)
{
    images = images.dim() == 3 ? images.unsqueeze(1) : images.permute({0, 3, 1, 2});
    const bool sameSize = images.size(2) == input.height && images.size(3) == input.width;
    if (sameSize && images.size(1) == input.channels)
        return images.contiguous();
    if (sameSize && images.size(1) == 1) // grey -> RGB needs no arithmetic
        return images.repeat({1, 3, 1, 1});
    std::vector<torch::Tensor> parts;
    for (const auto& part : images.split(4096)) {
        auto x = part.to(torch::kFloat32);
        if (x.size(1) == 3 && input.channels == 1) // ITU-R 601 luma, as OpenCV's BGR2GRAY
            x = (x * torch::tensor({0.299f, 0.587f, 0.114f}).view({1, 3, 1, 1})).sum(1, true);
        if (!sameSize) {
            namespace F = torch::nn::functional;
            const bool shrink = input.height <= x.size(2) && input.width <= x.size(3);
            auto options = F::InterpolateFuncOptions().size(std::vector<std::int64_t>{input.height, input.width});
            if (shrink)
                options.mode(torch::kArea);
            else
                options.mode(torch::kBilinear).align_corners(false);
            x = F::interpolate(x, options);
        }
        if (x.size(1) == 1 && input.channels == 3)
            x = x.repeat({1, 3, 1, 1});
        parts.push_back(x.round_().clamp_(0, 255).to(torch::kUInt8));
    }
    return torch::cat(parts);
}

void loadIdx(Dataset& data, const DatasetSpec& spec, const InputSpec& input, const std::string& prefix,
             const LoadProgress& progress)
{
    if (spec.images.empty() || spec.labels.empty())
        throw InputError(prefix + "format 'idx' needs both 'images' and 'labels'");
    torch::Tensor images, labels;
    try {
        images = readIdx(spec.images);
        labels = readIdx(spec.labels);
    } catch (const InputError& e) {
        throw InputError(prefix + e.what());
    }
    const bool imagesOk = images.dim() == 3 || (images.dim() == 4 && (images.size(3) == 1 || images.size(3) == 3));
    if (!imagesOk)
        throw InputError(prefix + "'" + spec.images + "': expected IDX images [N, rows, cols], found " +
                         std::to_string(images.dim()) + " dimensions");
    if (labels.dim() != 1 || labels.size(0) != images.size(0))
        throw InputError(prefix + "'" + spec.labels + "': expected " + std::to_string(images.size(0)) +
                         " labels to match '" + spec.images + "'");
    const auto labels64 = labels.to(torch::kInt64);
    const std::int64_t maxLabel = labels64.numel() ? labels64.max().item<std::int64_t>() : -1;
    std::vector<std::string> names = spec.classNames;
    if (names.empty()) {
        for (std::int64_t i = 0; i <= maxLabel; ++i)
            names.push_back(std::to_string(i));
    } else if (maxLabel >= static_cast<std::int64_t>(names.size())) {
        throw InputError(prefix + "'" + spec.labels + "' has label " + std::to_string(maxLabel) +
                         " but class_names lists " + std::to_string(names.size()) + " names");
    }
    const auto map = selectClasses(names, spec.classes, prefix, spec.labels, data.classNames);
    std::vector<std::int64_t> keep, newLabels;
    std::vector<std::int64_t> perClass(data.classNames.size(), 0);
    auto label = labels64.accessor<std::int64_t, 1>();
    for (std::int64_t i = 0; i < label.size(0); ++i) {
        const int c = map[label[i]];
        if (c < 0 || (spec.limitPerClass > 0 && perClass[c] >= spec.limitPerClass))
            continue;
        ++perClass[c];
        keep.push_back(i);
        newLabels.push_back(c);
        data.files.push_back(spec.images + "#" + std::to_string(i));
    }
    if (keep.empty())
        throw InputError(prefix + "no image in '" + spec.images + "' matches the selected classes");
    data.images = convertIdxImages(images.index_select(0, indexTensor(keep)), input);
    data.labels = indexTensor(newLabels);
    if (progress)
        progress(data.size(), data.size());
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
    if (spec.format == "folder" || spec.format == "unlabeled")
        loadFolder(data, spec, input, prefix, progress, warn, decodeThreads);
    else if (spec.format == "idx")
        loadIdx(data, spec, input, prefix, progress);
    else
        throw InputError(prefix + "unknown format '" + spec.format + "' (folder, unlabeled or idx)");

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

torch::Tensor normalizeImages(const torch::Tensor& images)
{
    return (images.to(torch::kFloat32) / 255.0 - 0.5) / 0.5;
}

} // namespace ts::engine

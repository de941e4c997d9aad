// Reading image folders and IDX files into a Dataset (used by loadDataset); CSV label lists are in csvlist.cpp.

#include "engine/data/datasetsources.h"

#include "engine/core/errors.h"
#include "engine/core/threads.h"
#include "engine/core/utf8.h"
#include "engine/data/idx.h"
#include "engine/data/imagecache.h"
#include "engine/data/imageio.h"

#include <torch/torch.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
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

bool isHidden(const fs::path& path)
{
    const std::string name = path.filename().string();
    return !name.empty() && name[0] == '.'; // .DS_Store, ._x.png (macOS), .thumbs/, .git/
}

// Walks image folders: each real folder is read at most once (a link to a folder already read, such as
// `ln -s . loop` or `ln -s .. up`, is skipped with a warning), hidden entries are skipped, and folders or
// files that cannot be read are reported with the reason.
class FolderWalker {
public:
    FolderWalker(const LoadWarning& warn, std::vector<std::string>& skipped) : m_warn(warn), m_skipped(skipped) {}

    /// Marks `dir` as read, so that links into it from elsewhere are skipped; false when it already was.
    bool claim(const fs::path& dir)
    {
        std::error_code ec;
        const fs::path real = fs::canonical(dir, ec);
        return m_seen.insert(ec ? dir.lexically_normal().string() : real.string()).second;
    }

    /// Image files under `dir` at any depth, sorted by path so that order never depends on the file system.
    /// `dir` itself must have been claimed.
    std::vector<std::string> findImages(const fs::path& dir)
    {
        std::vector<std::string> files;
        std::vector<fs::path> pending{dir};
        while (!pending.empty()) {
            const fs::path current = pending.back();
            pending.pop_back();
            std::error_code ec;
            fs::directory_iterator it(current, ec), end;
            if (ec) {
                skip(current.string() + "/", "cannot read folder (" + ec.message() + ")");
                continue;
            }
            for (; it != end; it.increment(ec)) {
                const fs::path& path = it->path();
                if (isHidden(path))
                    continue;
                std::error_code typeEc, linkEc;
                // The type the listing returned (d_type) answers for plain files and folders without a stat()
                // each (60,000 stats took 0.14 s here); links, and file systems that give no type, are followed
                // with status().
                fs::file_status status;
                if (it->is_regular_file(typeEc))
                    status = fs::file_status(fs::file_type::regular);
                else if (!typeEc && it->is_directory(typeEc))
                    status = fs::file_status(fs::file_type::directory);
                else
                    status = it->status(typeEc); // follows links
                if (typeEc || !fs::exists(status)) {
                    if (it->is_symlink(linkEc))
                        note("link '" + path.string() + "': it leads nowhere" +
                             (typeEc ? " (" + typeEc.message() + ")" : std::string()));
                    else if (typeEc)
                        skip(path.string(), "cannot read (" + typeEc.message() + ")");
                    continue;
                }
                if (fs::is_directory(status)) {
                    if (claim(path)) {
                        pending.push_back(path);
                    } else {
                        std::error_code linkEc;
                        note(std::string(it->is_symlink(linkEc) ? "link" : "folder") + " '" + path.string() +
                             "': it leads to '" + fs::canonical(path, linkEc).string() + "', which is read already");
                    }
                } else if (fs::is_regular_file(status) && isImageFile(path)) {
                    files.push_back(path.string());
                }
            }
            if (ec)
                skip(current.string() + "/", "cannot list folder (" + ec.message() + ")");
        }
        std::sort(files.begin(), files.end());
        return files;
    }

    /// Reports an unreadable file or folder: recorded as skipped and passed to the warning callback (which
    /// reads it after "skipped ").
    void skip(const std::string& path, const std::string& reason)
    {
        m_skipped.push_back(escapeInvalidUtf8(path + ": " + reason));
        if (m_warn)
            m_warn(m_skipped.back());
    }

private:
    void note(const std::string& message)
    {
        if (m_warn)
            m_warn(escapeInvalidUtf8(message));
    }

    const LoadWarning& m_warn;
    std::vector<std::string>& m_skipped;
    std::set<std::string> m_seen; // canonical paths of the folders read
};

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
        ImageCache& cache = ImageCache::global();
        const int threads =
            this->threads > 0 ? this->threads : std::max(1, std::min<int>(at::get_num_threads(), availableCores()));
        // Chunks of ~1% of the files: progress is reported from the calling thread between them.
        const std::int64_t chunk = std::max<std::int64_t>(64, total / 100);
        for (std::int64_t begin = 0; begin < n; begin += chunk) {
            const std::int64_t end = std::min(n, begin + chunk);
            std::atomic<std::int64_t> next{begin};
            auto work = [&] {
                for (std::int64_t i; (i = next++) < end;) {
                    try {
                        images[i] = cache.decode(paths[i], input.channels, input.height, input.width, errors[i]);
                    } catch (const std::exception& e) {
                        images[i] = torch::Tensor();
                        errors[i] = e.what();
                    }
                    if (!images[i].defined() && ::access(paths[i].c_str(), R_OK) != 0)
                        errors[i] = std::string("cannot read file (") + std::strerror(errno) + ")";
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

} // namespace

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
    ImageCache::global().setBudget(imageCacheBudgetFromEnvironment()); // TS_IMAGE_CACHE_MB, read at each load
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
                data.skippedFiles.push_back(escapeInvalidUtf8(batch[i] + ": " + errors[i]));
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
    // stack copies: the dataset never shares pixels with the image cache, so changing it leaves the cache intact.
    data.images = torch::stack(all);
    data.labels = indexTensor(labels);
}

torch::Tensor indexTensor(const std::vector<std::int64_t>& index)
{
    return torch::tensor(index, torch::kInt64).reshape({static_cast<std::int64_t>(index.size())});
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
    FolderWalker walker(warn, data.skippedFiles);
    walker.claim(spec.path);
    if (spec.labeled()) {
        std::vector<std::string> classNames;
        std::vector<std::vector<std::string>> classFiles;
        std::vector<fs::path> dirs;
        fs::directory_iterator it(spec.path, ec), end;
        if (ec)
            throw InputError(prefix + "cannot read folder '" + spec.path + "': " + ec.message());
        for (; !ec && it != end; it.increment(ec)) {
            std::error_code dirEc;
            if (!isHidden(it->path()) && it->is_directory(dirEc))
                dirs.push_back(it->path());
        }
        std::sort(dirs.begin(), dirs.end());
        // Every class folder is claimed first, so that a link from one class into another is skipped and
        // never labels the other class's images twice.
        std::vector<bool> own(dirs.size());
        for (std::size_t i = 0; i < dirs.size(); ++i)
            own[i] = walker.claim(dirs[i]);
        for (std::size_t i = 0; i < dirs.size(); ++i) {
            if (!own[i]) {
                std::error_code linkEc;
                walker.skip(dirs[i].string() + "/", "leads to '" + fs::canonical(dirs[i], linkEc).string() +
                                                        "', a folder read already");
                continue;
            }
            auto files = walker.findImages(dirs[i]);
            if (files.empty())
                continue; // not a class folder
            // Folder names become class names in JSON and logs: bytes that are not UTF-8 are escaped.
            classNames.push_back(escapeInvalidUtf8(dirs[i].filename().string()));
            classFiles.push_back(std::move(files));
        }
        if (classNames.empty())
            throw InputError(prefix + "folder '" + spec.path +
                             "' has no class subfolders with images (format 'unlabeled' reads a flat folder)" +
                             (data.skippedFiles.empty() ? std::string() : "; skipped: " + data.skippedFiles.front()));
        const auto map = selectClasses(classNames, spec.classes, prefix, spec.path, data.classNames);
        for (std::size_t i = 0; i < map.size(); ++i)
            if (map[i] >= 0)
                groups.push_back(std::move(classFiles[i]));
    } else {
        if (!spec.classes.empty())
            throw InputError(prefix + "'classes' needs a labeled format (folder or idx), not 'unlabeled'");
        groups.push_back(walker.findImages(spec.path));
    }
    decodeGroups(data, groups, spec.limitPerClass, spec.labeled(), input, progress, warn, decodeThreads);
    if (data.size() == 0)
        throw InputError(prefix + "no readable image in '" + spec.path + "'" +
                         (data.skippedFiles.empty()
                              ? std::string()
                              : " (" + std::to_string(data.skippedFiles.size()) +
                                    " skipped, the first: " + data.skippedFiles.front() + ")"));
}

// IDX images: uint8 [N,H,W] (or [N,H,W,C]) -> [N,C,H,W] at the input size and channel count, with torch ops only.
static torch::Tensor convertIdxImages(torch::Tensor images, const InputSpec& input)
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

} // namespace ts::engine

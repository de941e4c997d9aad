#include "engine/data/demodata.h"

#include "engine/core/errors.h"
#include "engine/core/threads.h"
#include "engine/data/attributes.h"
#include "engine/data/idx.h"
#include "engine/data/imageio.h"

#include <torch/torch.h>

#ifdef TS_WITH_OPENCV
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#endif

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

namespace fs = std::filesystem;

namespace ts::engine {

namespace {

const char* const kFashionDir = "/usr/share/datasets/fashion-mnist";
const char* const kFashionPackage = "dataset-fashion-mnist";
const char* const kPhotoDir = "/usr/share/doc/opencv-doc/examples/data";
const char* const kPhotoPackage = "opencv-doc";
const char* const kMarker = ".transfer-studio-demo"; // marks folders that demo-data may replace

} // namespace

#ifndef TS_WITH_OPENCV

void buildDemoData(const std::string&, int, int, std::uint64_t, const std::function<void(const std::string&)>&)
{
    throw InputError("demo-data needs OpenCV");
}

#else

namespace {

std::string requireFile(const std::string& path, const char* package)
{
    std::error_code ec;
    if (!fs::is_regular_file(path, ec))
        throw InputError("'" + path + "' is missing: install the Debian package " + package + " (apt install " +
                         package + ")");
    return path;
}

std::uint64_t splitmix64(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

// Real photos among OpenCV's sample images: colour, at least 64x64, and rich in colours. Logos, charts,
// text, chessboards and greyscale calibration shots have far fewer than 20000 distinct colours.
std::vector<cv::Mat> loadPhotos()
{
    std::vector<std::string> files;
    std::error_code ec;
    for (fs::directory_iterator it(kPhotoDir, ec), end; !ec && it != end; it.increment(ec)) {
        const auto ext = it->path().extension().string();
        if (ext == ".jpg" || ext == ".png")
            files.push_back(it->path().string());
    }
    std::sort(files.begin(), files.end());
    std::vector<cv::Mat> photos;
    std::vector<bool> seen;
    for (const auto& file : files) {
        cv::Mat image = cv::imread(file, cv::IMREAD_UNCHANGED);
        if (image.empty() || image.depth() != CV_8U || image.channels() < 3 || image.rows < 64 || image.cols < 64)
            continue;
        if (image.channels() == 4)
            cv::cvtColor(image, image, cv::COLOR_BGRA2BGR);
        seen.assign(1 << 24, false);
        int distinct = 0;
        for (int y = 0; y < image.rows; ++y) {
            const auto* row = image.ptr<cv::Vec3b>(y);
            for (int x = 0; x < image.cols; ++x) {
                const int key = (row[x][0] << 16) | (row[x][1] << 8) | row[x][2];
                distinct += !seen[key];
                seen[key] = true;
            }
        }
        if (distinct < 20000)
            continue;
        cv::cvtColor(image, image, cv::COLOR_BGR2RGB);
        photos.push_back(image);
    }
    if (photos.empty())
        throw InputError(std::string("no photos found in '") + kPhotoDir + "': install the Debian package " +
                         kPhotoPackage + " (apt install " + kPhotoPackage + ")");
    return photos;
}

// A folder that demo-data owns: replaced when it carries the marker, never when it does not.
void prepareFolder(const fs::path& dir)
{
    std::error_code ec;
    if (fs::exists(dir, ec)) {
        if (!fs::exists(dir / kMarker, ec))
            throw InputError("'" + dir.string() +
                             "' already exists and was not made by demo-data; remove it or choose another directory");
        fs::remove_all(dir, ec);
        if (ec)
            throw InputError("'" + dir.string() + "': cannot remove the old demo data (" + ec.message() + ")");
    }
    fs::create_directories(dir, ec);
    std::ofstream marker(dir / kMarker);
    if (ec || !marker)
        throw InputError("'" + dir.string() + "': cannot create the folder");
}

struct Split {
    std::string name;   // "train" or "test"
    std::string prefix; // "train" or "t10k" in the package's file names
    int perClass = 0;
};

// Writes one split of both data sets with two or more threads; returns the number of images per data set.
std::int64_t writeSplit(const fs::path& root, const Split& split, const std::vector<cv::Mat>& photos,
                        std::uint64_t seed, const std::function<void(const std::string&)>& log)
{
    const std::string base = std::string(kFashionDir) + "/" + split.prefix;
    const auto images = readIdx(requireFile(base + "-images-idx3-ubyte.gz", kFashionPackage));
    const auto labels = readIdx(requireFile(base + "-labels-idx1-ubyte.gz", kFashionPackage)).to(torch::kInt64);
    const auto& names = fashionClassNames();
    if (images.dim() != 3 || labels.dim() != 1 || images.size(0) != labels.size(0) || labels.max().item<int>() >= 10)
        throw InputError("'" + base + "-images-idx3-ubyte.gz': unexpected Fashion-MNIST layout");

    std::vector<std::int64_t> chosen;
    std::vector<int> perClass(names.size(), 0);
    auto label = labels.accessor<std::int64_t, 1>();
    for (std::int64_t i = 0; i < label.size(0); ++i)
        if (split.perClass <= 0 || perClass[label[i]] < split.perClass) {
            ++perClass[label[i]];
            chosen.push_back(i);
        }
    for (const char* set : {"fashion", "fashion-m"})
        for (const auto& name : names)
            fs::create_directories(root / set / split.name / name);
    if (log)
        log("demo-data: writing " + std::to_string(chosen.size()) + " " + split.name + " images to fashion/" +
            split.name + " and fashion-m/" + split.name);

    const auto rows = images.size(1), cols = images.size(2);
    const std::uint64_t splitSeed = splitmix64(seed ^ (split.name == "train" ? 0x7261696Eull : 0x74657374ull));
    std::atomic<std::size_t> next{0};
    std::mutex errorMutex;
    std::string firstError;
    auto work = [&] {
        std::string error;
        for (std::size_t k; (k = next++) < chosen.size();) {
            const std::int64_t i = chosen[k];
            char file[16];
            std::snprintf(file, sizeof file, "%05lld.png", static_cast<long long>(i));
            const std::string className = names[label[i]];
            const auto grey = images[i].unsqueeze(0).contiguous(); // [1,H,W]
            const auto greyPath = (root / "fashion" / split.name / className / file).string();
            // MNIST-M: out_c = |patch_c - garment| with a random crop of a random photo.
            std::uint64_t r = splitmix64(splitSeed + static_cast<std::uint64_t>(i));
            const cv::Mat& photo = photos[r % photos.size()];
            r = splitmix64(r);
            const int x0 = static_cast<int>(r % static_cast<std::uint64_t>(photo.cols - cols + 1));
            r = splitmix64(r);
            const int y0 = static_cast<int>(r % static_cast<std::uint64_t>(photo.rows - rows + 1));
            auto colour = torch::empty({3, rows, cols}, torch::kUInt8);
            auto out = colour.accessor<std::uint8_t, 3>();
            auto g = grey.accessor<std::uint8_t, 3>();
            for (int y = 0; y < rows; ++y) {
                const auto* px = photo.ptr<cv::Vec3b>(y0 + y) + x0;
                for (int x = 0; x < cols; ++x)
                    for (int c = 0; c < 3; ++c)
                        out[c][y][x] = static_cast<std::uint8_t>(std::abs(int(px[x][c]) - int(g[0][y][x])));
            }
            const auto colourPath = (root / "fashion-m" / split.name / className / file).string();
            for (const auto& [path, image] : {std::pair{greyPath, grey}, std::pair{colourPath, colour}}) {
                if (!writeImage(path, image, error)) {
                    std::lock_guard<std::mutex> lock(errorMutex);
                    if (firstError.empty())
                        firstError = "'" + path + "': " + error;
                    next = chosen.size(); // stop everyone
                }
            }
        }
    };
    const int threads = std::max(1, std::min<int>(at::get_num_threads(), availableCores()));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (auto& thread : pool)
        thread.join();
    if (!firstError.empty())
        throw InputError(firstError);
    return static_cast<std::int64_t>(chosen.size());
}

} // namespace

void buildDemoData(const std::string& dir, int perClassTrain, int perClassTest, std::uint64_t seed,
                   const std::function<void(const std::string&)>& log)
{
    const auto started = std::chrono::steady_clock::now();
    const fs::path root(dir);
    for (const char* part : {"train", "t10k"})
        for (const char* kind : {"-images-idx3-ubyte.gz", "-labels-idx1-ubyte.gz"})
            requireFile(std::string(kFashionDir) + "/" + part + kind, kFashionPackage);
    const auto photos = loadPhotos();
    if (log)
        log("demo-data: " + std::to_string(photos.size()) + " photos from " + kPhotoDir + " for Fashion-M");

    prepareFolder(root / "fashion");
    prepareFolder(root / "fashion-m");
    std::int64_t written = 0;
    for (const Split& split : {Split{"train", "train", perClassTrain}, Split{"test", "t10k", perClassTest}})
        written += writeSplit(root, split, photos, seed, log);

    for (const auto& [name, json] : demoExperiments()) {
        const auto path = root / name;
        // Keys in reading order rather than nlohmann::json's alphabetical one.
        nlohmann::ordered_json ordered;
        for (const char* key :
             {"name", "strategy", "source", "target", "target_test", "input", "model", "freeze", "train"})
            if (json.contains(key))
                ordered[key] = json[key];
        for (const auto& [key, value] : json.items())
            if (!ordered.contains(key))
                ordered[key] = value;
        std::ofstream out(path);
        out << ordered.dump(2) << "\n";
        if (!out)
            throw InputError("'" + path.string() + "': cannot write the demo experiment");
    }
    {
        const auto path = root / "fashion_attributes.csv"; // read by zeroshot.json
        std::ofstream out(path);
        out << fashionAttributesCsv();
        if (!out)
            throw InputError("'" + path.string() + "': cannot write the attribute table");
    }
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (log) {
        char line[160];
        std::snprintf(line, sizeof line, "demo-data: %lld images per data set and %zu experiments in %.1f s",
                      static_cast<long long>(written), demoExperiments().size(), seconds);
        log(line);
    }
}

#endif

} // namespace ts::engine

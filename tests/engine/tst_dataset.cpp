// Torch first: its headers use the identifier `slots`, which Qt's keywords would break.
#include <torch/torch.h>

#include "engine/core/errors.h"
#include "engine/data/augment.h"
#include "engine/data/dataset.h"
#include "engine/data/idx.h"
#include "engine/data/imagecache.h"
#include "engine/data/imageio.h"
#include "engine/train/trainer.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <zlib.h>

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

using namespace ts::engine;
namespace fs = std::filesystem;

namespace {

// Uniform colour images, so that any resize keeps the pixel values exactly.
void writeMat(const fs::path& path, const cv::Mat& image)
{
    fs::create_directories(path.parent_path());
    QVERIFY2(cv::imwrite(path.string(), image), path.string().c_str());
}

void writeBytes(const fs::path& path, const std::string& bytes)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string idxBytes(const std::vector<std::uint32_t>& dims, const std::vector<std::uint8_t>& data)
{
    std::string bytes{0, 0, 0x08, static_cast<char>(dims.size())};
    for (auto d : dims)
        for (int shift = 24; shift >= 0; shift -= 8)
            bytes.push_back(static_cast<char>((d >> shift) & 0xFF));
    bytes.append(data.begin(), data.end());
    return bytes;
}

void writeIdxFile(const fs::path& path, const std::string& bytes, bool gzip)
{
    if (!gzip)
        return writeBytes(path, bytes);
    gzFile file = gzopen(path.string().c_str(), "wb");
    QVERIFY(file);
    QCOMPARE(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())), static_cast<int>(bytes.size()));
    gzclose(file);
}

std::vector<std::int64_t> toVector(const torch::Tensor& t)
{
    auto c = t.to(torch::kInt64).contiguous();
    return {c.data_ptr<std::int64_t>(), c.data_ptr<std::int64_t>() + c.numel()};
}

// Runs `f`, expects an InputError whose message contains every one of `parts`.
template <typename F> void expectInputError(F f, const QStringList& parts)
{
    try {
        f();
        QFAIL("expected an InputError");
    } catch (const InputError& e) {
        const QString message = QString::fromStdString(e.what());
        for (const auto& part : parts)
            QVERIFY2(message.contains(part), qPrintable("'" + part + "' not in: " + message));
    }
}

// Noise, so that a wrong or stale image cannot match by chance.
cv::Mat noise(int type, int seed)
{
    cv::Mat image(8, 8, type);
    cv::RNG rng(seed);
    rng.fill(image, cv::RNG::UNIFORM, 0, 256);
    return image;
}

// Dates a file an hour back: the image cache leaves files modified in the last seconds out.
void settle(const fs::path& path, std::chrono::seconds extra = std::chrono::seconds(0))
{
    fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::hours(1) + extra);
}

// Loads of the image cache between two stats() calls.
ImageCacheStats since(const ImageCacheStats& before)
{
    auto now = imageCacheStats();
    now.hits -= before.hits;
    now.misses -= before.misses;
    now.evictions -= before.evictions;
    return now;
}

} // namespace

class TestDataset : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    std::string m_root;   // folder dataset: classes ant (4 images), bee (3 + 3 broken), cat (2)
    std::string m_idxDir; // idx files
    InputSpec m_input{8, 8, 1};

    DatasetSpec folder(const std::string& path) const
    {
        DatasetSpec spec;
        spec.path = path;
        return spec;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QVERIFY(haveImageDecoder());
        const fs::path root = fs::path(m_tmp.path().toStdString()) / "folder";
        m_root = root.string();
        // ant: RGBA, 16-bit grey, upper-case extension, and a BMP two folders down.
        writeMat(root / "ant" / "rgba.png", cv::Mat(8, 8, CV_8UC4, cv::Scalar(50, 100, 200, 0)));
        writeMat(root / "ant" / "deep16.png", cv::Mat(8, 8, CV_16UC1, cv::Scalar(100 * 257)));
        writeMat(root / "ant" / "UPPER.PNG", cv::Mat(8, 8, CV_8UC1, cv::Scalar(30)));
        writeMat(root / "ant" / "nested" / "sub" / "inner.bmp", cv::Mat(8, 8, CV_8UC3, cv::Scalar(1, 2, 3)));
        // bee: three good images, and broken files that sort first, in the middle and last.
        writeBytes(root / "bee" / "a_corrupt.png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(40, '\x07'));
        for (int i = 1; i <= 3; ++i)
            writeMat(root / "bee" / ("b" + std::to_string(i) + ".png"), cv::Mat(8, 8, CV_8UC1, cv::Scalar(10 * i)));
        writeBytes(root / "bee" / "empty.png", "");
        writeBytes(root / "bee" / "x.png", "this is not an image\n");
        writeBytes(root / "bee" / "notes.txt", "ignored: not an image extension\n");
        // cat: grey 8x8 and RGB (200, 100, 50), written in BGR order as OpenCV expects.
        writeMat(root / "cat" / "grey.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(77)));
        writeMat(root / "cat" / "rgb.png", cv::Mat(8, 8, CV_8UC3, cv::Scalar(50, 100, 200)));
        fs::create_directories(root / "empty_class"); // no images: not a class

        // Folders for the error cases.
        const fs::path base = m_tmp.path().toStdString();
        writeBytes(base / "broken" / "a" / "bad.png", "not a png");
        writeBytes(base / "broken" / "b" / "empty.jpg", "");
        writeMat(base / "single" / "only" / "one.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(1)));
        writeBytes(base / "plainfile.png", "x");

        m_idxDir = (base / "idx").string();
        fs::create_directories(m_idxDir);
    }

    void decodeImage_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::addColumn<QList<int>>("pixel"); // expected value of each channel, everywhere

        QTest::newRow("grey -> grey") << "cat/grey.png" << 1 << 8 << 8 << QList<int>{77};
        QTest::newRow("grey -> rgb") << "cat/grey.png" << 3 << 8 << 8 << QList<int>{77, 77, 77};
        QTest::newRow("rgb keeps RGB order") << "cat/rgb.png" << 3 << 8 << 8 << QList<int>{200, 100, 50};
        QTest::newRow("rgb -> grey") << "cat/rgb.png" << 1 << 8 << 8 << QList<int>{124};
        QTest::newRow("rgba drops alpha") << "ant/rgba.png" << 3 << 8 << 8 << QList<int>{200, 100, 50};
        QTest::newRow("16-bit -> 8-bit") << "ant/deep16.png" << 1 << 8 << 8 << QList<int>{100};
        QTest::newRow("shrink, non-square") << "cat/rgb.png" << 3 << 4 << 6 << QList<int>{200, 100, 50};
        QTest::newRow("grow, non-square") << "ant/UPPER.PNG" << 1 << 12 << 16 << QList<int>{30};
        QTest::newRow("bmp, nested") << "ant/nested/sub/inner.bmp" << 3 << 8 << 8 << QList<int>{3, 2, 1};
    }

    void decodeImage()
    {
        QFETCH(QString, file);
        QFETCH(int, channels);
        QFETCH(int, height);
        QFETCH(int, width);
        QFETCH(QList<int>, pixel);
        std::string error;
        const auto image = ts::engine::decodeImage(m_root + "/" + file.toStdString(), channels, height, width, error);
        QVERIFY2(image.defined(), error.c_str());
        QVERIFY(error.empty());
        QCOMPARE(image.scalar_type(), torch::kUInt8);
        QCOMPARE(image.sizes().vec(), (std::vector<std::int64_t>{channels, height, width}));
        for (int c = 0; c < channels; ++c) {
            QCOMPARE(image[c].min().item<int>(), pixel[c]);
            QCOMPARE(image[c].max().item<int>(), pixel[c]);
        }
    }

    void decodeBadFile_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("corrupt") << "bee/a_corrupt.png";
        QTest::newRow("empty") << "bee/empty.png";
        QTest::newRow("text named .png") << "bee/x.png";
        QTest::newRow("missing") << "bee/missing.png";
    }

    void decodeBadFile()
    {
        QFETCH(QString, file);
        std::string error;
        const auto image = ts::engine::decodeImage(m_root + "/" + file.toStdString(), 1, 8, 8, error);
        QVERIFY(!image.defined());
        QVERIFY(!error.empty());
    }

    void writeImageRoundTrip()
    {
        auto image = torch::arange(3 * 4 * 5, torch::kInt64).to(torch::kUInt8).view({3, 4, 5});
        const std::string path = m_tmp.filePath("roundtrip.png").toStdString();
        std::string error;
        QVERIFY2(writeImage(path, image, error), error.c_str());
        const auto back = ts::engine::decodeImage(path, 3, 4, 5, error);
        QVERIFY2(back.defined(), error.c_str());
        QVERIFY(torch::equal(back, image));
    }

    void folderSortedRecursive()
    {
        std::vector<std::string> warnings;
        std::int64_t lastDone = -1, lastTotal = -2;
        const auto data = loadDataset(
            folder(m_root), m_input, "source", 1, [&](std::int64_t d, std::int64_t t) { lastDone = d, lastTotal = t; },
            [&](const std::string& w) { warnings.push_back(w); });
        QCOMPARE(data.classNames, (std::vector<std::string>{"ant", "bee", "cat"}));
        QCOMPARE(toVector(data.labels), (std::vector<std::int64_t>{0, 0, 0, 0, 1, 1, 1, 2, 2}));
        const std::vector<std::string> expected{"ant/UPPER.PNG", "ant/deep16.png", "ant/nested/sub/inner.bmp",
                                                "ant/rgba.png",  "bee/b1.png",     "bee/b2.png",
                                                "bee/b3.png",    "cat/grey.png",   "cat/rgb.png"};
        QCOMPARE(data.files.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i)
            QCOMPARE(fs::path(data.files[i]), fs::path(m_root) / expected[i]);
        QCOMPARE(data.images.sizes().vec(), (std::vector<std::int64_t>{9, 1, 8, 8}));
        QCOMPARE(data.labeled.sum().item<int>(), 9);
        QCOMPARE(lastDone, lastTotal);
        QCOMPARE(lastTotal, std::int64_t(12));
        QCOMPARE(data.classCounts(), (std::vector<std::int64_t>{4, 3, 2}));
        // bee's b2.png holds 20 everywhere.
        QCOMPARE(data.images[5].max().item<int>(), 20);
        QCOMPARE(data.images[5].min().item<int>(), 20);
    }

    void decodeThreadsKeepOrder()
    {
        // Any number of decoding threads gives the same images, labels, files and skipped files.
        const auto one = loadDataset(folder(m_root), m_input, "source", 1, {}, {}, 1);
        for (int threads : {2, 5}) {
            const auto many = loadDataset(folder(m_root), m_input, "source", 1, {}, {}, threads);
            QVERIFY(torch::equal(one.images, many.images));
            QVERIFY(torch::equal(one.labels, many.labels));
            QCOMPARE(one.files, many.files);
            QCOMPARE(one.skippedFiles, many.skippedFiles);
        }
    }

    void skippedFilesNamed()
    {
        std::vector<std::string> warnings;
        const auto data =
            loadDataset(folder(m_root), m_input, "target", 1, {}, [&](const std::string& w) { warnings.push_back(w); });
        QCOMPARE(data.skippedFiles.size(), std::size_t(3));
        QCOMPARE(warnings, data.skippedFiles);
        for (const char* name : {"a_corrupt.png", "empty.png", "x.png"}) {
            const auto hit =
                std::count_if(data.skippedFiles.begin(), data.skippedFiles.end(), [&](const std::string& s) {
                    return s.rfind((fs::path(m_root) / "bee" / name).string() + ": ", 0) == 0 &&
                           s.size() > std::strlen(name) + 2;
                });
            QVERIFY2(hit == 1, name);
        }
    }

    void convertAndResize_data()
    {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::newRow("rgb 6x10") << 3 << 6 << 10;
        QTest::newRow("grey 16x4") << 1 << 16 << 4;
    }

    void convertAndResize()
    {
        QFETCH(int, channels);
        QFETCH(int, height);
        QFETCH(int, width);
        const auto data = loadDataset(folder(m_root), InputSpec{height, width, channels}, "source", 1);
        QCOMPARE(data.images.sizes().vec(), (std::vector<std::int64_t>{9, channels, height, width}));
        QCOMPARE(data.images.scalar_type(), torch::kUInt8);
        const auto rgb = data.images[8]; // cat/rgb.png
        QCOMPARE(rgb[0].max().item<int>(), channels == 3 ? 200 : 124);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QStringList>("classes");
        QTest::addColumn<QStringList>("expected"); // parts of the message
        const QString base = m_tmp.path();
        QTest::newRow("missing path") << base + "/nowhere" << QStringList{}
                                      << QStringList{"role_x: ", base + "/nowhere", "does not exist"};
        QTest::newRow("not a directory") << base + "/plainfile.png" << QStringList{}
                                         << QStringList{"role_x: ", base + "/plainfile.png", "not a directory"};
        QTest::newRow("no readable image")
            << base + "/broken" << QStringList{} << QStringList{"role_x: ", base + "/broken", "no readable image"};
        QTest::newRow("one class") << base + "/single" << QStringList{}
                                   << QStringList{"role_x: ", base + "/single", "at least 2"};
        QTest::newRow("one class chosen")
            << QString::fromStdString(m_root) << QStringList{"cat"} << QStringList{"role_x: ", "at least 2"};
        QTest::newRow("unknown class") << QString::fromStdString(m_root) << QStringList{"ant", "zebra"}
                                       << QStringList{"role_x: ", "'zebra'", "ant, bee, cat"};
        QTest::newRow("no class folders")
            << base + "/folder/cat" << QStringList{} << QStringList{"role_x: ", "no class subfolders"};
    }

    void errors()
    {
        QFETCH(QString, path);
        QFETCH(QStringList, classes);
        QFETCH(QStringList, expected);
        auto spec = folder(path.toStdString());
        for (const auto& c : classes)
            spec.classes.push_back(c.toStdString());
        expectInputError([&] { loadDataset(spec, m_input, "role_x", 1); }, expected);
    }

    void classesSubset()
    {
        auto spec = folder(m_root);
        spec.classes = {"cat", "ant"};
        const auto data = loadDataset(spec, m_input, "source", 1);
        QCOMPARE(data.classNames, (std::vector<std::string>{"ant", "cat"})); // folder order, not list order
        QCOMPARE(toVector(data.labels), (std::vector<std::int64_t>{0, 0, 0, 0, 1, 1}));
        QVERIFY(data.skippedFiles.empty()); // bee's broken files were never read
    }

    void limitPerClass_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addColumn<QList<qint64>>("counts");
        QTest::newRow("1") << 1 << QList<qint64>{1, 1, 1};
        QTest::newRow("2") << 2 << QList<qint64>{2, 2, 2};
        QTest::newRow("3 (more than cat has)") << 3 << QList<qint64>{3, 3, 2};
        QTest::newRow("0 keeps all") << 0 << QList<qint64>{4, 3, 2};
    }

    void limitPerClass()
    {
        QFETCH(int, limit);
        QFETCH(QList<qint64>, counts);
        auto spec = folder(m_root);
        spec.limitPerClass = limit;
        const auto data = loadDataset(spec, m_input, "source", 1);
        const auto have = data.classCounts();
        QCOMPARE(QList<qint64>(have.begin(), have.end()), counts);
        if (limit > 0) {
            // The first files in sorted order; bee's a_corrupt.png is replaced by the next readable file.
            QCOMPARE(fs::path(data.files[0]).filename().string(), std::string("UPPER.PNG"));
            QCOMPARE(fs::path(data.files[counts[0]]).filename().string(), std::string("b1.png"));
        }
    }

    void labeledPerClass()
    {
        auto spec = folder(m_root);
        spec.labeledPerClass = 2;
        const auto a = loadDataset(spec, m_input, "target", 7);
        const auto b = loadDataset(spec, m_input, "target", 7);
        QCOMPARE(a.size(), std::int64_t(9)); // every image is kept, only labels are hidden
        QVERIFY(torch::equal(a.labeled, b.labeled));
        const auto subset = a.labeledSubset();
        QCOMPARE(subset.classCounts(), (std::vector<std::int64_t>{2, 2, 2}));
        QCOMPARE(subset.files.size(), std::size_t(6));
        bool differs = false;
        for (std::uint64_t seed = 8; seed < 20 && !differs; ++seed)
            differs = !torch::equal(loadDataset(spec, m_input, "target", seed).labeled, a.labeled);
        QVERIFY2(differs, "the labeled choice ignores the seed");

        spec.labeledPerClass = 0;
        QCOMPARE(loadDataset(spec, m_input, "target", 7).labeled.sum().item<int>(), 0);
    }

    void unlabeledFolder()
    {
        auto spec = folder(m_root);
        spec.format = "unlabeled";
        const auto data = loadDataset(spec, m_input, "target", 1);
        QCOMPARE(data.size(), std::int64_t(9));
        QVERIFY(data.classNames.empty());
        QVERIFY(!data.hasLabels());
        QCOMPARE(data.labels.eq(-1).sum().item<int>(), 9);
        QCOMPARE(data.labeled.sum().item<int>(), 0);
        QCOMPARE(data.skippedFiles.size(), std::size_t(3));
    }

    void stratifiedSplit_data()
    {
        QTest::addColumn<double>("fraction");
        QTest::addColumn<QList<qint64>>("held"); // per class, classes of 10, 5, 2 and 1 images
        QTest::newRow("0") << 0.0 << QList<qint64>{0, 0, 0, 0};
        QTest::newRow("0.2") << 0.2 << QList<qint64>{2, 1, 1, 0};
        QTest::newRow("0.5") << 0.5 << QList<qint64>{5, 3, 1, 0};
        QTest::newRow("0.05 keeps one out") << 0.05 << QList<qint64>{1, 1, 1, 0};
    }

    void stratifiedSplit()
    {
        QFETCH(double, fraction);
        QFETCH(QList<qint64>, held);
        Dataset data;
        data.classNames = {"a", "b", "c", "d"};
        std::vector<std::int64_t> labels;
        int c = 0;
        for (int count : {10, 5, 2, 1})
            labels.insert(labels.end(), count, c++);
        const auto n = static_cast<std::int64_t>(labels.size());
        data.labels = torch::tensor(labels);
        data.images = torch::arange(n).to(torch::kUInt8).view({n, 1, 1, 1}); // pixel = row
        data.labeled = torch::ones({n}, torch::kBool);
        for (std::int64_t i = 0; i < n; ++i)
            data.files.push_back(std::to_string(i));

        const auto [kept, out] = ts::engine::stratifiedSplit(data, fraction, 3);
        const auto outCounts = out.classCounts();
        QCOMPARE(QList<qint64>(outCounts.begin(), outCounts.end()), held);
        QCOMPARE(kept.size() + out.size(), n);
        std::set<std::int64_t> rows;
        for (const auto& part : {kept, out})
            for (auto v : toVector(part.images.view({-1})))
                rows.insert(v);
        QCOMPARE(static_cast<std::int64_t>(rows.size()), n); // disjoint and complete
        for (const auto& part : {kept, out})                 // files follow their images
            for (std::int64_t i = 0; i < part.size(); ++i)
                QCOMPARE(part.files[i], std::to_string(part.images[i].item<int>()));

        const auto again = ts::engine::stratifiedSplit(data, fraction, 3);
        QVERIFY(torch::equal(again.second.images, out.images));
        if (fraction >= 0.2) {
            bool differs = false;
            for (std::uint64_t seed = 4; seed < 20 && !differs; ++seed)
                differs = !torch::equal(ts::engine::stratifiedSplit(data, fraction, seed).second.images, out.images);
            QVERIFY2(differs, "the split ignores the seed");
        }
    }

    void idx_data()
    {
        QTest::addColumn<bool>("gzip");
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("height");
        QTest::addColumn<int>("width");
        QTest::newRow("plain, native size") << false << 1 << 4 << 5;
        QTest::newRow("gzip, native size") << true << 1 << 4 << 5;
        QTest::newRow("gzip, rgb, grown") << true << 3 << 8 << 10;
        QTest::newRow("plain, shrunk") << false << 1 << 2 << 5;
    }

    void idx()
    {
        QFETCH(bool, gzip);
        QFETCH(int, channels);
        QFETCH(int, height);
        QFETCH(int, width);
        // Six uniform 4x5 images: image i holds 40 * i; labels 0 1 2 0 1 2.
        std::vector<std::uint8_t> pixels;
        for (int i = 0; i < 6; ++i)
            pixels.insert(pixels.end(), 20, static_cast<std::uint8_t>(40 * i));
        const std::string suffix = gzip ? ".gz" : "";
        const auto images = m_idxDir + "/images" + suffix, labels = m_idxDir + "/labels" + suffix;
        writeIdxFile(images, idxBytes({6, 4, 5}, pixels), gzip);
        writeIdxFile(labels, idxBytes({6}, {0, 1, 2, 0, 1, 2}), gzip);

        const auto raw = readIdx(images);
        QCOMPARE(raw.sizes().vec(), (std::vector<std::int64_t>{6, 4, 5}));
        QCOMPARE(raw[5][3][4].item<int>(), 200);

        DatasetSpec spec;
        spec.format = "idx";
        spec.images = images;
        spec.labels = labels;
        auto data = loadDataset(spec, InputSpec{height, width, channels}, "source", 1);
        QCOMPARE(data.classNames, (std::vector<std::string>{"0", "1", "2"}));
        QCOMPARE(toVector(data.labels), (std::vector<std::int64_t>{0, 1, 2, 0, 1, 2}));
        QCOMPARE(data.images.sizes().vec(), (std::vector<std::int64_t>{6, channels, height, width}));
        QCOMPARE(data.images[4].min().item<int>(), 160);
        QCOMPARE(data.images[4].max().item<int>(), 160);
        QCOMPARE(data.files[4], images + "#4");

        spec.classNames = {"zero", "one", "two"};
        spec.classes = {"two", "zero"};
        spec.limitPerClass = 1;
        data = loadDataset(spec, InputSpec{height, width, channels}, "source", 1);
        QCOMPARE(data.classNames, (std::vector<std::string>{"zero", "two"}));
        QCOMPARE(toVector(data.labels), (std::vector<std::int64_t>{0, 1}));
        QCOMPARE(data.images[1].max().item<int>(), 80); // image 2, the first "two"
    }

    void idxErrors_data()
    {
        QTest::addColumn<QByteArray>("imageBytes");
        QTest::addColumn<QByteArray>("labelBytes");
        QTest::addColumn<bool>("gzip");
        QTest::addColumn<QString>("culprit"); // "images" or "labels"
        QTest::addColumn<QString>("expected");
        const auto good = QByteArray::fromStdString(idxBytes({2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 8}));
        const auto goodLabels = QByteArray::fromStdString(idxBytes({2}, {0, 1}));
        auto badMagic = good;
        badMagic[0] = 'P';
        QTest::newRow("bad magic") << badMagic << goodLabels << false << "images"
                                   << "bad magic";
        QTest::newRow("bad magic, gz") << badMagic << goodLabels << true << "images"
                                       << "bad magic";
        QTest::newRow("truncated body") << good.left(good.size() - 3) << goodLabels << false << "images"
                                        << "truncated";
        QTest::newRow("truncated body, gz") << good.left(good.size() - 3) << goodLabels << true << "images"
                                            << "truncated";
        QTest::newRow("truncated header") << good.left(6) << goodLabels << false << "images"
                                          << "truncated";
        QTest::newRow("count mismatch") << good << QByteArray::fromStdString(idxBytes({3}, {0, 1, 1})) << false
                                        << "labels"
                                        << "labels";
        QTest::newRow("one class") << good << QByteArray::fromStdString(idxBytes({2}, {1, 1})) << false << "labels"
                                   << "at least 2";
    }

    void idxErrors()
    {
        QFETCH(QByteArray, imageBytes);
        QFETCH(QByteArray, labelBytes);
        QFETCH(bool, gzip);
        QFETCH(QString, culprit);
        QFETCH(QString, expected);
        DatasetSpec spec;
        spec.format = "idx";
        spec.images = m_idxDir + "/bad-images" + (gzip ? ".gz" : "");
        spec.labels = m_idxDir + "/bad-labels" + (gzip ? ".gz" : "");
        writeIdxFile(spec.images, imageBytes.toStdString(), gzip);
        writeIdxFile(spec.labels, labelBytes.toStdString(), gzip);
        const auto path = QString::fromStdString(culprit == "images" ? spec.images : spec.labels);
        expectInputError([&] { loadDataset(spec, m_input, "source", 1); }, {"source: ", path, expected});
    }

    void idxMissingFile()
    {
        const std::string path = m_idxDir + "/does-not-exist.gz";
        expectInputError([&] { readIdx(path); }, {QString::fromStdString(path), "does not exist"});
    }

    void normalize()
    {
        const auto x = torch::tensor({0, 255, 51}, torch::kUInt8);
        const auto y = normalizeImages(x, {0.5}, {0.5});
        QCOMPARE(y.scalar_type(), torch::kFloat32);
        QCOMPARE(y[0].item<float>(), -1.0f);
        QCOMPARE(y[1].item<float>(), 1.0f);
        QVERIFY(std::abs(y[2].item<float>() + 0.6f) < 1e-6f);
    }

    // Per channel: (x / 255 - mean[c]) / std[c]; one value applies to every channel.
    void normalizePerChannel()
    {
        const auto x = torch::tensor({0, 51, 255}, torch::kUInt8).view({1, 3, 1, 1});
        const auto y = normalizeImages(x, {0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}).view({3});
        const float expected[3] = {(0.0f - 0.485f) / 0.229f, (0.2f - 0.456f) / 0.224f, (1.0f - 0.406f) / 0.225f};
        for (int c = 0; c < 3; ++c)
            QVERIFY2(std::abs(y[c].item<float>() - expected[c]) < 1e-5f, qPrintable(QString::number(c)));
        const auto z = normalizeImages(x, {0.2}, {0.5, 0.5, 0.25}).view({3});
        QVERIFY(std::abs(z[2].item<float>() - (1.0f - 0.2f) / 0.25f) < 1e-5f);
        expectInputError([&] { normalizeImages(x, {0.1, 0.2}, {1.0}); }, {"input.normalize", "1 or 3 values"});
    }

    // The default (symmetric) gives exactly the bits of the former (x / 255 - 0.5) / 0.5, also per channel.
    void normalizeDefaultBitIdentical()
    {
        const auto x = torch::arange(0, 256, torch::kInt64).to(torch::kUInt8).view({4, 1, 8, 8}).repeat({1, 3, 1, 1});
        const auto before = (x.to(torch::kFloat32) / 255.0 - 0.5) / 0.5;
        QVERIFY(torch::equal(normalizeImages(x, {0.5}, {0.5}), before));
        QVERIFY(torch::equal(normalizeImages(x, {0.5, 0.5, 0.5}, {0.5, 0.5, 0.5}), before));
    }

    // The normalisation works in place on a copy: the bits of the out-of-place formula, per channel too, and
    // the caller's images untouched, float ones included (for which the conversion to float copies nothing).
    void normalizeLeavesInputUntouched()
    {
        const auto x = torch::arange(0, 256, torch::kInt64).to(torch::kUInt8).view({4, 1, 8, 8}).repeat({1, 3, 1, 1});
        const auto mean = torch::tensor({0.485f, 0.456f, 0.406f}).view({1, 3, 1, 1});
        const auto stddev = torch::tensor({0.229f, 0.224f, 0.225f}).view({1, 3, 1, 1});
        for (const auto& images : {x, x.to(torch::kFloat32)}) {
            const auto copy = images.clone();
            const auto expected = (images.to(torch::kFloat32) / 255.0 - mean) / stddev;
            QVERIFY(torch::equal(normalizeImages(images, {0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}), expected));
            QVERIFY(
                torch::equal(normalizeImages(images, {0.5}, {0.5}), (images.to(torch::kFloat32) / 255.0 - 0.5) / 0.5));
            QVERIFY(torch::equal(images, copy));
        }
        const auto unit = x.to(torch::kFloat32) / 255.0;
        const auto unitCopy = unit.clone();
        QVERIFY(torch::equal(normalizeUnitImages(unit, {0.485, 0.456, 0.406}, {0.229, 0.224, 0.225}),
                             (unit - mean) / stddev));
        QVERIFY(torch::equal(unit, unitCopy));
    }

    // A dataset carries the input's normalisation into every batch, subsets and splits included.
    void datasetCarriesNormalization()
    {
        InputSpec input{8, 8, 3};
        input.normalize = "imagenet";
        input.mean = {0.485, 0.456, 0.406};
        input.std = {0.229, 0.224, 0.225};
        const auto data = loadDataset(folder(m_root), input, "target", 1);
        QCOMPARE(data.channelMean, input.mean);
        const auto part = ts::engine::stratifiedSplit(data, 0.3, 1).second;
        QCOMPARE(part.channelStd, input.std);
        const auto index = torch::arange(part.size());
        const auto expected = normalizeImages(part.images, input.mean, input.std);
        QVERIFY(torch::equal(batchImages(part, index, torch::kCPU), expected));
        QVERIFY(torch::equal(normalizedImages(part), expected));
        const auto symmetric = loadDataset(folder(m_root), InputSpec{8, 8, 3}, "target", 1);
        QVERIFY(!torch::equal(batchImages(symmetric, torch::arange(symmetric.size()), torch::kCPU),
                              batchImages(data, torch::arange(data.size()), torch::kCPU)));
    }

    // --- format "csv" ----------------------------------------------------------------------------------

    // A label list over csv/img: header, CRLF, quoted fields (a comma in a name), blank lines, a path up a
    // folder, and rows of one class spread over the file.
    void csvList()
    {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "csv";
        writeMat(dir / "img" / "d1.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(11)));
        writeMat(dir / "img" / "d,2.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(12)));
        writeMat(dir / "img" / "c1.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(21)));
        writeMat(dir / "img" / "c2.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(22)));
        writeMat(dir.parent_path() / "csv_outside.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(23)));
        writeBytes(dir / "labels.csv", "path,label\r\nimg/d1.png,dog\r\n\"img/d,2.png\",dog\r\n\r\n"
                                       "img/c1.png , cat\r\n../csv_outside.png,\"cat\"\r\n\"img/c2.png\",cat\r\n");
        DatasetSpec spec;
        spec.format = "csv";
        spec.path = (dir / "labels.csv").string();
        const auto data = loadDataset(spec, m_input, "target", 1);
        QCOMPARE(data.classNames, (std::vector<std::string>{"cat", "dog"})); // sorted, as class folders are
        QCOMPARE(toVector(data.labels), (std::vector<std::int64_t>{0, 0, 0, 1, 1}));
        QCOMPARE(fs::path(data.files[1]).filename().string(), std::string("csv_outside.png")); // file order
        QCOMPARE(fs::path(data.files[4]).filename().string(), std::string("d,2.png"));
        QCOMPARE(data.images[4].max().item<int>(), 12);
        QVERIFY(data.skippedFiles.empty());

        // classes, limit_per_class and labeled_per_class work as for folders.
        spec.classes = {"dog"};
        expectInputError([&] { loadDataset(spec, m_input, "target", 1); }, {"at least 2"});
        spec.classes = {"cat", "dog", "emu"};
        expectInputError([&] { loadDataset(spec, m_input, "target", 1); }, {"unknown class 'emu'", "cat, dog"});
        spec.classes = {};
        spec.limitPerClass = 2;
        QCOMPARE(loadDataset(spec, m_input, "target", 1).classCounts(), (std::vector<std::int64_t>{2, 2}));
        spec.limitPerClass = 0;
        spec.labeledPerClass = 1;
        QCOMPARE(loadDataset(spec, m_input, "target", 1).labeled.sum().item<std::int64_t>(), 2);
    }

    // An image that exists but cannot be decoded is skipped and named, as in folders; the next row of its
    // class takes its place under limit_per_class.
    void csvCorruptSkipped()
    {
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "csvbad";
        writeMat(dir / "a1.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(1)));
        writeMat(dir / "a2.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(2)));
        writeBytes(dir / "broken.png", "not a png");
        writeMat(dir / "b1.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(3)));
        writeBytes(dir / "list.csv", "broken.png,a\na1.png,a\na2.png,a\nb1.png,b\n");
        DatasetSpec spec;
        spec.format = "csv";
        spec.path = (dir / "list.csv").string();
        spec.limitPerClass = 2;
        std::vector<std::string> warnings;
        const auto data =
            loadDataset(spec, m_input, "source", 1, {}, [&](const std::string& w) { warnings.push_back(w); });
        QCOMPARE(data.classCounts(), (std::vector<std::int64_t>{2, 1}));
        QCOMPARE(data.skippedFiles.size(), std::size_t(1));
        QVERIFY2(data.skippedFiles[0].rfind((dir / "broken.png").string() + ": ", 0) == 0,
                 data.skippedFiles[0].c_str());
        QCOMPARE(warnings, data.skippedFiles);
    }

    void csvErrors_data()
    {
        QTest::addColumn<QString>("text"); // contents of bad.csv ("<dir>" for a folder named bad.csv)
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("image not found") << "path,label\nok.png,a\nok.png,b\n\nmissing.png,b\n"
                                         << QStringList{"role_x: ", "bad.csv:5: image 'missing.png' not found"};
        QTest::newRow("missing label column") << "ok.png,a\nok.png\n"
                                              << QStringList{"bad.csv:2: missing label column (expected path,label)"};
        QTest::newRow("empty label") << "ok.png,a\nok.png,\n" << QStringList{"bad.csv:2: empty label for 'ok.png'"};
        QTest::newRow("empty path") << "ok.png,a\n\"\",b\n" << QStringList{"bad.csv:2: empty image path"};
        QTest::newRow("three columns") << "ok.png,a,extra\n"
                                       << QStringList{"bad.csv:1: expected 2 columns (path,label), found 3"};
        QTest::newRow("quote not closed") << "ok.png,a\n\"ok.png,b\n"
                                          << QStringList{"bad.csv:2: a quoted field is not closed"};
        QTest::newRow("empty file") << "" << QStringList{"role_x: ", "bad.csv: no rows"};
        QTest::newRow("header only") << "path,label\n" << QStringList{"bad.csv: no rows"};
        QTest::newRow("one class") << "ok.png,a\nok.png,a\n" << QStringList{"bad.csv", "1 class", "at least 2"};
        QTest::newRow("a folder") << "<dir>" << QStringList{"bad.csv' is a folder", "format 'folder'"};
        QTest::newRow("no file") << "<none>" << QStringList{"role_x: ", "bad.csv' does not exist"};
    }

    void csvErrors()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        const fs::path dir = fs::path(m_tmp.path().toStdString()) / "csverr" / QTest::currentDataTag();
        writeMat(dir / "ok.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(5)));
        if (text == "<dir>")
            fs::create_directories(dir / "bad.csv");
        else if (text != "<none>")
            writeBytes(dir / "bad.csv", text.toStdString());
        DatasetSpec spec;
        spec.format = "csv";
        spec.path = (dir / "bad.csv").string();
        expectInputError([&] { loadDataset(spec, m_input, "role_x", 1); }, expected);
    }

    // --- train.augment -----------------------------------------------------------------------------------

    static torch::Tensor ramp(int n) // [n, 3, 6, 8] in [0, 1], different in every pixel and image
    {
        return (torch::arange(n * 3 * 6 * 8, torch::kFloat32).view({n, 3, 6, 8}) % 97) / 96.0;
    }

    void augmentOffIsIdentity()
    {
        Augmenter off(AugmentSpec{}, 1);
        QVERIFY(!off.on());
        const auto x = ramp(4);
        QVERIFY(torch::equal(off.apply(x), x));
        // A training batch without augmentation is exactly the evaluation batch.
        const auto data = loadDataset(folder(m_root), InputSpec{8, 8, 3}, "target", 1);
        const auto index = torch::tensor({3, 0, 5}, torch::kInt64);
        QVERIFY(
            torch::equal(trainingBatchImages(data, index, torch::kCPU, off), batchImages(data, index, torch::kCPU)));
    }

    void augmentSeeded_data()
    {
        QTest::addColumn<bool>("crop");
        QTest::addColumn<bool>("flip");
        QTest::addColumn<double>("jitter");
        QTest::newRow("crop") << true << false << 0.0;
        QTest::newRow("flip") << false << true << 0.0;
        QTest::newRow("jitter") << false << false << 0.3;
        QTest::newRow("all") << true << true << 0.1;
    }

    // Same seed, same draws batch after batch; another seed, other draws. Shape and range are kept.
    void augmentSeeded()
    {
        QFETCH(bool, crop);
        QFETCH(bool, flip);
        QFETCH(double, jitter);
        AugmentSpec spec;
        spec.crop = crop;
        spec.cropScaleMin = 0.3;
        spec.flip = flip;
        spec.jitter = jitter;
        Augmenter a(spec, 42), b(spec, 42), c(spec, 43);
        const auto x = ramp(16);
        bool differsFromInput = false, differsFromOtherSeed = false;
        for (int batch = 0; batch < 3; ++batch) {
            const auto ya = a.apply(x), yb = b.apply(x), yc = c.apply(x);
            QCOMPARE(ya.sizes().vec(), x.sizes().vec());
            QVERIFY(torch::equal(ya, yb));
            QVERIFY(ya.min().item<float>() >= 0 && ya.max().item<float>() <= 1);
            differsFromInput |= !torch::allclose(ya, x);
            differsFromOtherSeed |= !torch::equal(ya, yc);
        }
        QVERIFY(differsFromInput);
        QVERIFY(differsFromOtherSeed);
    }

    // Each image is either itself or its exact mirror image, and both happen.
    void augmentFlipFlips()
    {
        AugmentSpec spec;
        spec.flip = true;
        Augmenter flipper(spec, 7);
        const auto x = ramp(32);
        const auto y = flipper.apply(x);
        int flipped = 0, kept = 0;
        for (int i = 0; i < 32; ++i) {
            if (torch::equal(y[i], x[i].flip({2})))
                ++flipped;
            else if (torch::equal(y[i], x[i]))
                ++kept;
        }
        QCOMPARE(flipped + kept, 32);
        QVERIFY(flipped > 0 && kept > 0);
    }

    // The crop is scaled back to the input size; a crop of the whole image (scale 1, ratio 1) is the image.
    void augmentCropKeepsShape()
    {
        AugmentSpec spec;
        spec.crop = true;
        spec.cropScaleMin = 0.25;
        spec.cropScaleMax = 0.5;
        Augmenter cropper(spec, 3);
        const auto x = ramp(8);
        const auto y = cropper.apply(x);
        QCOMPARE(y.sizes().vec(), x.sizes().vec());
        // A crop of at most half the area shows a smaller range of the ramp's rows.
        QVERIFY(!torch::allclose(y, x));
        spec.cropScaleMin = spec.cropScaleMax = 1;
        spec.cropRatioMin = spec.cropRatioMax = 8.0 / 6.0; // the images' own width / height
        Augmenter whole(spec, 3);
        QVERIFY(torch::allclose(whole.apply(x), x, 0, 1e-5));
    }

    // Image cache (engine/data/imagecache.h): a folder of settled noise images, classes a (3) and b (2).
    std::string cacheFolder(const std::string& name, int type)
    {
        const fs::path root = fs::path(m_tmp.path().toStdString()) / name;
        int seed = 0;
        for (const char* file : {"a/1.png", "a/2.png", "a/3.png", "b/1.png", "b/2.png"}) {
            writeMat(root / file, noise(type, ++seed));
            settle(root / file);
        }
        return root.string();
    }

    void imageCacheReuse_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("channels");
        QTest::newRow("grey") << CV_8UC1 << 1;
        QTest::newRow("rgb") << CV_8UC3 << 3;
        QTest::newRow("rgb -> grey") << CV_8UC3 << 1;
    }

    void imageCacheReuse()
    {
        QFETCH(int, type);
        QFETCH(int, channels);
        qunsetenv("TS_IMAGE_CACHE_MB");
        clearImageCache();
        const std::string root = cacheFolder(std::string("reuse_") + QTest::currentDataTag(), type);
        const InputSpec input{8, 8, channels};
        auto first = loadDataset(folder(root), input, "source", 1);
        auto stats = imageCacheStats();
        QCOMPARE(stats.hits, std::int64_t(0));
        QCOMPARE(stats.misses, std::int64_t(5));
        QCOMPARE(stats.entries, std::int64_t(5));
        QCOMPARE(stats.bytes, std::int64_t(5 * channels * 8 * 8));
        const auto pixels = first.images.clone();
        first.images.fill_(0); // the dataset's own copy: the cache must not see this

        const auto second = loadDataset(folder(root), input, "target", 1, {}, {}, 2);
        stats = imageCacheStats();
        QCOMPARE(stats.hits, std::int64_t(5));
        QCOMPARE(stats.misses, std::int64_t(5));
        QVERIFY(torch::equal(second.images, pixels));
        QCOMPARE(second.files, first.files);
        QVERIFY(torch::equal(second.labels, first.labels));

        // Another size is another entry.
        const auto small = loadDataset(folder(root), InputSpec{4, 4, channels}, "source", 1);
        stats = imageCacheStats();
        QCOMPARE(stats.hits, std::int64_t(5));
        QCOMPARE(stats.misses, std::int64_t(10));
        QCOMPARE(small.images.sizes().vec(), (std::vector<std::int64_t>{5, channels, 4, 4}));
    }

    void imageCacheConcurrentLoads()
    {
        // The data panel's thread and the run's thread may load the same folder at once.
        qunsetenv("TS_IMAGE_CACHE_MB");
        clearImageCache();
        const std::string root = cacheFolder("concurrent", CV_8UC3);
        const InputSpec input{8, 8, 3};
        const auto reference = loadDataset(folder(root), input, "source", 1);
        clearImageCache();
        std::vector<Dataset> loaded(4);
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < loaded.size(); ++t)
            threads.emplace_back([&, t] {
                for (int round = 0; round < 5; ++round)
                    loaded[t] = loadDataset(folder(root), input, "source", 1, {}, {}, 2);
            });
        for (auto& thread : threads)
            thread.join();
        for (const auto& data : loaded)
            QVERIFY(torch::equal(data.images, reference.images));
        const auto stats = imageCacheStats();
        QCOMPARE(stats.hits + stats.misses, std::int64_t(4 * 5 * 5));
        QVERIFY(stats.hits >= 4 * 4 * 5); // every round after a thread's first is served from memory
        QCOMPARE(stats.entries, std::int64_t(5));
    }

    void imageCacheEditedFile()
    {
        qunsetenv("TS_IMAGE_CACHE_MB");
        clearImageCache();
        const fs::path root = fs::path(m_tmp.path().toStdString()) / "edited";
        const fs::path file = root / "edit" / "one.bmp";
        writeMat(file, cv::Mat(8, 8, CV_8UC1, cv::Scalar(10)));
        settle(file);
        writeMat(root / "keep" / "two.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(99)));
        settle(root / "keep" / "two.png");
        const auto before = loadDataset(folder(root.string()), m_input, "source", 1);
        QCOMPARE(before.images[0].max().item<int>(), 10);
        const auto size = fs::file_size(file);
        const auto stamp = fs::last_write_time(file);

        // Same size (BMP is not compressed) and the same time: the image comes from memory, not from the file.
        writeMat(file, cv::Mat(8, 8, CV_8UC1, cv::Scalar(20)));
        fs::last_write_time(file, stamp);
        QCOMPARE(fs::file_size(file), size);
        const auto stale = loadDataset(folder(root.string()), m_input, "source", 1);
        QCOMPARE(stale.images[0].max().item<int>(), 10);

        // One second newer: decoded again.
        fs::last_write_time(file, stamp + std::chrono::seconds(1));
        const auto stats = imageCacheStats();
        const auto after = loadDataset(folder(root.string()), m_input, "source", 1);
        QCOMPARE(after.images[0].min().item<int>(), 20);
        QCOMPARE(after.images[0].max().item<int>(), 20);
        QCOMPARE(after.images[1].max().item<int>(), 99);
        QCOMPARE(since(stats).hits, std::int64_t(1)); // the file that did not change
        QCOMPARE(since(stats).misses, std::int64_t(1));
    }

    void imageCacheSkipsYoungFiles()
    {
        // A file written just now could be rewritten within its timestamp's granularity: not cached.
        qunsetenv("TS_IMAGE_CACHE_MB");
        clearImageCache();
        const fs::path root = fs::path(m_tmp.path().toStdString()) / "young";
        writeMat(root / "a" / "one.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(10)));
        writeMat(root / "b" / "two.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(20)));
        loadDataset(folder(root.string()), m_input, "source", 1);
        writeMat(root / "a" / "one.png", cv::Mat(8, 8, CV_8UC1, cv::Scalar(30)));
        const auto data = loadDataset(folder(root.string()), m_input, "source", 1);
        QCOMPARE(data.images[0].max().item<int>(), 30);
        QCOMPARE(imageCacheStats().hits, std::int64_t(0));
        QCOMPARE(imageCacheStats().entries, std::int64_t(0));
    }

    void imageCacheCorruptNamedEachLoad()
    {
        qunsetenv("TS_IMAGE_CACHE_MB");
        clearImageCache();
        const std::string root = cacheFolder("corrupt", CV_8UC1);
        const fs::path bad = fs::path(root) / "a" / "0_bad.png";
        writeBytes(bad, std::string("\x89PNG\r\n\x1a\n", 8) + std::string(40, '\x07'));
        settle(bad);
        for (int load = 1; load <= 2; ++load) {
            std::vector<std::string> warnings;
            const auto data = loadDataset(folder(root), m_input, "source", 1, {},
                                          [&](const std::string& w) { warnings.push_back(w); });
            QCOMPARE(data.size(), std::int64_t(5));
            QCOMPARE(data.skippedFiles.size(), std::size_t(1));
            QVERIFY2(data.skippedFiles[0].rfind(bad.string() + ": ", 0) == 0, data.skippedFiles[0].c_str());
            QCOMPARE(warnings, data.skippedFiles);
        }
        const auto stats = imageCacheStats();
        QCOMPARE(stats.entries, std::int64_t(5));
        QCOMPARE(stats.hits, std::int64_t(5));
        QCOMPARE(stats.misses, std::int64_t(7)); // the corrupt file, decoded on both loads
    }

    void imageCacheBudgetFromEnvironment_data()
    {
        QTest::addColumn<QByteArray>("value"); // "unset" leaves the variable out
        QTest::addColumn<qint64>("bytes");
        QTest::newRow("unset") << QByteArray("unset") << qint64(kImageCacheBudgetMb * 1048576);
        QTest::newRow("empty") << QByteArray("") << qint64(kImageCacheBudgetMb * 1048576);
        QTest::newRow("0 = off") << QByteArray("0") << qint64(0);
        QTest::newRow("3 MiB") << QByteArray("3") << qint64(3 * 1048576);
        QTest::newRow("negative = off") << QByteArray("-4") << qint64(0);
    }

    void imageCacheBudgetFromEnvironment()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, bytes);
        if (value == "unset")
            qunsetenv("TS_IMAGE_CACHE_MB");
        else
            qputenv("TS_IMAGE_CACHE_MB", value);
        QCOMPARE(qint64(ts::engine::imageCacheBudgetFromEnvironment()), bytes);
        qunsetenv("TS_IMAGE_CACHE_MB");
    }

    void imageCacheOff()
    {
        clearImageCache();
        const std::string root = cacheFolder("off", CV_8UC1);
        qputenv("TS_IMAGE_CACHE_MB", "0");
        const auto first = loadDataset(folder(root), m_input, "source", 1);
        const auto second = loadDataset(folder(root), m_input, "source", 1);
        qunsetenv("TS_IMAGE_CACHE_MB");
        const auto stats = imageCacheStats();
        QCOMPARE(stats.hits, std::int64_t(0));
        QCOMPARE(stats.misses, std::int64_t(10));
        QCOMPARE(stats.entries, std::int64_t(0));
        QCOMPARE(stats.budgetBytes, std::int64_t(0));
        QVERIFY(torch::equal(first.images, second.images));
        // Back on at the next load.
        loadDataset(folder(root), m_input, "source", 1);
        QCOMPARE(imageCacheStats().entries, std::int64_t(5));
    }

    void imageCacheEvictsLeastRecentlyUsed()
    {
        const std::string root = cacheFolder("evict", CV_8UC3);
        const std::int64_t image = 3 * 8 * 8;
        ImageCache cache(3 * image + image / 2); // room for three images
        auto decode = [&](const char* file) {
            std::string error;
            const auto out = cache.decode((fs::path(root) / file).string(), 3, 8, 8, error);
            QVERIFY2(out.defined(), error.c_str());
        };
        for (const char* file : {"a/1.png", "a/2.png", "a/3.png", "a/1.png", "b/1.png", "b/2.png"}) {
            decode(file);
            QVERIFY(cache.stats().bytes <= cache.stats().budgetBytes);
        }
        // a/1 was used again before b/1 came in, so a/2 and a/3 went first.
        auto stats = cache.stats();
        QCOMPARE(stats.entries, std::int64_t(3));
        QCOMPARE(stats.bytes, 3 * image);
        QCOMPARE(stats.evictions, std::int64_t(2));
        QCOMPARE(stats.hits, std::int64_t(1));
        decode("a/1.png");
        decode("b/2.png");
        QCOMPARE(cache.stats().hits, std::int64_t(3));
        decode("a/2.png");
        QCOMPARE(cache.stats().hits, std::int64_t(3));
        // A smaller budget drops entries at once.
        cache.setBudget(image);
        stats = cache.stats();
        QCOMPARE(stats.entries, std::int64_t(1));
        QVERIFY(stats.bytes <= image);
    }

    void extensions()
    {
        const auto& ext = imageExtensions();
        for (const char* e : {"png", "jpg", "jpeg", "bmp", "tif", "tiff", "webp", "pgm", "ppm"})
            QVERIFY2(std::find(ext.begin(), ext.end(), e) != ext.end(), e);
    }
};

QTEST_GUILESS_MAIN(TestDataset)
#include "tst_dataset.moc"

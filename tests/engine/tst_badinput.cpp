// The bad-input corpus (issue 11): faulty data, files and recipes built here, each run through the CLI. For
// every case: the exit code, a message that names the cause, no signal exit, no temp file left behind and,
// where a run was cut short or finished, outputs that parse.

#include "../common/clirunner.h"
#include "../common/enginetest.h"
#include "../common/tinydata.h"

#include "engine/core/errors.h"
#include "engine/core/fileio.h"
#include "engine/core/utf8.h"
#include "engine/strategies/strategy.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

#include <csignal>
#include <filesystem>
#include <functional>
#include <sys/stat.h>
#include <unistd.h>

namespace engine = ts::engine;

namespace {

using ts::testdata::writeBigEndian;

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    f.write(bytes);
}

// One grey 12x12 PGM of class `label` (OpenCV reads PGM without any codec library).
void writePgm(const std::string& path, int label, std::mt19937& rng)
{
    const auto px = ts::testdata::classImage(label, 12, rng);
    std::ofstream out(path, std::ios::binary);
    out << "P5\n12 12\n255\n";
    out.write(reinterpret_cast<const char*>(px.data()), static_cast<std::streamsize>(px.size()));
}

// An IDX file with the header `dims` and `dataBytes` bytes of data (the header may lie about the size).
void writeIdxFile(const QString& path, const std::vector<std::uint32_t>& dims, std::size_t dataBytes, int magicType = 0x08)
{
    std::ofstream out(path.toStdString(), std::ios::binary);
    writeBigEndian(out, static_cast<std::uint32_t>(magicType << 8 | dims.size()));
    for (auto d : dims)
        writeBigEndian(out, d);
    const std::string data(dataBytes, '\x10');
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
}

bool isRoot()
{
    return ::geteuid() == 0;
}

} // namespace

class TestBadInput : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    // One corpus case: `setup` builds its data in a fresh folder and returns the CLI arguments.
    struct Case {
        QString name;
        std::function<QStringList(const QString& dir)> setup;
        int code = 2;                // expected exit code
        QStringList fragments;       // each must appear in stderr (or stdout)
        bool outputsParse = false;   // summary.json must exist and parse
        bool needsFolders = false;   // image folders: needs OpenCV
        bool needsNonRoot = false;   // permissions do not bind root
        std::function<QString(const QJsonObject& summary, const QString& out)> check; // "" when fine
    };
    std::vector<Case> m_cases;

    QString data() const { return m_dir.filePath("data"); }

    // A finetune experiment on the shared IDX data (source classes a, b; target c, d), 1 epoch each.
    QJsonObject baseExperiment() const
    {
        QJsonObject target{{"format", "idx"},
                           {"images", data() + "/images.idx"},
                           {"labels", data() + "/labels.idx"},
                           {"class_names", QJsonArray{"a", "b", "c", "d"}},
                           {"classes", QJsonArray{"c", "d"}},
                           {"split", 0.3}};
        QJsonObject source = target;
        source["classes"] = QJsonArray{"a", "b"};
        source.remove("split");
        return {{"name", "bad"},
                {"strategy", "finetune"},
                {"source", source},
                {"target", target},
                {"input", QJsonObject{{"size", QJsonArray{12, 12}}, {"channels", 1}}},
                {"model", QJsonObject{{"backbone", "lenet"}}},
                {"train", QJsonObject{{"epochs", 1}, {"source_epochs", 1}, {"batch_size", 16}}}};
    }

    static QString writeExperiment(const QString& dir, const QJsonObject& e)
    {
        const QString path = dir + "/experiment.json";
        writeFile(path, QJsonDocument(e).toJson());
        return path;
    }

    static QStringList run(const QString& dir, const QString& experiment)
    {
        return {"run", experiment, "--out", dir + "/out", "--threads", "1", "--no-cache", "--quiet"};
    }

    // `run` of the base experiment with `edit` applied.
    QStringList runEdited(const QString& dir, const std::function<void(QJsonObject&)>& edit) const
    {
        QJsonObject e = baseExperiment();
        edit(e);
        return run(dir, writeExperiment(dir, e));
    }

    // `run` of an experiment given as raw text.
    static QStringList runText(const QString& dir, const QByteArray& text)
    {
        writeFile(dir + "/experiment.json", text);
        return run(dir, dir + "/experiment.json");
    }

    // The base experiment as text with `key` (a top-level key) set to `raw` JSON text, to write what
    // QJsonDocument cannot (1e400, duplicates, deep nesting).
    QByteArray withRaw(const QString& key, const QByteArray& raw) const
    {
        QJsonObject e = baseExperiment();
        e.remove(key);
        QByteArray text = QJsonDocument(e).toJson();
        text.chop(text.size() - text.lastIndexOf('}'));
        return text + ",\n\"" + key.toUtf8() + "\": " + raw + "\n}\n";
    }

    static void setLr(QJsonObject& e, double lr, const QString& optimizer = "sgd")
    {
        QJsonObject train = e["train"].toObject();
        train["lr"] = lr;
        train["optimizer"] = optimizer;
        e["train"] = train;
    }

    // Image folders: `root/<class>/<i>.pgm`, `perClass` per class.
    static void makeFolders(const QString& root, const QStringList& classes, int perClass)
    {
        std::mt19937 rng(3);
        for (int c = 0; c < classes.size(); ++c) {
            QDir().mkpath(root + "/" + classes[c]);
            for (int i = 0; i < perClass; ++i)
                writePgm((root + "/" + classes[c] + "/" + QString::number(i) + ".pgm").toStdString(), c, rng);
        }
    }

    // A scratch run on one labeled image folder `root` (held-out split as the test set).
    static QStringList runFolder(const QString& dir, const QString& root)
    {
        QJsonObject target{{"format", "folder"}, {"path", root}, {"split", 0.25}};
        QJsonObject e{{"name", "folders"},
                      {"strategy", "scratch"},
                      {"target", target},
                      {"input", QJsonObject{{"size", QJsonArray{12, 12}}, {"channels", 1}}},
                      {"model", QJsonObject{{"backbone", "lenet"}}},
                      {"train", QJsonObject{{"epochs", 1}, {"batch_size", 16}}}};
        return run(dir, writeExperiment(dir, e));
    }

    // Expects `images` images in target + its held-out part and exactly `classes` classes.
    static std::function<QString(const QJsonObject&, const QString&)> expectImages(int images, int classes)
    {
        return [=](const QJsonObject& s, const QString&) -> QString {
            const auto target = s["datasets"].toObject()["target"].toObject();
            const int seen = target["images"].toInt() + s["datasets"].toObject()["target_test"].toObject()["images"].toInt();
            if (seen != images)
                return QString("expected %1 images, loaded %2").arg(images).arg(seen);
            if (target["classes"].toArray().size() != classes)
                return QString("expected %1 classes, got %2")
                    .arg(classes)
                    .arg(QString(QJsonDocument(target["classes"].toArray()).toJson(QJsonDocument::Compact)));
            return {};
        };
    }

    static std::function<QString(const QJsonObject&, const QString&)> expectDiverged()
    {
        return [](const QJsonObject& s, const QString& out) -> QString {
            if (s["status"].toString() != "diverged")
                return "status is " + s["status"].toString();
            if (s["diverged"].toObject()["step"].toInt() < 1)
                return "no step in 'diverged'";
            if (!QFile::exists(out + "/model.pt"))
                return "model.pt (the last finite weights) is missing";
            return {};
        };
    }

    void addJsonCases()
    {
        m_cases.push_back({"deep JSON under an unused key",
                           [this](const QString& d) {
                               return runText(d, withRaw("notes_x", QByteArray(100000, '[') + QByteArray(100000, ']')));
                           },
                           2,
                           {"nesting deeper than 64", "notes_x"}});
        m_cases.push_back({"deep JSON in a strategy section",
                           [this](const QString& d) {
                               return runText(d, withRaw("finetune", "{\"x\": " + QByteArray(70, '[') +
                                                                         QByteArray(70, ']') + "}"));
                           },
                           2,
                           {"nesting deeper than 64", "finetune.x"}});
        m_cases.push_back({"duplicate top-level key",
                           [](const QString& d) {
                               return runText(d, "{\n\"name\": \"a\",\n\"strategy\": \"finetune\",\n\"name\": \"b\"\n}\n");
                           },
                           2,
                           {"duplicate key 'name'", ":4:", "line 2"}});
        m_cases.push_back({"duplicate nested key",
                           [this](const QString& d) {
                               return runText(d, withRaw("train", "{\"lr\": 0.1,\n \"epochs\": 1,\n \"lr\": 0.2}"));
                           },
                           2,
                           {"duplicate key 'train.lr'"}});
        m_cases.push_back({"lr 1e400",
                           [this](const QString& d) { return runText(d, withRaw("train", "{\"lr\": 1e400}")); },
                           2,
                           {"train.lr", "too large"}});
        m_cases.push_back({"epochs 1e400",
                           [this](const QString& d) { return runText(d, withRaw("train", "{\"epochs\": 1e400}")); },
                           2,
                           {"train.epochs", "too large"}});
        m_cases.push_back({"negative lr -1e400",
                           [this](const QString& d) { return runText(d, withRaw("train", "{\"lr\": -1e400}")); },
                           2,
                           {"train.lr", "too large"}});
        m_cases.push_back({"epochs 1e300",
                           [this](const QString& d) { return runText(d, withRaw("train", "{\"epochs\": 1e300}")); },
                           2,
                           {"train.epochs"}});
        m_cases.push_back({"lr as a string",
                           [this](const QString& d) { return runText(d, withRaw("train", "{\"lr\": \"fast\"}")); },
                           2,
                           {"train.lr"}});
        m_cases.push_back({"lr null",
                           [this](const QString& d) { return runText(d, withRaw("train", "{\"lr\": null}")); },
                           2,
                           {"train.lr"}});
        m_cases.push_back({"top level is an array", [](const QString& d) { return runText(d, "[1, 2]\n"); }, 2,
                           {"top level must be an object"}});
        m_cases.push_back({"empty experiment file", [](const QString& d) { return runText(d, ""); }, 2,
                           {"experiment.json:"}});
        m_cases.push_back({"truncated JSON",
                           [](const QString& d) { return runText(d, "{\n\"name\": \"x\",\n\"train\": {\"lr\": 0.1"); },
                           2,
                           {"experiment.json:3:"}});
        m_cases.push_back({"invalid UTF-8 in the JSON",
                           [](const QString& d) { return runText(d, "{\n\"name\": \"caf\xE9\"\n}\n"); },
                           2,
                           {"experiment.json:2:"}});
        m_cases.push_back({"binary garbage as experiment",
                           [](const QString& d) { return runText(d, QByteArray("\x00\x01\x02\xff\xfe", 5)); },
                           2,
                           {"experiment.json:1:"}});
        m_cases.push_back({"experiment path is a directory",
                           [](const QString& d) {
                               return QStringList{"run", d, "--out", d + "/out", "--quiet"};
                           },
                           2,
                           {"is a directory"}});
        m_cases.push_back({"huge input.size",
                           [this](const QString& d) {
                               return runEdited(d, [](QJsonObject& e) {
                                   e["input"] = QJsonObject{{"size", QJsonArray{100000, 100000}}, {"channels", 1}};
                               });
                           },
                           2,
                           {"input.size", "4096"}});
        m_cases.push_back({"zero input.size",
                           [this](const QString& d) {
                               return runEdited(d, [](QJsonObject& e) {
                                   e["input"] = QJsonObject{{"size", QJsonArray{0, 12}}, {"channels", 1}};
                               });
                           },
                           2,
                           {"input.size"}});
        m_cases.push_back({"input.size with one number",
                           [this](const QString& d) {
                               return runEdited(d, [](QJsonObject& e) {
                                   e["input"] = QJsonObject{{"size", QJsonArray{12}}, {"channels", 1}};
                               });
                           },
                           2,
                           {"input.size"}});
        m_cases.push_back({"input.channels 2",
                           [this](const QString& d) {
                               return runEdited(d, [](QJsonObject& e) {
                                   e["input"] = QJsonObject{{"size", QJsonArray{12, 12}}, {"channels", 2}};
                               });
                           },
                           2,
                           {"input.channels"}});
    }

    void addIdxCases()
    {
        const auto withImages = [this](const QString& d, const QString& images) {
            return runEdited(d, [&](QJsonObject& e) {
                for (const char* role : {"source", "target"}) {
                    QJsonObject spec = e[role].toObject();
                    spec["images"] = images;
                    e[role] = spec;
                }
            });
        };
        m_cases.push_back({"IDX header claims 1e9 images",
                           [=](const QString& d) {
                               writeIdxFile(d + "/lie.idx", {1000000000, 12, 12}, 120 * 144);
                               return withImages(d, d + "/lie.idx");
                           },
                           2,
                           {"lie.idx", "1000000000x12x12", "holds only"}});
        m_cases.push_back({"IDX header one image too many",
                           [=](const QString& d) {
                               writeIdxFile(d + "/short.idx", {121, 12, 12}, 120 * 144);
                               return withImages(d, d + "/short.idx");
                           },
                           2,
                           {"short.idx", "truncated IDX file", "holds only"}});
        m_cases.push_back({"IDX with zero rows",
                           [=](const QString& d) {
                               writeIdxFile(d + "/zero.idx", {120, 0, 12}, 0);
                               return withImages(d, d + "/zero.idx");
                           },
                           2,
                           {"zero.idx", "zero rows or columns"}});
        m_cases.push_back({"IDX with zero columns",
                           [=](const QString& d) {
                               writeIdxFile(d + "/zero.idx", {120, 12, 0}, 0);
                               return withImages(d, d + "/zero.idx");
                           },
                           2,
                           {"zero.idx", "zero rows or columns"}});
        m_cases.push_back({"IDX with no items",
                           [=](const QString& d) {
                               writeIdxFile(d + "/none.idx", {0, 12, 12}, 0);
                               return withImages(d, d + "/none.idx");
                           },
                           2,
                           {"none.idx", "no items"}});
        m_cases.push_back({"gzipped IDX header claims 1e9 images",
                           [=](const QString& d) {
                               writeIdxFile(d + "/plain.idx", {1000000000, 28, 28}, 1000);
                               QFile in(d + "/plain.idx");
                               in.open(QIODevice::ReadOnly);
                               const QByteArray bytes = in.readAll();
                               gzFile gz = gzopen((d + "/lie.idx.gz").toUtf8().constData(), "wb");
                               gzwrite(gz, bytes.constData(), static_cast<unsigned>(bytes.size()));
                               gzclose(gz);
                               return withImages(d, d + "/lie.idx.gz");
                           },
                           2,
                           {"lie.idx.gz", "can hold at most"}});
        m_cases.push_back({"IDX with a bad magic number",
                           [=](const QString& d) {
                               writeFile(d + "/bad.idx", "PK\x03\x04 not an idx file at all");
                               return withImages(d, d + "/bad.idx");
                           },
                           2,
                           {"bad.idx", "not an IDX file"}});
        m_cases.push_back({"IDX of floats",
                           [=](const QString& d) {
                               writeIdxFile(d + "/float.idx", {120, 12, 12}, 120 * 144 * 4, 0x0D);
                               return withImages(d, d + "/float.idx");
                           },
                           2,
                           {"float.idx", "unsupported IDX data type"}});
        m_cases.push_back({"IDX labels do not match the images",
                           [=](const QString& d) {
                               writeIdxFile(d + "/few.idx", {100, 12, 12}, 100 * 144);
                               return withImages(d, d + "/few.idx");
                           },
                           2,
                           {"labels.idx", "labels to match"}});
        m_cases.push_back({"IDX images path is a directory",
                           [=](const QString& d) {
                               QDir().mkpath(d + "/dir.idx");
                               return withImages(d, d + "/dir.idx");
                           },
                           2,
                           {"dir.idx", "directory"}});
        m_cases.push_back({"IDX images missing",
                           [=](const QString& d) { return withImages(d, d + "/missing.idx"); },
                           2,
                           {"missing.idx", "does not exist"}});
    }

    void addFileCases()
    {
        m_cases.push_back({"model.pretrained is a directory",
                           [this](const QString& d) {
                               QDir().mkpath(d + "/weights.pt");
                               return runEdited(d, [&](QJsonObject& e) {
                                   e["model"] = QJsonObject{{"backbone", "lenet"}, {"pretrained", d + "/weights.pt"}};
                               });
                           },
                           2,
                           {"model.pretrained", "weights.pt", "is a directory"}});
        m_cases.push_back({"model.pretrained missing",
                           [this](const QString& d) {
                               return runEdited(d, [&](QJsonObject& e) {
                                   e["model"] = QJsonObject{{"backbone", "lenet"}, {"pretrained", d + "/none.pt"}};
                               });
                           },
                           2,
                           {"model.pretrained", "none.pt", "does not exist"}});
        m_cases.push_back({"model.pretrained is garbage",
                           [this](const QString& d) {
                               writeFile(d + "/junk.pt", "this is not a checkpoint");
                               return runEdited(d, [&](QJsonObject& e) {
                                   e["model"] = QJsonObject{{"backbone", "lenet"}, {"pretrained", d + "/junk.pt"}};
                               });
                           },
                           2,
                           {"junk.pt"}});
        m_cases.push_back({"attribute table is a directory",
                           [this](const QString& d) {
                               QDir().mkpath(d + "/attributes.csv");
                               return runEdited(d, [&](QJsonObject& e) {
                                   e["strategy"] = "zeroshot";
                                   e["zeroshot"] = QJsonObject{{"attributes", d + "/attributes.csv"}};
                               });
                           },
                           2,
                           {"attributes.csv", "is a directory"}});
        m_cases.push_back({"--out is a file",
                           [this](const QString& d) {
                               writeFile(d + "/out", "a file");
                               return runEdited(d, [](QJsonObject&) {});
                           },
                           2,
                           {"--out", "/out"}});
        Case readOnly{"read-only output folder",
                      [this](const QString& d) {
                          QDir().mkpath(d + "/out");
                          ::chmod((d + "/out").toUtf8().constData(), 0555);
                          return runEdited(d, [](QJsonObject&) {});
                      },
                      2,
                      {"metrics.jsonl", "Permission denied"}};
        readOnly.needsNonRoot = true;
        m_cases.push_back(readOnly);
    }

    void addFolderCases()
    {
        const auto folderCase = [this](const QString& name, std::function<QString(const QString& root)> make,
                                       int code, const QStringList& fragments,
                                       std::function<QString(const QJsonObject&, const QString&)> check = {},
                                       bool nonRoot = false) {
            Case c{name,
                   [make](const QString& d) {
                       const QString root = make(d + "/images");
                       return runFolder(d, root);
                   },
                   code,
                   fragments,
                   code == 0,
                   true,
                   nonRoot,
                   check};
            m_cases.push_back(c);
        };
        const auto link = [](const QString& target, const QString& path) {
            QVERIFY(::symlink(target.toUtf8().constData(), path.toUtf8().constData()) == 0);
        };
        folderCase("symlink loops . and ..", [=](const QString& root) {
            makeFolders(root, {"a", "b"}, 8);
            link(".", root + "/a/loop");
            link("..", root + "/a/up");
            return root;
        }, 0, {"skipped link", "a/loop", "a/up"}, expectImages(16, 2));
        folderCase("two links to the same folder", [=](const QString& root) {
            makeFolders(root, {"a", "b"}, 8);
            link(".", root + "/b/x");
            link(".", root + "/b/y");
            return root;
        }, 0, {"b/x", "b/y"}, expectImages(16, 2));
        folderCase("link from one class into another", [=](const QString& root) {
            makeFolders(root, {"a", "b", "c"}, 6);
            link("../c", root + "/a/more");
            return root;
        }, 0, {"a/more"}, expectImages(18, 3));
        folderCase("class folder that links to another class", [=](const QString& root) {
            makeFolders(root, {"a", "b", "c"}, 6);
            link("c", root + "/d");
            return root;
        }, 0, {"images/d", "read already"}, expectImages(18, 3));
        folderCase("dangling link", [=](const QString& root) {
            makeFolders(root, {"a", "b"}, 8);
            link("/nonexistent/place", root + "/a/gone");
            return root;
        }, 0, {"a/gone", "leads nowhere"}, expectImages(16, 2));
        folderCase("hidden files and folders", [=](const QString& root) {
            makeFolders(root, {"a", "b"}, 8);
            makeFolders(root + "/a/.thumbs", {"t"}, 3);
            makeFolders(root, {".cache"}, 4);
            writeFile(root + "/a/.DS_Store", "Bud1 garbage");
            writeFile(root + "/b/._0.pgm", "AppleDouble garbage");
            writeFile(root + "/b/.hidden.pgm", "garbage");
            return root;
        }, 0, {}, [](const QJsonObject& s, const QString& out) -> QString {
            const auto skipped = s["datasets"].toObject()["target"].toObject()["skipped_files"].toArray();
            if (!skipped.isEmpty())
                return "hidden files were read: " + QString(QJsonDocument(skipped).toJson(QJsonDocument::Compact));
            return expectImages(16, 2)(s, out);
        });
        folderCase("non-UTF-8 class folder name", [=](const QString& root) {
            makeFolders(root, {"a", "b"}, 8);
            if (::rename((root + "/b").toUtf8().constData(), (root.toUtf8() + "/caf\xE9").constData()) != 0)
                qWarning("cannot rename to a non-UTF-8 name");
            return root;
        }, 0, {}, [](const QJsonObject& s, const QString& out) -> QString {
            if (!QFile::exists(out + "/model.pt"))
                return "model.pt is missing";
            const auto classes = s["datasets"].toObject()["target"].toObject()["classes"].toArray();
            if (classes.size() != 2 || classes[1].toString() != "caf\\xE9")
                return "classes: " + QString(QJsonDocument(classes).toJson(QJsonDocument::Compact));
            return {};
        });
        folderCase("non-UTF-8 file name of a broken image", [=](const QString& root) {
            makeFolders(root, {"a", "b"}, 8);
            writeFile(root + "/a/x.pgm", "broken");
            if (::rename((root + "/a/x.pgm").toUtf8().constData(), (root.toUtf8() + "/a/\xFF\xFE.pgm").constData()) != 0)
                qWarning("cannot rename to a non-UTF-8 name");
            return root;
        }, 0, {"\\xFF\\xFE.pgm"}, [](const QJsonObject& s, const QString& out) -> QString {
            const auto skipped = s["datasets"].toObject()["target"].toObject()["skipped_files"].toArray();
            if (skipped.size() != 1 || !skipped[0].toString().contains("\\xFF\\xFE.pgm"))
                return "skipped: " + QString(QJsonDocument(skipped).toJson(QJsonDocument::Compact));
            return QFile::exists(out + "/model.pt") ? QString() : QString("model.pt is missing");
        });
        folderCase("unreadable class folder", [=](const QString& root) {
            makeFolders(root, {"a", "b", "c"}, 6);
            ::chmod((root + "/c").toUtf8().constData(), 0);
            return root;
        }, 0, {"images/c", "Permission denied"}, expectImages(12, 2), true);
        folderCase("unreadable image file", [=](const QString& root) {
            makeFolders(root, {"a", "b"}, 8);
            ::chmod((root + "/a/3.pgm").toUtf8().constData(), 0);
            return root;
        }, 0, {"a/3.pgm", "Permission denied"}, expectImages(15, 2), true);
        folderCase("corrupt and empty images", [=](const QString& root) {
            makeFolders(root, {"a", "b"}, 8);
            writeFile(root + "/a/corrupt.png", "not a png");
            writeFile(root + "/b/empty.pgm", "");
            return root;
        }, 0, {"corrupt.png", "empty.pgm"}, expectImages(16, 2));
        folderCase("no class subfolders", [=](const QString& root) {
            QDir().mkpath(root);
            std::mt19937 rng(1);
            writePgm((root + "/0.pgm").toStdString(), 0, rng);
            return root;
        }, 2, {"no class subfolders"});
        folderCase("only one class", [=](const QString& root) {
            makeFolders(root, {"a"}, 8);
            return root;
        }, 2, {"images", "at least 2"});
    }

    void addDivergenceCases()
    {
        Case sgd{"SGD with lr 1e6 diverges",
                 [this](const QString& d) { return runEdited(d, [](QJsonObject& e) { setLr(e, 1e6); }); },
                 2,
                 {"diverged", "lower the learning rate", "step"},
                 true};
        sgd.check = expectDiverged();
        m_cases.push_back(sgd);
        Case adam{"Adam with lr 1e6 diverges",
                  [this](const QString& d) { return runEdited(d, [](QJsonObject& e) { setLr(e, 1e6, "adam"); }); },
                  2,
                  {"diverged", "lower the learning rate"},
                  true};
        adam.check = expectDiverged();
        m_cases.push_back(adam);
        Case dann{"DANN with lr 1e6 diverges",
                  [this](const QString& d) {
                      return runEdited(d, [](QJsonObject& e) {
                          setLr(e, 1e6);
                          e["strategy"] = "dann";
                          QJsonObject target = e["target"].toObject();
                          target["classes"] = QJsonArray{"a", "b"}; // DANN needs the source's classes
                          e["target"] = target;
                      });
                  },
                  2,
                  {"diverged", "lower the learning rate"},
                  true};
        dann.check = expectDiverged();
        m_cases.push_back(dann);
        Case scratch{"scratch with lr 1e8 diverges",
                     [this](const QString& d) {
                         return runEdited(d, [](QJsonObject& e) {
                             setLr(e, 1e8);
                             e["strategy"] = "scratch";
                         });
                     },
                     2,
                     {"diverged", "of 'train'", "lower the learning rate"},
                     true};
        scratch.check = expectDiverged();
        m_cases.push_back(scratch);
        m_cases.push_back({"selftaught_clustering with SGD lr 1e12 diverges",
                           [this](const QString& d) {
                               return runEdited(d, [](QJsonObject& e) {
                                   setLr(e, 1e12);
                                   e["strategy"] = "selftaught_clustering";
                                   e["clustering"] = QJsonObject{{"k", 2}, {"restarts", 1}};
                               });
                           },
                           2,
                           {"diverged", "lower the learning rate"},
                           true});
        m_cases.push_back({"selftaught_clustering with Adam lr 1e6 diverges",
                           [this](const QString& d) {
                               return runEdited(d, [](QJsonObject& e) {
                                   setLr(e, 1e6, "adam");
                                   e["strategy"] = "selftaught_clustering";
                                   e["clustering"] = QJsonObject{{"k", 2}, {"restarts", 1}};
                               });
                           },
                           2,
                           {"diverged", "lower the learning rate"},
                           true});
    }

    // Command-line options are checked as the file's keys, and --out guards what is already there.
    void addOptionCases()
    {
        const auto withOptions = [this](const QStringList& options) {
            return [this, options](const QString& d) { return runEdited(d, [](QJsonObject&) {}) + options; };
        };
        m_cases.push_back({"--epochs -5", withOptions({"--epochs", "-5"}), 2, {"--epochs", "train.epochs", ">= 0"}});
        m_cases.push_back({"--epochs 4294967297",
                           withOptions({"--epochs", "4294967297"}),
                           2,
                           {"--epochs", "train.epochs", "out of range"}});
        m_cases.push_back({"--seed -1", withOptions({"--seed", "-1"}), 2, {"--seed", "train.seed"}});
        m_cases.push_back({"--out \"\"",
                           [this](const QString& d) {
                               QStringList args = runEdited(d, [](QJsonObject&) {});
                               args[args.indexOf("--out") + 1] = "";
                               return args;
                           },
                           2,
                           {"--out", "empty string"}});
        // The first run finishes; the second, into the same folder, is refused and leaves it as it was.
        m_cases.push_back({"rerun into a finished run's folder without --force",
                           [this](const QString& d) {
                               const QStringList args = runEdited(d, [](QJsonObject&) {});
                               const auto first = ts::testdata::runCli(args, m_dir.filePath("cache"), 120000);
                               if (first.code != 0)
                                   qWarning("the first run failed: %s", qPrintable(first.err));
                               return args;
                           },
                           2,
                           {"is not empty", "--force"},
                           true});
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QDir().mkpath(data());
        ts::testdata::writeIdx(data().toStdString(), 4, 30, 12);
        addJsonCases();
        addIdxCases();
        addFileCases();
        addFolderCases();
        addDivergenceCases();
        addOptionCases();
        qInfo("%zu corpus cases", m_cases.size());
    }

    void corpus_data()
    {
        QTest::addColumn<int>("index");
        for (std::size_t i = 0; i < m_cases.size(); ++i)
            QTest::newRow(qPrintable(m_cases[i].name)) << static_cast<int>(i);
    }

    void corpus()
    {
        QFETCH(int, index);
        const Case& c = m_cases[static_cast<std::size_t>(index)];
#ifndef TS_WITH_OPENCV
        if (c.needsFolders)
            QSKIP("image folders need OpenCV, which this build lacks");
#endif
        if (c.needsNonRoot && isRoot())
            QSKIP("running as root: file permissions do not stop root, so this case cannot fail as intended");
        const QString dir = m_dir.filePath(QString("case%1").arg(index));
        QVERIFY(QDir().mkpath(dir));
        const QStringList args = c.setup(dir);
        QVERIFY(!args.isEmpty());
        const auto r = ts::testdata::runCli(args, m_dir.filePath("cache"), 120000);
        ::chmod((dir + "/out").toUtf8().constData(), 0755); // let the temp dir clean up after read-only cases
        const QString all = r.err + r.out;
        QVERIFY2(r.code != -1, qPrintable("crashed, killed by a signal or hung:\n" + all));
        QVERIFY2(r.code == c.code, qPrintable(QString("exit %1, expected %2:\n%3").arg(r.code).arg(c.code).arg(all)));
        for (const QString& fragment : c.fragments)
            QVERIFY2(all.contains(fragment), qPrintable("'" + fragment + "' not in:\n" + all));
        QVERIFY2(!all.contains("internal error") && !all.contains("dispatcher"), qPrintable(all));
        // Outputs are written through temp files: none may be left behind.
        for (QDirIterator it(dir + "/out", QDir::Files | QDir::Hidden); it.hasNext();)
            QVERIFY2(!it.next().contains(".tmp"), qPrintable(it.filePath()));
        if (c.outputsParse || c.check) {
            QFile f(dir + "/out/summary.json");
            QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable("no summary.json:\n" + all));
            QJsonParseError error;
            const auto summary = QJsonDocument::fromJson(f.readAll(), &error).object();
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
            QFile m(dir + "/out/metrics.jsonl");
            QVERIFY(m.open(QIODevice::ReadOnly));
            for (const auto& line : m.readAll().split('\n'))
                if (!line.isEmpty())
                    QVERIFY2(!QJsonDocument::fromJson(line).isNull(), line.constData());
            if (c.check) {
                const QString problem = c.check(summary, dir + "/out");
                QVERIFY2(problem.isEmpty(), qPrintable(problem + "\n" + all));
            }
        }
    }

    void cleanupTestCase()
    {
        // Folders the cases made unreadable, then names that are not UTF-8, which QDir cannot remove but
        // std::filesystem takes as bytes.
        QProcess::execute("chmod", {"-R", "u+rwX", m_dir.path()});
        std::error_code ec;
        std::filesystem::remove_all(m_dir.path().toStdString(), ec);
    }

    // SIGTERM, as batch schedulers send it, stops the run like Ctrl-C: summary.json and model.pt are written.
    void sigtermWritesPartialResults()
    {
        const QString dir = m_dir.filePath("sigterm");
        QDir().mkpath(dir);
        QJsonObject e = baseExperiment();
        e["train"] = QJsonObject{{"epochs", 500}, {"source_epochs", 1}, {"batch_size", 8}};
        QProcess p;
        p.start(TS_CLI_PATH, {"run", writeExperiment(dir, e), "--out", dir + "/out", "--threads", "1", "--no-cache"});
        QVERIFY(p.waitForStarted());
        QElapsedTimer timer;
        timer.start();
        QByteArray err;
        while (!err.contains("train epoch") && timer.elapsed() < 60000) {
            p.waitForReadyRead(200);
            err += p.readAllStandardError();
        }
        QVERIFY2(err.contains("train epoch"), err.constData());
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QFile f(dir + "/out/summary.json");
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto summary = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(summary["status"].toString(), QString("cancelled"));
        QVERIFY(QFile::exists(dir + "/out/model.pt"));
        // What was done is recorded: the epochs of the phase it stopped in, that epoch's metrics, the layers.
        QVERIFY(summary["epochs_run"].toInt() >= 1);
        QCOMPARE(summary["last_epoch"].toObject()["phase"].toString(), QString("train"));
        // (target_accuracy only when an epoch of that phase measured it: long phases test every few epochs)
        QVERIFY(summary["last_epoch"].toObject()["metrics"].toObject()["train_loss"].isDouble());
        QCOMPARE(summary["layers"].toArray().first().toObject()["name"].toString(), QString("conv1"));
    }

    // A full disk while model.pt is written: exit 2 with the reason, no half-written model, no temp file. The
    // out folder is a 40 KB tmpfs mounted in a private mount namespace, so it needs root (or the capability).
    void diskFullWhileSaving()
    {
        const QString dir = m_dir.filePath("diskfull");
        QDir().mkpath(dir + "/out");
        QProcess probe;
        probe.start("unshare", {"-m", "sh", "-c", "mount -t tmpfs -o size=40k tmpfs '" + dir + "/out'"});
        if (!probe.waitForFinished(10000) || probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
            QSKIP(qPrintable("cannot mount a small tmpfs here (needs root and unshare): " +
                             QString::fromLocal8Bit(probe.readAllStandardError()).trimmed()));
        QJsonObject e = baseExperiment();
        const QString experiment = writeExperiment(dir, e);
        QProcess p;
        p.start("unshare", {"-m", "sh", "-c",
                            "mount -t tmpfs -o size=40k tmpfs '" + dir + "/out' && \"" TS_CLI_PATH "\" run '" +
                                experiment + "' --out '" + dir + "/out' --threads 1 --no-cache --quiet; code=$?; ls -a '" +
                                dir + "/out'; exit $code"});
        QVERIFY(p.waitForFinished(60000));
        const QString out = p.readAllStandardOutput(), err = p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY2(p.exitCode() == 2, qPrintable(err));
        QVERIFY2(err.contains("model.pt") && err.contains("No space left on device"), qPrintable(err));
        QVERIFY2(!out.contains("model.pt") && !out.contains(".tmp"), qPrintable(out)); // nothing half-written
    }

    // The run folder's experiment.json names the data from where it is, so it runs again from there.
    void experimentCopyRunsFromItsFolder()
    {
        const QString dir = m_dir.filePath("copy");
        QDir().mkpath(dir + "/recipes");
        QJsonObject e = baseExperiment();
        for (const char* role : {"source", "target"}) {
            QJsonObject spec = e[role].toObject();
            spec["images"] = QDir(dir + "/recipes").relativeFilePath(data() + "/images.idx");
            spec["labels"] = QDir(dir + "/recipes").relativeFilePath(data() + "/labels.idx");
            e[role] = spec;
        }
        writeFile(dir + "/recipes/exp.json", QJsonDocument(e).toJson());
        const auto first = ts::testdata::runCli(
            {"run", dir + "/recipes/exp.json", "--out", dir + "/runs/one", "--threads", "1", "--no-cache", "--quiet"},
            m_dir.filePath("cache"), 120000);
        QVERIFY2(first.code == 0, qPrintable(first.err));
        const auto again = ts::testdata::runCli({"run", dir + "/runs/one/experiment.json", "--out", dir + "/runs/two",
                                                 "--threads", "1", "--no-cache", "--quiet"},
                                                m_dir.filePath("cache"), 120000);
        QVERIFY2(again.code == 0, qPrintable(again.err));

        engine::Experiment x;
        x.baseDir = "/work/recipes";
        x.target = engine::DatasetSpec{};
        x.target->path = "data/cats";
        x.model.pretrained = "/models/lenet.pt";
        x.sections["zeroshot"] = {{"attributes", "tables/attributes.csv"}};
        const auto copy = engine::rebasedExperiment(x, "/work/runs/run1");
        QCOMPARE(QString::fromStdString(copy.target->path), QString("../../recipes/data/cats"));
        QCOMPARE(QString::fromStdString(copy.model.pretrained), QString("/models/lenet.pt"));
        QCOMPARE(QString::fromStdString(copy.sections.at("zeroshot").at("attributes").get<std::string>()),
                 QString("../../recipes/tables/attributes.csv"));
        QCOMPARE(QString::fromStdString(copy.baseDir), QString("/work/runs/run1"));
    }

    // Outputs are replaced whole through a temp file, which never stays behind; failures give the reason.
    void atomicWrites()
    {
        const QString dir = m_dir.filePath("atomic");
        QDir().mkpath(dir);
        const std::string path = (dir + "/summary.json").toStdString();
        engine::writeFileAtomic(path, "old");
        engine::writeFileAtomic(path, "new contents");
        QFile f(QString::fromStdString(path));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("new contents"));
        const auto failure = [](const std::string& target) -> QString {
            try {
                engine::writeFileAtomic(target, "x");
            } catch (const engine::InputError& e) {
                return QString::fromStdString(e.what());
            }
            return "no error";
        };
        QVERIFY(failure((dir + "/no/such/dir/out.csv").toStdString()).contains("No such file or directory"));
        QDir().mkpath(dir + "/taken");
        const QString onDir = failure((dir + "/taken").toStdString());
        QVERIFY2(onDir.contains("taken") && onDir.contains("is a directory"), qPrintable(onDir));
        QCOMPARE(QDir(dir).entryList(QDir::Files | QDir::Hidden), QStringList{"summary.json"});
    }

    void utf8Escaping_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QByteArray>("escaped");
        QTest::newRow("ASCII") << QByteArray("cat") << QByteArray("cat");
        QTest::newRow("valid UTF-8") << QByteArray("caf\xC3\xA9 \xE6\x97\xA5") << QByteArray("caf\xC3\xA9 \xE6\x97\xA5");
        QTest::newRow("Latin-1") << QByteArray("caf\xE9") << QByteArray("caf\\xE9");
        QTest::newRow("overlong") << QByteArray("\xC0\xAF") << QByteArray("\\xC0\\xAF");
        QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << QByteArray("\\xED\\xA0\\x80");
        QTest::newRow("cut short") << QByteArray("a\xE2\x82") << QByteArray("a\\xE2\\x82");
        QTest::newRow("beyond U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << QByteArray("\\xF4\\x90\\x80\\x80");
    }

    void utf8Escaping()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QByteArray, escaped);
        const std::string out = engine::escapeInvalidUtf8(raw.toStdString());
        QCOMPARE(QByteArray::fromStdString(out), escaped);
        QVERIFY(engine::isValidUtf8(out));
    }

    // A stop requested while images are decoded ends the load between chunks, not after it.
    void stopDuringLoading()
    {
#ifndef TS_WITH_OPENCV
        QSKIP("image folders need OpenCV, which this build lacks");
#endif
        const QString root = m_dir.filePath("many");
        makeFolders(root, {"a", "b"}, 200);
        engine::Experiment e;
        e.strategy = "scratch";
        e.target = engine::DatasetSpec{};
        e.target->path = root.toStdString();
        e.target->split = 0.25;
        e.input = {12, 12, 1};
        struct Progress : ts::testdata::Recorder {
            std::int64_t done = 0, total = 0;
            void onProgress(const std::string&, std::int64_t d, std::int64_t t) override
            {
                done = std::max(done, d);
                total = t;
            }
        } observer;
        engine::RunControl control;
        control.requestStop();
        const auto result = engine::runExperiment(e, ts::testdata::freshRunOptions(m_dir.filePath("many-out")),
                                                  observer, control);
        QCOMPARE(static_cast<int>(result.exitCode), static_cast<int>(engine::ExitCode::Cancelled));
        QCOMPARE(QString::fromStdString(result.summary.value("status", "")), QString("cancelled"));
        QVERIFY2(observer.done > 0 && observer.done < observer.total,
                 qPrintable(QString("decoded %1 of %2").arg(observer.done).arg(observer.total)));
        QVERIFY(observer.steps.empty());
    }

    // Two runs into one --out: the second is refused while the first holds the folder.
    void secondRunIntoTheSameFolderIsRefused()
    {
        const QString dir = m_dir.filePath("twice");
        QDir().mkpath(dir);
        QJsonObject e = baseExperiment();
        e["train"] = QJsonObject{{"epochs", 500}, {"source_epochs", 1}, {"batch_size", 8}};
        const QString experiment = writeExperiment(dir, e);
        QProcess first;
        first.start(TS_CLI_PATH, {"run", experiment, "--out", dir + "/out", "--threads", "1", "--no-cache"});
        QVERIFY(first.waitForStarted());
        QElapsedTimer timer;
        timer.start();
        QByteArray err;
        while (!err.contains("train epoch") && timer.elapsed() < 60000) {
            first.waitForReadyRead(200);
            err += first.readAllStandardError();
        }
        QVERIFY2(err.contains("train epoch"), err.constData());
        const auto second = ts::testdata::runCli({"run", experiment, "--out", dir + "/out", "--threads", "1", "--quiet"},
                                                 m_dir.filePath("cache"), 60000);
        ::kill(static_cast<pid_t>(first.processId()), SIGINT);
        QVERIFY(first.waitForFinished(30000));
        QCOMPARE(second.code, 2);
        QVERIFY2(second.err.contains("in use by another run"), qPrintable(second.err));
        QCOMPARE(first.exitCode(), 130);
        QFile f(dir + "/out/summary.json"); // the first run's, untouched by the second
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(f.readAll()).object()["status"].toString(), QString("cancelled"));
    }

    // A second Ctrl-C quits at once, whatever the run is doing.
    void secondInterruptQuitsAtOnce()
    {
        const QString dir = m_dir.filePath("sigint2");
        QDir().mkpath(dir);
        QJsonObject e = baseExperiment();
        e["train"] = QJsonObject{{"epochs", 500}, {"source_epochs", 1}, {"batch_size", 8}};
        QProcess p;
        p.start(TS_CLI_PATH, {"run", writeExperiment(dir, e), "--out", dir + "/out", "--threads", "1", "--no-cache"});
        QVERIFY(p.waitForStarted());
        QElapsedTimer timer;
        timer.start();
        QByteArray err;
        while (!err.contains("epoch") && timer.elapsed() < 60000) {
            p.waitForReadyRead(200);
            err += p.readAllStandardError();
        }
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        timer.restart();
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
        QVERIFY(timer.elapsed() < 5000);
    }
};

QTEST_GUILESS_MAIN(TestBadInput)
#include "tst_badinput.moc"

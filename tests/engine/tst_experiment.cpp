// Experiment files: parsing, error messages that name the key, round trips and path resolution.
#include "engine/core/errors.h"
#include "engine/core/experiment.h"
#include "engine/core/overrides.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

using namespace ts::engine;
using nlohmann::json;

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

// The message of the InputError that parsing `text` throws, or "" when it parses.
QString parseError(const std::string& text)
{
    try {
        parseExperiment(text, "experiment.json");
    } catch (const InputError& error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    file.write(bytes);
}

void compareDatasets(const std::optional<DatasetSpec>& a, const std::optional<DatasetSpec>& b)
{
    QCOMPARE(a.has_value(), b.has_value());
    if (!a)
        return;
    QCOMPARE(q(a->format), q(b->format));
    QCOMPARE(q(a->path), q(b->path));
    QCOMPARE(q(a->images), q(b->images));
    QCOMPARE(q(a->labels), q(b->labels));
    QVERIFY(a->classes == b->classes);
    QVERIFY(a->classNames == b->classNames);
    QCOMPARE(a->limitPerClass, b->limitPerClass);
    QCOMPARE(a->labeledPerClass, b->labeledPerClass);
    QCOMPARE(a->split, b->split);
}

// Field by field, so that a key toJson forgets fails here even if both sides agree on JSON.
void compareExperiments(const Experiment& a, const Experiment& b)
{
    QCOMPARE(q(a.name), q(b.name));
    QCOMPARE(q(a.strategy), q(b.strategy));
    compareDatasets(a.source, b.source);
    compareDatasets(a.target, b.target);
    compareDatasets(a.targetTest, b.targetTest);
    QCOMPARE(a.input.height, b.input.height);
    QCOMPARE(a.input.width, b.input.width);
    QCOMPARE(a.input.channels, b.input.channels);
    QCOMPARE(q(a.input.normalize), q(b.input.normalize));
    QVERIFY(a.input.mean == b.input.mean);
    QVERIFY(a.input.std == b.input.std);
    QCOMPARE(q(a.model.backbone), q(b.model.backbone));
    QCOMPARE(q(a.model.pretrained), q(b.model.pretrained));
    QVERIFY(a.freeze == b.freeze);
    QCOMPARE(a.train.epochs, b.train.epochs);
    QCOMPARE(a.train.batchSize, b.train.batchSize);
    QCOMPARE(a.train.lr, b.train.lr);
    QCOMPARE(q(a.train.optimizer), q(b.train.optimizer));
    QCOMPARE(a.train.momentum, b.train.momentum);
    QCOMPARE(a.train.weightDecay, b.train.weightDecay);
    QCOMPARE(a.train.seed, b.train.seed);
    QCOMPARE(a.train.earlyStoppingPatience, b.train.earlyStoppingPatience);
    QCOMPARE(a.train.valFraction, b.train.valFraction);
    QCOMPARE(a.train.backboneLrMult, b.train.backboneLrMult);
    QCOMPARE(a.train.sourceEpochs, b.train.sourceEpochs);
    QCOMPARE(a.train.augment.crop, b.train.augment.crop);
    QCOMPARE(a.train.augment.cropScaleMin, b.train.augment.cropScaleMin);
    QCOMPARE(a.train.augment.cropScaleMax, b.train.augment.cropScaleMax);
    QCOMPARE(a.train.augment.cropRatioMin, b.train.augment.cropRatioMin);
    QCOMPARE(a.train.augment.cropRatioMax, b.train.augment.cropRatioMax);
    QCOMPARE(a.train.augment.flip, b.train.augment.flip);
    QCOMPARE(a.train.augment.jitter, b.train.augment.jitter);
    QCOMPARE(q(a.device), q(b.device));
    QVERIFY(a.notes == b.notes);
    QCOMPARE(a.withBaseline, b.withBaseline);
    QCOMPARE(a.sections.size(), b.sections.size());
    for (const auto& [name, section] : a.sections) {
        QVERIFY2(b.sections.count(name) == 1, name.c_str());
        QCOMPARE(q(section.dump()), q(b.sections.at(name).dump()));
    }
}

// Every key set to something other than its default.
const char* const kFullExperiment = R"({
  "name": "fashion transfer",
  "strategy": "dann",
  "source": {"format": "idx", "images": "mnist/train-images.gz", "labels": "mnist/train-labels.gz",
             "classes": ["0", "1"], "class_names": ["zero", "one"], "limit_per_class": 100,
             "labeled_per_class": 50, "split": 0.25},
  "target": {"format": "folder", "path": "fashion/train", "classes": ["Bag"], "labeled_per_class": 10},
  "target_test": {"format": "unlabeled", "path": "/data/test", "split": 0.1},
  "input": {"size": [32, 30], "channels": 3, "normalize": {"mean": [0.1, 0.2, 0.3], "std": 0.25}},
  "model": {"backbone": "resnet_mini", "pretrained": "../models/base.pt"},
  "freeze": ["conv1", "conv2"],
  "train": {"epochs": 7, "batch_size": 16, "lr": 0.0123456789, "optimizer": "sgd", "momentum": 0.8,
            "weight_decay": 5e-4, "seed": 18446744073709551615, "early_stopping_patience": 3,
            "val_fraction": 0.1, "backbone_lr_mult": 0.3333333333333333, "source_epochs": 2,
            "augment": {"crop": {"scale": [0.5, 0.9]}, "flip": true, "jitter": 0.15}},
  "device": "cuda",
  "notes": {"en": "Watch the domain accuracy.", "zh_CN": "观察领域分类器的准确率。"},
  "with_baseline": true,
  "dann": {"lambda": 0.5, "schedule": {"gamma": 10}},
  "multitask": {"weights": [1, 2]}
})";

} // namespace

class TestExperiment : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void badFile_data();
    void badFile();
    void defaults();
    void wholeNumbersAccepted();
    void roundTrip();
    void saveAndLoad();
    void loadMissingFile();
    void saveToMissingFolder();
    void resolvePaths();
    void normalizePresets_data();
    void normalizePresets();
    void normalizeFollowsChannelOverride();
    void augmentParsed();
};

void TestExperiment::badFile_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("unknown key, suggestion")
        << R"({"train": {"epoch": 3}})"
        << "experiment.json: unknown key 'train.epoch' (did you mean 'train.epochs'?)";
    QTest::newRow("unknown dataset key") << R"({"target": {"path": "x", "clases": ["a"]}})"
                                         << "unknown key 'target.clases' (did you mean 'target.classes'?)";
    QTest::newRow("unknown key, list") << R"({"completely_wrong": 1})"
                                       << "unknown key 'completely_wrong' (valid keys: name, strategy, source";
    QTest::newRow("unknown key lists sections") << R"({"completely_wrong": 1})"
                                                << "zeroshot, selftaught";
    QTest::newRow("epochs string") << R"({"train": {"epochs": "10"}})"
                                   << "experiment.json: key 'train.epochs' must be an integer, got string";
    QTest::newRow("epochs fraction") << R"({"train": {"epochs": 3.5}})"
                                     << "key 'train.epochs' must be an integer, got number 3.5";
    QTest::newRow("epochs negative") << R"({"train": {"epochs": -1}})"
                                     << "key 'train.epochs' must be an integer >= 0";
    QTest::newRow("batch zero") << R"({"train": {"batch_size": 0}})"
                                << "key 'train.batch_size' must be an integer >= 1";
    QTest::newRow("lr string") << R"({"train": {"lr": "fast"}})"
                               << "key 'train.lr' must be a number, got string";
    QTest::newRow("lr zero") << R"({"train": {"lr": 0}})"
                             << "key 'train.lr' must be a number > 0, got 0";
    QTest::newRow("seed negative") << R"({"train": {"seed": -1}})"
                                   << "key 'train.seed' must be a non-negative integer";
    QTest::newRow("seed bool") << R"({"train": {"seed": true}})"
                               << "key 'train.seed' must be an integer, got boolean";
    QTest::newRow("val_fraction one") << R"({"train": {"val_fraction": 1}})"
                                      << "key 'train.val_fraction' must be a number in [0, 1), got 1";
    QTest::newRow("source_epochs") << R"({"train": {"source_epochs": -2}})"
                                   << "key 'train.source_epochs' must be an integer >= -1";
    QTest::newRow("optimizer enum") << R"({"train": {"optimizer": "rmsprop"}})"
                                    << "key 'train.optimizer' must be one of 'sgd', 'adam', got 'rmsprop'";
    QTest::newRow("device enum") << R"({"device": "gpu"})"
                                 << "key 'device' must be one of 'cpu', 'cuda', got 'gpu'";
    QTest::newRow("name number") << R"({"name": 5})"
                                 << "key 'name' must be a string, got integer";
    QTest::newRow("strategy null") << R"({"strategy": null})"
                                   << "key 'strategy' must be a string, got null";
    QTest::newRow("freeze string") << R"({"freeze": "conv1"})"
                                   << "key 'freeze' must be an array of strings, got string";
    QTest::newRow("freeze element") << R"({"freeze": ["conv1", 2]})"
                                    << "key 'freeze[1]' must be a string, got integer";
    QTest::newRow("size length") << R"({"input": {"size": [28]}})"
                                 << "key 'input.size' must be [height, width]";
    QTest::newRow("size zero") << R"({"input": {"size": [0, 28]}})"
                               << "key 'input.size' must be [height, width]";
    QTest::newRow("channels") << R"({"input": {"channels": 2}})"
                              << "key 'input.channels' must be 1 (grey) or 3 (RGB)";
    QTest::newRow("normalize preset")
        << R"({"input": {"normalize": "imagenet21k"}})"
        << "key 'input.normalize' must be one of 'symmetric', 'imagenet', got 'imagenet21k'";
    QTest::newRow("normalize type") << R"({"input": {"normalize": 0.5}})"
                                    << "key 'input.normalize' must be \"symmetric\", \"imagenet\" or {\"mean\"";
    QTest::newRow("normalize std zero")
        << R"({"input": {"channels": 3, "normalize": {"mean": 0.5, "std": [0.2, 0, 0.2]}}})"
        << "key 'input.normalize.std[1]' must be > 0";
    QTest::newRow("normalize std negative") << R"({"input": {"normalize": {"mean": 0.5, "std": -1}}})"
                                            << "key 'input.normalize.std' must be > 0";
    QTest::newRow("normalize mean string") << R"({"input": {"normalize": {"mean": ["a"], "std": 1}}})"
                                           << "key 'input.normalize.mean[0]' must be a number, got string";
    QTest::newRow("normalize missing std") << R"({"input": {"normalize": {"mean": 0.5}}})"
                                           << "key 'input.normalize.std' is required";
    QTest::newRow("normalize unknown key") << R"({"input": {"normalize": {"mean": 0.5, "std": 1, "sd": 1}}})"
                                           << "unknown key 'input.normalize.sd'";
    QTest::newRow("normalize wrong length")
        << R"({"input": {"channels": 3, "normalize": {"mean": [0.4, 0.5], "std": 0.2}}})"
        << "key 'input.normalize.mean' has 2 values but input.channels is 3: give one value, or one per channel";
    QTest::newRow("normalize three for grey") << R"({"input": {"normalize": {"mean": 0.5, "std": [0.1, 0.2, 0.3]}}})"
                                              << "key 'input.normalize.std' has 3 values but input.channels is 1";
    QTest::newRow("normalize empty list") << R"({"input": {"normalize": {"mean": [], "std": 1}}})"
                                          << "key 'input.normalize.mean' must be a number or a list of numbers";
    QTest::newRow("augment true") << R"({"train": {"augment": true}})"
                                  << "key 'train.augment' must be false or an object";
    QTest::newRow("augment unknown") << R"({"train": {"augment": {"flop": true}}})"
                                     << "unknown key 'train.augment.flop' (did you mean 'train.augment.flip'?)";
    QTest::newRow("augment crop scale") << R"({"train": {"augment": {"crop": {"scale": [0, 1]}}}})"
                                        << "key 'train.augment.crop.scale[0]' must be in (0, 1]";
    QTest::newRow("augment crop scale order") << R"({"train": {"augment": {"crop": {"scale": [0.9, 0.5]}}}})"
                                              << "key 'train.augment.crop.scale' must be [low, high] with low <= high";
    QTest::newRow("augment crop scale shape") << R"({"train": {"augment": {"crop": {"scale": 0.5}}}})"
                                              << "key 'train.augment.crop.scale' must be [low, high], two numbers";
    QTest::newRow("augment crop ratio") << R"({"train": {"augment": {"crop": {"ratio": [-1, 1]}}}})"
                                        << "key 'train.augment.crop.ratio[0]' must be > 0";
    QTest::newRow("augment crop type") << R"({"train": {"augment": {"crop": 0.8}}})"
                                       << "key 'train.augment.crop' must be true, false or {";
    QTest::newRow("augment jitter") << R"({"train": {"augment": {"jitter": 1}}})"
                                    << "key 'train.augment.jitter' must be a number in [0, 1), got 1";
    QTest::newRow("augment flip") << R"({"train": {"augment": {"flip": "yes"}}})"
                                  << "key 'train.augment.flip' must be true or false, got string";
    QTest::newRow("format enum")
        << R"({"source": {"format": "lmdb", "path": "x"}})"
        << "key 'source.format' must be one of 'folder', 'unlabeled', 'idx', 'csv', got 'lmdb'";
    QTest::newRow("csv needs path") << R"({"target": {"format": "csv"}})"
                                    << "key 'target.path' is required for format 'csv'";
    QTest::newRow("folder needs path") << R"({"target": {"format": "folder"}})"
                                       << "experiment.json: key 'target.path' is required for format 'folder'";
    QTest::newRow("unlabeled needs path") << R"({"source": {"format": "unlabeled", "path": ""}})"
                                          << "key 'source.path' is required for format 'unlabeled'";
    QTest::newRow("idx needs labels") << R"({"source": {"format": "idx", "images": "i.gz"}})"
                                      << "key 'source.labels' is required for format 'idx'";
    QTest::newRow("limit negative") << R"({"target": {"path": "x", "limit_per_class": -1}})"
                                    << "key 'target.limit_per_class' must be an integer >= 0";
    QTest::newRow("labeled -2") << R"({"target": {"path": "x", "labeled_per_class": -2}})"
                                << "key 'target.labeled_per_class' must be an integer >= -1";
    QTest::newRow("split one") << R"({"target_test": {"path": "x", "split": 1.0}})"
                               << "key 'target_test.split' must be a number in [0, 1)";
    QTest::newRow("dataset not object") << R"({"target": "fashion"})"
                                        << "key 'target' must be an object, got string";
    QTest::newRow("train not object") << R"({"train": [1]})"
                                      << "key 'train' must be an object, got array";
    QTest::newRow("section not object") << R"({"dann": [1, 2]})"
                                        << "experiment.json: key 'dann' must be an object, got array";
    QTest::newRow("top level array") << R"([1, 2])"
                                     << "experiment.json: the top level must be an object, got array";
    QTest::newRow("notes not an object") << R"({"notes": "look here"})"
                                         << "key 'notes' must be an object of texts by language";
    QTest::newRow("notes entry not a string") << R"({"notes": {"en": 3}})"
                                              << "key 'notes.en' expected a string, got integer";
    QTest::newRow("notes bad language tag") << R"({"notes": {"en US": "x"}})"
                                            << "'en US' is not a language tag";
    QTest::newRow("with_baseline not a bool") << R"({"with_baseline": "yes"})"
                                              << "key 'with_baseline' must be true or false, got string";
    QTest::newRow("top level string") << R"("x")"
                                      << "the top level must be an object, got string";
    QTest::newRow("malformed") << "{\n  \"name\": \"x\",\n  \"strategy\": ,\n}"
                               << "experiment.json:3:15: syntax error while parsing value";
    QTest::newRow("trailing comma") << "{\"name\": \"x\",\n}"
                                    << "experiment.json:2:1: syntax error";
    QTest::newRow("truncated") << "{\"train\": {"
                               << "experiment.json:1:12: syntax error";
    QTest::newRow("empty") << ""
                           << "experiment.json:1:1:";
}

void TestExperiment::badFile()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const QString message = parseError(text.toStdString());
    QVERIFY2(message.contains(expected), qPrintable("got: \"" + message + "\""));
}

void TestExperiment::defaults()
{
    const Experiment parsed = parseExperiment("{}", "empty.json");
    compareExperiments(parsed, Experiment{});
    QVERIFY(!parsed.source && !parsed.target && !parsed.targetTest);
    QVERIFY(parsed.sections.empty());
    // Null datasets mean "absent"; defaults of a present dataset come from DatasetSpec.
    const Experiment withTarget = parseExperiment(R"({"source": null, "target": {"path": "t"}})", "t.json");
    QVERIFY(!withTarget.source);
    QVERIFY(withTarget.target);
    QCOMPARE(q(withTarget.target->format), QStringLiteral("folder"));
    QCOMPARE(withTarget.target->labeledPerClass, -1);
    QCOMPARE(withTarget.target->limitPerClass, 0);
    // toJson writes every key, defaults included.
    const json written = toJson(parsed);
    QCOMPARE(written.at("train").at("epochs").get<int>(), 10);
    QCOMPARE(written.at("train").at("source_epochs").get<int>(), -1);
    QCOMPARE(written.at("input").at("size"), json({28, 28}));
    QVERIFY(written.at("source").is_null());
    QCOMPARE(q(written.at("device").get<std::string>()), QStringLiteral("cpu"));
}

void TestExperiment::wholeNumbersAccepted()
{
    const Experiment e = parseExperiment(R"({"train": {"epochs": 3.0, "lr": 1, "seed": 7}})", "n.json");
    QCOMPARE(e.train.epochs, 3);
    QCOMPARE(e.train.lr, 1.0);
    QCOMPARE(e.train.seed, std::uint64_t(7));
}

void TestExperiment::roundTrip()
{
    const Experiment first = parseExperiment(kFullExperiment, "full.json");
    QCOMPARE(first.train.seed, std::uint64_t(18446744073709551615ULL));
    QCOMPARE(first.sections.size(), std::size_t(2));
    QCOMPARE(first.sections.at("dann").at("schedule").at("gamma").get<int>(), 10);
    QCOMPARE(first.input.height, 32);
    QCOMPARE(first.input.width, 30);
    QCOMPARE(first.notes.size(), std::size_t(2));
    QCOMPARE(QString::fromStdString(first.notes.at("zh_CN")), QStringLiteral("观察领域分类器的准确率。"));
    QVERIFY(first.withBaseline);

    const json written = toJson(first);
    const Experiment second = parseExperiment(written.dump(2), "written.json");
    compareExperiments(first, second);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(q(toJson(second).dump()), q(written.dump()));

    // The defaults survive the trip too, absent datasets included.
    compareExperiments(parseExperiment(toJson(Experiment{}).dump(), "defaults.json"), Experiment{});
}

void TestExperiment::saveAndLoad()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string path = QDir(dir.path()).filePath("exp.json").toStdString();
    const Experiment original = parseExperiment(kFullExperiment, "full.json");
    saveExperiment(original, path);
    QVERIFY(!QFile::exists(q(path + ".tmp")));

    QFile file(q(path));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY2(bytes.contains("{\n  \""), "pretty-printed with two spaces");

    const Experiment loaded = loadExperiment(path);
    compareExperiments(original, loaded);
    const std::string expectedBase = std::filesystem::path(dir.path().toStdString()).lexically_normal().string();
    QCOMPARE(q(loaded.baseDir), q(expectedBase));

    // Saving again replaces the file in place.
    Experiment changed = loaded;
    changed.train.epochs = 99;
    saveExperiment(changed, path);
    QCOMPARE(loadExperiment(path).train.epochs, 99);
}

void TestExperiment::loadMissingFile()
{
    QTemporaryDir dir;
    const std::string path = QDir(dir.path()).filePath("nope.json").toStdString();
    try {
        loadExperiment(path);
        QFAIL("no error for a missing file");
    } catch (const InputError& error) {
        const QString message = error.what();
        QVERIFY2(message.startsWith(q("cannot read experiment file '" + path + "': ")), qPrintable(message));
    }
    // A malformed file is reported with its own path as the origin.
    const QString bad = QDir(dir.path()).filePath("bad.json");
    writeFile(bad, "{\n  \"name\": }");
    try {
        loadExperiment(bad.toStdString());
        QFAIL("no error for a malformed file");
    } catch (const InputError& error) {
        QVERIFY2(QString(error.what()).startsWith(bad + ":2:11: "), error.what());
    }
}

void TestExperiment::saveToMissingFolder()
{
    QTemporaryDir dir;
    const std::string path = QDir(dir.path()).filePath("missing/exp.json").toStdString();
    try {
        saveExperiment(Experiment{}, path);
        QFAIL("no error for a missing folder");
    } catch (const InputError& error) {
        QVERIFY2(QString(error.what()).contains(q("'" + path + "'")), error.what());
    }
}

void TestExperiment::resolvePaths()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkpath("project/data"));
    const QString path = QDir(dir.path()).filePath("project/exp.json");
    writeFile(path, R"({"target": {"path": "data/./train"}, "model": {"pretrained": "../models/m.pt"},
                        "target_test": {"path": "/abs/test"}})");

    // Load through a relative path: baseDir must still come back absolute.
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(dir.path()));
    Experiment e;
    try {
        e = loadExperiment("project/exp.json");
    } catch (const InputError& error) {
        QDir::setCurrent(previous);
        QFAIL(error.what());
    }
    QDir::setCurrent(previous);

    const std::string base = std::filesystem::path(dir.path().toStdString()).lexically_normal().string();
    QCOMPARE(q(e.baseDir), q(base + "/project"));
    QCOMPARE(q(resolvePath(e, e.target->path)), q(base + "/project/data/train"));
    QCOMPARE(q(resolvePath(e, e.model.pretrained)), q(base + "/models/m.pt"));
    QCOMPARE(q(resolvePath(e, e.targetTest->path)), QStringLiteral("/abs/test"));
    QCOMPARE(q(resolvePath(e, "")), QString());
}

void TestExperiment::normalizePresets_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("preset"); // what toJson writes back
    QTest::addColumn<QList<double>>("mean");
    QTest::addColumn<QList<double>>("stddev");
    QTest::newRow("default grey") << R"({})"
                                  << "symmetric" << QList<double>{0.5} << QList<double>{0.5};
    QTest::newRow("default rgb") << R"({"channels": 3})"
                                 << "symmetric" << QList<double>{0.5, 0.5, 0.5} << QList<double>{0.5, 0.5, 0.5};
    QTest::newRow("imagenet rgb") << R"({"channels": 3, "normalize": "imagenet"})"
                                  << "imagenet" << QList<double>{0.485, 0.456, 0.406}
                                  << QList<double>{0.229, 0.224, 0.225};
    // Grey: the luma-weighted (0.299, 0.587, 0.114) average of the RGB values, as grey images are made.
    QTest::newRow("imagenet grey") << R"({"normalize": "imagenet"})"
                                   << "imagenet" << QList<double>{0.299 * 0.485 + 0.587 * 0.456 + 0.114 * 0.406}
                                   << QList<double>{0.299 * 0.229 + 0.587 * 0.224 + 0.114 * 0.225};
    QTest::newRow("one value repeats") << R"({"channels": 3, "normalize": {"mean": 0.25, "std": [2]}})"
                                       << "" << QList<double>{0.25, 0.25, 0.25} << QList<double>{2, 2, 2};
    QTest::newRow("per channel") << R"({"channels": 3, "normalize": {"mean": [0.1, 0.2, 0.3], "std": [1, 2, 3]}})"
                                 << "" << QList<double>{0.1, 0.2, 0.3} << QList<double>{1, 2, 3};
}

void TestExperiment::normalizePresets()
{
    QFETCH(QString, input);
    QFETCH(QString, preset);
    QFETCH(QList<double>, mean);
    QFETCH(QList<double>, stddev);
    const Experiment e = parseExperiment(R"({"input": )" + input.toStdString() + "}", "n.json");
    QCOMPARE(q(e.input.normalize), preset);
    QCOMPARE(QList<double>(e.input.mean.begin(), e.input.mean.end()), mean);
    QCOMPARE(QList<double>(e.input.std.begin(), e.input.std.end()), stddev);
    const json written = toJson(e).at("input").at("normalize");
    if (preset.isEmpty())
        QCOMPARE(written, json({{"mean", e.input.mean}, {"std", e.input.std}}));
    else
        QCOMPARE(written, json(preset.toStdString()));
    // What checkpoints record: always explicit numbers, one per channel.
    QCOMPARE(normalizationJson(e.input), json({{"mean", e.input.mean}, {"std", e.input.std}}));
}

void TestExperiment::normalizeFollowsChannelOverride()
{
    Experiment e = parseExperiment(R"({"input": {"normalize": "imagenet"}})", "n.json");
    overrideKey(e, "input.channels", 3, "--channels");
    QCOMPARE(e.input.mean, (std::vector<double>{0.485, 0.456, 0.406}));
    Experiment f =
        parseExperiment(R"({"input": {"channels": 3, "normalize": {"mean": [0.1, 0.2, 0.3], "std": 1}}})", "n.json");
    try {
        overrideKey(f, "input.channels", 1, "--channels");
        QFAIL("expected an InputError");
    } catch (const InputError& error) {
        QVERIFY2(QString(error.what()).contains("key 'input.normalize.mean' has 3 values but input.channels is 1"),
                 error.what());
    }
}

void TestExperiment::augmentParsed()
{
    const Experiment off = parseExperiment(R"({"train": {"augment": false}})", "a.json");
    QVERIFY(!augmentOn(off.train));
    QVERIFY(!augmentOn(Experiment{}.train));
    QCOMPARE(toJson(off).at("train").at("augment"), json(false));
    const Experiment crop = parseExperiment(R"({"train": {"augment": {"crop": true}}})", "a.json");
    QVERIFY(augmentOn(crop.train));
    QVERIFY(crop.train.augment.crop && !crop.train.augment.flip);
    QCOMPARE(crop.train.augment.cropScaleMin, 0.08); // torchvision's RandomResizedCrop defaults
    QCOMPARE(crop.train.augment.cropRatioMax, 4.0 / 3.0);
    const Experiment jitter = parseExperiment(R"({"train": {"augment": {"jitter": 0.2}}})", "a.json");
    QVERIFY(augmentOn(jitter.train));
    QCOMPARE(jitter.train.augment.jitter, 0.2);
    // Off again when every part is off.
    QVERIFY(!augmentOn(parseExperiment(R"({"train": {"augment": {"crop": false, "flip": false}}})", "a.json").train));
}

QTEST_APPLESS_MAIN(TestExperiment)
#include "tst_experiment.moc"

// Models in and out through the CLI: fine-tune an imported torchvision model without a source, export it,
// run the export in Python, predict a folder, re-import the run, and the exit 2 of each unusable model.

#include "../common/clirunner.h"
#include "../common/tinydata.h"

#include "engine/data/imageio.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <fstream>

namespace {
constexpr int kSize = 32;
}

class TestModelIo : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    ts::testdata::CliResult cli(const QStringList& args, int timeoutMs = 240000)
    {
        return ts::testdata::runCli(args, m_dir.filePath("cache"), timeoutMs);
    }

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // A finetune experiment on the tiny IDX data with `model` as model.pretrained and no source.
    QString writeExperiment(const QString& name, const QString& model, const QJsonObject& overrides = {})
    {
        QJsonObject target{{"format", "idx"},
                           {"images", "data/images.idx"},
                           {"labels", "data/labels.idx"},
                           {"class_names", QJsonArray{"a", "b", "c"}},
                           {"split", 0.3}};
        QJsonObject e{{"name", name},
                      {"strategy", "finetune"},
                      {"target", target},
                      {"input", QJsonObject{{"size", QJsonArray{kSize, kSize}}, {"channels", 3}}},
                      {"model", QJsonObject{{"pretrained", model}}},
                      {"freeze", QJsonArray{"conv1", "bn1", "layer1", "layer2"}},
                      {"train", QJsonObject{{"epochs", 2}, {"batch_size", 8}, {"lr", 0.01}}}};
        for (auto it = overrides.begin(); it != overrides.end(); ++it)
            e[it.key()] = it.value();
        QFile f(path(name + ".json"));
        f.open(QIODevice::WriteOnly);
        f.write(QJsonDocument(e).toJson());
        return f.fileName();
    }

    static QStringList csvRows(const QString& file)
    {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
    }

    // Predicts the photos with `model` through the CLI and through Python's torch.jit.load on the pixels the
    // app decoded; both must give the same class and probability (to 1e-5) for every image.
    void checkPredictionsMatchPython(const QString& model, int channels)
    {
        const QString csv = model + ".csv";
        auto r = cli({"predict", model, path("photos"), "--out", csv});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("broken.png"), qPrintable(r.err));
        const auto rows = csvRows(csv);
        QCOMPARE(rows.size(), 6); // header + 5 images; the broken file is skipped and named
        QCOMPARE(rows[0], QString("file,class,probability"));
        QVERIFY(rows[1].startsWith("img0.png,"));
        QVERIFY(rows[4].startsWith("more/img3.png,"));

        std::ofstream raw((model + ".u8").toStdString(), std::ios::binary);
        QStringList files;
        for (int i = 1; i < rows.size(); ++i) {
            const QString file = rows[i].section(',', 0, 0);
            files << file;
            std::string error;
            auto image = ts::engine::decodeImage(path("photos/" + file).toStdString(), channels, kSize, kSize, error);
            QVERIFY2(image.defined(), error.c_str());
            raw.write(reinterpret_cast<const char*>(image.contiguous().data_ptr<std::uint8_t>()), image.numel());
        }
        raw.close();
        QProcess p;
        p.start(TS_PYTHON, {QString(TS_SOURCE_DIR) + "/tests/engine/run_exported.py", model, model + ".u8",
                            QString::number(files.size()), QString::number(channels), QString::number(kSize),
                            QString::number(kSize), model + ".python.csv"});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const auto python = csvRows(model + ".python.csv");
        QCOMPARE(python.size(), files.size());
        for (int i = 0; i < files.size(); ++i) {
            const auto app = rows[i + 1].split(',');
            const auto py = python[i].split(',');
            QCOMPARE(py[0], app[1]); // class
            QVERIFY2(std::abs(py[1].toDouble() - app[2].toDouble()) < 1e-5,
                     qPrintable(python[i] + " vs " + rows[i + 1]));
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QDir().mkpath(path("data"));
        ts::testdata::writeIdx(path("data").toStdString(), 3, 8, kSize);
        QProcess p;
        p.start(TS_PYTHON, {QString(TS_SOURCE_DIR) + "/tests/engine/make_torchvision_models.py", path("models"),
                            QString::number(kSize)});
        QVERIFY(p.waitForFinished(120000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        // A folder to classify: a few images of the data, a sub-folder and one file that is not an image.
        QDir().mkpath(path("photos/more"));
        std::mt19937 rng(5);
        for (int i = 0; i < 5; ++i) {
            const auto pixels = ts::testdata::classImage(i % 3, kSize, rng);
            auto image = torch::from_blob(const_cast<std::uint8_t*>(pixels.data()), {1, kSize, kSize}, torch::kUInt8)
                             .repeat({3, 1, 1})
                             .clone();
            image[i % 3].floor_divide_(2); // colour, so the grey/RGB handling matters
            std::string error;
            const QString name = (i < 3 ? "photos/" : "photos/more/") + QString("img%1.png").arg(i);
            QVERIFY2(ts::engine::writeImage(path(name).toStdString(), image, error), error.c_str());
        }
        QFile broken(path("photos/broken.png"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("not a png");
    }

    void finetuneImportedModelWithoutSource()
    {
        const auto exp = writeExperiment("ft", path("models/resnet18.pt"));
        const auto r = cli({"run", exp, "--out", path("ft"), "--threads", "2"});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QFile f(path("ft/summary.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto s = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(s["torchscript_model"].toString(), QString("model.ts.pt"));
        QVERIFY2(s["weights_from"].toString().endsWith("resnet18.pt"), qPrintable(s["weights_from"].toString()));
        QVERIFY(QFile::exists(path("ft/model.ts.pt")));
        // Frozen nested modules kept their weights; the rest trained.
        bool sawFrozen = false;
        for (const auto& l : s["layers"].toArray()) {
            const auto o = l.toObject();
            if (o["name"].toString() == "layer1.0") {
                QVERIFY(o["frozen"].toBool());
                sawFrozen = true;
            }
            if (o["name"].toString() == "layer4.0")
                QVERIFY(!o["frozen"].toBool());
        }
        QVERIFY(sawFrozen);
    }

    void exportRunsInPythonWithTheSamePredictions()
    {
        const auto r = cli({"export", path("ft"), "--out", path("resnet_ft.ts.pt")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        checkPredictionsMatchPython(path("resnet_ft.ts.pt"), 3);
    }

    void builtinBackbonesExportToo_data()
    {
        QTest::addColumn<QString>("backbone");
        QTest::addColumn<QString>("normalize");
        QTest::newRow("lenet") << "lenet"
                               << "symmetric";
        QTest::newRow("dann_digits") << "dann_digits"
                                     << "imagenet";
        QTest::newRow("resnet_mini") << "resnet_mini"
                                     << "symmetric";
    }

    void builtinBackbonesExportToo()
    {
        // A grey scratch run of each built-in backbone: its model.ts.pt is TorchScript written by the app.
        QFETCH(QString, backbone);
        QFETCH(QString, normalize);
        const auto exp = writeExperiment(
            "scratch_" + backbone, "",
            {{"strategy", "scratch"},
             {"model", QJsonObject{{"backbone", backbone}}},
             {"freeze", QJsonArray{}},
             {"input", QJsonObject{{"size", QJsonArray{kSize, kSize}}, {"channels", 1}, {"normalize", normalize}}}});
        auto r = cli({"run", exp, "--out", path("scratch_" + backbone), "--threads", "2", "--epochs", "1"});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        r = cli({"export", path("scratch_" + backbone), "--out", path(backbone + ".ts.pt")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        checkPredictionsMatchPython(path(backbone + ".ts.pt"), 1);
    }

    void fineTunedRunIsPretrainedAgain()
    {
        const auto exp = writeExperiment("again", path("ft/model.pt"), {{"freeze", QJsonArray{"layer4.0"}}});
        auto r = cli({"layers", exp, "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("\"layer4.0.conv1\""));
        r = cli({"run", exp, "--out", path("again"), "--threads", "2", "--epochs", "1"});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
    }

    void multitaskFromAnImportedModel()
    {
        // Two task heads and no "head" layer: model.pt still embeds the model, model.ts.pt is task B's classifier.
        QJsonObject source{{"format", "idx"},
                           {"images", "data/images.idx"},
                           {"labels", "data/labels.idx"},
                           {"class_names", QJsonArray{"a", "b", "c"}}};
        const auto exp =
            writeExperiment("mt", path("models/resnet18.pt"),
                            {{"strategy", "multitask"}, {"source", source}, {"freeze", QJsonArray{"layer1"}}});
        auto r = cli({"run", exp, "--out", path("mt"), "--threads", "2", "--epochs", "1"});
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY(QFile::exists(path("mt/model.pt")));
        QVERIFY(QFile::exists(path("mt/model.ts.pt")));
        r = cli({"predict", path("mt"), path("photos"), "--out", path("mt.csv")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(csvRows(path("mt.csv")).size(), 6);
    }

    void unusableModelsAreExit2_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QJsonObject>("overrides");
        QTest::addColumn<QString>("expected");
        QTest::newRow("grey input into an RGB model")
            << "resnet18" << QJsonObject{{"input", QJsonObject{{"size", QJsonArray{kSize, kSize}}, {"channels", 1}}}}
            << "channels";
        QTest::newRow("no Linear head") << "nolinear" << QJsonObject{{"freeze", QJsonArray{}}} << "no Linear layer";
        QTest::newRow("output changed after the head")
            << "tailop" << QJsonObject{{"freeze", QJsonArray{}}} << "not the last step";
        QTest::newRow("unknown nested layer")
            << "resnet18" << QJsonObject{{"freeze", QJsonArray{"layer4.7"}}} << "layer4.7";
        QTest::newRow("head that is not a Linear")
            << "tinyvgg"
            << QJsonObject{{"freeze", QJsonArray{}},
                           {"model", QJsonObject{{"pretrained", "models/tinyvgg.pt"}, {"head", "avgpool"}}}}
            << "not a Linear module";
    }

    void unusableModelsAreExit2()
    {
        QFETCH(QString, model);
        QFETCH(QJsonObject, overrides);
        QFETCH(QString, expected);
        const auto exp = writeExperiment("bad_" + model, path("models/" + model + ".pt"), overrides);
        const auto r = cli({"run", exp, "--out", path("bad_" + QString::number(qHash(expected))), "--threads", "1"});
        QCOMPARE(r.code, 2);
        const auto lines = r.err.trimmed().split('\n');
        // A model's fault names the model file; a freeze list's names the layer and the key.
        const bool namesWhere = lines.last().contains(model + ".pt") || lines.last().startsWith("error: freeze:");
        QVERIFY2(lines.last().contains(expected) && namesWhere, qPrintable(r.err));
        QVERIFY2(!r.err.contains("Traceback"), qPrintable(r.err));
    }

    void exportAndPredictErrorsAreExit2()
    {
        auto r = cli({"export", path("photos"), "--out", path("x.ts.pt")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("photos") && r.err.contains("not a run folder"), qPrintable(r.err));
        r = cli({"predict", path("resnet_ft.ts.pt"), path("no-such-folder")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("no-such-folder"), qPrintable(r.err));
        r = cli({"predict", path("models/resnet18.pt"), path("photos")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("resnet18.pt") && r.err.contains("not exported by Transfer Studio"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestModelIo)
#include "tst_modelio.moc"

// Zero-shot learning: the attribute table's errors, the demo table, and the strategy end to end on tiny
// generated data (class k is a bright square at row k % 3, column k / 3, so its position is its attributes).

#include "../common/enginetest.h"
#include "../common/tinydata.h"

#include "engine/core/errors.h"
#include "engine/core/experiment.h"
#include "engine/data/attributes.h"
#include "engine/data/demodata.h"
#include "engine/data/imageio.h"
#include "engine/nn/checkpoint.h"
#include "engine/strategies/strategy.h"
#include "engine/train/runner.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>

using namespace ts::engine;
using ts::testdata::idxSpec;
using ts::testdata::Recorder;
using ts::testdata::weightDistance;

namespace {

// Attributes of the tiny classes a..f: the row and column of their square.
const char* const kTinyTable = "class,top,middle,bottom,left,centre\n"
                               "a,1,0,0,1,0\n"
                               "b,0,1,0,1,0\n"
                               "c,0,0,1,1,0\n"
                               "d,1,0,0,0,1\n"
                               "e,0,1,0,0,1\n"
                               "f,0,0,1,0,1\n";

void writeText(const QString& path, const std::string& text)
{
    std::ofstream out(path.toStdString());
    out << text;
}

// Lines of a text file after its header, which is returned in `header`.
std::vector<std::string> csvRows(const QString& path, std::string& header)
{
    std::ifstream in(path.toStdString());
    std::vector<std::string> rows;
    std::getline(in, header);
    for (std::string line; std::getline(in, line);)
        rows.push_back(line);
    return rows;
}

// Comma-separated cells of one CSV row without quotes.
std::vector<std::string> cells(const std::string& row)
{
    std::vector<std::string> out(1);
    for (char c : row)
        if (c == ',')
            out.emplace_back();
        else
            out.back().push_back(c);
    return out;
}

} // namespace

class TestZeroShot : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_train, m_test, m_unlabeled;
    static constexpr int kUnlabeledPerClass = 6;

    Experiment experiment() const
    {
        Experiment e;
        e.strategy = "zeroshot";
        e.source = idxSpec(m_train, {"a", "b", "c", "d"});
        e.target = idxSpec(m_test, {"e", "f"});
        e.input = {12, 12, 1};
        e.model.backbone = "lenet";
        e.train.epochs = 8;
        e.train.batchSize = 16;
        e.train.lr = 3e-3;
        e.sections["zeroshot"] = {{"attributes", m_dir.filePath("tiny.csv").toStdString()}};
        return e;
    }

    RunOptions options(const QString& sub) const { return ts::testdata::freshRunOptions(m_dir.filePath(sub)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_train = m_dir.filePath("train");
        m_test = m_dir.filePath("test");
        QDir().mkpath(m_train);
        QDir().mkpath(m_test);
        ts::testdata::writeIdx(m_train.toStdString(), 6, 30, 12, 1);
        ts::testdata::writeIdx(m_test.toStdString(), 6, 15, 12, 2);
        writeText(m_dir.filePath("tiny.csv"), kTinyTable);
        // An unlabeled target folder of images of the unseen classes e and f (the file name tells the truth).
        m_unlabeled = m_dir.filePath("unlabeled");
        QDir().mkpath(m_unlabeled);
        if (!haveImageDecoder())
            return;
        std::mt19937 rng(11);
        for (int label : {4, 5})
            for (int i = 0; i < kUnlabeledPerClass; ++i) {
                const auto px = ts::testdata::classImage(label, 12, rng);
                auto image = torch::from_blob(const_cast<std::uint8_t*>(px.data()), {1, 12, 12}, torch::kUInt8).clone();
                std::string error;
                const auto name = std::string(label == 4 ? "e" : "f") + "_" + std::to_string(i) + ".png";
                QVERIFY2(writeImage(m_unlabeled.toStdString() + "/" + name, image, error), error.c_str());
            }
    }

    void parsesTable()
    {
        const auto t = parseAttributeTable("# comment\nclass, x ,\"y\"\n\"T-shirt\",1,0\n\nBag,0.5,1e-1\r\n", "t.csv");
        QCOMPARE(t.attributes, (std::vector<std::string>{"x", "y"}));
        QCOMPARE(t.classes, (std::vector<std::string>{"T-shirt", "Bag"}));
        QVERIFY(!t.binary());
        const auto sig = t.signatures({"Bag", "T-shirt"});
        QCOMPARE(sig.sizes().vec(), (std::vector<std::int64_t>{2, 2}));
        QCOMPARE(sig[0][1].item<float>(), 0.1f);
        QCOMPARE(sig[1][0].item<float>(), 1.0f);
        QVERIFY(parseAttributeTable(kTinyTable, "tiny").binary());
    }

    void tableErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("ragged row") << "class,a,b\nx,1,0\ny,1\n"
                                    << "bad.csv:3: expected 3 cells";
        QTest::newRow("too many cells") << "class,a,b\nx,1,0,1\n"
                                        << "bad.csv:2: expected 3 cells";
        QTest::newRow("non-numeric") << "class,a,b\nx,1,yes\n"
                                     << "bad.csv:2:3: attribute 'b' of class 'x' must be a number, got 'yes'";
        QTest::newRow("empty cell") << "class,a,b\nx,,1\n"
                                    << "bad.csv:2:2: attribute 'a'";
        QTest::newRow("number with junk") << "class,a\nx,1.5kg\n"
                                          << "got '1.5kg'";
        QTest::newRow("duplicate class") << "class,a\nx,1\nx,0\n"
                                         << "bad.csv:3: duplicate row for class 'x'";
        QTest::newRow("no attributes") << "class\nx\n"
                                       << "bad.csv:1: the header";
        QTest::newRow("empty file") << "\n# nothing\n"
                                    << "bad.csv: the attribute table is empty";
        QTest::newRow("empty attribute name") << "class,a,,c\n"
                                              << "bad.csv:1:3: empty attribute name";
    }

    void tableErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, fragment);
        try {
            parseAttributeTable(text.toStdString(), "bad.csv");
            QFAIL("no error");
        } catch (const InputError& err) {
            QVERIFY2(QString::fromStdString(err.what()).contains(fragment), err.what());
        }
    }

    void missingRowNamesClassAndFile()
    {
        const auto t = parseAttributeTable("class,a\nx,1\n", "table.csv");
        try {
            t.signatures({"x", "Sandal"});
            QFAIL("no error");
        } catch (const InputError& err) {
            QCOMPARE(QString::fromStdString(err.what()),
                     QString("class 'Sandal' has no row in the attribute table 'table.csv'"));
        }
    }

    void missingFileNamed()
    {
        try {
            loadAttributeTable(m_dir.filePath("absent.csv").toStdString());
            QFAIL("no error");
        } catch (const InputError& err) {
            QVERIFY2(QString::fromStdString(err.what()).contains("absent.csv"), err.what());
        }
    }

    void demoTableMatchesResource()
    {
        std::ifstream in(TS_SOURCE_DIR "/resources/demo/fashion_attributes.csv");
        QVERIFY(in.good());
        std::stringstream text;
        text << in.rdbuf();
        QCOMPARE(text.str(), fashionAttributesCsv());
        const auto t = parseAttributeTable(fashionAttributesCsv(), "fashion");
        QCOMPARE(t.classes.size(), size_t(10));
        QVERIFY(t.binary());
        // Every class must be told apart from every other class except Coat and Shirt (never both unseen).
        for (size_t i = 0; i < t.classes.size(); ++i)
            for (size_t j = i + 1; j < t.classes.size(); ++j)
                if (t.values[i] == t.values[j])
                    QVERIFY2((t.classes[i] == "Coat" && t.classes[j] == "Shirt"),
                             (t.classes[i] + "=" + t.classes[j]).c_str());
    }

    void demoExperimentsValid_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("strategy");
        QTest::newRow("zeroshot") << "zeroshot.json"
                                  << "zeroshot";
        QTest::newRow("selftaught") << "selftaught.json"
                                    << "selftaught";
        QTest::newRow("selftaught_clustering") << "selftaught_clustering.json"
                                               << "selftaught_clustering";
    }

    void demoExperimentsValid()
    {
        QFETCH(QString, file);
        QFETCH(QString, strategy);
        // demo-data writes the attribute table next to the experiments; the zeroshot demo reads it.
        writeText(m_dir.filePath("fashion_attributes.csv"), fashionAttributesCsv());
        for (const auto& [name, json] : demoExperiments()) {
            if (name != file.toStdString())
                continue;
            const auto e = parseExperiment(json.dump(), name, m_dir.path().toStdString());
            QCOMPARE(e.strategy, strategy.toStdString());
            const auto* info = findStrategyInfo(e.strategy);
            QVERIFY(info);
            QVERIFY(e.sections.count(info->section));
            resolveSection(*info, e.sections.at(info->section)); // throws on a bad key or type
            QCOMPARE(checkDataNeeds(*info, e), std::string());
            const auto net = previewNetwork(e, {5, 5, 0});
            if (strategy == "zeroshot")
                QCOMPARE(net->layer("attr_head")->parameters().back().size(0), std::int64_t(8)); // 8 attributes
            return;
        }
        QFAIL("demo experiment missing");
    }

    void runErrorsNamed_data()
    {
        QTest::addColumn<QString>("what");
        QTest::addColumn<QString>("fragment");
        QTest::newRow("missing row") << "row"
                                     << "class 'f' has no row in the attribute table";
        QTest::newRow("missing file") << "file"
                                      << "nothere.csv";
        QTest::newRow("unlabeled source") << "source"
                                          << "needs labeled source";
        QTest::newRow("unknown option") << "option"
                                        << "zeroshot.metod";
    }

    void runErrorsNamed()
    {
        QFETCH(QString, what);
        QFETCH(QString, fragment);
        auto e = experiment();
        if (what == "row") {
            writeText(m_dir.filePath("short.csv"), "class,top\na,1\nb,0\nc,0\nd,1\ne,0\n");
            e.sections["zeroshot"]["attributes"] = m_dir.filePath("short.csv").toStdString();
        } else if (what == "file") {
            e.sections["zeroshot"]["attributes"] = m_dir.filePath("nothere.csv").toStdString();
        } else if (what == "source") {
            e.source->format = "unlabeled";
            e.source->path = m_train.toStdString();
        } else if (what == "option") {
            e.sections["zeroshot"]["metod"] = "dap";
        }
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("bad"), rec, control);
        QVERIFY(r.exitCode == ExitCode::BadInput);
        QVERIFY2(QString::fromStdString(r.error).contains(fragment), r.error.c_str());
        if (what == "row")
            QVERIFY2(QString::fromStdString(r.error).contains("short.csv"), r.error.c_str());
    }

    void endToEnd_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<bool>("realValued");
        QTest::newRow("dap") << "dap" << false;
        QTest::newRow("cosine") << "cosine" << false;
        QTest::newRow("real values: mse, euclidean") << "euclidean" << true;
    }

    void endToEnd()
    {
        QFETCH(QString, method);
        QFETCH(bool, realValued);
        auto e = experiment();
        e.sections["zeroshot"]["method"] = method.toStdString();
        if (realValued) {
            std::string table = kTinyTable;
            for (auto& c : table)
                c = c == '1' ? '9' : c;
            for (size_t p; (p = table.find(",9")) != std::string::npos || (p = table.find(",0")) != std::string::npos;)
                table.replace(p, 2, table[p + 1] == '9' ? ";0.9" : ";0.1");
            std::replace(table.begin(), table.end(), ';', ',');
            writeText(m_dir.filePath("tiny_real.csv"), table);
            e.sections["zeroshot"]["attributes"] = m_dir.filePath("tiny_real.csv").toStdString();
        }
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("zs-" + method), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        const auto& m = r.summary["strategy_metrics"];
        QCOMPARE(m["chance"].get<double>(), 0.5);
        QCOMPARE(m["loss"].get<std::string>(), std::string(realValued ? "mse" : "bce"));
        QCOMPARE(m["unseen_classes"].get<std::vector<std::string>>(), (std::vector<std::string>{"e", "f"}));
        const double acc = m["unseen_accuracy"].get<double>();
        QCOMPARE(r.summary["target_accuracy"].get<double>(), acc);
        // e and f differ only in 'middle' vs 'bottom', which the seen classes b and c teach.
        QVERIFY2(acc >= 0.8, std::to_string(acc).c_str());
        QCOMPARE(m["per_attribute_accuracy"].size(), size_t(5));
        // "middle" tells e (1) from f (0) and is taught by b; "centre" (column 1) is taught by d alone.
        QVERIFY2(m["per_attribute_accuracy"]["middle"].get<double>() >= 0.8, m.dump().c_str());
        QCOMPARE(r.summary["confusion"]["classes"].get<std::vector<std::string>>(),
                 (std::vector<std::string>{"e", "f"}));
        QCOMPARE(rec.predictionReports, 1);
        QVERIFY(!rec.steps.empty() && rec.steps.front().values.count("attribute_loss"));
        QVERIFY(rec.epochs.back().metrics.count("unseen_accuracy"));
        bool hasHead = false;
        for (const auto& l : r.summary["layers"])
            hasHead |= l["name"] == "attr_head" && l["role"] == "attribute";
        QVERIFY(hasHead);
    }

    void featureSamplesShowSeenAndUnseenClasses()
    {
        // For the window's feature picture: a sample at each epoch and a closing one, from the layer under the
        // attribute head, the source's seen classes beside the unseen ones of the evaluation set.
        auto e = experiment();
        e.train.epochs = 3;
        Recorder rec;
        RunControl control;
        RunOptions o = options("zs-features");
        o.projectFeatures = true;
        const auto r = runExperiment(e, o, rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        QCOMPARE(rec.featureQuestions, 3);
        QCOMPARE(rec.samples.size(), std::size_t(4));
        for (std::size_t i = 0; i < rec.samples.size(); ++i) {
            const auto& s = rec.samples[i];
            QCOMPARE(s.closing, i == 3);
            QCOMPARE(s.epoch, i == 3 ? 3 : int(i) + 1);
            QCOMPARE(s.layer, std::string("fc2")); // lenet's last feature layer, under attr_head
            QCOMPARE(s.classNames, (std::vector<std::string>{"e", "f", "a", "b", "c", "d"}));
            QVERIFY(s.rows > 0);
            QCOMPARE(s.values.size(), std::size_t(s.rows * s.columns));
            const auto unseen = std::count(s.domain.begin(), s.domain.end(), 1);
            QVERIFY(unseen > 0 && unseen < s.rows);
            for (std::int64_t row = 0; row < s.rows; ++row) // target rows carry e or f, source rows a..d
                QVERIFY(s.domain[row] == 1 ? s.label[row] <= 1 : s.label[row] >= 2);
        }
        // The CLI asks for none.
        Recorder quiet;
        RunControl c2;
        const auto r2 = runExperiment(e, options("zs-no-features"), quiet, c2);
        QVERIFY2(r2.exitCode == ExitCode::Ok, r2.error.c_str());
        QVERIFY(quiet.samples.empty());
    }

    void unlabeledTargetWritesPredictions()
    {
        if (!haveImageDecoder())
            QSKIP("unlabeled folders need OpenCV");
        auto e = experiment();
        e.target = DatasetSpec{};
        e.target->format = "unlabeled";
        e.target->path = m_unlabeled.toStdString();
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("zs-unlabeled"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        const auto& m = r.summary["strategy_metrics"];
        // No labels anywhere on the target side: the table's classes the source lacks are the candidates,
        // and no accuracy is claimed.
        QCOMPARE(m["unseen_classes"].get<std::vector<std::string>>(), (std::vector<std::string>{"e", "f"}));
        QCOMPARE(m["unseen_classes_from"].get<std::string>(), std::string("zeroshot.attributes"));
        QVERIFY(r.summary["target_accuracy"].is_null());
        QVERIFY(!m.contains("unseen_accuracy"));
        QVERIFY(!r.summary.contains("confusion"));
        QVERIFY(!rec.epochs.back().metrics.count("target_accuracy"));
        QCOMPARE(m["predicted_images"].get<int>(), 2 * kUnlabeledPerClass);
        QCOMPARE(rec.predictions.predictedNames, (std::vector<std::string>{"e", "f"}));
        // predictions.csv: one row per target image, naming an unseen class; no truth column value.
        std::string header;
        const auto rows = csvRows(m_dir.filePath("zs-unlabeled/predictions.csv"), header);
        QCOMPARE(header, std::string("file,set,predicted,truth"));
        QCOMPARE(rows.size(), size_t(2 * kUnlabeledPerClass));
        int right = 0;
        for (const auto& row : rows) {
            const auto c = cells(row);
            QCOMPARE(c.size(), size_t(4));
            QCOMPARE(c[1], std::string("target"));
            QVERIFY2(c[2] == "e" || c[2] == "f", row.c_str());
            QCOMPARE(c[3], std::string());
            const auto file = c[0].substr(c[0].rfind('/') + 1);
            right += file.substr(0, 1) == c[2];
        }
        // The names are meaningful, not just well-formed: e and f are told apart by 'middle' vs 'bottom'.
        QVERIFY2(right >= 10, std::to_string(right).c_str());
    }

    void unseenCandidateRule_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<bool>("labeledTest");
        QTest::addColumn<QStringList>("candidates"); // empty: an error containing `error`
        QTest::addColumn<QString>("error");
        const std::string withG = std::string(kTinyTable) + "g,1,1,1,1,1\n";
        QTest::newRow("table minus source")
            << QString::fromStdString(withG) << false << QStringList{"e", "f", "g"} << "";
        QTest::newRow("target_test names them") << QString::fromStdString(withG) << true << QStringList{"e", "f"} << "";
        QTest::newRow("one left") << "class,top\na,1\nb,0\nc,1\nd,0\ne,1\n"
                                  << false << QStringList{} << "only one class ('e') that the source lacks";
        QTest::newRow("none left") << "class,top\na,1\nb,0\nc,1\nd,0\n"
                                   << false << QStringList{} << "has no class that the source lacks";
        QTest::newRow("source row missing")
            << "class,top\na,1\nb,0\nc,1\ne,0\nf,1\n"
            << false << QStringList{} << "zeroshot.attributes: source class 'd' has no row";
        QTest::newRow("target_test row missing") << "class,top\na,1\nb,0\nc,1\nd,0\ne,1\ng,0\n"
                                                 << true << QStringList{} << "target_test class 'f' has no row";
    }

    void unseenCandidateRule()
    {
        if (!haveImageDecoder())
            QSKIP("unlabeled folders need OpenCV");
        QFETCH(QString, table);
        QFETCH(bool, labeledTest);
        QFETCH(QStringList, candidates);
        QFETCH(QString, error);
        const QString file = m_dir.filePath("rule.csv");
        writeText(file, table.toStdString());
        auto e = experiment();
        e.sections["zeroshot"]["attributes"] = file.toStdString();
        e.target = DatasetSpec{};
        e.target->format = "unlabeled";
        e.target->path = m_unlabeled.toStdString();
        if (labeledTest)
            e.targetTest = idxSpec(m_test, {"e", "f"});
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("zs-rule"), rec, control);
        if (candidates.isEmpty()) {
            QVERIFY(r.exitCode == ExitCode::BadInput);
            QVERIFY2(QString::fromStdString(r.error).contains(error), r.error.c_str());
            QVERIFY2(QString::fromStdString(r.error).contains("rule.csv"), r.error.c_str());
            return;
        }
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        std::vector<std::string> expected;
        for (const auto& c : candidates)
            expected.push_back(c.toStdString());
        const auto& m = r.summary["strategy_metrics"];
        QCOMPARE(m["unseen_classes"].get<std::vector<std::string>>(), expected);
        QCOMPARE(m["chance"].get<double>(), 1.0 / static_cast<double>(expected.size()));
        std::string header;
        const auto rows = csvRows(m_dir.filePath("zs-rule/predictions.csv"), header);
        int testRows = 0;
        for (const auto& row : rows) {
            const auto c = cells(row);
            QVERIFY2(std::find(expected.begin(), expected.end(), c[2]) != expected.end(), row.c_str());
            if (c[1] == "target_test") {
                ++testRows;
                QVERIFY2(c[3] == "e" || c[3] == "f", row.c_str()); // the true class is known there
            }
        }
        QCOMPARE(static_cast<int>(rows.size()) - testRows, 2 * kUnlabeledPerClass);
        if (labeledTest) {
            // Labels on target_test: accuracy is reported, on target_test, and it is well above chance.
            QCOMPARE(testRows, 30);
            QCOMPARE(m["evaluated_on"].get<std::string>(), std::string("target_test"));
            QCOMPARE(r.summary["target_accuracy"].get<double>(), m["unseen_accuracy"].get<double>());
            QVERIFY2(m["unseen_accuracy"].get<double>() >= 0.8, m.dump().c_str());
            QVERIFY(rec.epochs.back().metrics.count("target_accuracy"));
            QCOMPARE(r.summary["confusion"]["classes"].get<std::vector<std::string>>(), expected);
        } else {
            QCOMPARE(testRows, 0);
            QVERIFY(r.summary["target_accuracy"].is_null());
        }
    }

    void freezingKeepsWeights()
    {
        auto e = experiment();
        e.train.epochs = 2;
        e.freeze = {"conv1", "fc1"};
        Recorder rec;
        RunControl control;
        const auto r = runExperiment(e, options("zs-freeze"), rec, control);
        QVERIFY2(r.exitCode == ExitCode::Ok, r.error.c_str());
        for (const auto& l : r.summary["layers"]) {
            const auto name = l["name"].get<std::string>();
            const bool frozen = name == "conv1" || name == "fc1";
            QCOMPARE(l["frozen"].get<bool>(), frozen);
            if (frozen)
                QCOMPARE(l["weight_change"].get<double>(), 0.0);
            else
                QVERIFY2(l["weight_change"].get<double>() > 0, name.c_str());
        }
        // Bit-identical against a run with no training at all (the same seeded start).
        e.train.epochs = 0;
        const auto r0 = runExperiment(e, options("zs-freeze0"), rec, control);
        QVERIFY2(r0.exitCode == ExitCode::Ok, r0.error.c_str());
        auto trained = previewNetwork(e), untrained = previewNetwork(e);
        loadCheckpointInto(trained, m_dir.filePath("zs-freeze/model.pt").toStdString());
        loadCheckpointInto(untrained, m_dir.filePath("zs-freeze0/model.pt").toStdString());
        QCOMPARE(weightDistance(trained, untrained, "conv1"), 0.0);
        QCOMPARE(weightDistance(trained, untrained, "fc1"), 0.0);
        QVERIFY(weightDistance(trained, untrained, "conv2") > 0);
    }
};

QTEST_APPLESS_MAIN(TestZeroShot)
#include "tst_zeroshot.moc"

#include "engine/train/compare.h"

#include "engine/core/errors.h"
#include "engine/core/fileio.h"
#include "engine/data/datasetshelf.h"
#include "engine/train/runner.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace ts::engine {

namespace {

std::vector<std::string> splitNames(const std::string& text)
{
    std::vector<std::string> out;
    std::string cur;
    for (char c : text + ",") {
        if (c == ',' || c == '+') {
            if (!cur.empty())
                out.push_back(cur);
            cur.clear();
        } else if (c != ' ') {
            cur += c;
        }
    }
    return out;
}

std::string join(const std::vector<std::string>& v, const std::string& sep)
{
    std::string s;
    for (const auto& x : v)
        s += (s.empty() ? "" : sep) + x;
    return s;
}

std::string slug(const std::string& label)
{
    std::string s;
    for (char c : label)
        s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return s;
}

std::string csvCell(const nlohmann::json& v)
{
    if (v.is_null())
        return "";
    if (v.is_number()) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.6g", v.get<double>());
        return buf;
    }
    return v.is_string() ? v.get<std::string>() : v.dump();
}

// Numeric entries of strategy_metrics, flattened one level ("task_accuracy.b").
std::map<std::string, double> numericMetrics(const nlohmann::json& metrics)
{
    std::map<std::string, double> out;
    for (const auto& [k, v] : metrics.items()) {
        if (v.is_number())
            out[k] = v.get<double>();
        else if (v.is_object())
            for (const auto& [k2, v2] : v.items())
                if (v2.is_number())
                    out[k + "." + k2] = v2.get<double>();
    }
    return out;
}

} // namespace

namespace {

// Mean and sample standard deviation (0 for a single value) of a non-empty list.
std::pair<double, double> meanAndSd(const std::vector<double>& values)
{
    double mean = 0;
    for (double v : values)
        mean += v;
    mean /= values.size();
    double var = 0;
    for (double v : values)
        var += (v - mean) * (v - mean);
    return {mean, values.size() > 1 ? std::sqrt(var / (values.size() - 1)) : 0};
}

} // namespace

std::string meanSd(const std::vector<double>& values, bool percent)
{
    if (values.empty())
        return "n/a";
    const auto [mean, sd] = meanAndSd(values);
    const double scale = percent ? 100 : 1;
    char buf[64];
    std::snprintf(buf, sizeof buf, percent ? "%.1f ± %.1f" : "%.3f ± %.3f", mean * scale, sd * scale);
    return buf;
}

std::vector<CompareVariant> makeVariants(const Experiment& e, const std::vector<std::string>& strategies,
                                         const std::vector<std::string>& freezeSets)
{
    std::vector<CompareVariant> variants;
    const std::vector<std::string> sets = freezeSets.empty() ? std::vector<std::string>{"keep"} : freezeSets;
    for (const auto& strategy : strategies) {
        for (const auto& set : sets) {
            CompareVariant v;
            v.strategy = strategy;
            if (set == "none") {
                v.freeze = std::vector<std::string>{};
            } else if (set == "all-but-head") {
                Experiment probe = e;
                probe.strategy = strategy;
                probe.freeze.clear();
                auto net = previewNetwork(probe, peekNetShape(probe));
                std::vector<std::string> names;
                for (const auto& n : net->layerNames())
                    if (n != net->outputLayer())
                        names.push_back(n);
                v.freeze = names;
            } else if (set != "keep") {
                v.freeze = splitNames(set);
            }
            const auto& frozen = v.freeze ? *v.freeze : e.freeze;
            v.label = strategy;
            if (sets.size() > 1 || v.freeze)
                v.label += frozen.empty() ? " [nothing frozen]" : " [frozen " + join(frozen, "+") + "]";
            variants.push_back(v);
        }
    }
    return variants;
}

nlohmann::json runCompare(const Experiment& base, const CompareOptions& o, Observer& observer, RunControl& control)
{
    if (o.variants.empty())
        throw InputError("--strategies: nothing to compare");
    if (o.seeds < 1)
        throw InputError("--seeds must be at least 1");
    std::error_code ec;
    fs::create_directories(o.outDir, ec);
    if (ec)
        throw InputError("--out: cannot create directory '" + o.outDir + "': " + ec.message());
    std::vector<nlohmann::json> rows;
    // Every variant and seed reads the same data: read once, for this comparison only.
    const auto shelf = std::make_shared<DatasetShelf>();
    for (const auto& v : o.variants) {
        for (int i = 0; i < o.seeds; ++i) {
            Experiment e = base;
            e.strategy = v.strategy;
            if (v.freeze)
                e.freeze = *v.freeze;
            e.train.seed = o.firstSeed + static_cast<std::uint64_t>(i);
            RunOptions ro;
            ro.outDir = (fs::path(o.outDir) / (slug(v.label) + "-seed" + std::to_string(e.train.seed))).string();
            ro.threads = o.threads;
            ro.cacheDir = o.cacheDir;
            ro.datasets = shelf;
            observer.onLog(LogLevel::Info, "compare: " + v.label + ", seed " + std::to_string(e.train.seed));
            const auto r = runExperiment(e, ro, observer, control);
            if (r.exitCode == ExitCode::Cancelled)
                throw Cancelled();
            if (r.exitCode != ExitCode::Ok)
                throw InputError(v.label + ", seed " + std::to_string(e.train.seed) + ": " + r.error);
            nlohmann::json row = {{"variant", v.label},
                                  {"strategy", v.strategy},
                                  {"freeze", join(e.freeze, "+")},
                                  {"seed", e.train.seed},
                                  {"target_accuracy", r.summary["target_accuracy"]},
                                  {"source_accuracy", r.summary["source_accuracy"]},
                                  {"epochs_run", r.summary["epochs_run"]},
                                  {"seconds", r.summary["seconds"]},
                                  {"train_images_per_second", r.summary["train_images_per_second"]}};
            for (const auto& [k, val] : numericMetrics(r.summary["strategy_metrics"]))
                row["m:" + k] = val;
            rows.push_back(row);
        }
    }
    // Columns: fixed ones, then every strategy metric seen.
    std::vector<std::string> columns{"variant",    "strategy",        "freeze",
                                     "seed",       "target_accuracy", "source_accuracy",
                                     "epochs_run", "seconds",         "train_images_per_second"};
    std::set<std::string> metricKeys;
    for (const auto& r : rows)
        for (const auto& [k, val] : r.items())
            if (k.rfind("m:", 0) == 0)
                metricKeys.insert(k);
    columns.insert(columns.end(), metricKeys.begin(), metricKeys.end());
    std::ostringstream csv;
    for (size_t c = 0; c < columns.size(); ++c)
        csv << (c ? "," : "") << (columns[c].rfind("m:", 0) == 0 ? columns[c].substr(2) : columns[c]);
    csv << "\n";
    for (const auto& r : rows) {
        for (size_t c = 0; c < columns.size(); ++c)
            csv << (c ? "," : "") << csvCell(r.value(columns[c], nlohmann::json()));
        csv << "\n";
    }

    nlohmann::json aggregate = nlohmann::json::array();
    std::ostringstream md;
    md << "| variant | target accuracy (%) | source accuracy (%) | seconds |";
    for (const auto& k : metricKeys)
        md << " " << k.substr(2) << " |";
    md << "\n|---|---|---|---|";
    for (size_t i = 0; i < metricKeys.size(); ++i)
        md << "---|";
    md << "\n";
    for (const auto& v : o.variants) {
        std::map<std::string, std::vector<double>> values;
        for (const auto& r : rows) {
            if (r["variant"] != v.label)
                continue;
            for (const auto& [k, val] : r.items())
                if (val.is_number() && k != "seed")
                    values[k].push_back(val.get<double>());
        }
        md << "| " << v.label << " | " << meanSd(values["target_accuracy"], true) << " | "
           << meanSd(values["source_accuracy"], true) << " | " << meanSd(values["seconds"], false) << " |";
        nlohmann::json agg = {{"variant", v.label}, {"runs", o.seeds}};
        for (const auto& k : metricKeys) {
            const bool percent = k.find("accuracy") != std::string::npos;
            md << " " << meanSd(values[k], percent) << " |";
        }
        for (const auto& [k, vals] : values) {
            const auto [mean, sd] = meanAndSd(vals);
            agg[k.rfind("m:", 0) == 0 ? k.substr(2) : k] = {{"mean", mean}, {"sd", sd}};
        }
        md << "\n";
        aggregate.push_back(agg);
    }
    md << "\n"
       << o.seeds << " seeds (" << o.firstSeed << ".." << o.firstSeed + o.seeds - 1
       << "), mean ± sample sd. Per-run values: results.csv.\n";
    writeFileAtomic((fs::path(o.outDir) / "results.csv").string(), csv.str());
    writeFileAtomic((fs::path(o.outDir) / "results.md").string(), md.str());
    for (auto& r : rows) { // strategy metrics under their own names, as in results.csv
        nlohmann::json plain = nlohmann::json::object();
        for (const auto& [k, val] : r.items())
            plain[k.rfind("m:", 0) == 0 ? k.substr(2) : k] = val;
        r = plain;
    }
    return {{"variants", aggregate}, {"runs", rows}};
}

} // namespace ts::engine

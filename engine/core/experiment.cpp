#include "engine/core/experiment.h"

#include "engine/core/errors.h"
#include "engine/core/fileio.h"
#include "engine/core/jsonfields.h"
#include "engine/core/overrides.h"
#include "engine/core/sections.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ts::engine {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const NumberRange kNonNegative{0};
const NumberRange kPositive{0, NumberRange{}.max, true};
const NumberRange kFraction{0, 1, false, true};

DatasetSpec parseDataset(const JsonFields& f)
{
    f.checkKeys({"format", "path", "images", "labels", "classes", "class_names", "limit_per_class", "labeled_per_class",
                 "split"});
    DatasetSpec spec;
    f.readChoice("format", spec.format, {"folder", "unlabeled", "idx"});
    f.read("path", spec.path);
    f.read("images", spec.images);
    f.read("labels", spec.labels);
    f.read("classes", spec.classes);
    f.read("class_names", spec.classNames);
    f.read("limit_per_class", spec.limitPerClass, kNonNegative);
    f.read("labeled_per_class", spec.labeledPerClass, NumberRange{-1});
    f.read("split", spec.split, kFraction);
    const auto require = [&](const char* key, const std::string& value) {
        if (value.empty())
            throw InputError(f.origin() + ": key '" + f.keyPath(key) + "' is required for format '" + spec.format +
                             "'");
    };
    if (spec.format == "idx") {
        require("images", spec.images);
        require("labels", spec.labels);
    } else {
        require("path", spec.path);
    }
    return spec;
}

std::optional<DatasetSpec> parseOptionalDataset(const JsonFields& f, const std::string& key)
{
    if (!f.has(key) || f.at(key).is_null())
        return std::nullopt;
    return parseDataset(f.child(key));
}

void parseInput(const JsonFields& f, InputSpec& input)
{
    f.checkKeys({"size", "channels"});
    if (f.has("size")) {
        const json& size = f.at("size");
        const auto positiveInt = [](const json& v) {
            return v.is_number() && v.get<double>() >= 1 && v.get<double>() <= 1 << 30 &&
                   v.get<double>() == static_cast<double>(static_cast<int>(v.get<double>()));
        };
        if (!size.is_array() || size.size() != 2 || !positiveInt(size[0]) || !positiveInt(size[1]))
            f.fail("size", "must be [height, width], two positive integers, got " + size.dump());
        // Every image is held in memory at this size: beyond this, a typo allocates terabytes.
        if (size[0].get<double>() > kMaxInputSide || size[1].get<double>() > kMaxInputSide)
            f.fail("size", "must be at most " + std::to_string(kMaxInputSide) + " pixels per side, got " + size.dump());
        input.height = static_cast<int>(size[0].get<double>());
        input.width = static_cast<int>(size[1].get<double>());
    }
    f.read("channels", input.channels);
    if (input.channels != 1 && input.channels != 3)
        f.fail("channels", "must be 1 (grey) or 3 (RGB), got " + std::to_string(input.channels));
}

void parseModel(const JsonFields& f, ModelSpec& model)
{
    f.checkKeys({"backbone", "pretrained"});
    f.read("backbone", model.backbone);
    f.read("pretrained", model.pretrained);
}

void parseTrain(const JsonFields& f, TrainSpec& train)
{
    f.checkKeys({"epochs", "batch_size", "lr", "optimizer", "momentum", "weight_decay", "seed",
                 "early_stopping_patience", "val_fraction", "backbone_lr_mult", "source_epochs", "eval_every"});
    f.read("epochs", train.epochs, kNonNegative);
    f.read("batch_size", train.batchSize, NumberRange{1});
    f.read("lr", train.lr, kPositive);
    f.readChoice("optimizer", train.optimizer, {"sgd", "adam"});
    f.read("momentum", train.momentum, kNonNegative);
    f.read("weight_decay", train.weightDecay, kNonNegative);
    f.read("seed", train.seed);
    f.read("early_stopping_patience", train.earlyStoppingPatience, kNonNegative);
    f.read("val_fraction", train.valFraction, kFraction);
    f.read("backbone_lr_mult", train.backboneLrMult, kNonNegative);
    f.read("source_epochs", train.sourceEpochs, NumberRange{-1});
    f.read("eval_every", train.evalEvery, kNonNegative);
}

// notes: {"en": "...", "zh_CN": "..."}; a language tag is letters, digits, '_' and '-'.
void parseNotes(const JsonFields& f, std::map<std::string, std::string>& notes)
{
    const json& value = f.at("notes");
    if (!value.is_object())
        f.fail("notes", "must be an object of texts by language, e.g. {\"en\": \"...\", \"zh_CN\": \"...\"}, got " +
                            jsonTypeName(value));
    for (const auto& [language, text] : value.items()) {
        const bool tagOk = !language.empty() && language.size() <= 16 &&
                           std::all_of(language.begin(), language.end(),
                                       [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '-'; });
        if (!tagOk)
            f.fail("notes", "'" + language + "' is not a language tag (use e.g. \"en\" or \"zh_CN\")");
        if (!text.is_string())
            f.fail("notes." + language, "expected a string, got " + jsonTypeName(text));
        notes[language] = text.get<std::string>();
    }
}

json datasetJson(const std::optional<DatasetSpec>& spec)
{
    if (!spec)
        return nullptr;
    return json{{"format", spec->format},
                {"path", spec->path},
                {"images", spec->images},
                {"labels", spec->labels},
                {"classes", spec->classes},
                {"class_names", spec->classNames},
                {"limit_per_class", spec->limitPerClass},
                {"labeled_per_class", spec->labeledPerClass},
                {"split", spec->split}};
}

} // namespace

namespace {

Experiment parseExperimentJson(const std::string& text, const std::string& origin, const std::string& baseDir)
{
    const json root = parseJsonText(text, origin);
    const JsonFields f(root, origin, "");
    const std::vector<std::string> sectionNames = strategySectionNames();
    std::vector<std::string> keys = {"name",  "strategy", "source", "target", "target_test", "input",
                                     "model", "freeze",   "train",  "device", "notes",       "with_baseline"};
    keys.insert(keys.end(), sectionNames.begin(), sectionNames.end());
    f.checkKeys(keys);

    Experiment e;
    e.baseDir = baseDir;
    f.read("name", e.name);
    f.read("strategy", e.strategy);
    e.source = parseOptionalDataset(f, "source");
    e.target = parseOptionalDataset(f, "target");
    e.targetTest = parseOptionalDataset(f, "target_test");
    if (f.has("input"))
        parseInput(f.child("input"), e.input);
    if (f.has("model"))
        parseModel(f.child("model"), e.model);
    f.read("freeze", e.freeze);
    if (f.has("train"))
        parseTrain(f.child("train"), e.train);
    f.readChoice("device", e.device, {"cpu", "cuda"});
    if (f.has("notes"))
        parseNotes(f, e.notes);
    f.read("with_baseline", e.withBaseline);
    for (const std::string& section : sectionNames) {
        if (!f.has(section))
            continue;
        // The strategy validates the contents (resolveSection); here it only has to be an object.
        if (!f.at(section).is_object())
            f.fail(section, "must be an object, got " + jsonTypeName(f.at(section)));
        e.sections[section] = f.at(section);
    }
    return e;
}

} // namespace

Experiment parseExperiment(const std::string& text, const std::string& origin, const std::string& baseDir)
{
    try {
        return parseExperimentJson(text, origin, baseDir);
    } catch (const json::exception& error) {
        // The field readers check types; this catches what slips past them (type_error, out_of_range, ...).
        throw InputError(origin + ": bad experiment: " + jsonExceptionText(error));
    }
}

Experiment loadExperiment(const std::string& path)
{
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw InputError("cannot read experiment file '" + path + "': is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError("cannot read experiment file '" + path + "': " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
        throw InputError("cannot read experiment file '" + path + "': " + std::strerror(errno));
    const fs::path absolute = fs::absolute(fs::path(path), ec);
    const std::string baseDir = (ec ? fs::path(path) : absolute).lexically_normal().parent_path().string();
    return parseExperiment(text.str(), path, baseDir);
}

json toJson(const Experiment& e)
{
    json root = {{"name", e.name},
                 {"strategy", e.strategy},
                 {"source", datasetJson(e.source)},
                 {"target", datasetJson(e.target)},
                 {"target_test", datasetJson(e.targetTest)},
                 {"input", {{"size", {e.input.height, e.input.width}}, {"channels", e.input.channels}}},
                 {"model", {{"backbone", e.model.backbone}, {"pretrained", e.model.pretrained}}},
                 {"freeze", e.freeze},
                 {"train",
                  {{"epochs", e.train.epochs},
                   {"batch_size", e.train.batchSize},
                   {"lr", e.train.lr},
                   {"optimizer", e.train.optimizer},
                   {"momentum", e.train.momentum},
                   {"weight_decay", e.train.weightDecay},
                   {"seed", e.train.seed},
                   {"early_stopping_patience", e.train.earlyStoppingPatience},
                   {"val_fraction", e.train.valFraction},
                   {"backbone_lr_mult", e.train.backboneLrMult},
                   {"source_epochs", e.train.sourceEpochs},
                   {"eval_every", e.train.evalEvery}}},
                 {"device", e.device},
                 {"notes", e.notes},
                 {"with_baseline", e.withBaseline}};
    for (const auto& [name, section] : e.sections)
        root[name] = section;
    return root;
}

void saveExperiment(const Experiment& experiment, const std::string& path)
{
    try {
        writeFileAtomic(path, toJson(experiment).dump(2) + "\n");
    } catch (const InputError& error) {
        throw InputError(std::string("experiment file: ") + error.what());
    }
}

std::string resolvePath(const Experiment& experiment, const std::string& path)
{
    if (path.empty())
        return path;
    const fs::path p(path);
    if (p.is_absolute())
        return path;
    return (fs::path(experiment.baseDir) / p).lexically_normal().string();
}

void overrideKey(Experiment& e, const std::string& key, const json& value, const std::string& option)
{
    const auto dot = key.find('.');
    const std::string section = dot == std::string::npos ? std::string() : key.substr(0, dot);
    const std::string name = key.substr(dot == std::string::npos ? 0 : dot + 1);
    const json holder = {{name, value}};
    const JsonFields f(holder, option, section);
    if (section == "train")
        parseTrain(f, e.train);
    else if (section == "input")
        parseInput(f, e.input);
    else if (key == "device")
        f.readChoice("device", e.device, {"cpu", "cuda"});
    else
        throw std::logic_error("overrideKey: no file key '" + key + "'");
}

} // namespace ts::engine

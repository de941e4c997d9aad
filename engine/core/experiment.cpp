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
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <tuple>

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
    f.readChoice("format", spec.format, {"folder", "unlabeled", "idx", "csv"});
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

// One number, or an array of numbers, each checked by `check` (which names the problem, "" when fine).
std::vector<double> readNumbers(const JsonFields& f, const std::string& key,
                                const std::function<std::string(double)>& check)
{
    const json& value = f.at(key);
    const json list = value.is_array() ? value : json::array({value});
    if (list.empty())
        f.fail(key, "must be a number or a list of numbers, got an empty list");
    std::vector<double> numbers;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string at = value.is_array() ? key + "[" + std::to_string(i) + "]" : key;
        if (!list[i].is_number())
            f.fail(at, "must be a number, got " + jsonTypeName(list[i]));
        const double x = list[i].get<double>();
        if (const std::string problem = check(x); !problem.empty())
            f.fail(at, problem);
        numbers.push_back(x);
    }
    return numbers;
}

// input.normalize: a preset name, or {"mean": ..., "std": ...} with one value or one per channel.
void parseNormalize(const JsonFields& f, InputSpec& input)
{
    const json& value = f.at("normalize");
    if (value.is_string()) {
        f.readChoice("normalize", input.normalize, {"symmetric", "imagenet"});
        return;
    }
    if (!value.is_object())
        f.fail("normalize",
               "must be \"symmetric\", \"imagenet\" or {\"mean\": [...], \"std\": [...]}, got " + jsonTypeName(value));
    const JsonFields n = f.child("normalize");
    n.checkKeys({"mean", "std"});
    for (const char* key : {"mean", "std"})
        if (!n.has(key))
            n.fail(key, "is required (one value, or one per channel)");
    input.mean = readNumbers(n, "mean", [](double x) { return std::isfinite(x) ? "" : "must be finite"; });
    input.std = readNumbers(n, "std", [](double x) { return x > 0 && std::isfinite(x) ? "" : "must be > 0"; });
    input.normalize.clear();
}

// Gives mean and std one value per channel: from the preset, or the explicit values (one value repeats).
void resolveNormalize(const JsonFields& f, InputSpec& input)
{
    if (!input.normalize.empty()) {
        normalizationPreset(input.normalize, input.channels, input.mean, input.std);
        return;
    }
    const auto channels = static_cast<std::size_t>(input.channels);
    for (auto [key, values] : {std::pair{"normalize.mean", &input.mean}, {"normalize.std", &input.std}}) {
        const bool uniform =
            std::all_of(values->begin(), values->end(), [&](double x) { return x == values->front(); });
        if (values->size() == channels)
            continue;
        if (!values->empty() && uniform) {
            values->assign(channels, values->front());
            continue;
        }
        f.fail(key, "has " + std::to_string(values->size()) + " values but input.channels is " +
                        std::to_string(input.channels) + ": give one value, or one per channel");
    }
}

void parseInput(const JsonFields& f, InputSpec& input)
{
    f.checkKeys({"size", "channels", "normalize"});
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
    if (f.has("normalize"))
        parseNormalize(f, input);
    resolveNormalize(f, input);
}

void parseModel(const JsonFields& f, ModelSpec& model)
{
    f.checkKeys({"backbone", "pretrained", "head"});
    f.read("backbone", model.backbone);
    f.read("pretrained", model.pretrained);
    f.read("head", model.head);
}

// A [low, high] pair with low <= high, each checked by `check`.
std::pair<double, double> readRange(const JsonFields& f, const std::string& key,
                                    const std::function<std::string(double)>& check)
{
    const json& value = f.at(key);
    if (!value.is_array() || value.size() != 2)
        f.fail(key, "must be [low, high], two numbers, got " + value.dump());
    const auto numbers = readNumbers(f, key, check);
    if (numbers[0] > numbers[1])
        f.fail(key, "must be [low, high] with low <= high, got " + value.dump());
    return {numbers[0], numbers[1]};
}

// train.augment: false, or {"crop": true | {"scale": [lo, hi], "ratio": [lo, hi]}, "flip": bool, "jitter": x}.
void parseAugment(const JsonFields& f, AugmentSpec& augment)
{
    const json& value = f.at("augment");
    augment = AugmentSpec{};
    if (value.is_null() || (value.is_boolean() && !value.get<bool>()))
        return;
    if (!value.is_object())
        f.fail("augment", "must be false or an object such as {\"crop\": {\"scale\": [0.8, 1.0]}, \"flip\": true, "
                          "\"jitter\": 0.1}, got " +
                              jsonTypeName(value));
    const JsonFields a = f.child("augment");
    a.checkKeys({"crop", "flip", "jitter"});
    if (a.has("crop")) {
        if (a.at("crop").is_object()) {
            const JsonFields c = a.child("crop");
            c.checkKeys({"scale", "ratio"});
            augment.crop = true;
            if (c.has("scale"))
                std::tie(augment.cropScaleMin, augment.cropScaleMax) = readRange(c, "scale", [](double x) {
                    return x > 0 && x <= 1 ? "" : "must be in (0, 1] (a fraction of the image's area)";
                });
            if (c.has("ratio"))
                std::tie(augment.cropRatioMin, augment.cropRatioMax) = readRange(c, "ratio", [](double x) {
                    return x > 0 && std::isfinite(x) ? "" : "must be > 0 (width / height)";
                });
        } else if (a.at("crop").is_boolean()) {
            a.read("crop", augment.crop);
        } else {
            a.fail("crop", "must be true, false or {\"scale\": [low, high], \"ratio\": [low, high]}, got " +
                               jsonTypeName(a.at("crop")));
        }
    }
    a.read("flip", augment.flip);
    a.read("jitter", augment.jitter, NumberRange{0, 1, false, true});
}

json augmentJson(const AugmentSpec& a)
{
    if (!(a.crop || a.flip || a.jitter > 0))
        return false;
    json crop = false;
    if (a.crop)
        crop = {{"scale", {a.cropScaleMin, a.cropScaleMax}}, {"ratio", {a.cropRatioMin, a.cropRatioMax}}};
    return {{"crop", crop}, {"flip", a.flip}, {"jitter", a.jitter}};
}

json normalizeJson(const InputSpec& input)
{
    if (!input.normalize.empty())
        return input.normalize;
    return {{"mean", input.mean}, {"std", input.std}};
}

void parseTrain(const JsonFields& f, TrainSpec& train)
{
    f.checkKeys({"epochs", "batch_size", "lr", "optimizer", "momentum", "weight_decay", "seed",
                 "early_stopping_patience", "val_fraction", "backbone_lr_mult", "source_epochs", "eval_every",
                 "augment"});
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
    if (f.has("augment"))
        parseAugment(f, train.augment);
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
                 {"input",
                  {{"size", {e.input.height, e.input.width}},
                   {"channels", e.input.channels},
                   {"normalize", normalizeJson(e.input)}}},
                 {"model", {{"backbone", e.model.backbone}, {"pretrained", e.model.pretrained}, {"head", e.model.head}}},
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
                   {"eval_every", e.train.evalEvery},
                   {"augment", augmentJson(e.train.augment)}}},
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

bool augmentOn(const TrainSpec& train)
{
    return train.augment.crop || train.augment.flip || train.augment.jitter > 0;
}

void normalizationPreset(const std::string& name, int channels, std::vector<double>& mean, std::vector<double>& stddev)
{
    const auto n = static_cast<std::size_t>(std::max(1, channels));
    if (name == "symmetric") {
        mean.assign(n, 0.5);
        stddev.assign(n, 0.5);
    } else if (name == "imagenet") {
        mean = {0.485, 0.456, 0.406};
        stddev = {0.229, 0.224, 0.225};
        if (channels == 1) { // grey = 0.299 R + 0.587 G + 0.114 B (ITU-R 601), as the grey conversion
            const double w[3] = {0.299, 0.587, 0.114};
            mean = {w[0] * mean[0] + w[1] * mean[1] + w[2] * mean[2]};
            stddev = {w[0] * stddev[0] + w[1] * stddev[1] + w[2] * stddev[2]};
        }
    } else {
        throw std::invalid_argument("unknown normalisation preset '" + name + "' (symmetric or imagenet)");
    }
}

json normalizationJson(const InputSpec& input)
{
    const auto channels = static_cast<std::size_t>(std::max(1, input.channels));
    const auto perChannel = [channels](const std::vector<double>& v) {
        return v.size() == 1 ? std::vector<double>(channels, v.front()) : v;
    };
    return {{"mean", perChannel(input.mean)}, {"std", perChannel(input.std)}};
}

void addInputMeta(json& meta, const InputSpec& input)
{
    meta["input"] = {{"channels", input.channels}, {"height", input.height}, {"width", input.width}};
    meta["normalize"] = normalizationJson(input);
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

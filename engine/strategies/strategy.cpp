#include "engine/strategies/strategy.h"

#include "engine/core/errors.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace ts::engine {

void registerBuiltinStrategies(); // builtin_strategies.cpp

namespace {

struct Entry {
    StrategyInfo info;
    StrategyFactory factory;
};

std::vector<Entry>& entries()
{
    static std::vector<Entry> list;
    return list;
}

const std::vector<Entry>& registry()
{
    static const bool registered = [] {
        registerBuiltinStrategies();
        return true;
    }();
    (void)registered;
    return entries();
}

std::string typeName(const nlohmann::json& v)
{
    if (v.is_number_integer())
        return "integer";
    if (v.is_number())
        return "number";
    return v.type_name();
}

std::string knownStrategies()
{
    std::string names;
    for (const auto& e : registry())
        names += (names.empty() ? "" : ", ") + e.info.name;
    return names;
}

} // namespace

Need sourceNeed(const StrategyInfo& info, const Experiment& experiment)
{
    return info.pretrainedReplacesSource && !experiment.model.pretrained.empty() ? Need::None : info.source;
}

double RunContext::elapsedMs() const
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
}

void RunContext::log(const std::string& message, LogLevel level) const
{
    observer.onLog(level, message);
}

void registerStrategy(const StrategyInfo& info, StrategyFactory factory)
{
    entries().push_back({info, std::move(factory)});
}

const std::vector<StrategyInfo>& strategyInfos()
{
    static const std::vector<StrategyInfo> infos = [] {
        std::vector<StrategyInfo> list;
        for (const auto& e : registry())
            list.push_back(e.info);
        return list;
    }();
    return infos;
}

const StrategyInfo* findStrategyInfo(const std::string& name)
{
    for (const auto& info : strategyInfos())
        if (info.name == name)
            return &info;
    return nullptr;
}

std::unique_ptr<Strategy> makeStrategy(const std::string& name)
{
    for (const auto& e : registry())
        if (e.info.name == name)
            return e.factory();
    throw InputError("strategy: unknown strategy '" + name + "'; known: " + knownStrategies());
}

std::vector<std::string> strategySectionNames()
{
    std::vector<std::string> names;
    for (const auto& info : strategyInfos())
        if (!info.section.empty() && std::find(names.begin(), names.end(), info.section) == names.end())
            names.push_back(info.section);
    return names;
}

nlohmann::json resolveSection(const StrategyInfo& info, const Experiment& experiment)
{
    const auto it = info.section.empty() ? experiment.sections.end() : experiment.sections.find(info.section);
    return resolveSection(info, it == experiment.sections.end() ? nlohmann::json() : it->second);
}

nlohmann::json resolveSection(const StrategyInfo& info, const nlohmann::json& section)
{
    nlohmann::json out = nlohmann::json::object();
    for (const auto& opt : info.options)
        out[opt.key] = opt.defaultValue;
    if (section.is_null())
        return out;
    if (!section.is_object())
        throw InputError("key '" + info.section + "' must be an object, got " + typeName(section));
    for (const auto& [key, value] : section.items()) {
        const std::string where = "key '" + info.section + "." + key + "'";
        auto opt =
            std::find_if(info.options.begin(), info.options.end(), [&](const OptionSpec& o) { return o.key == key; });
        if (opt == info.options.end()) {
            std::string valid;
            for (const auto& o : info.options)
                valid += (valid.empty() ? "" : ", ") + o.key;
            throw InputError("unknown " + where + "; valid keys: " + (valid.empty() ? "(none)" : valid));
        }
        const auto& t = opt->type;
        bool ok = true;
        if (t == "int")
            ok = value.is_number_integer();
        else if (t == "double")
            ok = value.is_number();
        else if (t == "bool")
            ok = value.is_boolean();
        else if (t == "string" || t == "path" || t == "layer")
            ok = value.is_string() || (t == "layer" && value.is_null());
        else if (t == "double_list")
            ok = value.is_array() &&
                 std::all_of(value.begin(), value.end(), [](const auto& v) { return v.is_number(); });
        if (!ok)
            throw InputError(where + " must be of type " + t + ", got " + typeName(value));
        if (value.is_number() && (value.get<double>() < opt->minimum || value.get<double>() > opt->maximum))
            throw InputError(where + " is out of range [" + std::to_string(opt->minimum) + ", " +
                             std::to_string(opt->maximum) + "]");
        if (t == "string" && !opt->choices.empty() &&
            std::find(opt->choices.begin(), opt->choices.end(), value.get<std::string>()) == opt->choices.end()) {
            std::string choices;
            for (const auto& c : opt->choices)
                choices += (choices.empty() ? "" : ", ") + c;
            throw InputError(where + " must be one of " + choices + ", got '" + value.get<std::string>() + "'");
        }
        out[key] = value;
    }
    return out;
}

Experiment rebasedExperiment(const Experiment& experiment, const std::string& newBaseDir)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path base = fs::absolute(newBaseDir, ec).lexically_normal();
    const auto rebase = [&](std::string& path) {
        if (path.empty() || fs::path(path).is_absolute())
            return;
        const fs::path target = fs::absolute(resolvePath(experiment, path), ec).lexically_normal();
        const fs::path relative = target.lexically_relative(base);
        path = (relative.empty() ? target : relative).string();
    };
    Experiment copy = experiment;
    for (auto* spec : {&copy.source, &copy.target, &copy.targetTest})
        if (*spec) {
            rebase((*spec)->path);
            rebase((*spec)->images);
            rebase((*spec)->labels);
        }
    rebase(copy.model.pretrained);
    std::set<std::string> rebased; // strategies may share a section: each "section.key" is rebased once
    for (const auto& info : strategyInfos()) {
        auto section = copy.sections.find(info.section);
        if (info.section.empty() || section == copy.sections.end() || !section->second.is_object())
            continue;
        for (const auto& option : info.options) {
            auto value = section->second.find(option.key);
            if (option.type != "path" || value == section->second.end() || !value->is_string() ||
                !rebased.insert(info.section + "." + option.key).second)
                continue;
            std::string path = value->get<std::string>();
            rebase(path);
            *value = path;
        }
    }
    copy.baseDir = base.string();
    return copy;
}

} // namespace ts::engine

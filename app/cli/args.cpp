#include "args.h"

#include "engine/core/errors.h"
#include "engine/core/experiment.h"
#include "engine/core/overrides.h"

#include <CLI/CLI.hpp>

namespace ts::cli {

std::string Args::positional() const
{
    for (const CLI::Option* o : m_command.get_options())
        if (o->get_positional() && o->count() > 0)
            return o->as<std::string>();
    return {};
}

std::vector<std::string> Args::positionals() const
{
    std::vector<std::string> values;
    for (const CLI::Option* o : m_command.get_options())
        if (o->get_positional() && o->count() > 0)
            values.push_back(o->as<std::string>());
    return values;
}

bool Args::has(const std::string& name) const
{
    return m_command.get_option(name)->count() > 0;
}

std::string Args::get(const std::string& name, const std::string& fallback) const
{
    const CLI::Option* o = m_command.get_option(name);
    return o->count() > 0 ? o->as<std::string>() : fallback;
}

nlohmann::json Args::number(const std::string& name) const
{
    const std::string text = get(name);
    nlohmann::json value;
    try {
        value = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
        // not a number at all, or beyond a double (1e400): both are the option's fault
    }
    if (!value.is_number())
        throw engine::InputError(name + " must be a number, got '" + text + "'");
    return value;
}

void Args::overrideKey(engine::Experiment& experiment, const std::string& name, const std::string& key) const
{
    if (!has(name))
        return;
    nlohmann::json value = key == "device" ? nlohmann::json(get(name)) : number(name);
    if (key == "input.size")
        value = nlohmann::json::array({value, value}); // one side for a square image
    engine::overrideKey(experiment, key, value, name);
}

int Args::integer(const std::string& name, const engine::NumberRange& range, int fallback) const
{
    if (!has(name))
        return fallback;
    return static_cast<int>(engine::checkedInteger(number(name), range, name));
}

int Args::threads() const
{
    return integer("--threads", engine::NumberRange{0, 1024}, 0);
}

} // namespace ts::cli

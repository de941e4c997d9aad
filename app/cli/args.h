#pragma once

#include "engine/core/jsonfields.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace ts::engine {
struct Experiment;
}

namespace ts::cli {

/// The values of one parsed command (a CLI11 subcommand), read by option name ("--epochs"). Numbers are
/// checked by the engine's readers, so that an option that overrides a file key is held to that key's range.
class Args {
public:
    explicit Args(const CLI::App& command) : m_command(command) {}

    /// The command's positional argument (the experiment file or the folder).
    std::string positional() const;
    /// Every positional argument given, in the command's order.
    std::vector<std::string> positionals() const;
    /// True when the option or flag was given.
    bool has(const std::string& name) const;
    /// The option's text, `fallback` when it was not given.
    std::string get(const std::string& name, const std::string& fallback = {}) const;
    /// When given, sets the file key `key` of `experiment` from the option, checked as the file's key is;
    /// throws InputError naming the option and the key.
    void overrideKey(engine::Experiment& experiment, const std::string& name, const std::string& key) const;
    /// An option with no file key: an integer in `range`, `fallback` when absent. Throws InputError naming it.
    int integer(const std::string& name, const engine::NumberRange& range, int fallback) const;
    /// --threads: 0 (every core) to 1024.
    int threads() const;

private:
    /// The option's text as a JSON number; throws InputError "--x must be a number, got 'text'".
    nlohmann::json number(const std::string& name) const;

    const CLI::App& m_command;
};

} // namespace ts::cli

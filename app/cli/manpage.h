#pragma once

// Documents made from the command line's definition (cliapp.h) at build time, so that they say what --help
// says: `transfer-studio-cli --generate man|bash-completion [DATE]` (packaging/CMakeLists.txt runs it).

#include <string>

namespace CLI {
class App;
}

namespace ts::cli {

/// The man page, section 1, in roff; `date` goes into its header (e.g. "2026-11-30").
std::string manPage(const CLI::App& app, const std::string& date);

/// A bash-completion script: commands, each command's options, folders after DIR options, experiment files
/// (*.json) as arguments, the choices of a|b options.
std::string bashCompletion(const CLI::App& app);

} // namespace ts::cli

#pragma once

// The command line's one definition: commands, options and their help texts. --help, the man page and the
// bash completion are all made from it, so they cannot drift apart.

#include <memory>
#include <string>

namespace CLI {
class App;
}

namespace ts::cli {

/// "transfer-studio-cli 0.1.0 (LibTorch 2.1.2)": the app's version and the LibTorch it was built against.
std::string versionText();

/// The parser of every command (run, layers, bench, demo-data, compare, inspect, strategies) and option.
std::unique_ptr<CLI::App> makeCli();

/// The exit-code paragraph that --help and the man page show.
extern const char* const kExitCodes;

} // namespace ts::cli

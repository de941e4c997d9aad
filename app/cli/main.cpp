// transfer-studio-cli: runs the same experiment files as the window, without Qt.

#include "args.h"
#include "cliapp.h"
#include "commands.h"
#include "manpage.h"

#include "engine/core/allocator.h"
#include "engine/core/errors.h"
#include "engine/core/process.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>

namespace {

using Command = int (*)(const ts::cli::Args&);

const std::map<std::string, Command> kCommands = {{"run", ts::cli::runCommand},
                                                  {"layers", ts::cli::layersCommand},
                                                  {"bench", ts::cli::benchCommand},
                                                  {"demo-data", ts::cli::demoDataCommand},
                                                  {"compare", ts::cli::compareCommand},
                                                  {"inspect", ts::cli::inspectCommand},
                                                  {"strategies", ts::cli::strategiesCommand},
                                                  {"export", ts::cli::exportCommand},
                                                  {"predict", ts::cli::predictCommand}};

// CLI11's message, with the help to ask for: the command's own when one was named.
std::string failureMessage(const CLI::App* app, const CLI::Error& e)
{
    std::string help = "transfer-studio-cli --help";
    if (const auto parsed = app->get_subcommands(); !parsed.empty())
        help = "transfer-studio-cli " + parsed.front()->get_name() + " --help";
    return std::string("error: ") + e.what() + "\nsee '" + help + "'\n";
}

} // namespace

int main(int argc, char** argv)
{
    ts::engine::configureAllocator(); // before any tensor: steady step times (engine/core/allocator.h)
    const auto app = ts::cli::makeCli();
    app->failure_message(failureMessage);
    if (argc < 2) {
        std::cerr << app->help();
        return 2;
    }
    const std::string first = argv[1];
    if (first == "help") {
        std::cout << app->help();
        return 0;
    }
    // Build-time only (packaging/CMakeLists.txt): the man page and the bash completion, made from the same
    // definitions as --help.
    if (first == "--generate" && (argc == 3 || argc == 4)) {
        const std::string what = argv[2];
        if (what == "man" || what == "bash-completion") {
            std::cout << (what == "man" ? ts::cli::manPage(*app, argc == 4 ? argv[3] : "")
                                        : ts::cli::bashCompletion(*app));
            return 0;
        }
    }
    if (first[0] != '-' && !kCommands.count(first)) {
        std::string names;
        for (const auto& [name, command] : kCommands)
            names += (names.empty() ? "" : ", ") + name;
        std::fprintf(stderr, "error: unknown command '%s' (commands: %s)\nsee 'transfer-studio-cli --help'\n",
                     first.c_str(), names.c_str());
        return 2;
    }
    try {
        app->parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version exit 0; every other parse error is bad input.
        return app->exit(e) == 0 ? 0 : 2;
    }
    try {
        const CLI::App* command = app->get_subcommands().front();
        const int status = kCommands.at(command->get_name())(ts::cli::Args(*command));
        ts::engine::exitWithoutTeardown(status); // everything is written; as in the window
    } catch (const ts::engine::InputError& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "internal error: %s\n", e.what());
        return 1;
    }
}

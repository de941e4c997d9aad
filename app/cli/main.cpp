// transfer-studio-cli: runs the same experiment files as the window, without Qt.

#include "commands.h"

#include "engine/core/errors.h"

#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

namespace {

void printUsage(std::FILE* out)
{
    std::fprintf(out,
                 "usage: transfer-studio-cli COMMAND [options]\n"
                 "\n"
                 "commands:\n"
                 "  run EXPERIMENT.json --out DIR [--threads N] [--device cpu|cuda] [--epochs N] [--seed N]\n"
                 "                     [--cache-dir DIR] [--no-cache] [--quiet] [--with-baseline]\n"
                 "      train and evaluate; writes DIR/summary.json, metrics.jsonl, model.pt, experiment.json;\n"
                 "      --with-baseline (or with_baseline in the file) also runs the strategy's baseline into\n"
                 "      DIR/baseline-NAME and writes the gain into summary.json (\"baseline\")\n"
                 "  layers EXPERIMENT.json [--json]   the network's layers: kind, parameters, output shape\n"
                 "  bench [--backbone B] [--batch N] [--steps N] [--threads N] [--size N] [--channels N]\n"
                 "        [--device cpu|cuda] [--json]   training-step throughput in images per second\n"
                 "  demo-data DIR [--per-class N] [--test-per-class N] [--seed N]\n"
                 "      build Fashion-MNIST folders, the colour-shifted Fashion-M set and demo experiments\n"
                 "  compare EXPERIMENT.json --strategies a,b,c --seeds N --out DIR [--freeze SETS] [--threads N]\n"
                 "          [--epochs N] [--first-seed N] [--cache-dir DIR]\n"
                 "      run one experiment under several strategies (and freeze sets, e.g. \"none;conv1;conv1+conv2;\n"
                 "      all-but-head\") and seeds; writes DIR/results.md and DIR/results.csv (mean ± sd)\n"
                 "  inspect EXPERIMENT.json [--json]   load the datasets: counts per class, skipped files, time\n"
                 "  strategies [--json]   the strategies, the data they need and their options\n"
                 "\n"
                 "exit codes: 0 ok, 2 bad input, 1 internal failure, 130 interrupted\n");
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
        printUsage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const std::string command = argv[1];
    try {
        if (command == "run")
            return ts::cli::runCommand(argc, argv);
        if (command == "layers")
            return ts::cli::layersCommand(argc, argv);
        if (command == "bench")
            return ts::cli::benchCommand(argc, argv);
        if (command == "demo-data")
            return ts::cli::demoDataCommand(argc, argv);
        if (command == "inspect")
            return ts::cli::inspectCommand(argc, argv);
        if (command == "compare")
            return ts::cli::compareCommand(argc, argv);
        if (command == "strategies")
            return ts::cli::strategiesCommand(argc, argv);
        std::fprintf(stderr, "error: unknown command '%s'\n\n", command.c_str());
        printUsage(stderr);
        return 2;
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

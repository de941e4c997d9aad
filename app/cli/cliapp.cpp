#include "cliapp.h"

#include <CLI/CLI.hpp>
#include <torch/version.h>

namespace ts::cli {

const char* const kExitCodes =
    "exit codes: 0 ok, 2 bad input (the message names the file, key or option), 1 internal failure, "
    "130 interrupted (Ctrl-C or SIGTERM stops after the current step and writes what it has)";

std::string versionText()
{
    return std::string("transfer-studio-cli ") + TS_VERSION + " (LibTorch " + TORCH_VERSION + ")";
}

namespace {

// Every numeric option is taken as text and checked by the engine's readers (engine/core/overrides.h), so
// that its range and messages are the experiment file's. CLI11 only splits the command line.
CLI::Option* value(CLI::App* c, const std::string& name, const std::string& type, const std::string& help)
{
    return c->add_option(name, help)->type_name(type);
}

void flag(CLI::App* c, const std::string& name, const std::string& help)
{
    c->add_flag(name, help);
}

void experimentArgument(CLI::App* c)
{
    c->add_option("experiment", "experiment file (JSON; see docs/experiment-format.md)")
        ->type_name("EXPERIMENT.json")
        ->required();
}

void threadsOption(CLI::App* c)
{
    value(c, "--threads", "N", "LibTorch threads, 0 to 1024 (default 0: every core this process may use)");
}

void addRun(CLI::App& app)
{
    auto* c = app.add_subcommand(
        "run", "Train and evaluate one experiment. Writes DIR/summary.json, metrics.jsonl, model.pt and "
               "experiment.json (a copy that runs from DIR).");
    experimentArgument(c);
    value(c, "--out", "DIR", "output folder; it must be empty or new unless --force is given")->required();
    flag(c, "--force", "replace the contents of a non-empty --out that holds an earlier run");
    threadsOption(c);
    value(c, "--device", "cpu|cuda", "override the file's \"device\"");
    value(c, "--epochs", "N", "override train.epochs (an integer >= 0)");
    value(c, "--seed", "N", "override train.seed (an integer >= 0)");
    value(c, "--cache-dir", "DIR", "pretrained-checkpoint cache (default $XDG_CACHE_HOME/transfer-studio)");
    flag(c, "--no-cache", "pretrain on the source again instead of reusing a cached checkpoint");
    flag(c, "--quiet", "no progress lines, only warnings, errors and the result");
    flag(c, "--with-baseline",
         "also run the strategy's baseline (same seed and data) into DIR/baseline-NAME and write the gain into "
         "summary.json (\"baseline\"); the file's with_baseline does the same");
    flag(c, "--json", "print summary.json on stdout instead of the text report (whatever the exit code)");
}

void addLayers(CLI::App& app)
{
    auto* c = app.add_subcommand("layers", "List the network's layers: kind, role, parameters, output shape.");
    experimentArgument(c);
    flag(c, "--json", "print the layers as a JSON array");
}

void addBench(CLI::App& app)
{
    auto* c = app.add_subcommand("bench", "Measure training-step throughput in images per second.");
    value(c, "--backbone", "NAME", "lenet, dann_digits or resnet_mini (default dann_digits)");
    value(c, "--batch", "N", "images per step, checked like train.batch_size (default 64)");
    value(c, "--steps", "N", "timed steps, at least 1 (default 20)");
    value(c, "--warmup", "N", "untimed steps first, at least 0 (default 3)");
    threadsOption(c);
    value(c, "--size", "N", "image side in pixels, checked like input.size (default 28)");
    value(c, "--channels", "N", "1 or 3, checked like input.channels (default 1)");
    value(c, "--device", "cpu|cuda", "where to train (default cpu)");
    value(c, "--memory-format", "auto|channels_last|nchw",
          "layout of the convolution weights and activations (default auto: the backbone's own)");
    flag(c, "--eval", "time evaluation (forward passes in inference mode) instead of training steps");
    flag(c, "--json", "print the result as one JSON object");
}

void addDemoData(CLI::App& app)
{
    auto* c = app.add_subcommand("demo-data", "Build Fashion-MNIST class folders, the colour-shifted Fashion-M set "
                                              "and one demo experiment per strategy in DIR.");
    c->add_option("dir", "folder to write into")->type_name("DIR")->required();
    value(c, "--per-class", "N", "training images per class, 0 keeps all (default 0)");
    value(c, "--test-per-class", "N", "test images per class, 0 keeps all (default 0)");
    value(c, "--seed", "N", "seed of the sampling (default 1)");
}

void addCompare(CLI::App& app)
{
    auto* c = app.add_subcommand(
        "compare", "Run one experiment under several strategies (and freeze sets) and seeds. Writes "
                   "DIR/results.md and DIR/results.csv (mean and sample standard deviation) and one run folder "
                   "per strategy, freeze set and seed.");
    experimentArgument(c);
    value(c, "--strategies", "LIST", "comma-separated strategies, e.g. scratch,finetune")->required();
    value(c, "--out", "DIR", "output folder; it must be empty or new unless --force is given")->required();
    flag(c, "--force", "replace the contents of a non-empty --out that holds an earlier comparison");
    value(c, "--seeds", "N", "seeds per variant, at least 1 (default 3)");
    value(c, "--first-seed", "N", "the first seed, checked like train.seed (default 1)");
    value(c, "--freeze", "SETS",
          "semicolon-separated freeze sets, each a +-joined list of layers, e.g. \"none;conv1;conv1+conv2;"
          "all-but-head\" (default: the file's freeze)");
    threadsOption(c);
    value(c, "--epochs", "N", "override train.epochs (an integer >= 0)");
    value(c, "--cache-dir", "DIR", "pretrained-checkpoint cache (default $XDG_CACHE_HOME/transfer-studio)");
    flag(c, "--quiet", "no progress lines");
    flag(c, "--json", "print the per-run results and the per-variant mean and sd as JSON instead of results.md");
}

void addInspect(CLI::App& app)
{
    auto* c = app.add_subcommand("inspect", "Load the experiment's datasets: images per class, skipped files, "
                                            "loading time and memory.");
    experimentArgument(c);
    flag(c, "--json", "print the result as JSON");
    threadsOption(c);
}

void addStrategies(CLI::App& app)
{
    auto* c = app.add_subcommand("strategies", "List the strategies, the data each needs and its options.");
    flag(c, "--json", "print the list as JSON");
}

void addExport(CLI::App& app)
{
    auto* c = app.add_subcommand(
        "export", "Write a run's classifier as a TorchScript file with its preprocessing inside, for "
                  "torch.jit.load in Python or any LibTorch program: forward(x) takes float images [N, C, H, W] in "
                  "[0, 1] and returns class logits; the file holds the class names (attribute `classes`).");
    c->add_option("run", "run folder (holding model.ts.pt) or a model.ts.pt file")->type_name("RUN_DIR")->required();
    value(c, "--out", "FILE", "file to write, e.g. model.ts.pt")->required();
}

void addPredict(CLI::App& app)
{
    auto* c = app.add_subcommand("predict", "Classify every image in a folder (recursively) with an exported model "
                                            "or a run folder. Writes CSV rows: file,class,probability.");
    c->add_option("model", "exported TorchScript classifier or run folder")->type_name("MODEL")->required();
    c->add_option("folder", "folder of images")->type_name("FOLDER")->required();
    value(c, "--out", "FILE", "CSV file to write (default predictions.csv)");
}

} // namespace

std::unique_ptr<CLI::App> makeCli()
{
    auto app = std::make_unique<CLI::App>(
        "Runs Transfer Studio's experiment files without a window: the same training, strategies and outputs "
        "as the desktop application, for scripts and GPU servers.",
        "transfer-studio-cli");
    app->set_version_flag("--version", versionText(), "print the version and the LibTorch version, then exit");
    app->require_subcommand(1);
    app->footer(kExitCodes);
    addRun(*app);
    addLayers(*app);
    addBench(*app);
    addDemoData(*app);
    addCompare(*app);
    addInspect(*app);
    addStrategies(*app);
    addExport(*app);
    addPredict(*app);
    for (auto* c : app->get_subcommands({}))
        c->footer("Run 'transfer-studio-cli --help' for the other commands.");
    return app;
}

} // namespace ts::cli

#include "commands.h"

#include "args.h"
#include "consoleobserver.h"
#include "outfolder.h"
#include "peakmemory.h"

#include "engine/core/errors.h"
#include "engine/core/experiment.h"
#include "engine/core/jsonfields.h"
#include "engine/data/datasetshelf.h"
#include "engine/strategies/strategy.h"
#include "engine/train/baseline.h"
#include "engine/train/bench.h"
#include "engine/train/compare.h"
#include "engine/train/runner.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <thread>

#include <unistd.h>

namespace ts::cli {

namespace {

std::atomic<bool> g_interrupted{false};

// The first SIGINT or SIGTERM (which batch schedulers send) asks for a stop after the current step, so that
// summary.json and model.pt are written; a second one quits at once. Only async-signal-safe calls here.
void onInterrupt(int)
{
    if (g_interrupted.exchange(true)) {
        static const char again[] = "\ninterrupted again: quitting at once, outputs may be incomplete\n";
        (void)!::write(STDERR_FILENO, again, sizeof again - 1);
        ::_exit(130);
    }
    static const char first[] = "\nstopping after the current step (interrupt again to quit at once)\n";
    (void)!::write(STDERR_FILENO, first, sizeof first - 1);
}

// While alive, SIGINT and SIGTERM ask `control` to stop after the current step. A signal handler may not
// touch mutexes, so a watcher thread turns the flag into a cooperative stop.
class InterruptWatcher {
public:
    explicit InterruptWatcher(engine::RunControl& control)
    {
        g_interrupted = false;
        m_previous = std::signal(SIGINT, onInterrupt);
        m_previousTerm = std::signal(SIGTERM, onInterrupt);
        m_thread = std::thread([this, &control] {
            while (!m_done) {
                if (g_interrupted) {
                    control.requestStop();
                    break;
                }
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        });
    }
    ~InterruptWatcher()
    {
        m_done = true;
        m_thread.join();
        std::signal(SIGINT, m_previous);
        std::signal(SIGTERM, m_previousTerm);
    }

private:
    std::atomic<bool> m_done{false};
    std::thread m_thread;
    void (*m_previous)(int) = nullptr;
    void (*m_previousTerm)(int) = nullptr;
};

std::string shapeText(const std::vector<std::int64_t>& shape)
{
    std::string s;
    for (auto d : shape)
        s += (s.empty() ? "" : "x") + std::to_string(d);
    return s;
}

const char* needText(engine::Need n)
{
    switch (n) {
    case engine::Need::None: return "-";
    case engine::Need::Labeled: return "labeled";
    case engine::Need::Unlabeled: return "unlabeled";
    case engine::Need::Any: return "any";
    }
    return "?";
}

} // namespace

int runCommand(const Args& args)
{
    auto experiment = engine::loadExperiment(args.positional());
    args.overrideKey(experiment, "--device", "device");
    args.overrideKey(experiment, "--epochs", "train.epochs");
    args.overrideKey(experiment, "--seed", "train.seed");
    if (args.has("--with-baseline"))
        experiment.withBaseline = true;
    engine::RunOptions options;
    options.outDir = args.get("--out");
    options.threads = args.threads();
    options.cacheDir = args.get("--cache-dir");
    options.useCache = !args.has("--no-cache");
    if (experiment.withBaseline) // the baselines take the strategy's datasets instead of reading them again
        options.datasets = std::make_shared<engine::DatasetShelf>();
    // Only now, with the experiment and every option accepted, may --force remove an earlier run.
    prepareOutFolder(options.outDir, args.has("--force"));

    ConsoleObserver console(args.has("--quiet"));
    engine::RunControl control;
    engine::RunResult result;
    {
        InterruptWatcher watcher(control);
        result = engine::runExperiment(experiment, options, console, control);
        if (result.exitCode == engine::ExitCode::Ok && experiment.withBaseline)
            engine::runWithBaselines(experiment, result.summary, options, console, control);
    }

    if (result.exitCode == engine::ExitCode::Cancelled)
        std::fprintf(stderr, "interrupted: partial results written to %s\n", options.outDir.c_str());
    if (args.has("--json")) {
        // What summary.json holds, also when the run failed: its exit_code and error say so.
        std::cout << engine::dumpJson(result.summary, 2) << std::endl;
        return static_cast<int>(result.exitCode);
    }
    if (result.exitCode == engine::ExitCode::Ok || result.exitCode == engine::ExitCode::Cancelled) {
        const auto& s = result.summary;
        auto pct = [](const nlohmann::json& v) {
            return v.is_number() ? std::to_string(v.get<double>() * 100).substr(0, 5) + "%" : std::string("n/a");
        };
        std::printf("strategy:        %s\n", s.value("strategy", "").c_str());
        std::printf("target accuracy: %s\n", pct(s["target_accuracy"]).c_str());
        std::printf("source accuracy: %s\n", pct(s["source_accuracy"]).c_str());
        std::printf("epochs run:      %d\n", s.value("epochs_run", 0));
        std::printf("seconds:         %.1f\n", s.value("seconds", 0.0));
        std::printf("train images/s:  %.0f\n", s.value("train_images_per_second", 0.0));
        std::printf("layers (weight change since target training started):\n");
        int deeper = 0; // nested modules below the first level of an imported model: summary.json lists them
        for (const auto& l : s["layers"]) {
            if (l.value("name", "").find('.') != std::string::npos) {
                ++deeper;
                continue;
            }
            std::printf("  %-12s %-9s %9lld  %s  %s\n", l["name"].get<std::string>().c_str(),
                        l["kind"].get<std::string>().c_str(), l["params"].get<long long>(),
                        l["frozen"].get<bool>() ? "frozen " : "trained",
                        l["weight_change"].is_number() ? std::to_string(l["weight_change"].get<double>()).c_str()
                                                       : "-");
        }
        if (deeper > 0)
            std::printf("  (%d nested modules more in summary.json; `layers` lists them)\n", deeper);
        if (!s["strategy_metrics"].empty())
            std::printf("strategy metrics: %s\n", s["strategy_metrics"].dump().c_str());
        if (s.contains("baseline")) {
            const auto sentence = engine::gainSentence(s["baseline"]);
            std::printf("baseline:        %s\n", sentence.empty() ? "no score to compare" : sentence.c_str());
        }
        std::printf("outputs in:      %s\n", options.outDir.c_str());
    }
    return static_cast<int>(result.exitCode);
}

int layersCommand(const Args& args)
{
    const auto experiment = engine::loadExperiment(args.positional());
    auto net = engine::previewNetwork(experiment, engine::peekNetShape(experiment));
    const auto infos = net->describe({experiment.input.channels, experiment.input.height, experiment.input.width});
    if (args.has("--json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& l : infos)
            out.push_back({{"name", l.name},
                           {"kind", l.kind},
                           {"role", l.role},
                           {"input", l.input},
                           {"parent", l.parent},
                           {"params", l.params},
                           {"output_shape", l.outputShape},
                           {"frozen", l.frozen}});
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    size_t width = 14;
    for (const auto& l : infos)
        width = std::max(width, l.name.size() + 2 * std::count(l.name.begin(), l.name.end(), '.') + 2);
    std::printf("%-*s %-16s %-10s %10s  %-12s %s\n", static_cast<int>(width), "layer", "kind", "role", "params",
                "output", "frozen");
    long long total = 0;
    for (const auto& l : infos) {
        // Nested modules of an imported model are indented under their parent; their parameters are already
        // counted in the layer that holds them.
        const size_t depth = l.parent.empty() ? 0 : 1 + std::count(l.name.begin(), l.name.end(), '.');
        const std::string name = std::string(2 * depth, ' ') + l.name;
        std::printf("%-*s %-16s %-10s %10lld  %-12s %s\n", static_cast<int>(width), name.c_str(), l.kind.c_str(),
                    l.role.c_str(), static_cast<long long>(l.params), shapeText(l.outputShape).c_str(),
                    l.frozen ? "yes" : "");
        if (l.parent.empty())
            total += l.params;
    }
    std::printf("total parameters: %lld\n", total);
    return 0;
}

int benchCommand(const Args& args)
{
    engine::BenchOptions o;
    // The options that mean what a file key means are checked as that key: a scratch experiment holds them.
    engine::Experiment keys;
    keys.train.batchSize = o.batchSize;
    keys.input.height = keys.input.width = o.size;
    keys.input.channels = o.channels;
    keys.device = o.device;
    args.overrideKey(keys, "--batch", "train.batch_size");
    args.overrideKey(keys, "--size", "input.size");
    args.overrideKey(keys, "--channels", "input.channels");
    args.overrideKey(keys, "--device", "device");
    o.backbone = args.get("--backbone", o.backbone);
    o.batchSize = keys.train.batchSize;
    o.size = keys.input.height;
    o.channels = keys.input.channels;
    o.device = keys.device;
    o.steps = args.integer("--steps", engine::NumberRange{1}, o.steps);
    o.warmup = args.integer("--warmup", engine::NumberRange{0}, o.warmup);
    o.threads = args.threads();
    o.memoryFormat = args.get("--memory-format", o.memoryFormat);
    o.evaluate = args.has("--eval");
    const auto r = engine::runBench(o);
    if (args.has("--json")) {
        nlohmann::json j = {{"backbone", o.backbone},
                            {"batch", o.batchSize},
                            {"steps", o.steps},
                            {"threads", r.threads},
                            {"device", o.device},
                            {"images_per_second", r.imagesPerSecond},
                            {"ms_per_step", r.msPerStep},
                            {"params", r.params},
                            {"implementation", "libtorch-cpp"},
                            {"peak_rss_mb", peakRssMb()},
                            {"channels_last", r.channelsLast},
                            {"mode", o.evaluate ? "eval" : "train"}};
        std::cout << j.dump() << "\n";
    } else {
        std::printf("%s batch %d, %d threads, %s: %.0f images/s (%.2f ms/step, %lld parameters)\n", o.backbone.c_str(),
                    o.batchSize, r.threads, o.device.c_str(), r.imagesPerSecond, r.msPerStep, r.params);
    }
    return 0;
}

int strategiesCommand(const Args& args)
{
    nlohmann::json all = nlohmann::json::array();
    for (const auto& s : engine::strategyInfos()) {
        nlohmann::json options = nlohmann::json::array();
        for (const auto& o : s.options)
            options.push_back({{"key", s.section + "." + o.key},
                               {"type", o.type},
                               {"default", o.defaultValue},
                               {"help", o.help},
                               {"choices", o.choices}});
        all.push_back({{"name", s.name},
                       {"title", s.title},
                       {"setting", s.setting},
                       {"description", s.description},
                       {"source", needText(s.source)},
                       {"target", needText(s.target)},
                       {"options", options}});
        if (s.pretrainedReplacesSource) // finetune: a pretrained model stands in for the source
            all.back()["source_alternative"] = "model.pretrained";
    }
    if (args.has("--json")) {
        std::cout << all.dump(2) << "\n";
        return 0;
    }
    for (const auto& s : all) {
        std::printf("%-22s source %-9s target %-9s  %s\n", s["name"].get<std::string>().c_str(),
                    s["source"].get<std::string>().c_str(), s["target"].get<std::string>().c_str(),
                    s["title"].get<std::string>().c_str());
        if (s.contains("source_alternative"))
            std::printf("    %-28s needs no source: starts from it instead\n",
                        s["source_alternative"].get<std::string>().c_str());
        for (const auto& o : s["options"])
            std::printf("    %-28s %-8s default %-10s %s\n", o["key"].get<std::string>().c_str(),
                        o["type"].get<std::string>().c_str(), o["default"].dump().c_str(),
                        o["help"].get<std::string>().c_str());
    }
    return 0;
}

int compareCommand(const Args& args)
{
    auto experiment = engine::loadExperiment(args.positional());
    args.overrideKey(experiment, "--epochs", "train.epochs");
    engine::Experiment firstSeed; // --first-seed is checked as train.seed
    args.overrideKey(firstSeed, "--first-seed", "train.seed");
    auto split = [](const std::string& text, char sep) {
        std::vector<std::string> out;
        std::string cur;
        for (char ch : text + sep) {
            if (ch == sep) {
                if (!cur.empty())
                    out.push_back(cur);
                cur.clear();
            } else {
                cur += ch;
            }
        }
        return out;
    };
    const auto strategies = split(args.get("--strategies"), ',');
    for (const auto& s : strategies)
        if (!engine::findStrategyInfo(s))
            throw engine::InputError("--strategies: unknown strategy '" + s + "'");
    engine::CompareOptions options;
    options.variants = engine::makeVariants(experiment, strategies, split(args.get("--freeze"), ';'));
    options.seeds = args.integer("--seeds", engine::NumberRange{1}, 3);
    options.firstSeed = firstSeed.train.seed;
    options.outDir = args.get("--out");
    options.threads = args.threads();
    options.cacheDir = args.get("--cache-dir");
    prepareOutFolder(options.outDir, args.has("--force"));
    ConsoleObserver console(args.has("--quiet"));
    engine::RunControl control;
    int code = 0;
    nlohmann::json results;
    try {
        InterruptWatcher watcher(control);
        results = engine::runCompare(experiment, options, console, control);
    } catch (const engine::Cancelled&) {
        code = 130;
    }
    if (code == 0 && args.has("--json")) {
        std::cout << engine::dumpJson(results, 2) << std::endl;
    } else if (code == 0) {
        std::ifstream md(options.outDir + "/results.md");
        std::cout << md.rdbuf();
    }
    return code;
}

} // namespace ts::cli

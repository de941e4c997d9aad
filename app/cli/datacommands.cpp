// Commands about data: building the demo sets and inspecting an experiment's datasets.

#include "args.h"
#include "commands.h"
#include "peakmemory.h"

#include "engine/core/experiment.h"
#include "engine/core/threads.h"
#include "engine/data/demodata.h"
#include "engine/train/runner.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <iostream>

namespace ts::cli {

int demoDataCommand(const Args& args)
{
    engine::Experiment seed; // --seed is checked as train.seed
    args.overrideKey(seed, "--seed", "train.seed");
    const engine::NumberRange count{0}; // 0 keeps every image, as limit_per_class does
    engine::buildDemoData(args.positional(), args.integer("--per-class", count, 0),
                          args.integer("--test-per-class", count, 0), seed.train.seed,
                          [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); });
    return 0;
}

int inspectCommand(const Args& args)
{
    const auto e = engine::loadExperiment(args.positional());
    const int threads = engine::configureThreads(args.threads());
    nlohmann::json out = {{"threads", threads}, {"datasets", nlohmann::json::object()}};
    for (const auto& [role, spec] :
         {std::pair{"source", &e.source}, {"target", &e.target}, {"target_test", &e.targetTest}}) {
        if (!*spec)
            continue;
        engine::DatasetSpec resolved = **spec;
        resolved.path = engine::resolvePath(e, resolved.path);
        resolved.images = engine::resolvePath(e, resolved.images);
        resolved.labels = engine::resolvePath(e, resolved.labels);
        const auto start = std::chrono::steady_clock::now();
        const auto d = engine::loadDataset(resolved, e.input, role, e.train.seed, {}, [](const std::string& w) {
            std::fprintf(stderr, "warning: skipped %s\n", w.c_str());
        });
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        nlohmann::json counts = nlohmann::json::object();
        const auto perClass = d.classCounts();
        for (size_t i = 0; i < d.classNames.size() && i < perClass.size(); ++i)
            counts[d.classNames[i]] = perClass[i];
        out["datasets"][role] = {
            {"images", d.size()},      {"labeled", d.labeled.defined() ? d.labeled.sum().item<std::int64_t>() : 0},
            {"classes", counts},       {"skipped_files", d.skippedFiles},
            {"load_seconds", seconds}, {"cache_mb", d.images.defined() ? d.images.numel() / 1048576.0 : 0.0}};
    }
    out["peak_rss_mb"] = peakRssMb();
    if (args.has("--json")) {
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    for (const auto& [role, d] : out["datasets"].items()) {
        std::printf("%s: %lld images (%lld labeled), %zu classes, %zu skipped, loaded in %.2f s, %.1f MB cached\n",
                    role.c_str(), d["images"].get<long long>(), d["labeled"].get<long long>(), d["classes"].size(),
                    d["skipped_files"].size(), d["load_seconds"].get<double>(), d["cache_mb"].get<double>());
        for (const auto& [name, n] : d["classes"].items())
            std::printf("    %-16s %lld\n", name.c_str(), n.get<long long>());
    }
    std::printf("peak memory: %.0f MB\n", out["peak_rss_mb"].get<double>());
    return 0;
}

} // namespace ts::cli

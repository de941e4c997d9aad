#include "engine/train/phaseloop.h"

#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>

namespace ts::engine {

PhaseLoopResult runPhaseLoop(RunContext& ctx, Network& net, const Dataset& data, const PhaseLoop& loop,
                             const PhaseStep& step)
{
    PhaseLoopResult result;
    BatchSampler sampler(data.size(), loop.batchSize, loop.seed);
    const auto totalSteps = sampler.batchesPerEpoch() * loop.epochs;
    std::int64_t steps = 0, images = 0;
    double seconds = 0;
    net->trainKeepingFrozen();
    if (loop.report)
        ctx.liveNetwork = net; // the network a stop saves; a baseline's is not worth saving
    for (int epoch = 1; epoch <= loop.epochs; ++epoch) {
        const auto started = std::chrono::steady_clock::now();
        std::map<std::string, double> sums;
        std::int64_t seen = 0;
        for (const auto& index : sampler.epoch()) {
            ctx.control.checkpoint();
            auto values = step(index, ++steps);
            for (const auto& [key, metric] : loop.epochMeans)
                sums[key] += values.at(key) * static_cast<double>(index.size(0));
            seen += index.size(0);
            if (!loop.report)
                continue;
            StepStats s;
            s.phase = loop.phase;
            s.epoch = epoch;
            s.step = steps;
            s.totalSteps = totalSteps;
            s.values = std::move(values);
            s.elapsedMs = ctx.elapsedMs();
            ctx.observer.onStep(s);
        }
        const double epochSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        seconds += epochSeconds;
        images += seen;
        result.epochsRun = epoch;
        for (const auto& [key, sum] : sums)
            result.lastEpoch[key] = sum / static_cast<double>(std::max<std::int64_t>(1, seen));
        if (!loop.report)
            continue;
        EpochStats es;
        es.phase = loop.phase;
        es.epoch = epoch;
        es.epochs = loop.epochs;
        for (const auto& [key, metric] : loop.epochMeans)
            es.metrics[metric] = result.lastEpoch[key];
        es.imagesPerSecond = epochSeconds > 0 ? static_cast<double>(seen) / epochSeconds : 0;
        es.elapsedMs = ctx.elapsedMs();
        ctx.observer.onEpoch(es);
    }
    result.imagesPerSecond = seconds > 0 ? static_cast<double>(images) / seconds : 0;
    return result;
}

} // namespace ts::engine

#include "engine/train/jointtraining.h"

#include "engine/core/errors.h"
#include "engine/train/runner.h"

#include <torch/torch.h>

#include <algorithm>

namespace ts::engine {

std::string resolveBranch(Network& net, const nlohmann::json& value, const std::string& key)
{
    const std::string head = net->outputLayer();
    auto path = net->pathTo(head);
    path.pop_back(); // the output layer cannot be a branch point
    std::string valid;
    for (const auto& n : path)
        valid += (valid.empty() ? "" : ", ") + n;
    if (path.empty())
        throw InputError(key + ": the network's output layer '" + head +
                         "' reads the input directly, so there is "
                         "no layer to branch from");
    if (value.is_null() || (value.is_string() && value.get<std::string>().empty()))
        return path.back();
    if (!value.is_string())
        throw InputError(key + " must be a layer name (string)");
    const auto name = value.get<std::string>();
    if (std::find(path.begin(), path.end(), name) == path.end())
        throw InputError(key + ": unknown layer '" + name + "'; valid layers: " + valid);
    return name;
}

std::int64_t layerOutputSize(Network& net, const std::string& layer, const std::vector<std::int64_t>& inputShape)
{
    for (const auto& info : net->describe(inputShape))
        if (info.name == layer) {
            std::int64_t n = 1;
            for (auto d : info.outputShape)
                n *= d;
            return n;
        }
    throw InputError("unknown layer '" + layer + "'");
}

torch::Tensor forwardAfter(Network& net, torch::Tensor h, const std::string& from, const std::string& to)
{
    const auto path = net->pathTo(to);
    auto it = std::find(path.begin(), path.end(), from);
    if (it == path.end())
        throw InputError("layer '" + from + "' does not feed '" + to + "'");
    for (++it; it != path.end(); ++it)
        h = net->layer(*it)->forward(h);
    return h;
}

CyclingBatches::CyclingBatches(std::int64_t size, int batchSize, std::uint64_t seed) : m_sampler(size, batchSize, seed)
{
}

torch::Tensor CyclingBatches::next()
{
    if (m_pos >= m_pass.size()) {
        m_pass = m_sampler.epoch();
        m_pos = 0;
    }
    return m_pass[m_pos++];
}

std::map<std::string, double> reportEpochEnd(RunContext& ctx, Network& net, EpochStats& stats,
                                             const ParameterSnapshot& start, const std::string& featureLayer,
                                             const Dataset* test)
{
    stats.elapsedMs = ctx.elapsedMs();
    ctx.observer.onEpoch(stats);
    auto change = relativeWeightChange(net, start);
    std::vector<LayerChange> changes;
    for (const auto& [name, value] : change)
        changes.push_back({name, value, net->frozen().count(name) > 0});
    ctx.observer.onLayerChanges(stats.epoch, changes);
    reportProjection(ctx, net, featureLayer, test, stats.epoch);
    return change;
}

} // namespace ts::engine

#include "engine/nn/network.h"

#include "engine/core/errors.h"

#include <torch/torch.h>

#include <algorithm>

namespace ts::engine {

namespace {

std::string joinNames(const std::vector<std::string>& names)
{
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

} // namespace

void NetworkImpl::add(const std::string& name, const std::string& input, const std::string& role,
                      std::shared_ptr<Layer> layer)
{
    if (name.empty() || name.find('.') != std::string::npos)
        throw InputError("invalid layer name '" + name + "' (must be non-empty, without dots)");
    if (has(name))
        throw InputError("duplicate layer name '" + name + "'");
    if (!input.empty() && !has(input))
        throw InputError("layer '" + name + "' reads unknown layer '" + input + "'");
    register_module(name, layer);
    m_nodes.push_back({name, input, role, std::move(layer)});
    m_output = name; // the newest layer is the output until setOutputLayer says otherwise
}

void NetworkImpl::replace(const std::string& name, std::shared_ptr<Layer> layer)
{
    for (auto& n : m_nodes) {
        if (n.name == name) {
            replace_module(name, layer);
            n.module = layer;
            bool frozen = m_frozen.count(name) > 0;
            for (auto& p : layer->parameters())
                p.set_requires_grad(!frozen);
            return;
        }
    }
    throw InputError("unknown layer '" + name + "'");
}

const NetworkImpl::Node& NetworkImpl::node(const std::string& name) const
{
    for (const auto& n : m_nodes)
        if (n.name == name)
            return n;
    throw InputError("unknown layer '" + name + "'; valid layers: " + joinNames(layerNames()));
}

bool NetworkImpl::has(const std::string& name) const
{
    return std::any_of(m_nodes.begin(), m_nodes.end(), [&](const Node& n) { return n.name == name; });
}

std::shared_ptr<Layer> NetworkImpl::layer(const std::string& name) const
{
    return node(name).module;
}

std::vector<std::string> NetworkImpl::layerNames() const
{
    std::vector<std::string> names;
    for (const auto& n : m_nodes)
        names.push_back(n.name);
    return names;
}

std::string NetworkImpl::inputOf(const std::string& name) const
{
    return node(name).input;
}
std::string NetworkImpl::roleOf(const std::string& name) const
{
    return node(name).role;
}

std::vector<std::string> NetworkImpl::pathTo(const std::string& name) const
{
    std::vector<std::string> path;
    for (std::string cur = name; !cur.empty(); cur = node(cur).input)
        path.push_back(cur);
    std::reverse(path.begin(), path.end());
    return path;
}

void NetworkImpl::setOutputLayer(const std::string& name)
{
    node(name);
    m_output = name;
}

torch::Tensor NetworkImpl::forward(const torch::Tensor& x, const std::string& output)
{
    torch::Tensor h = x;
    for (const auto& name : pathTo(output.empty() ? m_output : output))
        h = node(name).module->forward(h);
    return h;
}

torch::Tensor NetworkImpl::forwardFrom(const std::string& after, const torch::Tensor& h, const std::string& output)
{
    const auto path = pathTo(output.empty() ? m_output : output);
    auto it = std::find(path.begin(), path.end(), after);
    if (it == path.end())
        throw InputError("layer '" + after + "' is not on the path to '" + path.back() + "'");
    torch::Tensor x = h;
    for (++it; it != path.end(); ++it)
        x = node(*it).module->forward(x);
    return x;
}

std::map<std::string, torch::Tensor> NetworkImpl::forwardMany(const torch::Tensor& x,
                                                              const std::vector<std::string>& outputs)
{
    std::map<std::string, torch::Tensor> cache;
    for (const auto& out : outputs) {
        torch::Tensor h = x;
        for (const auto& name : pathTo(out)) {
            auto it = cache.find(name);
            if (it != cache.end()) {
                h = it->second;
                continue;
            }
            h = node(name).module->forward(h);
            cache.emplace(name, h);
        }
    }
    std::map<std::string, torch::Tensor> result;
    for (const auto& out : outputs)
        result[out] = cache.at(out);
    return result;
}

std::vector<std::string> NetworkImpl::freezableNames() const
{
    auto names = layerNames();
    for (const auto& n : m_nodes)
        for (const auto& part : n.module->parts())
            names.push_back(part.name);
    return names;
}

void NetworkImpl::setFrozen(const std::set<std::string>& names)
{
    std::map<std::string, std::set<std::string>> partsByLayer;
    for (const auto& name : names) {
        if (has(name))
            continue;
        bool found = false;
        for (const auto& n : m_nodes)
            for (const auto& part : n.module->parts())
                if (part.name == name) {
                    partsByLayer[n.name].insert(name);
                    found = true;
                }
        if (!found) {
            std::string hint = joinNames(layerNames());
            bool nested = false;
            for (const auto& n : m_nodes)
                nested = nested || !n.module->parts().empty();
            if (nested)
                hint += ", or a nested module (`transfer-studio-cli layers` lists them)";
            throw InputError("freeze: unknown layer '" + name + "'; valid layers: " + hint);
        }
    }
    m_frozen = names;
    for (const auto& n : m_nodes) {
        const bool whole = names.count(n.name) > 0;
        for (auto& p : n.module->parameters())
            p.set_requires_grad(!whole);
        n.module->setFrozenParts(whole ? std::set<std::string>{} : partsByLayer[n.name]);
    }
    if (is_training())
        trainKeepingFrozen();
}

void NetworkImpl::trainKeepingFrozen()
{
    train(true); // layers with frozen parts keep those in eval mode themselves (Layer::setFrozenParts)
    for (const auto& n : m_nodes)
        if (m_frozen.count(n.name))
            n.module->eval();
}

std::vector<torch::Tensor> NetworkImpl::trainableParameters() const
{
    std::set<std::string> all;
    for (const auto& n : m_nodes)
        all.insert(n.name);
    return trainableParameters(all);
}

std::vector<torch::Tensor> NetworkImpl::trainableParameters(const std::set<std::string>& only) const
{
    std::vector<torch::Tensor> params;
    for (const auto& n : m_nodes) {
        if (m_frozen.count(n.name) || !only.count(n.name))
            continue;
        for (auto& p : n.module->parameters())
            if (p.requires_grad()) // frozen nested parts
                params.push_back(p);
    }
    return params;
}

std::vector<LayerInfo> NetworkImpl::describe(const std::vector<std::int64_t>& inputShape)
{
    const bool wasTraining = is_training();
    eval();
    std::map<std::string, torch::Tensor> outs;
    {
        torch::NoGradGuard noGrad;
        std::vector<std::int64_t> shape{1};
        shape.insert(shape.end(), inputShape.begin(), inputShape.end());
        torch::Device device = torch::kCPU;
        auto params = parameters();
        if (!params.empty())
            device = params.front().device();
        outs = forwardMany(torch::zeros(shape, torch::TensorOptions().device(device)), layerNames());
    }
    if (wasTraining)
        trainKeepingFrozen();
    std::vector<LayerInfo> infos;
    for (const auto& n : m_nodes) {
        LayerInfo info;
        info.name = n.name;
        info.kind = n.module->kind();
        info.role = n.role;
        info.input = n.input;
        for (const auto& p : n.module->parameters())
            info.params += p.numel();
        auto sizes = outs.at(n.name).sizes();
        info.outputShape.assign(sizes.begin() + 1, sizes.end());
        info.frozen = m_frozen.count(n.name) > 0;
        infos.push_back(info);
        std::set<std::string> frozenParts;
        for (const auto& part : n.module->parts()) {
            LayerInfo p;
            p.name = part.name;
            p.kind = part.kind;
            p.role = n.role;
            p.parent = part.parent.empty() ? n.name : part.parent;
            p.params = part.params;
            p.frozen = info.frozen || m_frozen.count(part.name) || frozenParts.count(part.parent);
            if (p.frozen)
                frozenParts.insert(part.name);
            infos.push_back(p);
        }
    }
    return infos;
}

ParameterSnapshot snapshotParameters(Network& net)
{
    ParameterSnapshot snap;
    torch::NoGradGuard noGrad;
    for (const auto& name : net->layerNames())
        for (const auto& p : net->layer(name)->parameters())
            snap[name].push_back(p.detach().clone());
    return snap;
}

std::map<std::string, double> relativeWeightChange(Network& net, const ParameterSnapshot& start)
{
    std::map<std::string, double> change;
    torch::NoGradGuard noGrad;
    for (const auto& name : net->layerNames()) {
        auto params = net->layer(name)->parameters();
        auto it = start.find(name);
        if (params.empty() || it == start.end() || it->second.size() != params.size())
            continue;
        double diff = 0, base = 0;
        for (size_t i = 0; i < params.size(); ++i) {
            if (!params[i].sizes().equals(it->second[i].sizes())) {
                diff = -1;
                break;
            }
            auto w0 = it->second[i].to(params[i].device());
            diff += (params[i] - w0).pow(2).sum().item<double>();
            base += w0.pow(2).sum().item<double>();
        }
        if (diff >= 0)
            change[name] = base > 0 ? std::sqrt(diff) / std::sqrt(base) : std::sqrt(diff);
    }
    return change;
}

} // namespace ts::engine

#include "engine/train/featurecache.h"

#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <chrono>
#include <cstdlib>

namespace ts::engine {

namespace {

std::int64_t capBytes()
{
    std::int64_t mb = kFeatureCacheCapMb;
    if (const char* env = std::getenv("TS_FEATURE_CACHE_MB"); env && *env)
        mb = std::max<std::int64_t>(0, std::atoll(env));
    return mb * 1024 * 1024;
}

} // namespace

std::string frozenPrefixEnd(Network& net, const std::string& output)
{
    const auto path = net->pathTo(output.empty() ? net->outputLayer() : output);
    std::string end;
    for (const auto& name : path) {
        if (!net->frozen().count(name))
            break;
        end = name;
    }
    return end == path.back() ? std::string() : end;
}

FeatureCache::FeatureCache(std::string whyOff) : m_whyOff(std::move(whyOff)) {}

FeatureCache::FeatureCache(Network& net, const std::string& after, const std::vector<const Dataset*>& datasets,
                           torch::Device device)
{
    std::int64_t images = 0;
    for (const auto* d : datasets)
        images += d ? d->size() : 0;
    const bool wasTraining = net->is_training();
    net->eval();
    torch::NoGradGuard noGrad; // not InferenceMode: the cached tensors feed layers that train
    std::int64_t perImage = 0;
    for (const auto* d : datasets)
        if (d && d->size() > 0 && perImage == 0) // one image tells the size of the cached output
            perImage = net->forward(batchImages(*d, torch::zeros({1}, torch::kLong), device), after).numel();
    const double bytes = static_cast<double>(images) * perImage * 4;
    if (bytes > static_cast<double>(capBytes())) {
        m_whyOff = "the frozen features of " + std::to_string(images) + " images would take " +
                   std::to_string(static_cast<long long>(bytes / 1048576.0 + 0.5)) + " MiB, over the cap of " +
                   std::to_string(capBytes() / 1048576) + " MiB (TS_FEATURE_CACHE_MB)";
        if (wasTraining)
            net->trainKeepingFrozen();
        return;
    }
    const auto start = std::chrono::steady_clock::now();
    for (const auto* d : datasets) {
        if (!d || m_features.count(d))
            continue;
        std::vector<torch::Tensor> parts;
        for (std::int64_t i = 0; i < d->size(); i += kEvalBatch) {
            auto index = torch::arange(i, std::min(d->size(), i + kEvalBatch));
            parts.push_back(net->forward(batchImages(*d, index, device), after));
        }
        if (!parts.empty())
            m_features[d] = torch::cat(parts);
    }
    if (wasTraining)
        net->trainKeepingFrozen();
    m_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    m_after = after;
    m_images = images;
    m_mb = bytes / 1048576.0;
}

torch::Tensor FeatureCache::rows(const Dataset* data, const torch::Tensor& index) const
{
    const auto& f = m_features.at(data);
    return f.index_select(0, index.to(f.device()));
}

torch::Tensor FeatureCache::forward(Network& net, const Dataset* data, const torch::Tensor& index,
                                    const std::string& output) const
{
    return net->forwardFrom(m_after, rows(data, index), output);
}

std::pair<double, double> FeatureCache::evaluate(Network& net, const Dataset* data, const std::string& output,
                                                 int batchSize) const
{
    const auto n = data->size();
    if (n == 0)
        return {0, 0};
    const bool wasTraining = net->is_training();
    net->eval();
    double lossSum = 0;
    std::int64_t correct = 0;
    {
        c10::InferenceMode inference;
        for (std::int64_t start = 0; start < n; start += batchSize) {
            auto index = torch::arange(start, std::min(n, start + batchSize));
            auto logits = forward(net, data, index, output);
            auto labels = data->labels.index_select(0, index).to(logits.device());
            if (logits.size(1) == std::max<int>(1, data->numClasses()))
                lossSum += torch::nn::functional::cross_entropy(
                               logits, labels, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                               .item<double>();
            correct += logits.argmax(1).eq(labels).sum().item<std::int64_t>();
        }
    }
    if (wasTraining)
        net->trainKeepingFrozen();
    return {static_cast<double>(correct) / n, lossSum / n};
}

nlohmann::json FeatureCache::summary() const
{
    if (!on())
        return {{"on", false}, {"why", m_whyOff}};
    return {{"on", true}, {"layer", m_after}, {"images", m_images}, {"mb", m_mb}, {"seconds", m_seconds}};
}

} // namespace ts::engine

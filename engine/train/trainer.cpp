#include "engine/train/trainer.h"

#include "engine/core/errors.h"
#include "engine/train/featurecache.h"
#include "engine/train/runner.h"

#include <torch/torch.h>

#include <algorithm>

#include <chrono>
#include <cmath>

namespace ts::engine {

std::unique_ptr<torch::optim::Optimizer> makeOptimizer(const TrainSpec& train, const std::vector<ParamGroup>& groups)
{
    std::vector<torch::optim::OptimizerParamGroup> torchGroups;
    for (const auto& g : groups) {
        if (g.params.empty())
            continue;
        if (train.optimizer == "sgd") {
            torchGroups.emplace_back(
                g.params, std::make_unique<torch::optim::SGDOptions>(
                              torch::optim::SGDOptions(g.lr).momentum(train.momentum).weight_decay(train.weightDecay)));
        } else {
            torchGroups.emplace_back(g.params, std::make_unique<torch::optim::AdamOptions>(
                                                   torch::optim::AdamOptions(g.lr).weight_decay(train.weightDecay)));
        }
    }
    if (torchGroups.empty())
        throw InputError("freeze: every trainable layer is frozen; nothing is left to train");
    if (train.optimizer == "sgd")
        return std::make_unique<torch::optim::SGD>(torchGroups, torch::optim::SGDOptions(train.lr));
    return std::make_unique<torch::optim::Adam>(torchGroups, torch::optim::AdamOptions(train.lr));
}

std::vector<double> learningRates(torch::optim::Optimizer& optimizer)
{
    std::vector<double> rates;
    for (auto& g : optimizer.param_groups())
        rates.push_back(g.options().get_lr());
    return rates;
}

void scaleLearningRates(torch::optim::Optimizer& optimizer, const std::vector<double>& baseRates, double factor)
{
    auto& groups = optimizer.param_groups();
    for (size_t i = 0; i < groups.size() && i < baseRates.size(); ++i)
        groups[i].options().set_lr(baseRates[i] * factor);
}

BatchSampler::BatchSampler(std::int64_t size, int batchSize, std::uint64_t seed, bool shuffle)
    : m_size(size), m_batchSize(std::max(1, batchSize)), m_shuffle(shuffle),
      m_generator(at::detail::createCPUGenerator(seed))
{
}

std::int64_t BatchSampler::batchesPerEpoch() const
{
    return (m_size + m_batchSize - 1) / m_batchSize;
}

std::vector<torch::Tensor> BatchSampler::epoch()
{
    torch::Tensor order = m_shuffle ? torch::randperm(m_size, m_generator, torch::kLong) : torch::arange(m_size);
    std::vector<torch::Tensor> batches;
    for (std::int64_t start = 0; start < m_size; start += m_batchSize)
        batches.push_back(order.slice(0, start, std::min(m_size, start + m_batchSize)));
    return batches;
}

torch::Tensor batchImages(const Dataset& data, const torch::Tensor& index, torch::Device device)
{
    return normalizeImages(data.images.index_select(0, index), data.channelMean, data.channelStd).to(device);
}

torch::Tensor trainingBatchImages(const Dataset& data, const torch::Tensor& index, torch::Device device,
                                  Augmenter& augmenter)
{
    if (!augmenter.on())
        return batchImages(data, index, device);
    const auto unit = (data.images.index_select(0, index).to(torch::kFloat32) / 255.0).to(device);
    return normalizeUnitImages(augmenter.apply(unit), data.channelMean, data.channelStd);
}

torch::Tensor batchLabels(const Dataset& data, const torch::Tensor& index, torch::Device device)
{
    return data.labels.index_select(0, index).to(device);
}

namespace {

// Runs `fn` with the network in eval mode and no autograd, then restores its frozen-aware train mode.
// `inference`: under InferenceMode, which also skips version counters and view tracking, for results that
// never meet autograd again (accuracies, predictions). Features are made under NoGradGuard: a strategy may
// train on them, and a tensor made in inference mode cannot be saved for a backward pass.
template <typename Fn> void inEvalMode(Network& net, bool inference, Fn&& fn)
{
    const bool wasTraining = net->is_training();
    net->eval();
    if (inference) {
        c10::InferenceMode inferenceMode;
        fn();
    } else {
        torch::NoGradGuard noGrad;
        fn();
    }
    if (wasTraining)
        net->trainKeepingFrozen();
}

} // namespace

Evaluation evaluate(Network& net, const std::string& output, const Dataset& data, torch::Device device, int batchSize)
{
    Evaluation ev;
    const auto n = data.size();
    const auto classes = std::max<int>(1, data.numClasses());
    ev.confusion = torch::zeros({classes, classes}, torch::kLong);
    ev.predicted = torch::empty({n}, torch::kLong);
    if (n == 0)
        return ev;
    double lossSum = 0;
    std::int64_t correct = 0;
    inEvalMode(net, true, [&] {
        for (std::int64_t start = 0; start < n; start += batchSize) {
            auto index = torch::arange(start, std::min(n, start + batchSize));
            auto logits = net->forward(batchImages(data, index, device), output);
            auto labels = batchLabels(data, index, device);
            auto pred = logits.argmax(1);
            if (logits.size(1) == classes)
                lossSum += torch::nn::functional::cross_entropy(
                               logits, labels, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                               .item<double>();
            correct += pred.eq(labels).sum().item<std::int64_t>();
            auto predCpu = pred.to(torch::kCPU);
            ev.predicted.slice(0, start, start + index.size(0)).copy_(predCpu);
        }
    });
    ev.accuracy = static_cast<double>(correct) / n;
    ev.loss = lossSum / n;
    auto truth = data.labels.clamp_min(0);
    auto pred = ev.predicted.clamp(0, classes - 1);
    ev.confusion.view(-1).index_add_(0, truth * classes + pred, torch::ones({n}, torch::kLong));
    return ev;
}

torch::Tensor extractFeatures(Network& net, const std::string& layer, const Dataset& data, torch::Device device,
                              int batchSize)
{
    std::vector<torch::Tensor> parts;
    inEvalMode(net, false, [&] {
        for (std::int64_t start = 0; start < data.size(); start += batchSize) {
            auto index = torch::arange(start, std::min(data.size(), start + batchSize));
            parts.push_back(net->forward(batchImages(data, index, device), layer).flatten(1).to(torch::kCPU));
        }
    });
    if (parts.empty())
        return torch::empty({0, 0});
    return torch::cat(parts);
}

FeatureSample sampleFeatures(Network& net, const std::string& layer, const Dataset* source, const Dataset* target,
                             torch::Device device, int perDomain, int epoch)
{
    FeatureSample sample;
    sample.epoch = epoch;
    sample.layer = layer;
    std::vector<torch::Tensor> feats;
    // One list of class names for both domains, matched by name: the target's classes keep their indices
    // (and colours), a source class the target lacks is appended, so fine-tuning to new classes shows the
    // source classes as such instead of as target classes with the same index.
    auto classIndex = [&sample](const std::string& name) {
        const auto it = std::find(sample.classNames.begin(), sample.classNames.end(), name);
        if (it != sample.classNames.end())
            return static_cast<int>(it - sample.classNames.begin());
        sample.classNames.push_back(name);
        return static_cast<int>(sample.classNames.size() - 1);
    };
    std::vector<int> targetIndex, sourceIndex;
    for (const auto& name : target ? target->classNames : std::vector<std::string>{})
        targetIndex.push_back(classIndex(name));
    for (const auto& name : source ? source->classNames : std::vector<std::string>{})
        sourceIndex.push_back(classIndex(name));
    auto take = [&](const Dataset* data, int domain) {
        if (!data || data->size() == 0)
            return;
        const auto n = std::min<std::int64_t>(perDomain, data->size());
        auto index = torch::linspace(0, data->size() - 1, n).to(torch::kLong);
        auto rows = data->subset(index);
        feats.push_back(extractFeatures(net, layer, rows, device, kEvalBatch));
        const auto labelTensor = rows.labels.to(torch::kLong).contiguous();
        const auto labels = labelTensor.accessor<std::int64_t, 1>(); // one copy, not an item() per point
        const auto& toName = domain == 0 ? sourceIndex : targetIndex;
        for (std::int64_t i = 0; i < n; ++i) {
            const auto label = labels[i];
            sample.label.push_back(label >= 0 && label < static_cast<std::int64_t>(toName.size()) ? toName[label] : -1);
            sample.domain.push_back(domain);
        }
    };
    take(source, 0);
    take(target, 1);
    if (feats.empty())
        return sample;
    const auto x = torch::cat(feats).to(torch::kFloat).contiguous();
    sample.rows = x.size(0);
    sample.columns = x.size(1);
    sample.values.assign(x.data_ptr<float>(), x.data_ptr<float>() + x.numel());
    return sample;
}

void reportProjection(RunContext& ctx, Network& net, const std::string& layer, const Dataset* target, int epoch)
{
    if (!ctx.options.projectFeatures)
        return;
    ctx.projectionLayer = layer;
    ctx.projectionTarget = target;
    if (ctx.observer.wantsFeatures())
        ctx.observer.onFeatures(sampleFeatures(net, layer, ctx.source, target, ctx.device, kProjectedPerDomain, epoch));
}

std::vector<torch::Tensor> copyState(Network& net)
{
    std::vector<torch::Tensor> state;
    torch::NoGradGuard noGrad;
    for (const auto& p : net->parameters())
        state.push_back(p.detach().clone());
    for (const auto& b : net->buffers())
        state.push_back(b.detach().clone());
    return state;
}

void restoreState(Network& net, const std::vector<torch::Tensor>& state)
{
    torch::NoGradGuard noGrad;
    size_t i = 0;
    for (auto& p : net->parameters())
        p.copy_(state.at(i++));
    for (auto& b : net->buffers())
        b.copy_(state.at(i++));
}

double checkedLoss(const torch::Tensor& loss, const std::string& phase, std::int64_t step)
{
    const double value = loss.item<double>();
    if (!std::isfinite(value) || std::abs(value) > kDivergedLoss)
        throw Diverged(phase, step, value);
    return value;
}

namespace {

// Long phases (e.g. a few labels trained for hundreds of one-step epochs) would spend nearly all their time
// evaluating the test set, so by default a phase tests after at most about kMaxTestEvaluations of its epochs.
constexpr int kMaxTestEvaluations = 50;

} // namespace

bool testDue(int epoch, int epochs, bool stopping, int evalEvery)
{
    const int every = evalEvery > 0 ? evalEvery : std::max(1, (epochs + kMaxTestEvaluations - 1) / kMaxTestEvaluations);
    return stopping || epoch >= epochs || epoch % every == 0;
}

PhaseResult trainSupervised(RunContext& ctx, Network& net, const SupervisedPhase& phase)
{
    PhaseResult result;
    const Dataset train = phase.train->labeledSubset();
    if (train.size() == 0)
        throw InputError(phase.train->role + ": no labeled image to train on");
    auto optimizer = makeOptimizer(ctx.experiment.train, phase.groups);
    BatchSampler sampler(train.size(), phase.batchSize, phase.seed);
    Augmenter augmenter(ctx.experiment.train.augment, phase.seed + kAugmentSeed);
    const auto totalSteps = sampler.batchesPerEpoch() * phase.epochs;
    const auto snapshot = phase.trackWeightChange ? snapshotParameters(net) : ParameterSnapshot{};

    double bestVal = -1;
    int sinceBest = 0;
    std::vector<torch::Tensor> bestState;
    std::optional<double> lastTestAccuracy; // of the last epoch run, which always tests
    double trainSeconds = 0;
    std::int64_t trainImages = 0;
    std::int64_t step = 0;
    net->trainKeepingFrozen();
    ctx.liveNetwork = net;

    // Frozen features computed once (engine/train/featurecache.h); not with augmentation, which changes the
    // images every epoch.
    const std::string cachedAfter = augmenter.on() ? std::string() : frozenPrefixEnd(net, phase.output);
    const FeatureCache cache = cachedAfter.empty()
                                   ? FeatureCache(augmenter.on() ? "train.augment changes the images every epoch"
                                                                 : "no frozen layers before the trained ones")
                                   : FeatureCache(net, cachedAfter, {&train, phase.validation, phase.test}, ctx.device);
    result.featureCache = cache.summary();
    if (cache.on())
        ctx.log(phase.phase + ": frozen features up to '" + cachedAfter + "' computed once (" +
                std::to_string(cache.summary()["images"].get<std::int64_t>()) + " images); training runs the " +
                "layers after it");
    else if (!cachedAfter.empty())
        ctx.log(phase.phase + ": feature cache off: " + cache.summary()["why"].get<std::string>());
    auto accuracyAndLoss = [&](const Dataset* data) -> std::pair<double, double> {
        if (cache.on() && cache.has(data))
            return cache.evaluate(net, data, phase.output, kEvalBatch);
        const auto ev = evaluate(net, phase.output, *data, ctx.device, kEvalBatch);
        return {ev.accuracy, ev.loss};
    };

    for (int epoch = 1; epoch <= phase.epochs; ++epoch) {
        double lossSum = 0;
        std::int64_t correct = 0, seen = 0;
        const auto epochStart = std::chrono::steady_clock::now();
        for (const auto& index : sampler.epoch()) {
            ctx.control.checkpoint();
            auto y = batchLabels(train, index, ctx.device);
            optimizer->zero_grad();
            auto logits = cache.on()
                              ? cache.forward(net, &train, index, phase.output)
                              : net->forward(trainingBatchImages(train, index, ctx.device, augmenter), phase.output);
            auto loss = torch::nn::functional::cross_entropy(logits, y);
            const double lossValue = checkedLoss(loss, phase.phase, step + 1);
            loss.backward();
            optimizer->step();
            ++step;
            const auto batchCorrect = logits.argmax(1).eq(y).sum().item<std::int64_t>();
            lossSum += lossValue * index.size(0);
            correct += batchCorrect;
            seen += index.size(0);
            StepStats stats;
            stats.phase = phase.phase;
            stats.epoch = epoch;
            stats.step = step;
            stats.totalSteps = totalSteps;
            stats.values = {{"loss", lossValue},
                            {"accuracy", static_cast<double>(batchCorrect) / index.size(0)},
                            {"lr", optimizer->param_groups().front().options().get_lr()}};
            stats.elapsedMs = ctx.elapsedMs();
            ctx.observer.onStep(stats);
        }
        // The first epoch pays for computing the cached features.
        const double epochSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - epochStart).count() +
            (epoch == 1 ? cache.seconds() : 0.0);
        trainSeconds += epochSeconds;
        trainImages += seen;
        result.epochsRun = epoch;

        EpochStats es;
        es.phase = phase.phase;
        es.epoch = epoch;
        es.epochs = phase.epochs;
        es.metrics["train_loss"] = lossSum / std::max<std::int64_t>(1, seen);
        es.metrics["train_accuracy"] = static_cast<double>(correct) / std::max<std::int64_t>(1, seen);
        es.imagesPerSecond = epochSeconds > 0 ? seen / epochSeconds : 0;
        bool improved = false;
        if (phase.validation && phase.validation->size() > 0) {
            const auto [valAccuracy, valLoss] = accuracyAndLoss(phase.validation);
            es.metrics["val_accuracy"] = valAccuracy;
            es.metrics["val_loss"] = valLoss;
            if (valAccuracy > bestVal) {
                bestVal = valAccuracy;
                sinceBest = 0;
                improved = true;
                if (phase.restoreBest)
                    bestState = copyState(net);
            } else {
                ++sinceBest;
            }
        }
        const bool stopping = phase.patience > 0 && !improved && sinceBest >= phase.patience;
        const bool testing = testDue(epoch, phase.epochs, stopping, ctx.experiment.train.evalEvery);
        if (phase.test && phase.test->size() > 0 && testing) {
            lastTestAccuracy = accuracyAndLoss(phase.test).first;
            es.metrics[phase.testMetric] = *lastTestAccuracy;
        }
        es.elapsedMs = ctx.elapsedMs();
        ctx.observer.onEpoch(es);
        if (phase.trackWeightChange) {
            result.weightChange = relativeWeightChange(net, snapshot);
            std::vector<LayerChange> changes;
            for (const auto& [name, value] : result.weightChange)
                changes.push_back({name, value, net->frozen().count(name) > 0});
            ctx.observer.onLayerChanges(epoch, changes);
        }
        if (const auto layer = lastFeatureLayer(net); !layer.empty() && testing)
            reportProjection(ctx, net, layer, ctx.targetTest ? ctx.targetTest : ctx.target, epoch);
        if (stopping) {
            ctx.log(phase.phase + ": early stopping after epoch " + std::to_string(epoch) +
                    " (no validation gain for " + std::to_string(phase.patience) + " epochs)");
            break;
        }
    }
    if (!bestState.empty()) {
        restoreState(net, bestState);
        result.validationAccuracy = bestVal;
        if (phase.trackWeightChange)
            result.weightChange = relativeWeightChange(net, snapshot);
    }
    result.imagesPerSecond = trainSeconds > 0 ? trainImages / trainSeconds : 0;
    // The last epoch run has just been tested; only restored best weights need testing again.
    if (phase.test && phase.test->size() > 0)
        result.testAccuracy =
            bestState.empty() && lastTestAccuracy ? lastTestAccuracy : accuracyAndLoss(phase.test).first;
    return result;
}

} // namespace ts::engine

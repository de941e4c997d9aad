// Zero-shot learning with attributes (Lampert et al., "Learning to detect unseen object classes by
// between-class attribute transfer", CVPR 2009): a network learns to predict attributes from the images of
// the seen (source) classes; an image of an unseen (target) class is given the unseen class whose
// attribute signature fits the predicted attributes best.

#include "engine/core/errors.h"
#include "engine/data/attributes.h"
#include "engine/strategies/strategyutil.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <optional>

namespace ts::engine {

namespace {

const char* const kHead = "attr_head";

// Backbone feature layers followed by a linear attribute head (role "attribute").
Network attributeNetwork(const Experiment& e, int attributes)
{
    Network backbone = makeBackbone(e.model.backbone, e.input.channels, e.input.height, e.input.width, 2);
    const std::string last = lastFeatureLayer(backbone);
    const auto features = featureSize(backbone, {e.input.channels, e.input.height, e.input.width});
    Network net;
    for (const auto& name : backbone->layerNames())
        if (backbone->roleOf(name) == "feature")
            net->add(name, backbone->inputOf(name), "feature", backbone->layer(name));
    net->add(kHead, last, "attribute", makeLinear(features, std::max(1, attributes), false, 0, "head"));
    net->setOutputLayer(kHead);
    net->train();
    return net;
}

// Which scoring the options and the table ask for: "dap" needs a 0/1 table.
std::string scoringMethod(const nlohmann::json& section, const AttributeTable& table)
{
    const auto method = section.at("method").get<std::string>();
    if (method == "auto")
        return table.binary() ? "dap" : "cosine";
    if (method == "dap" && !table.binary())
        throw InputError("zeroshot.method 'dap' needs 0/1 attributes, but '" + table.origin +
                         "' has other values; use 'cosine' or 'euclidean'");
    return method;
}

// Scores [N, U] of each image for each unseen class. `predicted` holds the network's attribute estimates:
// probabilities for a 0/1 table, raw values otherwise.
torch::Tensor classScores(const torch::Tensor& predicted, const torch::Tensor& unseen, const torch::Tensor& prior,
                          const std::string& method)
{
    if (method == "dap") {
        // DAP: p(z|x) ∝ prod_m p(a_m = a^z_m | x) / p(a_m = a^z_m), in log space.
        const auto p = predicted.clamp(1e-6, 1 - 1e-6);
        const auto logOn = p.log() - prior.log();              // [N, A]
        const auto logOff = (1 - p).log() - (1 - prior).log(); // [N, A]
        return logOn.matmul(unseen.t()) + logOff.matmul((1 - unseen).t());
    }
    if (method == "cosine")
        return torch::nn::functional::normalize(predicted, torch::nn::functional::NormalizeFuncOptions().dim(1))
            .matmul(torch::nn::functional::normalize(unseen, torch::nn::functional::NormalizeFuncOptions().dim(1)).t());
    return -torch::cdist(predicted, unseen); // euclidean: the nearest signature wins
}

struct ZeroShotEvaluation {
    double accuracy = 0;
    torch::Tensor predicted;  // int64 [N], index into the unseen classes
    torch::Tensor attributes; // float [N, A], the network's attribute estimates
};

ZeroShotEvaluation evaluateUnseen(Network& net, const Dataset& data, const torch::Tensor& unseen,
                                  const torch::Tensor& prior, bool binary, const std::string& method,
                                  torch::Device device)
{
    ZeroShotEvaluation ev;
    auto out = extractFeatures(net, kHead, data, device, kEvalBatch);
    ev.attributes = binary ? torch::sigmoid(out) : out;
    ev.predicted = classScores(ev.attributes, unseen, prior, method).argmax(1);
    ev.accuracy =
        data.size() && data.hasLabels() ? ev.predicted.eq(data.labels).to(torch::kDouble).mean().item<double>() : 0;
    return ev;
}

// Rows of `names` in the table; a missing row names the role, the key and the file.
torch::Tensor rowsOf(const AttributeTable& table, const std::vector<std::string>& names, const std::string& role)
{
    try {
        return table.signatures(names);
    } catch (const InputError& err) {
        throw InputError("zeroshot.attributes: " + role + " " + err.what());
    }
}

// The unseen candidates when no labeled set names them: the table's classes the source does not have.
std::vector<std::string> tableUnseenClasses(const AttributeTable& table, const std::vector<std::string>& seen)
{
    std::vector<std::string> unseen;
    for (const auto& name : table.classes)
        if (std::find(seen.begin(), seen.end(), name) == seen.end())
            unseen.push_back(name);
    if (unseen.size() < 2)
        throw InputError("zeroshot.attributes: '" + table.origin + "' has " +
                         (unseen.empty() ? std::string("no class") : "only one class ('" + unseen.front() + "')") +
                         " that the source lacks, so no unseen classes remain to choose from; add rows for at least "
                         "2 unseen classes, or give a labeled target_test whose classes are the unseen ones");
    return unseen;
}

// predictions.csv: one row per image of each set, with the predicted unseen class and, when known, the true one.
void appendPredictions(std::string& csv, const Dataset& data, const torch::Tensor& predicted,
                       const std::vector<std::string>& unseenNames)
{
    const auto pred = predicted.to(torch::kCPU, torch::kLong).contiguous();
    const auto labels = data.hasLabels() && data.labels.defined()
                            ? data.labels.to(torch::kCPU, torch::kLong).contiguous()
                            : torch::full({data.size()}, -1, torch::kLong);
    const auto* predAt = pred.data_ptr<std::int64_t>();
    const auto* labelAt = labels.data_ptr<std::int64_t>(); // pointers: item() per image costs microseconds
    for (std::int64_t i = 0; i < data.size(); ++i) {
        const auto file =
            static_cast<size_t>(i) < data.files.size() ? data.files[static_cast<size_t>(i)] : std::to_string(i);
        const auto truth = labelAt[i];
        csv += csvField(file) + "," + csvField(data.role) + "," +
               csvField(unseenNames.at(static_cast<size_t>(predAt[i]))) + "," +
               (truth >= 0 ? csvField(data.classNames.at(static_cast<size_t>(truth))) : std::string()) + "\n";
    }
}

class ZeroShotStrategy : public DescribedStrategy<ZeroShotStrategy> {
public:
    static StrategyInfo describe()
    {
        // The target may be unlabeled: its images are named, never learned from; labels only measure accuracy.
        StrategyInfo i{"zeroshot",
                       "Zero-shot learning (attributes)",
                       "source labeled, target unlabeled",
                       "Learns to recognise attributes such as 'has sleeves' on the seen source classes, then names "
                       "each target image by the unseen class whose attribute row fits best. The unseen classes are "
                       "the table's classes the source lacks (or the classes of a labeled target_test); target "
                       "labels, if any, are only used to measure accuracy.",
                       Need::Labeled,
                       Need::Any};
        i.section = "zeroshot";
        i.options = {
            {"attributes", "path", "", "CSV file 'class,attribute1,...' with one row per seen and unseen class"},
            {"method",
             "string",
             "auto",
             "how an unseen class is chosen: dap (Lampert's direct attribute prediction, 0/1 tables), cosine or "
             "euclidean (nearest signature); auto = dap for 0/1 tables, cosine otherwise",
             {"auto", "dap", "cosine", "euclidean"}},
            {"loss",
             "string",
             "auto",
             "attribute loss: bce (sigmoid outputs, values in [0, 1]) or mse (raw outputs); auto = bce for 0/1 tables, "
             "mse otherwise",
             {"auto", "bce", "mse"}},
        };
        return i;
    }

    Network build(const Experiment& e, const NetShape& shape) const override
    {
        int attributes = shape.attributes;
        if (attributes <= 0) {
            // The diagram needs the head size; read the table when it is there, else draw one output.
            try {
                const std::string table = resolveSection(info(), e).value("attributes", "");
                if (!table.empty())
                    attributes = static_cast<int>(loadAttributeTable(resolvePath(e, table)).attributes.size());
            } catch (const std::exception&) {
            }
        }
        return attributeNetwork(e, std::max(1, attributes));
    }

    StrategyOutcome run(RunContext& ctx) override
    {
        const auto& e = ctx.experiment;
        const auto table = loadAttributeTable(resolvePath(e, ctx.section.at("attributes").get<std::string>()));
        const Dataset& target = *ctx.target;
        // The labeled set that measures accuracy and names the unseen classes: target_test, else a labeled
        // target. Without one the table names them: its classes that the source lacks.
        const Dataset* evalSet = ctx.targetTest && ctx.targetTest->size() && ctx.targetTest->hasLabels()
                                     ? ctx.targetTest
                                 : target.hasLabels() ? &target
                                                      : nullptr;
        const auto& seenNames = ctx.source->classNames;
        const auto unseenNames = evalSet ? evalSet->classNames : tableUnseenClasses(table, seenNames);
        const std::string unseenFrom = evalSet ? evalSet->role : "zeroshot.attributes";
        const auto seen = rowsOf(table, seenNames, "source");
        const auto unseen = rowsOf(table, unseenNames, evalSet ? evalSet->role : "unseen");
        if (unseenNames.size() < 2)
            throw InputError("zeroshot: " + unseenFrom + " must have at least 2 unseen classes to choose from");
        for (const auto& name : unseenNames)
            if (std::find(seenNames.begin(), seenNames.end(), name) != seenNames.end())
                ctx.log("zeroshot: class '" + name + "' is both seen (source) and unseen (" + unseenFrom + ")",
                        LogLevel::Warning);
        const bool binary = table.binary();
        const std::string method = scoringMethod(ctx.section, table);
        const std::string lossName = ctx.section.at("loss").get<std::string>() == "auto"
                                         ? (binary ? "bce" : "mse")
                                         : ctx.section.at("loss").get<std::string>();
        const bool sigmoidOutputs = lossName == "bce";
        // Attribute priors for DAP: the mean over the seen classes, kept away from 0 and 1.
        const auto prior = seen.mean(0).clamp(0.05, 0.95);

        seedStage(e, 5);
        Network net = attributeNetwork(e, static_cast<int>(table.attributes.size()));
        net->setFrozen(freezeSet(e));
        net->to(ctx.device);
        ctx.log("zeroshot: learning " + std::to_string(table.attributes.size()) + " attributes from " +
                std::to_string(seenNames.size()) + " seen classes; choosing among " +
                std::to_string(unseenNames.size()) + " unseen classes (from " + unseenFrom + ") with " + method);

        const Dataset train = ctx.source->labeledSubset();
        if (train.size() == 0)
            throw InputError("source: no labeled image to learn the attributes from");
        auto optimizer = makeOptimizer(e.train, {{net->trainableParameters(), e.train.lr}});
        BatchSampler sampler(train.size(), e.train.batchSize, e.train.seed + 505);
        Augmenter augmenter(e.train.augment, e.train.seed + 505 + kAugmentSeed);
        const auto seenOnDevice = seen.to(ctx.device);
        const auto snapshot = snapshotParameters(net);
        const auto totalSteps = sampler.batchesPerEpoch() * e.train.epochs;
        std::int64_t step = 0, trainedImages = 0;
        double trainSeconds = 0;
        StrategyOutcome out;
        net->trainKeepingFrozen();
        ctx.liveNetwork = net;
        for (int epoch = 1; epoch <= e.train.epochs; ++epoch) {
            const auto started = std::chrono::steady_clock::now();
            double lossSum = 0;
            std::int64_t seenImages = 0;
            for (const auto& index : sampler.epoch()) {
                ctx.control.checkpoint();
                auto x = trainingBatchImages(train, index, ctx.device, augmenter);
                auto target = seenOnDevice.index_select(0, batchLabels(train, index, ctx.device));
                optimizer->zero_grad();
                auto logits = net->forward(x);
                auto loss = sigmoidOutputs ? torch::binary_cross_entropy_with_logits(logits, target)
                                           : torch::mse_loss(logits, target);
                checkedLoss(loss, "train", step + 1);
                loss.backward();
                optimizer->step();
                ++step;
                const double value = loss.item<double>();
                lossSum += value * index.size(0);
                seenImages += index.size(0);
                StepStats s;
                s.phase = "train";
                s.epoch = epoch;
                s.step = step;
                s.totalSteps = totalSteps;
                s.values = {{"loss", value},
                            {"attribute_loss", value},
                            {"lr", optimizer->param_groups().front().options().get_lr()}};
                s.elapsedMs = ctx.elapsedMs();
                ctx.observer.onStep(s);
            }
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            trainSeconds += seconds;
            trainedImages += seenImages;
            EpochStats es;
            es.phase = "train";
            es.epoch = epoch;
            es.epochs = e.train.epochs;
            es.metrics = {{"train_loss", lossSum / std::max<std::int64_t>(1, seenImages)}};
            if (evalSet) {
                const auto ev = evaluateUnseen(net, *evalSet, unseen, prior, sigmoidOutputs, method, ctx.device);
                es.metrics["unseen_accuracy"] = ev.accuracy;
                es.metrics["target_accuracy"] = ev.accuracy;
            }
            es.imagesPerSecond = seconds > 0 ? seenImages / seconds : 0;
            es.elapsedMs = ctx.elapsedMs();
            ctx.observer.onEpoch(es);
            out.weightChange = relativeWeightChange(net, snapshot);
            std::vector<LayerChange> changes;
            for (const auto& [name, value] : out.weightChange)
                changes.push_back({name, value, net->frozen().count(name) > 0});
            ctx.observer.onLayerChanges(epoch, changes);
            // The features under the attribute head, seen classes (source) beside unseen ones (the evaluation
            // set): whether images of a class never trained on gather apart from the others.
            reportProjection(ctx, net, lastFeatureLayer(net), evalSet ? evalSet : &target, epoch);
            out.epochsRun = epoch;
        }
        out.weightChange = relativeWeightChange(net, snapshot);
        out.net = net;
        out.trainImagesPerSecond = trainSeconds > 0 ? trainedImages / trainSeconds : 0;

        // Name every target image (and every target_test image) and write the names to predictions.csv.
        const auto onTarget = evaluateUnseen(net, target, unseen, prior, sigmoidOutputs, method, ctx.device);
        std::string csv = "file,set,predicted,truth\n";
        appendPredictions(csv, target, onTarget.predicted, unseenNames);
        std::optional<ZeroShotEvaluation> onTest;
        if (ctx.targetTest && ctx.targetTest->size()) {
            onTest = evaluateUnseen(net, *ctx.targetTest, unseen, prior, sigmoidOutputs, method, ctx.device);
            appendPredictions(csv, *ctx.targetTest, onTest->predicted, unseenNames);
        }
        out.extraFiles.push_back({"predictions.csv", csv});
        const auto u = static_cast<std::int64_t>(unseenNames.size());
        nlohmann::json perClass = nlohmann::json::object();
        const auto counts = torch::bincount(onTarget.predicted, {}, u);
        for (std::int64_t c = 0; c < u; ++c)
            perClass[unseenNames[static_cast<size_t>(c)]] = counts[c].item<std::int64_t>();
        out.strategyMetrics = {{"chance", 1.0 / static_cast<double>(u)},
                               {"method", method},
                               {"loss", lossName},
                               {"seen_classes", seenNames},
                               {"unseen_classes", unseenNames},
                               {"unseen_classes_from", unseenFrom},
                               {"predicted_images", target.size()},
                               {"predicted_per_class", perClass}};
        out.predicted = onTarget.predicted;
        out.predictedOn = &target;
        out.predictedNames = unseenNames;
        if (!evalSet)
            return out;

        // Accuracy only where labels exist: target_test, else the labeled target.
        const auto& ev = evalSet == &target ? onTarget : *onTest;
        nlohmann::json perAttribute = nlohmann::json::object();
        // Per attribute: estimate and the true class's value agree on which side of 0.5 they lie.
        const auto truth = unseen.index_select(0, evalSet->labels).gt(0.5);
        const auto agree = ev.attributes.gt(0.5).eq(truth).to(torch::kDouble).mean(0);
        for (size_t a = 0; a < table.attributes.size(); ++a)
            perAttribute[table.attributes[a]] =
                evalSet->size() ? agree[static_cast<std::int64_t>(a)].item<double>() : 0.0;
        out.targetAccuracy = ev.accuracy;
        out.strategyMetrics["unseen_accuracy"] = ev.accuracy;
        out.strategyMetrics["per_attribute_accuracy"] = perAttribute;
        out.strategyMetrics["evaluated_on"] = evalSet->role;
        out.strategyMetrics["evaluated_images"] = evalSet->size();
        out.confusion = torch::zeros({u, u}, torch::kLong);
        out.confusion.view(-1).index_add_(0, evalSet->labels * u + ev.predicted,
                                          torch::ones({evalSet->size()}, torch::kLong));
        out.confusionClasses = unseenNames;
        out.predicted = ev.predicted;
        out.predictedOn = evalSet;
        return out;
    }
};

} // namespace

void registerZeroShotStrategy()
{
    registerDescribed<ZeroShotStrategy>();
}

} // namespace ts::engine

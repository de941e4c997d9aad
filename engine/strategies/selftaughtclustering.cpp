// Self-taught clustering (after Dai et al., "Self-taught clustering", ICML 2008): a representation learned on
// plenty of unlabeled auxiliary (source) images helps to cluster a small unlabeled target set. Here the
// representation is that of `selftaught` (a denoising autoencoder or rotation prediction), and the target
// features are clustered with k-means. Target labels, where they exist, only score the clusters.

#include "engine/analysis/clustering.h"
#include "engine/core/errors.h"
#include "engine/nn/autoencoder.h"
#include "engine/strategies/representation.h"
#include "engine/strategies/strategyutil.h"
#include "engine/train/trainer.h"

#include <torch/torch.h>

#include <sstream>

namespace ts::engine {

namespace {

std::vector<std::int64_t> toVector(const torch::Tensor& t)
{
    auto c = t.to(torch::kCPU, torch::kLong).contiguous();
    return {c.data_ptr<std::int64_t>(), c.data_ptr<std::int64_t>() + c.numel()};
}

// Each row scaled as `how` says: "l2" to unit length, "standardize" each column to mean 0 and std 1.
torch::Tensor normalizeFeatures(const torch::Tensor& x, const std::string& how)
{
    if (how == "l2")
        return x / x.norm(2, {1}, true).clamp_min(1e-12);
    if (how == "standardize")
        return (x - x.mean({0}, true)) / (x.std({0}, true, true) + 1e-6);
    return x;
}

nlohmann::json scores(const std::vector<std::int64_t>& truth, const torch::Tensor& assignments)
{
    const auto pred = toVector(assignments);
    return {{"nmi", normalizedMutualInformation(truth, pred)},
            {"ari", adjustedRandIndex(truth, pred)},
            {"cluster_accuracy", clusterAccuracy(truth, pred)}};
}

class SelfTaughtClusteringStrategy : public DescribedStrategy<SelfTaughtClusteringStrategy> {
public:
    static StrategyInfo describe()
    {
        StrategyInfo i{"selftaught_clustering",
                       "Self-taught clustering",
                       "source unlabeled, target unlabeled",
                       "Learns features from unlabeled source images with a denoising autoencoder or by predicting "
                       "image rotations, then groups the unlabeled target images into k clusters with k-means on "
                       "those features.",
                       Need::Unlabeled,
                       Need::Unlabeled};
        i.section = "clustering";
        i.options = {
            {"k",
             "int",
             0,
             "number of clusters; 0 = the number of target classes (needs a labeled target)",
             {},
             0,
             10000},
            {"restarts",
             "int",
             10,
             "k-means runs with different k-means++ seeds; the one with the lowest inertia is kept",
             {},
             1,
             1000},
            {"max_iterations", "int", 100, "Lloyd iterations per k-means run at most", {}, 1, 100000},
            {"compare_baselines", "bool", true,
             "also cluster the features of the same representation learned on the target alone, for comparison "
             "(k-means on raw pixels is always reported for a labeled target)"},
            {"normalize",
             "string",
             "none",
             "scaling of each image's features before k-means: 'l2' to unit length (k-means then groups by "
             "direction, not by how strongly features fire), 'standardize' each feature to mean 0 and std 1",
             {"none", "l2", "standardize"}},
        };
        for (const auto& o : representationOptions(false))
            i.options.push_back(o);
        return i;
    }
    Network build(const Experiment& e, const NetShape&) const override
    {
        return makeRepresentationNetwork(e, resolveSection(info(), e), info().section, 0);
    }

    StrategyOutcome run(RunContext& ctx) override
    {
        const auto& e = ctx.experiment;
        const Dataset& target = *ctx.target;
        int k = ctx.section.at("k").get<int>();
        if (k == 0) {
            if (!target.hasLabels())
                throw InputError("clustering.k is required when the target is unlabeled (k = 0 means 'the number of "
                                 "target classes')");
            k = target.numClasses();
        }
        if (k > target.size())
            throw InputError("clustering.k is " + std::to_string(k) + " but the target has only " +
                             std::to_string(target.size()) + " images");
        const int restarts = ctx.section.at("restarts").get<int>();
        const int iterations = ctx.section.at("max_iterations").get<int>();
        const std::uint64_t seed = e.train.seed;
        const bool labeled = target.hasLabels();
        const auto truth = labeled ? toVector(target.labels) : std::vector<std::int64_t>{};

        seedStage(e, 7);
        Network net = makeRepresentationNetwork(e, ctx.section, info().section, 0);
        net->setFrozen(freezeSet(e));
        net->to(ctx.device);
        const auto snapshot = snapshotParameters(net);
        ctx.log("selftaught_clustering: learning features from " + std::to_string(ctx.source->size()) +
                " unlabeled source images (" + representationName(representationOf(ctx.section)) + ")");
        const auto learned = learnRepresentation(ctx, net, *ctx.source, ctx.section, e.train.seed + 707);
        const std::string code = representationLayer(net, ctx.section, info().section);
        const std::string norm = ctx.section.at("normalize").get<std::string>();
        const auto features = normalizeFeatures(extractFeatures(net, code, target, ctx.device, kEvalBatch), norm);
        ctx.log("selftaught_clustering: k-means with k = " + std::to_string(k) + " on " +
                std::to_string(target.size()) + " target images (" + std::to_string(features.size(1)) +
                " features from '" + code + "', normalisation " + norm + "), " + std::to_string(restarts) +
                " restarts");
        const auto km = kmeans(features, k, restarts, seed, iterations);

        StrategyOutcome out;
        out.net = net;
        out.epochsRun = learned.epochsRun;
        out.trainImagesPerSecond = learned.imagesPerSecond;
        out.weightChange = relativeWeightChange(net, snapshot);
        auto& m = out.strategyMetrics;
        m = {{"k", k},
             {"restarts", restarts},
             {"inertia", km.inertia},
             {"representation", representationName(representationOf(ctx.section))},
             {"code_layer", code},
             {"normalize", norm},
             {"target_images", target.size()},
             {"source_images", ctx.source->size()}};
        for (const auto& [key, value] : learned.metrics.items())
            m[key] = value;
        auto sizes = torch::bincount(km.assignments, {}, k);
        m["cluster_sizes"] = toVector(sizes);
        EpochStats es;
        es.phase = "clustering";
        es.epoch = 1;
        es.epochs = 1;
        if (labeled) {
            const auto s = scores(truth, km.assignments);
            for (const auto& key : {"nmi", "ari", "cluster_accuracy"}) {
                m[key] = s[key];
                es.metrics[key] = s[key].get<double>();
            }
        }
        es.elapsedMs = ctx.elapsedMs();
        ctx.observer.onEpoch(es);

        if (labeled) {
            const auto b = baselines(ctx, truth, k, restarts, iterations);
            for (const auto& [name, value] : b.items())
                m["baseline_" + name] = value; // top-level objects, so `compare` tabulates them
        }

        std::ostringstream csv;
        csv << "file,cluster" << (labeled ? ",label" : "") << "\n";
        const auto assigned = toVector(km.assignments);
        for (size_t i = 0; i < assigned.size(); ++i) {
            csv << csvField(i < target.files.size() ? target.files[i] : std::to_string(i)) << "," << assigned[i];
            if (labeled)
                csv << "," << csvField(target.classNames.at(static_cast<size_t>(truth[i])));
            csv << "\n";
        }
        out.extraFiles.push_back({"clusters.csv", csv.str()});
        out.predicted = km.assignments;
        out.predictedOn = &target;
        out.predictionsAreClusters = true;
        for (int c = 0; c < k; ++c)
            out.predictedNames.push_back("cluster " + std::to_string(c));
        return out;
    }

private:
    // k-means on raw pixels (and, when features are normalised, on pixels scaled the same way) and
    // (clustering.compare_baselines) on the same representation learned from the target alone.
    nlohmann::json baselines(RunContext& ctx, const std::vector<std::int64_t>& truth, int k, int restarts,
                             int iterations)
    {
        const auto& e = ctx.experiment;
        const Dataset& target = *ctx.target;
        nlohmann::json b = nlohmann::json::object();
        const auto pixels = normalizedImages(target).flatten(1);
        b["raw_pixels"] = scores(truth, kmeans(pixels, k, restarts, e.train.seed, iterations).assignments);
        const std::string norm = ctx.section.at("normalize").get<std::string>();
        if (norm != "none") // the same scaling on pixels, so the gain is not the scaling's alone
            b["normalized_pixels"] = scores(
                truth, kmeans(normalizeFeatures(pixels, norm), k, restarts, e.train.seed, iterations).assignments);
        if (!ctx.section.at("compare_baselines").get<bool>())
            return b;
        const std::string kind = representationName(representationOf(ctx.section));
        ctx.log("selftaught_clustering: baseline: the same representation (" + kind +
                ") learned from the target images alone");
        seedStage(e, 8);
        Network own = makeRepresentationNetwork(e, ctx.section, info().section, 0);
        own->setFrozen(freezeSet(e));
        own->to(ctx.device);
        const auto learned =
            learnRepresentation(ctx, own, target, ctx.section, e.train.seed + 808, "baseline_" + kind, false);
        const auto features = normalizeFeatures(
            extractFeatures(own, representationLayer(own, ctx.section, info().section), target, ctx.device, kEvalBatch),
            norm);
        const std::string key = "target_only_" + kind;
        b[key] = scores(truth, kmeans(features, k, restarts, e.train.seed, iterations).assignments);
        for (const auto& [name, value] : learned.metrics.items())
            b[key][name] = value;
        return b;
    }
};

} // namespace

void registerSelfTaughtClusteringStrategy()
{
    registerDescribed<SelfTaughtClusteringStrategy>();
}

} // namespace ts::engine

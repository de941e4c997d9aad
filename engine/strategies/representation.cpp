#include "engine/strategies/representation.h"

#include "engine/core/errors.h"
#include "engine/nn/autoencoder.h"
#include "engine/train/jointtraining.h"
#include "engine/train/pretext.h"

#include <algorithm>

namespace ts::engine {

Representation representationOf(const nlohmann::json& section)
{
    const std::string name = section.value("representation", "autoencoder");
    if (name == "rotation")
        return Representation::Rotation;
    if (name == "pixels")
        return Representation::Pixels;
    return Representation::Autoencoder;
}

std::string representationName(Representation r)
{
    switch (r) {
    case Representation::Rotation: return "rotation";
    case Representation::Pixels: return "pixels";
    case Representation::Autoencoder: break;
    }
    return "autoencoder";
}

std::vector<OptionSpec> representationOptions(bool withPixels)
{
    std::vector<std::string> choices{"autoencoder", "rotation"};
    std::string help = "how features are learned from the unlabeled source images: 'autoencoder' rebuilds each "
                       "image from a noisy copy; 'rotation' learns to tell by how much each image was turned "
                       "(0, 90, 180 or 270 degrees), which needs the object's shape";
    if (withPixels) {
        choices.push_back("pixels");
        help += "; 'pixels' learns nothing and uses the raw pixels (the baseline of the same labels)";
    }
    std::vector<OptionSpec> options{
        {"representation", "string", "autoencoder", help, choices},
        {"feature_layer", "layer", nullptr,
         "layer whose output is the representation used on the target (default: the last feature layer); an "
         "earlier convolution keeps more of the image's layout"},
        {"rotation_epochs", "int", 5, "epochs of rotation prediction on the unlabeled source images", {}, 0, 1000},
    };
    for (const auto& o : autoencoderOptions())
        options.push_back(o);
    return options;
}

namespace {

std::vector<std::int64_t> inputShapeOf(const Experiment& e)
{
    return {e.input.channels, e.input.height, e.input.width};
}

} // namespace

Network makeRepresentationNetwork(const Experiment& e, const nlohmann::json& section, const std::string& sectionName,
                                  int classes)
{
    const auto kind = representationOf(section);
    const auto wanted = section.value("feature_layer", nlohmann::json());
    const bool lastLayer = wanted.is_null() || (wanted.is_string() && wanted.get<std::string>().empty());
    if (kind == Representation::Autoencoder && lastLayer)
        return makeAutoencoderNetwork(e, classes);
    const auto shape = inputShapeOf(e);
    Network backbone =
        makeBackbone(e.model.backbone, e.input.channels, e.input.height, e.input.width, std::max(1, classes));
    const std::string tap = resolveBranch(backbone, wanted, sectionName + ".feature_layer");
    const std::string last = lastFeatureLayer(backbone);
    Network net;
    for (const auto& name : backbone->layerNames())
        if (backbone->roleOf(name) == "feature")
            net->add(name, backbone->inputOf(name), "feature", backbone->layer(name));
    if (kind == Representation::Autoencoder)
        addDecoder(net, last, shape);
    else
        addRotationHead(net, last, shape);
    net->setOutputLayer(kind == Representation::Autoencoder ? decoderLayerNames().back() : kPretextLayer);
    if (classes > 0)
        net->add("head", tap, "label", makeLinear(layerOutputSize(net, tap, shape), classes, false, 0, "head"));
    net->train();
    return net;
}

std::string representationLayer(Network& net, const nlohmann::json& section, const std::string& sectionName)
{
    const auto wanted = section.value("feature_layer", nlohmann::json());
    if (!wanted.is_null() && !(wanted.is_string() && wanted.get<std::string>().empty())) {
        const auto name = wanted.is_string() ? wanted.get<std::string>() : std::string();
        if (!net->has(name) || net->roleOf(name) != "feature")
            throw InputError(sectionName + ".feature_layer: '" + name + "' is not a feature layer of this network");
        return name;
    }
    if (net->has(kPretextLayer))
        return net->inputOf(kPretextLayer);
    return codeLayer(net);
}

std::set<std::string> representationTrainingLayers(Network& net)
{
    std::set<std::string> names;
    for (const auto& name : net->layerNames())
        if (net->roleOf(name) == "decoder" || net->roleOf(name) == kPretextLayer)
            names.insert(name);
    return names;
}

RepresentationResult learnRepresentation(RunContext& ctx, Network& net, const Dataset& data,
                                         const nlohmann::json& section, std::uint64_t seed,
                                         const std::string& phaseName, bool report)
{
    const auto& e = ctx.experiment;
    RepresentationResult r;
    if (net->has(kPretextLayer)) {
        RotationPhase phase;
        phase.epochs = section.at("rotation_epochs").get<int>();
        phase.batchSize = e.train.batchSize;
        phase.lr = e.train.lr;
        phase.seed = seed;
        phase.report = report;
        if (!phaseName.empty())
            phase.phase = phaseName;
        const auto rot = trainRotationPretext(ctx, net, data, phase);
        r.epochsRun = rot.epochsRun;
        r.imagesPerSecond = rot.imagesPerSecond;
        r.metrics = {{"pretext_epochs", rot.epochsRun},
                     {"pretext_rotations", rot.rotations},
                     {"pretext_loss", rot.loss},
                     {"pretext_accuracy", rot.accuracy}};
        return r;
    }
    auto phase = autoencoderPhase(e, section, seed);
    if (!phaseName.empty())
        phase.phase = phaseName;
    phase.report = report;
    const auto ae = trainAutoencoder(ctx, net, data, phase);
    r.epochsRun = ae.epochsRun;
    r.imagesPerSecond = ae.imagesPerSecond;
    r.metrics = {{"reconstruction_loss", ae.reconstructionLoss}, {"autoencoder_epochs", ae.epochsRun}};
    return r;
}

} // namespace ts::engine

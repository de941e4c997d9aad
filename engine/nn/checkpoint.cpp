#include "engine/nn/checkpoint.h"

#include "engine/core/errors.h"
#include "engine/core/fileio.h"
#include "engine/core/jsonfields.h"
#include "engine/nn/scripttrunk.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace ts::engine {

namespace {

constexpr const char* kMetaKey = "transfer_studio_meta";

constexpr const char* kScriptKey = "transfer_studio_script";

// The imported model of `net` with its current head, when `net` was built from a TorchScript file.
const ScriptTrunk* scriptTrunk(Network& net)
{
    return net->has(kScriptTrunkLayer) ? dynamic_cast<const ScriptTrunk*>(net->layer(kScriptTrunkLayer).get())
                                       : nullptr;
}

std::string paramKey(const std::string& name)
{
    return "t/" + name;
}

} // namespace

void saveCheckpoint(Network& net, const std::string& path, const nlohmann::json& meta)
{
    nlohmann::json full = meta;
    std::vector<std::string> names;
    torch::serialize::OutputArchive archive;
    const auto* trunk = scriptTrunk(net);
    // An imported model's weights travel inside its own code below (the trunk shares storage with it, trained
    // values included); writing them here too doubled the file. Its head and any task heads are written here.
    const std::string inScript = std::string(kScriptTrunkLayer) + ".";
    for (const auto& p : net->named_parameters(true)) {
        if (trunk && p.key().rfind(inScript, 0) == 0)
            continue;
        archive.write(paramKey(p.key()), p.value().detach().to(torch::kCPU));
        names.push_back(p.key());
    }
    for (const auto& b : net->named_buffers(true)) {
        if (trunk && b.key().rfind(inScript, 0) == 0)
            continue;
        archive.write(paramKey(b.key()), b.value().to(torch::kCPU), /*is_buffer=*/true);
        names.push_back(b.key());
    }
    full["tensors"] = names;
    if (trunk) {
        // The model's own code travels with the weights, so the checkpoint can be `pretrained` again.
        // The trained head goes back into the model; a network without a linear "head" of the model's shape
        // (multitask's task heads) keeps the model's own head there.
        torch::Tensor weight = trunk->originalHeadWeight(), bias = trunk->originalHeadBias();
        if (net->has("head")) {
            const auto head = net->layer("head")->named_parameters(true);
            if (head.contains("fc.weight") && head.contains("fc.bias") && head["fc.weight"].dim() == 2 &&
                head["fc.weight"].size(1) == trunk->headInputs()) {
                weight = head["fc.weight"];
                bias = head["fc.bias"];
            }
        }
        std::ostringstream script(std::ios::binary);
        trunk->withHead(weight, bias).save(script);
        const std::string bytes = script.str();
        archive.write(
            kScriptKey,
            torch::from_blob(const_cast<char*>(bytes.data()), {static_cast<std::int64_t>(bytes.size())}, torch::kUInt8)
                .clone(),
            /*is_buffer=*/true);
        full["backbone"] = "torchscript";
        full["head"] = trunk->headPath();
    }
    archive.write(kMetaKey, c10::IValue(dumpJson(full)));
    // Serialised to memory first: LibTorch's file writer throws from its destructor when the disk is full,
    // which aborts the process; writeFileAtomic reports the error and leaves no partial file.
    std::ostringstream buffer(std::ios::binary);
    try {
        archive.save_to(buffer);
    } catch (const c10::Error& e) {
        throw InputError("cannot write checkpoint '" + path + "': " + e.what_without_backtrace());
    }
    try {
        writeFileAtomic(path, buffer.str());
    } catch (const InputError& e) {
        throw InputError(std::string("checkpoint: ") + e.what());
    }
}

nlohmann::json readCheckpointMeta(const std::string& path)
{
    requireFile(path, "model file");
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(path);
    } catch (const c10::Error& e) {
        throw InputError("model file '" + path +
                         "' is not a checkpoint or TorchScript file: " + e.what_without_backtrace());
    }
    c10::IValue value;
    if (!archive.try_read(kMetaKey, value) || !value.isString())
        throw InputError("model file '" + path + "' is a TorchScript file, not a Transfer Studio checkpoint");
    return nlohmann::json::parse(value.toStringRef());
}

bool isAppCheckpoint(const std::string& path)
{
    try {
        readCheckpointMeta(path);
        return true;
    } catch (const InputError&) {
        return false;
    }
}

std::vector<std::string> loadCheckpointInto(Network& net, const std::string& path)
{
    const auto meta = readCheckpointMeta(path);
    torch::serialize::InputArchive archive;
    archive.load_from(path);
    std::map<std::string, torch::Tensor> stored;
    for (const auto& name : meta.value("tensors", std::vector<std::string>{})) {
        torch::Tensor t;
        if (archive.try_read(paramKey(name), t))
            stored[name] = t;
    }
    std::vector<std::string> loaded;
    torch::NoGradGuard noGrad;
    for (const auto& layerName : net->layerNames()) {
        auto layer = net->layer(layerName);
        bool complete = true;
        int count = 0;
        auto copyAll = [&](const torch::OrderedDict<std::string, torch::Tensor>& tensors) {
            for (const auto& t : tensors) {
                auto it = stored.find(layerName + "." + t.key());
                if (it == stored.end() || !it->second.sizes().equals(t.value().sizes())) {
                    complete = false;
                    continue;
                }
                t.value().copy_(it->second);
                ++count;
            }
        };
        copyAll(layer->named_parameters(true));
        copyAll(layer->named_buffers(true));
        if (complete && count > 0)
            loaded.push_back(layerName);
    }
    return loaded;
}

Network importTorchScript(torch::jit::Module module, const std::string& head,
                          const std::vector<std::int64_t>& inputShape, const std::string& origin)
{
    std::string headPath = head;
    if (headPath.empty()) {
        const auto linears = linearModules(module);
        if (linears.empty())
            throw InputError("model.pretrained '" + origin +
                             "' has no Linear layer to use as the head; export a classifier that ends in one");
        headPath = linears.back();
    }
    torch::Tensor probe, expected;
    auto shapeText = [&] {
        std::string t;
        for (auto d : inputShape)
            t += (t.empty() ? "" : "x") + std::to_string(d);
        return t;
    };
    if (!inputShape.empty()) {
        // One small batch through the model as loaded: checks the input shape and gives the logits the
        // imported network must reproduce.
        std::vector<std::int64_t> shape{2};
        shape.insert(shape.end(), inputShape.begin(), inputShape.end());
        auto generator = at::detail::createCPUGenerator(12345);
        probe = torch::rand(shape, generator);
        module.eval();
        torch::NoGradGuard noGrad;
        c10::IValue out;
        try {
            out = module.forward({probe});
        } catch (const std::exception& e) { // c10::Error, or the interpreter's std::runtime_error
            throw InputError("model.pretrained '" + origin + "' does not accept " + shapeText() +
                             " input (input.channels, input.size): " + scriptErrorCause(e));
        }
        if (!out.isTensor() || out.toTensor().dim() != 2)
            throw InputError("model.pretrained '" + origin +
                             "': its forward() must return one [batch, classes] tensor of logits");
        expected = out.toTensor();
    }
    auto trunk = std::make_shared<ScriptTrunk>(std::move(module), headPath, origin);
    auto linear = makeLinear(trunk->headInputs(), trunk->originalHeadWeight().size(0), false, 0, "head");
    {
        torch::NoGradGuard noGrad;
        auto params = linear->named_parameters(true);
        params["fc.weight"].copy_(trunk->originalHeadWeight());
        params["fc.bias"].copy_(trunk->originalHeadBias());
    }
    Network net;
    net->add(kScriptTrunkLayer, "", "feature", trunk);
    net->add("head", kScriptTrunkLayer, "label", linear);
    net->setOutputLayer("head");
    if (expected.defined()) {
        net->eval();
        torch::NoGradGuard noGrad;
        torch::Tensor got;
        try {
            got = net->forward(probe);
        } catch (const std::exception&) {
            got = torch::Tensor(); // e.g. a later Linear that no longer gets its input size: not the last step
        }
        if (!got.defined() || !got.sizes().equals(expected.sizes()) || !torch::allclose(got, expected, 1e-4, 1e-5))
            throw InputError("model.head: '" + headPath + "' is not the last step of the forward() of '" + origin +
                             "' (its output is changed afterwards), so it cannot be replaced; name the final "
                             "Linear with model.head");
    }
    net->train();
    return net;
}

Network loadTorchScript(const std::string& path, const std::string& head, const std::vector<std::int64_t>& inputShape)
{
    torch::jit::Module module;
    try {
        module = torch::jit::load(path, torch::kCPU);
    } catch (const std::exception& e) {
        throw InputError("cannot load TorchScript file '" + path + "': " + scriptErrorCause(e));
    }
    return importTorchScript(std::move(module), head, inputShape, path);
}

Network loadPretrained(const Experiment& experiment, nlohmann::json* metaOut)
{
    const std::string path = resolvePath(experiment, experiment.model.pretrained);
    requireFile(path, "model.pretrained: file");
    const std::vector<std::int64_t> shape{experiment.input.channels, experiment.input.height, experiment.input.width};
    Network net{nullptr};
    nlohmann::json meta;
    if (isAppCheckpoint(path)) {
        meta = readCheckpointMeta(path);
        const auto& in = meta.at("input");
        if (in.at("channels").get<int>() != shape[0] || in.at("height").get<int>() != shape[1] ||
            in.at("width").get<int>() != shape[2])
            throw InputError(
                "model.pretrained '" + path + "' was trained on " + std::to_string(in.at("channels").get<int>()) + "x" +
                std::to_string(in.at("height").get<int>()) + "x" + std::to_string(in.at("width").get<int>()) +
                " input but input is " + std::to_string(shape[0]) + "x" + std::to_string(shape[1]) + "x" +
                std::to_string(shape[2]));
        const auto backbone = meta.at("backbone").get<std::string>();
        if (backbone == "torchscript") {
            torch::serialize::InputArchive archive;
            archive.load_from(path);
            torch::Tensor bytes;
            if (!archive.try_read(kScriptKey, bytes))
                throw InputError("model.pretrained '" + path + "': the checkpoint lost its TorchScript model");
            std::istringstream script(std::string(static_cast<const char*>(bytes.data_ptr()), bytes.numel()),
                                      std::ios::binary);
            net = importTorchScript(torch::jit::load(script, torch::kCPU), meta.value("head", std::string()), shape,
                                    path);
        } else {
            if (backbone != experiment.model.backbone)
                throw InputError("model.pretrained '" + path + "' holds a '" + backbone +
                                 "' network but model.backbone is '" + experiment.model.backbone + "'");
            net = makeBackbone(backbone, shape[0], shape[1], shape[2],
                               static_cast<int>(meta.value("classes", std::vector<std::string>{}).size()));
            const auto loaded = loadCheckpointInto(net, path);
            if (loaded.empty())
                throw InputError("model.pretrained '" + path + "': no layer matched the '" + backbone + "' network");
        }
    } else {
        net = loadTorchScript(path, experiment.model.head, shape);
        meta = {{"backbone", "torchscript"}, {"source", path}};
    }
    if (!experiment.model.head.empty() && meta.value("backbone", "") != "torchscript" &&
        experiment.model.head != net->outputLayer())
        throw InputError("model.head: '" + experiment.model.head +
                         "' names a head inside an imported TorchScript "
                         "model; this network's head is '" +
                         net->outputLayer() + "'");
    if (metaOut)
        *metaOut = meta;
    return net;
}

} // namespace ts::engine

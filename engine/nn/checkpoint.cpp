#include "engine/nn/checkpoint.h"

#include "engine/core/errors.h"
#include "engine/core/jsonfields.h"
#include "engine/core/fileio.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <cctype>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace ts::engine {

namespace {

constexpr const char* kMetaKey = "transfer_studio_meta";

// A TorchScript child module used as a layer. Its parameters and buffers are registered under sanitised
// names so optimisers, freezing and state copies see them; they share storage with the script module.
class ScriptLayer : public Layer {
public:
    explicit ScriptLayer(torch::jit::Module module) : m_module(std::move(module))
    {
        const auto type = m_module.type()->name();
        m_typeName = type ? type->name() : "script";
        for (const auto& p : m_module.named_parameters(true))
            register_parameter(sanitize(p.name), p.value, p.value.requires_grad());
        for (const auto& b : m_module.named_buffers(true))
            register_buffer(sanitize(b.name), b.value);
        m_flattens = m_typeName.find("Linear") != std::string::npos;
    }

    torch::Tensor forward(const torch::Tensor& x) override
    {
        torch::Tensor in = (m_flattens && x.dim() > 2) ? x.flatten(1) : x;
        return m_module.forward({in}).toTensor();
    }

    std::string kind() const override
    {
        std::string k = m_typeName;
        for (auto& c : k)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return k;
    }

    void train(bool on) override
    {
        Layer::train(on);
        m_module.train(on);
    }

private:
    static std::string sanitize(std::string name)
    {
        for (auto& c : name)
            if (c == '.')
                c = '_';
        return name;
    }

    torch::jit::Module m_module;
    std::string m_typeName;
    bool m_flattens = false;
};

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
    for (const auto& p : net->named_parameters(true)) {
        archive.write(paramKey(p.key()), p.value().detach().to(torch::kCPU));
        names.push_back(p.key());
    }
    for (const auto& b : net->named_buffers(true)) {
        archive.write(paramKey(b.key()), b.value().to(torch::kCPU), /*is_buffer=*/true);
        names.push_back(b.key());
    }
    full["tensors"] = names;
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

Network loadTorchScript(const std::string& path)
{
    torch::jit::Module module;
    try {
        module = torch::jit::load(path, torch::kCPU);
    } catch (const c10::Error& e) {
        throw InputError("cannot load TorchScript file '" + path + "': " + e.what_without_backtrace());
    }
    Network net;
    std::string previous;
    std::vector<std::pair<std::string, torch::jit::Module>> children;
    for (const auto& child : module.named_children())
        children.emplace_back(child.name, child.value);
    for (size_t i = 0; i < children.size(); ++i) {
        const bool last = i + 1 == children.size();
        net->add(children[i].first, previous, last ? "label" : "feature",
                 std::make_shared<ScriptLayer>(children[i].second));
        previous = children[i].first;
    }
    if (previous.empty())
        throw InputError("TorchScript file '" + path + "' has no child modules to use as layers");
    net->setOutputLayer(previous);
    net->train();
    return net;
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
        if (backbone != experiment.model.backbone)
            throw InputError("model.pretrained '" + path + "' holds a '" + backbone +
                             "' network but model.backbone is '" + experiment.model.backbone + "'");
        net = makeBackbone(backbone, shape[0], shape[1], shape[2],
                           static_cast<int>(meta.value("classes", std::vector<std::string>{}).size()));
        const auto loaded = loadCheckpointInto(net, path);
        if (loaded.empty())
            throw InputError("model.pretrained '" + path + "': no layer matched the '" + backbone + "' network");
    } else {
        net = loadTorchScript(path);
        meta = {{"backbone", "torchscript"}, {"source", path}};
        try {
            net->describe(shape);
        } catch (const c10::Error& e) {
            throw InputError("model.pretrained '" + path + "' does not accept input of shape [" +
                             std::to_string(shape[0]) + ", " + std::to_string(shape[1]) + ", " +
                             std::to_string(shape[2]) + "]: " + e.what_without_backtrace());
        }
    }
    if (metaOut)
        *metaOut = meta;
    return net;
}

} // namespace ts::engine

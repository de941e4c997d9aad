#include "engine/nn/export.h"

#include "engine/core/errors.h"
#include "engine/core/fileio.h"
#include "engine/nn/checkpoint.h"
#include "engine/nn/layers.h"
#include "engine/nn/scripttrunk.h"

#include <torch/script.h>
#include <torch/torch.h>

#include <sstream>

namespace ts::engine {

namespace {

using torch::jit::Module;

// Tensors of a built-in layer, keyed by its LibTorch name with dots made underscores ("conv.weight" ->
// "conv_weight"), copied into `m` as parameters or buffers.
void copyTensors(Layer& layer, Module& m)
{
    for (const auto& p : layer.named_parameters(true)) {
        std::string name = p.key();
        std::replace(name.begin(), name.end(), '.', '_');
        m.register_parameter(name, p.value().detach().to(torch::kCPU).clone(), false);
    }
    for (const auto& b : layer.named_buffers(true)) {
        std::string name = b.key();
        std::replace(name.begin(), name.end(), '.', '_');
        m.register_buffer(name, b.value().detach().to(torch::kCPU).clone());
    }
}

std::string batchNorm(const std::string& prefix, const std::string& x)
{
    return "torch.batch_norm(" + x + ", self." + prefix + "_weight, self." + prefix + "_bias, self." + prefix +
           "_running_mean, self." + prefix + "_running_var, False, 0.1, 1e-05, False)";
}

// TorchScript source of one built-in layer's forward, reading the tensors copyTensors stored.
std::string layerSource(const std::string& name, Layer& layer, Module& m)
{
    std::ostringstream code;
    code << "def forward(self, x: Tensor) -> Tensor:\n";
    if (auto* conv = dynamic_cast<ConvBlock*>(&layer)) {
        const auto pad = std::to_string(conv->padding());
        const bool bias = layer.named_parameters(true).contains("conv.bias");
        code << "    x = torch.conv2d(x, self.conv_weight, " << (bias ? "self.conv_bias" : "None") << ", [1, 1], ["
             << pad << ", " << pad << "])\n";
        if (layer.named_parameters(true).contains("bn.weight"))
            code << "    x = " << batchNorm("bn", "x") << "\n";
        code << "    x = torch.relu(x)\n";
        if (conv->pooled())
            code << "    x = torch.max_pool2d(x, [2, 2])\n";
    } else if (auto* linear = dynamic_cast<LinearBlock*>(&layer)) {
        code << "    if x.dim() > 2:\n        x = torch.flatten(x, 1)\n";
        code << "    x = torch.linear(x, self.fc_weight, self.fc_bias)\n";
        if (linear->relu())
            code << "    x = torch.relu(x)\n";
    } else if (auto* res = dynamic_cast<ResidualBlock*>(&layer)) {
        const auto s = std::to_string(res->stride());
        code << "    h = torch.conv2d(x, self.conv1_weight, None, [" << s << ", " << s << "], [1, 1])\n";
        code << "    h = torch.relu(" << batchNorm("bn1", "h") << ")\n";
        code << "    h = torch.conv2d(h, self.conv2_weight, None, [1, 1], [1, 1])\n";
        code << "    h = " << batchNorm("bn2", "h") << "\n";
        if (layer.named_parameters(true).contains("shortcut.weight")) {
            code << "    skip = torch.conv2d(x, self.shortcut_weight, None, [" << s << ", " << s << "], [0, 0])\n";
            code << "    skip = " << batchNorm("bn_shortcut", "skip") << "\n";
        } else {
            code << "    skip = x\n";
        }
        code << "    x = torch.relu(h + skip)\n";
    } else if (dynamic_cast<GlobalPool*>(&layer)) {
        code << "    if x.dim() == 4:\n        x = torch.mean(x, [2, 3])\n";
    } else {
        throw InputError("export: layer '" + name + "' (" + layer.kind() + ") cannot be written as TorchScript");
    }
    code << "    return x\n";
    copyTensors(layer, m);
    return code.str();
}

Module wrapper(const std::shared_ptr<torch::jit::CompilationUnit>& cu, const ExportSpec& spec)
{
    Module top(c10::QualifiedName("__torch__.transfer_studio.Classifier"), cu, /*shouldMangle=*/true);
    const auto channels = spec.inputShape.at(0);
    auto perChannel = [&](const std::vector<double>& v, double fallback) {
        std::vector<float> out(static_cast<size_t>(channels), static_cast<float>(fallback));
        for (size_t c = 0; c < out.size(); ++c)
            if (!v.empty())
                out[c] = static_cast<float>(v.size() == out.size() ? v[c] : v[0]);
        return torch::tensor(out).reshape({1, channels, 1, 1});
    };
    top.register_buffer("mean", perChannel(spec.mean, 0.5));
    top.register_buffer("std", perChannel(spec.std, 0.5));
    c10::List<std::string> classes;
    for (const auto& c : spec.classes)
        classes.push_back(c);
    top.register_attribute("classes", c10::ListType::ofStrings(), classes);
    c10::List<std::int64_t> shape(spec.inputShape);
    top.register_attribute("input_shape", c10::ListType::ofInts(), shape);
    return top;
}

std::string preprocessSource(const ExportSpec& spec)
{
    const auto c = std::to_string(spec.inputShape.at(0));
    const auto h = std::to_string(spec.inputShape.at(1));
    const auto w = std::to_string(spec.inputShape.at(2));
    std::ostringstream code;
    code << "def preprocess(self, x: Tensor) -> Tensor:\n"
         << "    x = x.float()\n"
         << "    if x.dim() == 3:\n        x = x.unsqueeze(0)\n";
    if (spec.inputShape[0] == 1)
        code << "    if x.size(1) == 3:\n"
             << "        x = 0.299 * x[:, 0:1] + 0.587 * x[:, 1:2] + 0.114 * x[:, 2:3]\n";
    else
        code << "    if x.size(1) == 1:\n        x = x.expand(-1, 3, -1, -1)\n";
    code << "    assert x.size(1) == " << c << ", \"expected images with " << c << " or "
         << (spec.inputShape[0] == 1 ? "3" : "1") << " channels\"\n"
         << "    if x.size(2) != " << h << " or x.size(3) != " << w << ":\n"
         << "        x = torch.upsample_bilinear2d(x, [" << h << ", " << w << "], False, None, None)\n"
         << "    return (x - self.mean) / self.std\n";
    return code.str();
}

} // namespace

std::string classifierOutput(Network& net)
{
    if (net->has("head") && net->roleOf("head") == "label")
        return "head";
    return net->outputLayer();
}

void exportClassifier(Network& net, const ExportSpec& spec, const std::string& path)
{
    if (spec.inputShape.size() != 3)
        throw InputError("export: the input shape must be [channels, height, width]");
    auto cu = std::make_shared<torch::jit::CompilationUnit>();
    Module top = wrapper(cu, spec);
    const auto chain = net->pathTo(classifierOutput(net));
    std::ostringstream forward;
    forward << "def forward(self, x: Tensor) -> Tensor:\n    x = self.preprocess(x)\n";
    const auto* trunk =
        net->has(kScriptTrunkLayer) ? dynamic_cast<const ScriptTrunk*>(net->layer(kScriptTrunkLayer).get()) : nullptr;
    if (trunk && chain.size() == 2 && chain[0] == kScriptTrunkLayer &&
        dynamic_cast<LinearBlock*>(net->layer(chain[1]).get()) &&
        !dynamic_cast<LinearBlock*>(net->layer(chain[1]).get())->relu()) {
        // The imported model with its new head: the file is the user's own network again.
        auto head = net->layer(chain[1])->named_parameters(true);
        top.register_module("model", trunk->withHead(head["fc.weight"], head["fc.bias"]));
        forward << "    return self.model.forward(x)\n";
    } else {
        for (const auto& name : chain) {
            auto layer = net->layer(name);
            if (dynamic_cast<ScriptTrunk*>(layer.get()))
                throw InputError("export: layer '" + name + "' is an imported model followed by more than a head");
            Module m(c10::QualifiedName("__torch__.transfer_studio.Layer"), cu, /*shouldMangle=*/true);
            const auto source = layerSource(name, *layer, m);
            try {
                m.define(source);
            } catch (const std::exception& e) {
                throw InputError("export: layer '" + name + "': " + scriptErrorCause(e));
            }
            top.register_module(name, m);
            forward << "    x = self." << name << ".forward(x)\n";
        }
        forward << "    return x\n";
    }
    try {
        top.define(preprocessSource(spec));
        top.define(forward.str());
    } catch (const std::exception& e) {
        throw InputError("export: " + scriptErrorCause(e));
    }
    top.eval();
    std::ostringstream bytes(std::ios::binary);
    top.save(bytes);
    writeFileAtomic(path, bytes.str());
}

ExportedModel readExportedModel(const std::string& path)
{
    requireFile(path, "model file");
    Module m;
    try {
        m = torch::jit::load(path, torch::kCPU);
    } catch (const std::exception& e) {
        throw InputError("model file '" + path + "' is not a TorchScript file: " + scriptErrorCause(e));
    }
    if (!m.hasattr("classes") || !m.hasattr("input_shape"))
        throw InputError("model file '" + path +
                         "' was not exported by Transfer Studio (it has no class names); use "
                         "`transfer-studio-cli export RUN_DIR --out FILE` on a run folder");
    ExportedModel out;
    for (const auto& c : m.attr("classes").toListRef())
        out.classes.push_back(c.toStringRef());
    for (const auto& d : m.attr("input_shape").toListRef())
        out.inputShape.push_back(d.toInt());
    return out;
}

torch::Tensor runExportedModel(const std::string& path, const torch::Tensor& images, int batchSize)
{
    readExportedModel(path);
    Module m = torch::jit::load(path, torch::kCPU);
    m.eval();
    torch::InferenceMode inference;
    std::vector<torch::Tensor> parts;
    for (std::int64_t i = 0; i < images.size(0); i += batchSize) {
        auto batch = images.slice(0, i, std::min<std::int64_t>(i + batchSize, images.size(0)));
        auto logits = m.forward({batch.to(torch::kFloat32) / 255.0}).toTensor();
        parts.push_back(torch::softmax(logits, 1));
    }
    return parts.empty() ? torch::empty({0, 0}) : torch::cat(parts);
}

} // namespace ts::engine

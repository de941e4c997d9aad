#include "engine/nn/scripttrunk.h"

#include "engine/core/errors.h"

#include <torch/torch.h>

#include <cctype>
#include <sstream>

namespace ts::engine {

namespace {

std::string sanitize(std::string name)
{
    for (auto& c : name)
        if (c == '.')
            c = '_';
    return name;
}

std::string typeName(const torch::jit::Module& m)
{
    const auto type = m.type()->name();
    std::string k = type ? type->name() : "module";
    for (auto& c : k)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return k;
}

bool under(const std::string& name, const std::string& prefix)
{
    return name == prefix ||
           (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 && name[prefix.size()] == '.');
}

bool hasAttr(const torch::jit::Module& m, const std::string& name)
{
    return m.type()->findAttributeSlot(name).has_value();
}

} // namespace

std::vector<std::string> linearModules(const torch::jit::Module& module)
{
    std::vector<std::string> names;
    for (const auto& m : module.named_modules())
        if (!m.name.empty() && typeName(m.value) == "linear")
            names.push_back(m.name);
    return names;
}

std::string scriptErrorCause(const std::exception& error)
{
    const auto* c10 = dynamic_cast<const c10::Error*>(&error);
    std::istringstream in(c10 ? c10->what_without_backtrace() : error.what());
    std::string line, cause, first;
    bool firstEndsInColon = false;
    while (std::getline(in, line)) {
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())))
            line.pop_back();
        if (firstEndsInColon && !line.empty()) { // a compiler error: "message:" then where it happened
            const auto start = line.find_first_not_of(' ');
            first += " " + line.substr(start == std::string::npos ? 0 : start);
            firstEndsInColon = false;
        }
        if (first.empty() && !line.empty()) {
            first = line;
            firstEndsInColon = line.back() == ':';
        }
        if (line.rfind("RuntimeError: ", 0) == 0 || line.rfind("ValueError: ", 0) == 0)
            cause = line.substr(line.find(' ') + 1);
    }
    return cause.empty() ? first : cause;
}

ScriptTrunk::ScriptTrunk(torch::jit::Module module, std::string headPath, const std::string& origin)
    : m_module(std::move(module)), m_headPath(std::move(headPath))
{
    const auto linears = linearModules(m_module);
    std::string known;
    for (const auto& l : linears)
        known += (known.empty() ? "" : ", ") + l;
    bool isLinear = false;
    for (const auto& l : linears)
        isLinear = isLinear || l == m_headPath;
    if (!isLinear)
        throw InputError("model.head: '" + m_headPath + "' is not a Linear module of '" + origin + "'" +
                         (known.empty() ? std::string("; the model has no Linear layer to use as the head")
                                        : "; its Linear modules are: " + known));
    auto head = submodule(m_headPath);
    m_headWeight = head.attr("weight").toTensor().detach().clone();
    m_headInputs = m_headWeight.size(1);
    const auto bias = hasAttr(head, "bias") ? head.attr("bias") : c10::IValue();
    m_headBias = bias.isTensor() ? bias.toTensor().detach().clone() : torch::zeros({m_headWeight.size(0)});

    // The head becomes an identity (weight I, bias 0): the model's forward then returns what the head reads.
    // torch.nn.Linear's scripted forward is F.linear(x, self.weight, self.bias), so new shapes are accepted.
    torch::NoGradGuard noGrad;
    auto eye = torch::eye(m_headInputs, m_headWeight.options());
    head.setattr("weight", eye);
    register_buffer("head_identity_weight", eye);
    if (bias.isTensor()) {
        auto zero = torch::zeros({m_headInputs}, m_headWeight.options());
        head.setattr("bias", zero);
        register_buffer("head_identity_bias", zero);
    }
    for (const auto& p : m_module.named_parameters(true)) {
        if (under(p.name, m_headPath))
            continue;
        register_parameter(sanitize(p.name), p.value, true);
    }
    for (const auto& b : m_module.named_buffers(true))
        if (!under(b.name, m_headPath))
            register_buffer(sanitize(b.name), b.value);
    m_module.train(true);
}

torch::jit::Module ScriptTrunk::submodule(const std::string& path) const
{
    torch::jit::Module m = m_module;
    std::istringstream in(path);
    std::string piece;
    while (std::getline(in, piece, '.'))
        m = m.attr(piece).toModule();
    return m;
}

torch::Tensor ScriptTrunk::forward(const torch::Tensor& x)
{
    auto out = m_module.forward({x}).toTensor();
    return out.dim() > 2 ? out.flatten(1) : out;
}

std::vector<LayerPart> ScriptTrunk::parts() const
{
    std::vector<LayerPart> parts;
    for (const auto& m : m_module.named_modules()) {
        if (m.name.empty() || under(m.name, m_headPath))
            continue;
        LayerPart part;
        part.name = m.name;
        const auto dot = m.name.rfind('.');
        part.parent = dot == std::string::npos ? std::string() : m.name.substr(0, dot);
        part.kind = typeName(m.value);
        for (const auto& p : m.value.named_parameters(true))
            if (!under(m.name + "." + p.name, m_headPath)) // the head (now an identity) is the "head" layer's
                part.params += p.value.numel();
        parts.push_back(part);
    }
    return parts;
}

void ScriptTrunk::setFrozenParts(const std::set<std::string>& frozen)
{
    m_frozenParts = frozen;
    for (const auto& p : m_module.named_parameters(true)) {
        if (under(p.name, m_headPath))
            continue;
        // The network has already set every parameter for the layer as a whole; only parts go further.
        for (const auto& f : frozen)
            if (under(p.name, f))
                p.value.set_requires_grad(false);
    }
    train(is_training());
}

void ScriptTrunk::train(bool on)
{
    Layer::train(on);
    m_module.train(on);
    if (on)
        for (const auto& f : m_frozenParts)
            submodule(f).train(false); // frozen BatchNorm keeps its running statistics
}

torch::jit::Module ScriptTrunk::withHead(const torch::Tensor& weight, const torch::Tensor& bias) const
{
    torch::NoGradGuard noGrad;
    auto copy = m_module.clone();
    torch::jit::Module head = copy;
    std::istringstream in(m_headPath);
    std::string piece;
    while (std::getline(in, piece, '.'))
        head = head.attr(piece).toModule();
    head.setattr("weight", weight.detach().to(torch::kCPU).clone());
    if (hasAttr(head, "bias") && head.attr("bias").isTensor())
        head.setattr("bias", bias.detach().to(torch::kCPU).clone());
    copy.eval();
    for (const auto& p : copy.parameters())
        p.set_requires_grad(false);
    return copy;
}

} // namespace ts::engine

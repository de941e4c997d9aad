#pragma once

// A TorchScript classifier imported so that it runs its own forward(). Only checkpoint.cpp and export.cpp see
// this header: it pulls in the TorchScript API.

#include "engine/nn/network.h"

#include <torch/script.h>

#include <set>
#include <string>
#include <vector>

namespace ts::engine {

/// The whole scripted model with its head (a Linear) made an identity, so its forward() returns the features
/// that the head reads: every operation of the model's own forward runs, in its own order. The head itself
/// becomes a separate layer of the Network, which strategies replace and tap like a built-in head. Parameters
/// and buffers are registered here under sanitised names and share storage with the script module.
class ScriptTrunk : public Layer {
public:
    /// Takes ownership of `module` (already loaded); `headPath` names its Linear head ("fc", "classifier.1").
    /// Throws InputError naming `origin` when the head is not a Linear module of the model.
    ScriptTrunk(torch::jit::Module module, std::string headPath, const std::string& origin);

    torch::Tensor forward(const torch::Tensor& x) override;
    std::string kind() const override { return "torchscript"; }
    std::vector<LayerPart> parts() const override;
    void setFrozenParts(const std::set<std::string>& parts) override;
    void train(bool on = true) override;

    /// Dotted path of the head inside the model.
    const std::string& headPath() const { return m_headPath; }
    /// Number of features the head reads.
    std::int64_t headInputs() const { return m_headInputs; }
    /// The original head's weight [out, in] and bias [out] (zeros when it had none), as loaded.
    torch::Tensor originalHeadWeight() const { return m_headWeight; }
    torch::Tensor originalHeadBias() const { return m_headBias; }

    /// A deep copy of the model in eval mode with `weight`/`bias` as its head: the complete classifier,
    /// runnable without this app.
    torch::jit::Module withHead(const torch::Tensor& weight, const torch::Tensor& bias) const;

private:
    torch::jit::Module submodule(const std::string& path) const;

    torch::jit::Module m_module;
    std::string m_headPath;
    std::int64_t m_headInputs = 0;
    torch::Tensor m_headWeight, m_headBias;
    std::set<std::string> m_frozenParts;
};

/// Dotted paths of every Linear module of `module`, in definition order (the default head is the last).
std::vector<std::string> linearModules(const torch::jit::Module& module);

/// The last line of a TorchScript error that says what went wrong ("RuntimeError: Given groups=1, weight of
/// size [64, 3, 7, 7], expected input[2, 1, 32, 32] to have 3 channels, but got 1 channels instead"), without
/// the interpreter's traceback. Takes c10::Error and the interpreter's std::runtime_error alike.
std::string scriptErrorCause(const std::exception& error);

} // namespace ts::engine

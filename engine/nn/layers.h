#pragma once

// Concrete layer blocks used by the built-in backbones and by strategy heads.

#include "engine/nn/network.h"

#include <torch/nn/modules/batchnorm.h>
#include <torch/nn/modules/conv.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>

namespace ts::engine {

/// Conv -> (BatchNorm) -> ReLU -> (MaxPool 2x2), computed as Conv -> (BatchNorm) -> (MaxPool 2x2) -> ReLU.
class ConvBlock : public Layer {
public:
    ConvBlock(std::int64_t in, std::int64_t out, std::int64_t kernel, std::int64_t padding, bool batchNorm, bool pool);
    torch::Tensor forward(const torch::Tensor& x) override;
    std::string kind() const override { return "conv"; }
    std::int64_t padding() const { return m_padding; }
    bool pooled() const { return m_pool; }

private:
    torch::nn::Conv2d m_conv{nullptr};
    torch::nn::BatchNorm2d m_bn{nullptr};
    bool m_pool;
    std::int64_t m_padding;
};

/// Flatten -> Linear -> (ReLU) -> (Dropout). Flattens any input with more than 2 dimensions.
class LinearBlock : public Layer {
public:
    LinearBlock(std::int64_t in, std::int64_t out, bool relu, double dropout, std::string kind);
    torch::Tensor forward(const torch::Tensor& x) override;
    std::string kind() const override { return m_kind; }
    bool relu() const { return m_relu; }

private:
    torch::nn::Linear m_fc{nullptr};
    torch::nn::Dropout m_dropout{nullptr};
    bool m_relu;
    std::string m_kind;
};

/// Basic residual block: two 3x3 conv+BN with a projected shortcut when the shape changes.
class ResidualBlock : public Layer {
public:
    ResidualBlock(std::int64_t in, std::int64_t out, std::int64_t stride);
    torch::Tensor forward(const torch::Tensor& x) override;
    std::string kind() const override { return "residual"; }
    std::int64_t stride() const { return m_stride; }

private:
    std::int64_t m_stride;
    torch::nn::Conv2d m_conv1{nullptr}, m_conv2{nullptr}, m_shortcut{nullptr};
    torch::nn::BatchNorm2d m_bn1{nullptr}, m_bn2{nullptr}, m_bnShortcut{nullptr};
};

/// Global average pooling to a flat feature vector.
class GlobalPool : public Layer {
public:
    torch::Tensor forward(const torch::Tensor& x) override;
    std::string kind() const override { return "pool"; }
};

/// Puts the weight of every 2-D convolution in `net` in channels-last (NHWC) memory, or back in NCHW. With
/// channels-last weights oneDNN runs each convolution, and the batch norm and max-pooling after it, in NHWC
/// (converting a batch once, at the first convolution); the results are the same to rounding. Parameters keep
/// their identity, so optimizers, freeze lists and checkpoints are unaffected. Returns the number of weights.
int setChannelsLast(Network& net, bool on);

/// Whether makeBackbone gives `backbone` channels-last weights: only where that trained and evaluated faster
/// on the development machine (docs/PERFORMANCE.md, `transfer-studio-cli bench --memory-format`).
bool prefersChannelsLast(const std::string& backbone);

} // namespace ts::engine

#pragma once

// The 2x2, stride-2 max-pool of every pooled ConvBlock.

#include <torch/types.h>

namespace ts::engine {

/// torch::max_pool2d(x, 2): the same values, the same gradients (the first maximum of each window in row-major
/// order takes the gradient; a NaN wins). Channels-last float tensors on the CPU whose channel count is not a
/// multiple of 8 (lenet's 6) take a kernel of the engine's own: aten's channels-last kernel vectorizes across
/// channels and handles such tensors one value at a time, 2.8x slower here (docs/PERFORMANCE.md). Everything
/// else goes to aten.
torch::Tensor maxPool2x2(const torch::Tensor& x);

/// Whether maxPool2x2 takes the engine's own kernel for `x`.
bool usesOwnMaxPool(const torch::Tensor& x);

} // namespace ts::engine

#pragma once

#include <torch/types.h>

#include <string>

namespace ts::engine {

/// Reads an IDX file (MNIST format, gzipped or not). Images come back as uint8 [N, rows, cols],
/// labels as uint8 [N]. Throws InputError naming the file for a missing file, a bad magic number or a
/// truncated body.
torch::Tensor readIdx(const std::string& path);

} // namespace ts::engine

#pragma once

#include <torch/types.h>

#include <string>

namespace ts::engine {

/// True when the engine was built with OpenCV (folder datasets and demo-data need it).
bool haveImageDecoder();

/// Decodes an image file (grey, RGB, RGBA, 8- or 16-bit) into uint8 [channels, height, width], RGB order.
/// Returns an undefined tensor and sets `error` when the file is not a readable image.
torch::Tensor decodeImage(const std::string& path, int channels, int height, int width, std::string& error);

/// Writes uint8 [C,H,W] (C = 1 or 3, RGB) to a PNG file; returns false and sets `error` on failure.
bool writeImage(const std::string& path, const torch::Tensor& image, std::string& error);

} // namespace ts::engine

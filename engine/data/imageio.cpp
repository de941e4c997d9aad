#include "engine/data/imageio.h"

#include <torch/torch.h>

#include <filesystem>
#include <system_error>

#ifdef TS_WITH_OPENCV
#include <opencv2/core.hpp>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <mutex>
#endif

namespace ts::engine {

#ifdef TS_WITH_OPENCV

namespace {

// The engine names every unreadable file itself; OpenCV's own warnings would only repeat it on stderr.
void quietOpenCvWarnings()
{
    static std::once_flag once;
    std::call_once(once, [] {
        using namespace cv::utils::logging;
        if (getLogLevel() == LOG_LEVEL_WARNING)
            setLogLevel(LOG_LEVEL_ERROR);
    });
}

// Any depth -> 8 bit. 16-bit spans 0..65535, float images 0..1.
bool toEightBit(cv::Mat& image, std::string& error)
{
    switch (image.depth()) {
    case CV_8U: return true;
    case CV_16U: image.convertTo(image, CV_8U, 1.0 / 257.0); return true;
    case CV_32F:
    case CV_64F: image.convertTo(image, CV_8U, 255.0); return true;
    default: error = "unsupported pixel depth"; return false;
    }
}

// Whatever channel layout imread gave (grey, grey+alpha, BGR, BGRA) -> 1 grey or 3 RGB channels.
bool toChannels(cv::Mat& image, int channels, std::string& error)
{
    const int have = image.channels();
    if (have == 2) { // grey + alpha
        cv::extractChannel(image, image, 0);
    } else if (have == 4) {
        cv::cvtColor(image, image, cv::COLOR_BGRA2BGR); // alpha is dropped
    } else if (have != 1 && have != 3) {
        error = "unsupported number of channels (" + std::to_string(have) + ")";
        return false;
    }
    if (channels == 1 && image.channels() == 3)
        cv::cvtColor(image, image, cv::COLOR_BGR2GRAY);
    else if (channels == 3 && image.channels() == 3)
        cv::cvtColor(image, image, cv::COLOR_BGR2RGB);
    else if (channels == 3 && image.channels() == 1)
        cv::cvtColor(image, image, cv::COLOR_GRAY2RGB);
    return true;
}

} // namespace

bool haveImageDecoder()
{
    return true;
}

torch::Tensor decodeImage(const std::string& path, int channels, int height, int width, std::string& error)
{
    error.clear();
    if (channels != 1 && channels != 3) {
        error = "channels must be 1 or 3, not " + std::to_string(channels);
        return {};
    }
    if (height <= 0 || width <= 0) {
        error = "invalid target size " + std::to_string(height) + "x" + std::to_string(width);
        return {};
    }
    std::error_code ec;
    const auto bytes = std::filesystem::file_size(path, ec);
    if (ec) {
        error = "cannot read file (" + ec.message() + ")";
        return {};
    }
    if (bytes == 0) {
        error = "empty file";
        return {};
    }
    quietOpenCvWarnings();
    try {
        cv::Mat image = cv::imread(path, cv::IMREAD_UNCHANGED);
        if (image.empty() || image.dims != 2) {
            error = "not a readable image";
            return {};
        }
        if (!toEightBit(image, error) || !toChannels(image, channels, error))
            return {};
        if (image.rows != height || image.cols != width) {
            const bool shrink = height <= image.rows && width <= image.cols;
            cv::resize(image, image, cv::Size(width, height), 0, 0, shrink ? cv::INTER_AREA : cv::INTER_LINEAR);
        }
        if (!image.isContinuous())
            image = image.clone();
        // HWC view of OpenCV's buffer, copied once into an owned CHW tensor.
        auto hwc = torch::from_blob(image.data, {height, width, channels}, torch::kUInt8);
        auto out = torch::empty({channels, height, width}, torch::kUInt8);
        out.copy_(hwc.permute({2, 0, 1}));
        return out;
    } catch (const cv::Exception& e) {
        error = "not a readable image (" + e.err + ")";
    } catch (const std::exception& e) {
        error = std::string("not a readable image (") + e.what() + ")";
    }
    return {};
}

bool writeImage(const std::string& path, const torch::Tensor& image, std::string& error)
{
    error.clear();
    if (!image.defined() || image.dim() != 3 || image.scalar_type() != torch::kUInt8 ||
        (image.size(0) != 1 && image.size(0) != 3)) {
        error = "expected a uint8 [C,H,W] tensor with 1 or 3 channels";
        return false;
    }
    const int channels = static_cast<int>(image.size(0));
    auto hwc = image.to(torch::kCPU).permute({1, 2, 0}).contiguous();
    try {
        cv::Mat mat(static_cast<int>(hwc.size(0)), static_cast<int>(hwc.size(1)), channels == 1 ? CV_8UC1 : CV_8UC3,
                    hwc.data_ptr<std::uint8_t>());
        cv::Mat bgr;
        if (channels == 3)
            cv::cvtColor(mat, bgr, cv::COLOR_RGB2BGR);
        else
            bgr = mat;
        if (!cv::imwrite(path, bgr)) {
            error = "cannot write image";
            return false;
        }
        return true;
    } catch (const cv::Exception& e) {
        error = "cannot write image (" + e.err + ")";
    }
    return false;
}

#else // no OpenCV

bool haveImageDecoder()
{
    return false;
}

torch::Tensor decodeImage(const std::string&, int, int, int, std::string& error)
{
    error = "built without OpenCV";
    return {};
}

bool writeImage(const std::string&, const torch::Tensor&, std::string& error)
{
    error = "built without OpenCV";
    return false;
}

#endif

} // namespace ts::engine

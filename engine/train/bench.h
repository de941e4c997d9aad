#pragma once

#include <string>

namespace ts::engine {

struct BenchOptions {
    std::string backbone = "dann_digits"; // built-in backbone to time
    int batchSize = 64;                   // images per step
    int steps = 200;                      // timed training steps
    int warmup = 20;                      // untimed steps first
    int channels = 1;                     // input channels
    int size = 28;                        // input height and width
    int classes = 10;                     // head outputs
    int threads = 0;                      // 0 = machine cores
    std::string device = "cpu";           // cpu | cuda
    std::string memoryFormat = "auto";    // auto (the backbone's default) | channels_last | nchw
    bool evaluate = false;                // time evaluation (eval mode, inference mode, no step) instead
};

struct BenchResult {
    double imagesPerSecond = 0; // training images per second (forward, backward, SGD step); evaluated with `evaluate`
    double msPerStep = 0;       // mean wall time of one step
    int threads = 0;            // LibTorch threads used
    long long params = 0;       // parameters of the network
    bool channelsLast = false;  // whether the convolution weights were channels-last
};

/// Times training steps of a built-in backbone on random data with SGD (momentum 0.9), the same loop as
/// bench/bench_torch.py, or with `evaluate` forward passes as evaluation makes them. Throws InputError for an
/// unknown backbone, device or memory format.
BenchResult runBench(const BenchOptions& options);

} // namespace ts::engine

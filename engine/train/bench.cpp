#include "engine/train/bench.h"

#include "engine/core/errors.h"
#include "engine/core/threads.h"
#include "engine/nn/layers.h"
#include "engine/nn/network.h"
#include "engine/train/runner.h"

#include <torch/torch.h>

#include <chrono>

namespace ts::engine {

BenchResult runBench(const BenchOptions& o)
{
    BenchResult r;
    r.threads = configureThreads(o.threads);
    torch::Device device = torch::kCPU;
    if (o.device == "cuda") {
        if (!torch::cuda::is_available())
            throw InputError("--device cuda: this LibTorch build has no CUDA or no GPU is visible");
        device = torch::kCUDA;
    } else if (o.device != "cpu") {
        throw InputError("--device: unknown device '" + o.device + "' (use cpu or cuda)");
    }
    torch::manual_seed(0);
    Network net = makeBackbone(o.backbone, o.channels, o.size, o.size, o.classes);
    if (o.memoryFormat == "channels_last" || o.memoryFormat == "nchw")
        setChannelsLast(net, o.memoryFormat == "channels_last");
    else if (o.memoryFormat != "auto")
        throw InputError("--memory-format: unknown format '" + o.memoryFormat + "' (use auto, channels_last or nchw)");
    for (const auto& p : net->parameters())
        if (p.dim() == 4)
            r.channelsLast = p.is_contiguous(torch::MemoryFormat::ChannelsLast) && p.stride(1) == 1;
    net->to(device);
    for (const auto& p : net->parameters())
        r.params += p.numel();
    torch::optim::SGD optimizer(net->parameters(), torch::optim::SGDOptions(0.01).momentum(0.9));
    auto x = torch::randn({o.batchSize, o.channels, o.size, o.size}, device);
    auto y = torch::randint(o.classes, {o.batchSize}, torch::TensorOptions().dtype(torch::kLong).device(device));
    auto step = [&] {
        if (o.evaluate) { // as evaluate() in engine/train/trainer.cpp does it
            c10::InferenceMode inference;
            return net->forward(x).argmax(1);
        }
        optimizer.zero_grad();
        auto loss = torch::nn::functional::cross_entropy(net->forward(x), y);
        loss.backward();
        optimizer.step();
        return loss;
    };
    if (o.evaluate)
        net->eval();
    else
        net->train();
    for (int i = 0; i < o.warmup; ++i)
        step();
    if (device.is_cuda())
        torch::cuda::synchronize();
    const auto start = std::chrono::steady_clock::now();
    torch::Tensor last;
    for (int i = 0; i < o.steps; ++i)
        last = step();
    last.sum().item<double>();
    if (device.is_cuda())
        torch::cuda::synchronize();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.msPerStep = seconds * 1000.0 / std::max(1, o.steps);
    r.imagesPerSecond = seconds > 0 ? static_cast<double>(o.steps) * o.batchSize / seconds : 0;
    return r;
}

} // namespace ts::engine

#!/usr/bin/env python3
"""The same training-step benchmark as `transfer-studio-cli bench`, in PyTorch Python.

Same networks (layer for layer), same random data, same SGD(momentum 0.9) loop, same warmup and timing.
Run with Debian's python3-torch (the same 1.13 library the C++ build links):
    /usr/bin/python3 bench/bench_torch.py --backbone dann_digits --batch 64 --steps 200 --threads 2
--channels-last puts the network and the batch in channels-last memory, as a PyTorch user tuning for the CPU
would; without it the network is PyTorch eager as people write it (NCHW). --eval times forward passes in eval
and inference mode instead of training steps. --matmul-peak times a large float matmul instead (the
machine's peak GFLOP/s on the threads). Prints one JSON line like the CLI's --json output, with the network's
forward GFLOP per image (convolutions and linear layers; a training step counts as three forward passes)."""
import argparse
import json
import resource
import time

import torch
import torch.nn.functional as F
from torch import nn


class ConvBlock(nn.Module):
    def __init__(self, cin, cout, k, pad, pool, bn=False):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, padding=pad)
        self.bn = nn.BatchNorm2d(cout) if bn else None
        self.pool = pool

    def forward(self, x):
        h = self.conv(x)
        if self.bn is not None:
            h = self.bn(h)
        h = torch.relu_(h)
        return F.max_pool2d(h, 2) if self.pool else h


class ResidualBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = None
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        h = torch.relu(self.bn1(self.conv1(x)))
        h = self.bn2(self.conv2(h))
        return torch.relu(h + (self.shortcut(x) if self.shortcut is not None else x))


class GlobalPool(nn.Module):
    def forward(self, x):
        return x.mean((2, 3)) if x.dim() == 4 else x


class LinearBlock(nn.Module):
    def __init__(self, cin, cout, relu):
        super().__init__()
        self.fc = nn.Linear(cin, cout)
        self.relu = relu

    def forward(self, x):
        h = self.fc(x.flatten(1) if x.dim() > 2 else x)
        return torch.relu_(h) if self.relu else h


def make(backbone, channels, size, classes):
    if backbone == "dann_digits":
        feats = [ConvBlock(channels, 32, 5, 0, True), ConvBlock(32, 48, 5, 0, True)]
        flat = nn.Sequential(*feats)(torch.zeros(1, channels, size, size)).numel()
        layers = feats + [LinearBlock(flat, 100, True), LinearBlock(100, 100, True), LinearBlock(100, classes, False)]
    elif backbone == "lenet":
        feats = [ConvBlock(channels, 6, 5, 2, True), ConvBlock(6, 16, 5, 0, True)]
        flat = nn.Sequential(*feats)(torch.zeros(1, channels, size, size)).numel()
        layers = feats + [LinearBlock(flat, 120, True), LinearBlock(120, 84, True), LinearBlock(84, classes, False)]
    elif backbone == "resnet_mini":
        layers = [ConvBlock(channels, 32, 3, 1, False, bn=True), ResidualBlock(32, 32, 1), ResidualBlock(32, 64, 2),
                  ResidualBlock(64, 128, 2), GlobalPool(), LinearBlock(128, classes, False)]
    else:
        raise SystemExit(f"bench_torch.py: unknown backbone '{backbone}' (use dann_digits, lenet or resnet_mini)")
    return nn.Sequential(*layers)


def forward_flops(net, x):
    """Multiply-adds x 2 of the convolutions and linear layers of one forward pass of one image."""
    total = [0]

    def conv(m, inputs, out):
        total[0] += 2 * out[0].numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]

    def linear(m, inputs, out):
        total[0] += 2 * m.in_features * m.out_features

    hooks = [m.register_forward_hook(conv if isinstance(m, nn.Conv2d) else linear)
             for m in net.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        net.eval()
        net(x[:1])
        net.train()
    for h in hooks:
        h.remove()
    return total[0]


def matmul_peak(threads, n=2048, repeats=20):
    """GFLOP/s of an n x n float32 matmul on `threads` threads: the best of `repeats` timed products."""
    torch.set_num_threads(threads)
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(3):
        a @ b
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * n ** 3 / best / 1e9


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--backbone", default="dann_digits")
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--steps", type=int, default=200)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--size", type=int, default=28)
    p.add_argument("--channels", type=int, default=1)
    p.add_argument("--classes", type=int, default=10)
    p.add_argument("--channels-last", action="store_true", help="network and batch in channels-last memory")
    p.add_argument("--eval", action="store_true", help="time evaluation (eval + inference mode) instead")
    p.add_argument("--matmul-peak", action="store_true", help="time a 2048 x 2048 float matmul instead")
    a = p.parse_args()
    import os
    threads = a.threads or os.cpu_count()
    if a.matmul_peak:
        print(json.dumps({"matmul_gflops": matmul_peak(threads), "threads": threads}))
        return
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = make(a.backbone, a.channels, a.size, a.classes)
    x = torch.randn(a.batch, a.channels, a.size, a.size)
    flops = forward_flops(net, x)
    if a.channels_last:
        net = net.to(memory_format=torch.channels_last)
        x = x.contiguous(memory_format=torch.channels_last)
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    y = torch.randint(a.classes, (a.batch,))

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        return loss

    if a.eval:
        net.eval()

        def step():  # noqa: F811 (the evaluation step replaces the training step)
            with torch.inference_mode():
                return net(x).argmax(1)

    for _ in range(a.warmup):
        step()
    start = time.perf_counter()
    for _ in range(a.steps):
        loss = step()
    loss.sum().item()
    seconds = time.perf_counter() - start
    print(json.dumps({"backbone": a.backbone, "batch": a.batch, "steps": a.steps, "threads": threads,
                      "images_per_second": a.steps * a.batch / seconds, "ms_per_step": seconds * 1000 / a.steps,
                      "params": sum(p.numel() for p in net.parameters()), "implementation": "pytorch-python",
                      "channels_last": a.channels_last, "mode": "eval" if a.eval else "train",
                      "gflop_per_image_forward": flops / 1e9,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The same training-step benchmark as `transfer-studio-cli bench`, in PyTorch Python.

Same networks (layer for layer), same random data, same SGD(momentum 0.9) loop, same warmup and timing.
Run with Debian's python3-torch (the same 1.13 library the C++ build links):
    /usr/bin/python3 bench/bench_torch.py --backbone dann_digits --batch 64 --steps 200 --threads 2
Prints one JSON line like the CLI's --json output."""
import argparse
import json
import resource
import time

import torch
import torch.nn.functional as F
from torch import nn


class ConvBlock(nn.Module):
    def __init__(self, cin, cout, k, pad, pool):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, padding=pad)
        self.pool = pool

    def forward(self, x):
        h = torch.relu_(self.conv(x))
        return F.max_pool2d(h, 2) if self.pool else h


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
    else:
        raise SystemExit(f"bench_torch.py: backbone '{backbone}' is not mirrored here (use dann_digits or lenet)")
    return nn.Sequential(*layers)


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
    a = p.parse_args()
    import os
    threads = a.threads or os.cpu_count()
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    net = make(a.backbone, a.channels, a.size, a.classes)
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(a.batch, a.channels, a.size, a.size)
    y = torch.randint(a.classes, (a.batch,))

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        return loss

    for _ in range(a.warmup):
        step()
    start = time.perf_counter()
    for _ in range(a.steps):
        loss = step()
    loss.item()
    seconds = time.perf_counter() - start
    print(json.dumps({"backbone": a.backbone, "batch": a.batch, "steps": a.steps, "threads": threads,
                      "images_per_second": a.steps * a.batch / seconds, "ms_per_step": seconds * 1000 / a.steps,
                      "params": sum(p.numel() for p in net.parameters()), "implementation": "pytorch-python",
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()

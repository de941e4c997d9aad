#!/usr/bin/env python3
"""The linear probe of bench/linear_probe.sh in PyTorch eager Python, as people write it.

torchvision's resnet18 with the weights of MODEL (a TorchScript file of it), every parameter frozen and the
backbone in eval mode (BatchNorm statistics held, as the app holds frozen BatchNorm), a new Linear head for
CLASSES classes trained with Adam, on N preloaded random images of 3 x SIZE x SIZE, batch BATCH, shuffled each
epoch. Prints one JSON line: images per second of each epoch's training steps.
    /usr/bin/python3 bench/linear_probe.py MODEL --images 500 --classes 10 --size 112 --epochs 5 --threads 2"""
import argparse
import json
import time

import torch
import torchvision
from torch import nn

p = argparse.ArgumentParser()
p.add_argument("model")
p.add_argument("--images", type=int, default=500)
p.add_argument("--classes", type=int, default=10)
p.add_argument("--size", type=int, default=112)
p.add_argument("--epochs", type=int, default=5)
p.add_argument("--batch", type=int, default=64)
p.add_argument("--threads", type=int, default=2)
a = p.parse_args()

torch.set_num_threads(a.threads)
torch.manual_seed(1)
model = torchvision.models.resnet18(num_classes=10)
model.load_state_dict(torch.jit.load(a.model).state_dict())
for param in model.parameters():
    param.requires_grad = False
model.fc = nn.Linear(model.fc.in_features, a.classes)
model.eval()  # frozen BatchNorm keeps its statistics
model.fc.train()
opt = torch.optim.Adam(model.fc.parameters(), lr=1e-3)
x = torch.rand(a.images, 3, a.size, a.size) * 2 - 1
y = torch.randint(0, a.classes, (a.images,))
per_epoch = []
for epoch in range(a.epochs):
    start = time.perf_counter()
    for idx in torch.randperm(a.images).split(a.batch):
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x[idx]), y[idx])
        loss.backward()
        opt.step()
    per_epoch.append(a.images / (time.perf_counter() - start))
print(json.dumps({"images_per_second": per_epoch}))

#!/usr/bin/env python3
"""Writes the TorchScript models of tst_torchscript: python3 make_torchvision_models.py OUT_DIR [SIZE]

Random weights (nothing can be downloaded here), with BatchNorm running statistics moved off their defaults by a
few training-mode passes so that eval-mode BatchNorm is not an identity. For each model NAME it writes
OUT_DIR/NAME.pt and OUT_DIR/NAME.logits (float32 little-endian, Python's eval-mode output on OUT_DIR/input.bin).
OUT_DIR/input.bin holds 4 x 3 x SIZE x SIZE float32 values in [0, 1]; OUT_DIR/shapes.json the output shapes."""
import json
import os
import sys

import torch
import torchvision
from torch import nn


class AddOp(nn.Module):
    """Its forward does more than chain its children: chaining features -> pool -> fc gives other logits."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU())
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(8, 5)

    def forward(self, x):
        h = self.features(x)
        h = h * 3.0 - torch.tanh(h)  # an operation between children, invisible to a child-chaining import
        return self.fc(torch.flatten(self.pool(h), 1))


class TinyVgg(nn.Module):
    """VGG's layout (features, adaptive avgpool, classifier of three Linear) at a size tests can afford."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                                      nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.avgpool = nn.AdaptiveAvgPool2d(2)
        self.classifier = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Dropout(), nn.Linear(32, 32), nn.ReLU(),
                                        nn.Dropout(), nn.Linear(32, 6))

    def forward(self, x):
        return self.classifier(torch.flatten(self.avgpool(self.features(x)), 1))


class TailOp(nn.Module):
    """Changes its head's output after the head: the app cannot swap such a head."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        return torch.log_softmax(self.fc(torch.flatten(torch.mean(self.conv(x), dim=[2, 3], keepdim=True), 1)), 1)


class NoLinear(nn.Module):
    """No Linear layer at all: nothing to use as a head."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)

    def forward(self, x):
        return torch.mean(self.conv(x), dim=[2, 3])


def main():
    out = sys.argv[1]
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(0)
    models = {
        "resnet18": torchvision.models.resnet18(num_classes=10),
        "mobilenet_v2": torchvision.models.mobilenet_v2(num_classes=7),
        "addop": AddOp(),
        "tinyvgg": TinyVgg(),
        "tailop": TailOp(),
        "nolinear": NoLinear(),
    }
    x = torch.rand(4, 3, size, size)
    x.numpy().astype('<f4').tofile(os.path.join(out, "input.bin"))
    shapes = {}
    for name, model in models.items():
        model.train()
        with torch.no_grad():
            for _ in range(3):
                model(torch.rand(8, 3, size, size) * 2)
        model.eval()
        scripted = torch.jit.script(model)
        scripted.save(os.path.join(out, name + ".pt"))
        with torch.no_grad():
            y = torch.jit.load(os.path.join(out, name + ".pt"))(x)
        y.numpy().astype('<f4').tofile(os.path.join(out, name + ".logits"))
        shapes[name] = list(y.shape)
    with open(os.path.join(out, "shapes.json"), "w") as f:
        json.dump(shapes, f)


if __name__ == "__main__":
    main()

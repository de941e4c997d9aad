#!/usr/bin/env python3
"""Writes a tiny TorchScript classifier for the import test: python3 make_scripted_model.py OUT.pt

Its top-level children (features, pool, classifier) become the layers when Transfer Studio loads it."""
import sys

import torch
from torch import nn


class Tiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU())
        self.pool = nn.AdaptiveAvgPool2d(2)
        self.classifier = nn.Linear(16, 3)

    def forward(self, x):
        return self.classifier(torch.flatten(self.pool(self.features(x)), 1))


torch.manual_seed(0)
torch.jit.script(Tiny()).save(sys.argv[1])

#!/usr/bin/env python3
"""Runs an exported Transfer Studio classifier as a Python user would, for tst_modelio:
python3 run_exported.py MODEL.ts.pt PIXELS.u8 N C H W OUT.csv

PIXELS.u8 holds N x C x H x W uint8 pixels (the images the app decoded). Writes one row per image:
class name, softmax probability of that class."""
import sys

import torch

model_path, pixels_path, n, c, h, w, out_path = sys.argv[1:8]
model = torch.jit.load(model_path)
model.eval()
with open(pixels_path, "rb") as f:
    raw = bytearray(f.read())
images = torch.frombuffer(raw, dtype=torch.uint8).reshape(int(n), int(c), int(h), int(w))
with torch.no_grad():
    probs = model(images.float() / 255.0).softmax(1)
best, index = probs.max(1)
with open(out_path, "w") as f:
    for p, i in zip(best.tolist(), index.tolist()):
        f.write(f"{model.classes[i]},{p:.6f}\n")

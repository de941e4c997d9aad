#!/bin/sh
# DANN and multitask comparisons for docs/RESULTS.md, on the demo data (Fashion-MNIST -> Fashion-M).
#
#   bench/results_dann.sh [CLI] [WORK_DIR]
#
# CLI defaults to build/app/transfer-studio-cli, WORK_DIR to build/bench-dann. Builds the demo data there
# if it is missing, writes the two experiment files, then runs `transfer-studio-cli compare` twice:
#   1. Fashion -> Fashion-M: source_only, dann and scratch (trained on the labeled Fashion-M training
#      images: the upper bound). dann never reads the target labels (see engine/strategies/dann.cpp).
#   2. multitask (task A = clothes, task B = shoes and bags with few labels) against scratch on task B's
#      labels alone.
# Sizes are set below so that the whole study fits in about 20 minutes on 2 CPU cores; raise them for
# closer-to-paper numbers.
set -eu

CLI=${1:-build/app/transfer-studio-cli}
WORK=${2:-build/bench-dann}
SEEDS=${SEEDS:-3}
THREADS=${THREADS:-2}
PER_CLASS=${PER_CLASS:-300}       # source and target training images per class (domain shift study)
TEST_PER_CLASS=${TEST_PER_CLASS:-100} # target test images per class
EPOCHS=${EPOCHS:-3}               # epochs of every strategy in the domain shift study
MT_LABELS=${MT_LABELS:-10}        # task B labels per class (multitask study)
MT_EPOCHS=${MT_EPOCHS:-5}         # epochs in the multitask study

DATA="$WORK/data"
if [ ! -d "$DATA/fashion-m/test" ]; then
  mkdir -p "$WORK"
  "$CLI" demo-data "$DATA" --per-class 2000 --test-per-class 500
fi
DATA_ABS=$(cd "$DATA" && pwd)

cat > "$WORK/dann_shift.json" <<JSON
{
  "name": "Fashion -> Fashion-M: source_only vs dann vs train-on-target",
  "strategy": "dann",
  "source": {"format": "folder", "path": "$DATA_ABS/fashion/train", "limit_per_class": $PER_CLASS},
  "target": {"format": "folder", "path": "$DATA_ABS/fashion-m/train", "limit_per_class": $PER_CLASS},
  "target_test": {"format": "folder", "path": "$DATA_ABS/fashion-m/test", "limit_per_class": $TEST_PER_CLASS},
  "input": {"size": [28, 28], "channels": 3},
  "model": {"backbone": "dann_digits"},
  "train": {"epochs": $EPOCHS, "batch_size": 64, "lr": 0.001, "optimizer": "adam"},
  "dann": {"branch": "conv2", "domain_hidden": 100, "schedule": "paper", "gamma": 10, "lambda_max": 1.0,
           "anneal_lr": true}
}
JSON

cat > "$WORK/multitask.json" <<JSON
{
  "name": "Multitask: clothes (A) + shoes and bags with $MT_LABELS labels per class (B)",
  "strategy": "multitask",
  "source": {"format": "folder", "path": "$DATA_ABS/fashion/train",
             "classes": ["T-shirt", "Trouser", "Pullover", "Dress", "Coat"], "limit_per_class": $PER_CLASS},
  "target": {"format": "folder", "path": "$DATA_ABS/fashion/train",
             "classes": ["Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"], "limit_per_class": $PER_CLASS,
             "labeled_per_class": $MT_LABELS},
  "target_test": {"format": "folder", "path": "$DATA_ABS/fashion/test",
                  "classes": ["Sandal", "Shirt", "Sneaker", "Bag", "Ankle_boot"], "limit_per_class": $TEST_PER_CLASS},
  "input": {"size": [28, 28], "channels": 1},
  "model": {"backbone": "lenet"},
  "train": {"epochs": $MT_EPOCHS, "batch_size": 64, "lr": 0.001, "optimizer": "adam"},
  "multitask": {"mode": "alternate", "weights": [1.0, 1.0]}
}
JSON

"$CLI" compare "$WORK/dann_shift.json" --strategies source_only,dann,scratch --seeds "$SEEDS" \
  --threads "$THREADS" --out "$WORK/dann" --force
"$CLI" compare "$WORK/multitask.json" --strategies multitask --seeds "$SEEDS" \
  --threads "$THREADS" --out "$WORK/multitask" --force
# Task B alone on the same labels, with as many task-B steps as multitask gave it: multitask alternates, so
# task B gets one step per source batch (ceil(5 * PER_CLASS / 64) per epoch), and scratch makes one step per
# epoch on 5 * MT_LABELS <= 64 images.
B_STEPS=$(( MT_EPOCHS * ((5 * PER_CLASS + 63) / 64) ))
"$CLI" compare "$WORK/multitask.json" --strategies scratch --seeds "$SEEDS" --epochs "$B_STEPS" \
  --threads "$THREADS" --out "$WORK/multitask-scratch" --force

#!/usr/bin/env bash
# Self-taught learning study for docs/RESULTS.md. Fashion-MNIST (IDX files of the Debian package
# dataset-fashion-mnist), 28x28 grey, lenet:
#   unlabeled source: 400 training images per class of T-shirt, Trouser, Pullover, Dress, Coat (labels ignored)
#   target: Sandal, Shirt, Sneaker, Bag, Ankle_boot, 5 / 10 / 50 labels per class (of 200 training images each)
#   target_test: 200 test images per target class (1000)
# Target accuracy of selftaught (frozen encoder, and fine-tuned encoder) vs scratch vs logistic regression on
# raw pixels (selftaught.representation = pixels), 3 seeds each, with `transfer-studio-cli compare`.
# Every variant: 30 epochs, batch 32, Adam, lr 0.001 (the fine-tuned encoder too: backbone_lr_mult 1).
#   bench/results_selftaught.sh [OUT_DIR]        (CLI=path/to/transfer-studio-cli to pick the binary)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/results-selftaught}
cli=${CLI:-build/app/transfer-studio-cli}
data=${FASHION_DIR:-/usr/share/datasets/fashion-mnist}
threads=${THREADS:-1}  # one LibTorch thread per run: on a busy 2-core machine, 2 threads ran 10x slower
mkdir -p "$out"
names='["T-shirt","Trouser","Pullover","Dress","Coat","Sandal","Shirt","Sneaker","Bag","Ankle_boot"]'
idx() { # split, classes json, extra keys
  echo "{\"format\":\"idx\",\"images\":\"$data/$1-images-idx3-ubyte.gz\",\"labels\":\"$data/$1-labels-idx1-ubyte.gz\",\"class_names\":$names,\"classes\":$2$3}"
}
clothes='["T-shirt","Trouser","Pullover","Dress","Coat"]'
shoes='["Sandal","Shirt","Sneaker","Bag","Ankle_boot"]'
for labels in 5 10 50; do
  for variant in autoencoder pixels finetuned; do
    rep=$variant; finetune=false
    [ "$variant" = finetuned ] && rep=autoencoder && finetune=true
    cat > "$out/selftaught-$labels-$variant.json" <<JSON
{"name": "selftaught $labels labels per class ($variant)", "strategy": "selftaught",
 "source": $(idx train "$clothes" ',"limit_per_class":400'),
 "target": $(idx train "$shoes" ",\"limit_per_class\":200,\"labeled_per_class\":$labels"),
 "target_test": $(idx t10k "$shoes" ',"limit_per_class":200'),
 "input": {"size": [28, 28], "channels": 1}, "model": {"backbone": "lenet"},
 "train": {"epochs": 30, "batch_size": 32, "lr": 0.001, "optimizer": "adam", "backbone_lr_mult": 1.0},
 "selftaught": {"autoencoder_epochs": 5, "noise": 0.3, "finetune_encoder": $finetune, "representation": "$rep"}}
JSON
  done
  "$cli" compare "$out/selftaught-$labels-autoencoder.json" --strategies selftaught,scratch --seeds 3 \
    --out "$out/labels-$labels" --force --threads "$threads" --quiet
  "$cli" compare "$out/selftaught-$labels-pixels.json" --strategies selftaught --seeds 3 \
    --out "$out/labels-$labels-pixels" --force --threads "$threads" --quiet
  "$cli" compare "$out/selftaught-$labels-finetuned.json" --strategies selftaught --seeds 3 \
    --out "$out/labels-$labels-finetuned" --force --threads "$threads" --quiet
done
for labels in 5 10 50; do
  echo "### $labels labels per class"
  echo "selftaught (frozen encoder) and scratch:"; cat "$out/labels-$labels/results.md"
  echo "pixels (logistic regression):"; cat "$out/labels-$labels-pixels/results.md"
  echo "selftaught (fine-tuned encoder):"; cat "$out/labels-$labels-finetuned/results.md"
done

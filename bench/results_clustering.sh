#!/usr/bin/env bash
# Self-taught clustering study for docs/RESULTS.md. Fashion-MNIST IDX files, 28x28 grey, lenet.
# Unlabeled source: 400 training images per class of T-shirt, Trouser, Pullover, Dress, Coat.
# Target: 200 test images per class of Sandal, Shirt, Sneaker, Bag, Ankle_boot (1000; labels only score).
# k = 5, 10 restarts, autoencoder 5 epochs (noise 0.3) on the source; baselines computed by the strategy
# itself on the same target: k-means on raw pixels and on an autoencoder trained on the target alone. 3 seeds.
#   bench/results_clustering.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/results-clustering}
cli=${CLI:-build/app/transfer-studio-cli}
data=${FASHION_DIR:-/usr/share/datasets/fashion-mnist}
threads=${THREADS:-1}  # one LibTorch thread per run: on a busy 2-core machine, 2 threads ran 10x slower
mkdir -p "$out"
names='["T-shirt","Trouser","Pullover","Dress","Coat","Sandal","Shirt","Sneaker","Bag","Ankle_boot"]'
idx() {
  echo "{\"format\":\"idx\",\"images\":\"$data/$1-images-idx3-ubyte.gz\",\"labels\":\"$data/$1-labels-idx1-ubyte.gz\",\"class_names\":$names,\"classes\":$2$3}"
}
cat > "$out/clustering.json" <<JSON
{"name": "selftaught_clustering", "strategy": "selftaught_clustering",
 "source": $(idx train '["T-shirt","Trouser","Pullover","Dress","Coat"]' ',"limit_per_class":400'),
 "target": $(idx t10k '["Sandal","Shirt","Sneaker","Bag","Ankle_boot"]' ',"limit_per_class":200'),
 "input": {"size": [28, 28], "channels": 1}, "model": {"backbone": "lenet"},
 "train": {"batch_size": 32, "lr": 0.001, "optimizer": "adam"},
 "clustering": {"k": 5, "restarts": 10, "autoencoder_epochs": 5, "noise": 0.3, "compare_baselines": true}}
JSON
"$cli" compare "$out/clustering.json" --strategies selftaught_clustering --seeds 3 --out "$out/compare" --force \
  --threads "$threads" --quiet
cat "$out/compare/results.md"

#!/usr/bin/env bash
# Zero-shot study for docs/RESULTS.md. Fashion-MNIST IDX files, 28x28 grey, lenet, the demo attribute table
# (resources/demo/fashion_attributes.csv). Seen (source): T-shirt, Dress, Coat, Shirt, Sneaker, Bag,
# Ankle_boot, 500 training images each. Unseen (target, labels only for scoring): Trouser, Pullover, Sandal,
# 300 test images each. Unseen accuracy with DAP and with cosine compatibility, 3 seeds each.
#   bench/results_zeroshot.sh [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-runs/results-zeroshot}
cli=${CLI:-build/app/transfer-studio-cli}
data=${FASHION_DIR:-/usr/share/datasets/fashion-mnist}
threads=${THREADS:-1}  # one LibTorch thread per run: on a busy 2-core machine, 2 threads ran 10x slower
mkdir -p "$out"
names='["T-shirt","Trouser","Pullover","Dress","Coat","Sandal","Shirt","Sneaker","Bag","Ankle_boot"]'
idx() {
  echo "{\"format\":\"idx\",\"images\":\"$data/$1-images-idx3-ubyte.gz\",\"labels\":\"$data/$1-labels-idx1-ubyte.gz\",\"class_names\":$names,\"classes\":$2$3}"
}
for method in dap cosine; do
  cat > "$out/zeroshot-$method.json" <<JSON
{"name": "zeroshot ($method)", "strategy": "zeroshot",
 "source": $(idx train '["T-shirt","Dress","Coat","Shirt","Sneaker","Bag","Ankle_boot"]' ',"limit_per_class":500'),
 "target": $(idx t10k '["Trouser","Pullover","Sandal"]' ',"limit_per_class":300'),
 "input": {"size": [28, 28], "channels": 1}, "model": {"backbone": "lenet"},
 "train": {"epochs": 5, "batch_size": 64, "lr": 0.001, "optimizer": "adam"},
 "zeroshot": {"attributes": "$PWD/resources/demo/fashion_attributes.csv", "method": "$method"}}
JSON
  "$cli" compare "$out/zeroshot-$method.json" --strategies zeroshot --seeds 3 --out "$out/$method" --force \
    --threads "$threads" --quiet
  echo "### $method"; cat "$out/$method/results.md"
done

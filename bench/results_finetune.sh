#!/usr/bin/env bash
# Fine-tuning study for docs/RESULTS.md: Fashion-MNIST, source = T-shirt, Trouser, Pullover, Dress, Coat;
# target = Sandal, Shirt, Sneaker, Bag, Ankle_boot with 10 labels per class. Target accuracy of scratch vs
# finetune with freeze none / conv1 / conv1+conv2 / everything but the head, 3 seeds.
#   bench/results_finetune.sh [DEMO_DIR] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
demo=${1:-demo}; out=${2:-runs/results-finetune}
cli=${CLI:-build/app/transfer-studio-cli}
[ -f "$demo/finetune.json" ] || "$cli" demo-data "$demo"
cache=$(mktemp -d)  # fresh pretraining cache: each seed pretrains once, then all freeze sets share it
"$cli" compare "$demo/finetune.json" --strategies scratch --freeze none --seeds 3 --out "$out/scratch" --force --quiet --cache-dir "$cache"
"$cli" compare "$demo/finetune.json" --strategies finetune --freeze "none;conv1;conv1+conv2;all-but-head" \
  --seeds 3 --out "$out/finetune" --force --quiet --cache-dir "$cache"
rm -rf "$cache"

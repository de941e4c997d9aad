#!/usr/bin/env bash
# Time to decode all 70k Fashion-MNIST images (train + test) from Debian's IDX files and from the demo PNG
# folders, with `transfer-studio-cli inspect` (REPEAT runs each, alternated).
#   bench/load_time.sh [DEMO_DIR] [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
demo=$(realpath "${1:-demo}"); repeat=${2:-3}
cli=${CLI:-build/app/transfer-studio-cli}
idx=/usr/share/datasets/fashion-mnist
[ -d "$demo/fashion/train" ] || "$cli" demo-data "$demo"
tmp=$(mktemp -d)
cat > "$tmp/idx.json" <<JSON
{"source": {"format": "idx", "images": "$idx/train-images-idx3-ubyte.gz", "labels": "$idx/train-labels-idx1-ubyte.gz"},
 "target": {"format": "idx", "images": "$idx/t10k-images-idx3-ubyte.gz", "labels": "$idx/t10k-labels-idx1-ubyte.gz"}}
JSON
cat > "$tmp/folders.json" <<JSON
{"source": {"format": "folder", "path": "$demo/fashion/train"}, "target": {"format": "folder", "path": "$demo/fashion/test"}}
JSON
for i in $(seq "$repeat"); do
  for kind in idx folders; do
    "$cli" inspect "$tmp/$kind.json" --json | /usr/bin/python3 -c "
import json, sys
d = json.load(sys.stdin)
n = sum(v['images'] for v in d['datasets'].values())
s = sum(v['load_seconds'] for v in d['datasets'].values())
print(f'$kind: {n} images in {s:.2f} s ({n / s:.0f} images/s), {d[\"threads\"]} threads, peak RSS {d[\"peak_rss_mb\"]:.0f} MB')"
  done
done
rm -rf "$tmp"

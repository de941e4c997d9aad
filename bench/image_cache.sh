#!/usr/bin/env bash
# First and second load of the demo's fashion-m/train folder (60,000 PNG files) in one process, as the
# window's data panel and then the run (and each baseline run) load it: `transfer-studio-cli inspect` on an
# experiment whose source and target are that same folder. The second load is served by the image cache
# (engine/data/imagecache.h); with TS_IMAGE_CACHE_MB=0 both loads decode. REPEAT runs of each, then medians.
#   bench/image_cache.sh [DEMO_DIR] [REPEAT]
set -euo pipefail
cd "$(dirname "$0")/.."
demo=$(realpath "${1:-demo}"); repeat=${2:-5}
cli=${CLI:-build/app/transfer-studio-cli}
[ -d "$demo/fashion-m/train" ] || "$cli" demo-data "$demo"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/twice.json" <<JSON
{"source": {"format": "folder", "path": "$demo/fashion-m/train"},
 "target": {"format": "folder", "path": "$demo/fashion-m/train"},
 "input": {"channels": 3, "size": [28, 28]}}
JSON
for i in $(seq "$repeat"); do
  for mb in 512 0; do
    TS_IMAGE_CACHE_MB=$mb "$cli" inspect "$tmp/twice.json" --json > "$tmp/out.json"
    /usr/bin/python3 - "$tmp/out.json" "$mb" >> "$tmp/rows.txt" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
d = j["datasets"]
print(sys.argv[2], d["source"]["images"], d["source"]["load_seconds"], d["target"]["load_seconds"], j["peak_rss_mb"])
PY
    tail -n 1 "$tmp/rows.txt" | awk '{printf "TS_IMAGE_CACHE_MB=%-3s %d images: first load %.2f s, second %.2f s, peak RSS %.0f MB\n", $1, $2, $3, $4, $5}'
  done
done
/usr/bin/python3 - "$tmp/rows.txt" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
for mb in ("512", "0"):
    first = [float(r[2]) for r in rows if r[0] == mb]
    second = [float(r[3]) for r in rows if r[0] == mb]
    rss = [float(r[4]) for r in rows if r[0] == mb]
    print(f"median, TS_IMAGE_CACHE_MB={mb}: first load {statistics.median(first):.2f} s, "
          f"second {statistics.median(second):.2f} s, peak RSS {statistics.median(rss):.0f} MB ({len(first)} runs)")
PY

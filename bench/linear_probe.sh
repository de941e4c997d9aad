#!/usr/bin/env bash
# A linear probe on a torchvision resnet18 (random weights, exported as TorchScript): everything but the head
# frozen, 112x112 RGB, in the app (frozen features computed once, engine/train/featurecache.h) and in PyTorch
# eager Python (bench/linear_probe.py), alternated ROUNDS times. Prints each round's images per second over
# the epochs after the first (median of those epochs) and the median ratio app/Python.
#   bench/linear_probe.sh [ROUNDS] [THREADS] [IMAGES_PER_CLASS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}; threads=${2:-2}; per_class=${3:-50}
cli=${CLI:-build/app/transfer-studio-cli}
python=${PYTHON:-/usr/bin/python3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$python" tests/engine/make_torchvision_models.py "$work/models" 112 >/dev/null
"$cli" demo-data "$work/demo" --per-class "$per_class" --test-per-class 20 >/dev/null 2>&1
images=$((per_class * 10))
cat > "$work/probe.json" <<JSON
{"name": "linear probe", "strategy": "finetune",
 "target": {"format": "folder", "path": "demo/fashion/train"},
 "target_test": {"format": "folder", "path": "demo/fashion/test"},
 "input": {"size": [112, 112], "channels": 3, "normalize": "imagenet"},
 "model": {"pretrained": "models/resnet18.pt"},
 "freeze": ["trunk"],
 "train": {"epochs": 5, "batch_size": 64, "lr": 0.001, "val_fraction": 0, "eval_every": 5}}
JSON
app_median() { # the median images/s of the train phase's epochs 2.. in a run's metrics.jsonl
  "$python" -c 'import json,sys,statistics
v=[e["images_per_second"] for e in map(json.loads, open(sys.argv[1])) if e.get("event")=="epoch" and e.get("phase")=="train" and e["epoch"]>1]
print(statistics.median(v))' "$1"
}
ratios=()
for i in $(seq "$rounds"); do
  rm -rf "$work/run"
  "$cli" run "$work/probe.json" --out "$work/run" --threads "$threads" --quiet >/dev/null
  c=$(app_median "$work/run/metrics.jsonl")
  p=$("$python" bench/linear_probe.py "$work/models/resnet18.pt" --images "$images" --threads "$threads" |
      "$python" -c 'import json,sys,statistics; print(statistics.median(json.load(sys.stdin)["images_per_second"][1:]))')
  r=$("$python" -c "print(round($c / $p, 1))")
  printf 'round %d: app %.0f img/s, Python eager %.0f img/s, ratio %s\n' "$i" "$c" "$p" "$r"
  ratios+=("$r")
done
"$python" -c 'import json,sys; print("feature cache:", json.dumps(json.load(open(sys.argv[1])).get("feature_cache")))' "$work/run/summary.json"
"$python" -c "import statistics,sys; r=[float(x) for x in sys.argv[1:]]; print(f'median ratio app/Python: {statistics.median(r):.1f} (min {min(r):.1f}, max {max(r):.1f}, {len(r)} rounds)')" "${ratios[@]}"

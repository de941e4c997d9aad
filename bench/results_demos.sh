#!/usr/bin/env bash
# The demo table of docs/RESULTS.md: every demo that `transfer-studio-cli demo-data` writes, run as shipped
# with --with-baseline for seeds 1, 2, 3; prints mean ± sample sd of the strategy, each baseline and the
# gain, and the wall seconds of the strategy's own run (the baselines run after it).
#   bench/results_demos.sh DEMO_DIR [OUT_DIR] [DEMO ...]     (DEMO: finetune, dann, ...; default: all)
# DEMO_DIR is built first if it has no finetune.json. THREADS (default 2) sets LibTorch threads.
set -euo pipefail
cd "$(dirname "$0")/.."
demo=${1:?usage: bench/results_demos.sh DEMO_DIR [OUT_DIR] [DEMO ...]}
out=${2:-runs/results-demos}
shift $(($# < 2 ? $# : 2))
cli=${CLI:-build/app/transfer-studio-cli}
threads=${THREADS:-2}
seeds=${SEEDS:-"1 2 3"}
[ -f "$demo/finetune.json" ] || "$cli" demo-data "$demo"
demos=("$@")
((${#demos[@]})) || demos=(finetune finetune_frozen negative_transfer multitask dann zeroshot selftaught selftaught_clustering)
mkdir -p "$out"
for d in "${demos[@]}"; do
  for s in $seeds; do
    dir="$out/$d/seed$s"
    mkdir -p "$out/$d"
    if [ ! -f "$dir/summary.json" ] || ! grep -q '"baseline"' "$dir/summary.json"; then
      "$cli" run "$demo/$d.json" --out "$dir" --force --seed "$s" --threads "$threads" --with-baseline --quiet >"$dir.log" 2>&1 ||
        { echo "$d seed $s failed: $(tail -1 "$dir.log")"; continue; }
    fi
  done
done
python3 - "$out" "${demos[@]}" <<'PY'
import json, statistics, sys, pathlib
out = pathlib.Path(sys.argv[1])
def ms(xs):
    xs = [x for x in xs if x is not None]
    if not xs: return "n/a"
    return f"{statistics.mean(xs):.1f} ± {statistics.stdev(xs):.1f}" if len(xs) > 1 else f"{xs[0]:.1f}"
print("| demo | metric | strategy | baseline | baseline score | gain (points) | strategy run s |")
print("|---|---|---|---|---|---|---|")
for d in sys.argv[2:]:
    runs = [json.load(open(p)) for p in sorted((out / d).glob("seed*/summary.json"))]
    if not runs: continue
    names = [b["name"] for b in runs[0].get("baseline", {}).get("baselines", [])]
    for i, name in enumerate(names):
        bs = [r["baseline"]["baselines"][i] for r in runs]
        scale = 100.0
        metric = bs[0]["metric"]
        mine = [b["strategy_score"] * scale if b["strategy_score"] is not None else None for b in bs]
        base = [b["score"] * scale if b["score"] is not None else None for b in bs]
        gain = [b.get("gain_points") for b in bs]
        secs = [r["seconds"] for r in runs]
        label = "NMI x 100" if metric == "nmi" else "accuracy %"
        print(f"| {d} | {label} | {ms(mine)} | {bs[0]['title']} | {ms(base)} | {ms(gain)} | {ms(secs)} |")
    if d in ("finetune", "multitask"):
        # Convergence: the first training step after which the strategy's target accuracy reaches the
        # baseline's final accuracy (metrics.jsonl, epoch events of the "train" phase).
        def epochs(path):
            rows = []
            for line in open(path):
                e = json.loads(line)
                if e.get("event") == "epoch" and e.get("phase") == "train" and "target_accuracy" in e:
                    rows.append(e)
            return rows
        reached, total = [], []
        for r, p in zip(runs, sorted((out / d).glob("seed*/summary.json"))):
            b = r["baseline"]["baselines"][-1]
            mine = epochs(p.parent / "metrics.jsonl")
            steps_per_epoch = None
            n = sum(1 for line in open(p.parent / "metrics.jsonl") if '"phase":"train"' in line and '"event":"step"' in line)
            steps_per_epoch = n / max(1, len(mine))
            hit = next((i + 1 for i, e in enumerate(mine) if e["target_accuracy"] >= b["score"]), None)
            base_steps = sum(1 for line in open(p.parent / b["dir"] / "metrics.jsonl") if '"event":"step"' in line)
            reached.append(None if hit is None else hit * steps_per_epoch)
            total.append(base_steps)
        print(f"\n{d}: training steps until the strategy first reaches the baseline's final accuracy: "
              f"{[None if x is None else round(x) for x in reached]} (the baseline trained {total} steps)\n")
    if d == "dann":
        dom = [r["strategy_metrics"].get("domain_accuracy") for r in runs]
        print(f"\nDANN's last-epoch domain accuracy (chance 50 %): {ms([x * 100 for x in dom if x is not None])}\n")
PY

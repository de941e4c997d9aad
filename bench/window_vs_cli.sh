#!/usr/bin/env bash
# Each demo's whole-process wall time in the CLI and in the window, interleaved, medians of ROUNDS rounds.
#
#   bench/window_vs_cli.sh DEMO_DIR [BUILD_DIR]
#
# DEMO_DIR holds the demo experiments and data (`transfer-studio-cli demo-data DEMO_DIR`). The window runs
# `transfer-studio DEMO.json --run` with TS_PROFILE=1 TS_QUIT_AFTER_RUN=1 (the profiler quits after the run;
# TS_PROFILE_LATENCY=0 keeps its 10 ms latency probe off) under Xvfb (offscreen without Xvfb), so its time
# includes starting, showing the result and closing; the CLI runs `transfer-studio-cli run DEMO.json`. Both
# use 2 threads (THREADS) and one pretraining cache, filled by an untimed CLI run of each demo first (as on a
# machine where the demo has run before). Rounds alternate the order (CLI first, then window first) so that
# neither always runs straight after the other. Prints a Markdown table: medians, ranges, window / CLI. A run
# that fails or passes TIMEOUT seconds (600) is named under the table and left out of the medians. The last
# column pairs the CLI and window runs of each round (run back to back) and gives the median of their ratios.
# Run it on an idle machine: OpenMP spin-waiting makes loaded timings meaningless.
set -euo pipefail
demo_dir=$(cd "${1:?usage: window_vs_cli.sh DEMO_DIR [BUILD_DIR]}" && pwd)
build=$(cd "${2:-$(dirname "$0")/../build}" && pwd)
rounds=${ROUNDS:-3}
threads=${THREADS:-2}
limit=${TIMEOUT:-600} # seconds per run; a run past it counts as failed
demos=${DEMOS:-scratch finetune finetune_frozen negative_transfer source_only multitask dann zeroshot selftaught selftaught_clustering}
. "$(dirname "$0")/window_env.sh" # $work, XDG_* in it, Xvfb or offscreen

cli() { timeout "$limit" "$build/app/transfer-studio-cli" run "$demo_dir/$1.json" --out "$work/out-$1" --force --threads "$threads" --quiet >/dev/null 2>&1; }
window() { timeout "$limit" env TS_PROFILE=1 TS_PROFILE_LATENCY=0 TS_QUIT_AFTER_RUN=1 "$build/app/transfer-studio" "$demo_dir/$1.json" --run >/dev/null 2>&1; }
timed() { # timed KIND DEMO -> seconds on stdout, or "failed(RC)": a failed run is left out, the bench goes on
    local start end rc=0
    start=$(date +%s.%N)
    "$1" "$2" || rc=$?
    end=$(date +%s.%N)
    if ((rc)); then echo "failed($rc)"; else python3 -c "print(round($end - $start, 2))"; fi
}

for d in $demos; do cli "$d" || echo "untimed run of $d failed" >&2; done # fills the pretraining cache
for ((r = 1; r <= rounds; r++)); do
    for d in $demos; do
        if ((r % 2)); then
            echo "$d cli $(timed cli "$d")" >>"$work/times"
            echo "$d window $(timed window "$d")" >>"$work/times"
        else
            echo "$d window $(timed window "$d")" >>"$work/times"
            echo "$d cli $(timed cli "$d")" >>"$work/times"
        fi
    done
done

python3 - "$work/times" "$demos" <<'EOF'
import statistics, sys
times = {}
failed = []
for line in open(sys.argv[1]):
    demo, kind, seconds = line.split()
    if seconds.startswith("failed"):
        failed.append(f"{demo} {kind} {seconds}")
        continue
    times.setdefault(demo, {}).setdefault(kind, []).append(float(seconds))
print("| demo | CLI s, median (range) | window s, median (range) | window / CLI | paired, median (range) |")
print("|---|---|---|---|---|")
worst = worst_paired = 0
for demo in sys.argv[2].split():
    c, w = times.get(demo, {}).get("cli", []), times.get(demo, {}).get("window", [])
    if not c or not w:
        print(f"| {demo} | no successful run of both | | |")
        continue
    ratio = statistics.median(w) / statistics.median(c)
    worst = max(worst, ratio)
    # The two runs of one round ran one after the other, on the same state of a shared machine whose speed
    # drifts between rounds; the median of their ratios is less moved by that drift than the ratio of medians.
    paired = [b / a for a, b in zip(c, w)] if len(c) == len(w) else []
    worst_paired = max(worst_paired, statistics.median(paired)) if paired else worst_paired
    pair_text = f"{statistics.median(paired):.2f} ({min(paired):.2f}-{max(paired):.2f})" if paired else "n/a"
    print(f"| {demo} | {statistics.median(c):.2f} ({min(c):.2f}-{max(c):.2f}) "
          f"| {statistics.median(w):.2f} ({min(w):.2f}-{max(w):.2f}) | {ratio:.2f} | {pair_text} |")
print(f"\nlargest window / CLI: {worst:.2f} (ratio of medians), {worst_paired:.2f} (median of paired rounds)")
if failed:
    print("failed runs (left out of the medians): " + "; ".join(failed))
EOF

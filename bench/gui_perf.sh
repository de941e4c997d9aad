#!/usr/bin/env bash
# Desktop-application performance for docs/PERFORMANCE.md (issue 4), using the profiling hooks of
# app/gui/main.cpp (TS_PROFILE=1, TS_QUIT_AFTER_RUN=1):
#   1. startup: process start -> main window's first expose processed ("startup_ms"), STARTUP_N launches, median;
#   2. GUI-thread event-loop latency while training (lateness of a 10 ms timer), p50/p99, in GUI runs of
#      their own;
#   3. training throughput of the GUI (without the latency probe) vs the CLI on the same experiment and
#      thread count, RUNS alternating pairs: summary.json train_images_per_second, and per pair the ratio
#      of the median per-epoch images/s (epochs 2 on; this VM's speed drifts by up to 1.5x over seconds,
#      so adjacent runs are compared and the median ratio reported with its range);
#   4. the GUI thread's CPU time during each run and its share of the run's wall time.
#   bench/gui_perf.sh [DEMO_DIR]        (DEMO_DIR from `transfer-studio-cli demo-data DIR`; default demo)
# Env: STARTUP_N (5), RUNS (3), EPOCHS (3), GUI / CLI (binaries). Uses $DISPLAY if set, else starts Xvfb :97,
# else QT_QPA_PLATFORM=offscreen.
set -euo pipefail
cd "$(dirname "$0")/.."
demo=${1:-demo}
gui=${GUI:-build/app/transfer-studio}; cli=${CLI:-build/app/transfer-studio-cli}
startup_n=${STARTUP_N:-5}; runs=${RUNS:-3}; epochs=${EPOCHS:-3}
[ -f "$demo/finetune.json" ] || "$cli" demo-data "$demo"
work=$(mktemp -d); xvfb_pid=
cleanup() { [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
if [ -z "${DISPLAY:-}" ]; then
  if command -v Xvfb >/dev/null; then
    Xvfb :97 -screen 0 1600x1000x24 >/dev/null 2>&1 & xvfb_pid=$!; export DISPLAY=:97; sleep 1
  else
    export QT_QPA_PLATFORM=offscreen
  fi
fi
median() { python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$@"; }

# A fine-tuning experiment where target training dominates: all 200 target images labelled, $epochs epochs.
exp="$demo/gui_perf_finetune.json"
python3 - "$demo/finetune.json" "$exp" "$epochs" <<'PY'
import json, sys
e = json.load(open(sys.argv[1]))
e["name"] = "GUI performance: fine-tune, 200 labels per class"
e["target"]["labeled_per_class"] = 200
e["train"]["epochs"] = int(sys.argv[3])
json.dump(e, open(sys.argv[2], "w"), indent=2)
PY
echo "display: ${QT_QPA_PLATFORM:-xcb $DISPLAY}; cores: $(nproc); experiment: $exp"
"$cli" run "$exp" --out "$work/warmup" --epochs 1 --quiet >/dev/null  # fills the source-pretraining cache both share

# 1. Startup.
starts=()
for i in $(seq "$startup_n"); do
  TS_PROFILE=1 "$gui" "$exp" 2>"$work/start$i.log" & pid=$!
  for _ in $(seq 300); do grep -q '^startup_ms=' "$work/start$i.log" && break; sleep 0.1; done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  ms=$(sed -n 's/^startup_ms=\([0-9]*\).*/\1/p' "$work/start$i.log"); starts+=("$ms")
  echo "startup run $i: $(grep '^startup_ms=' "$work/start$i.log")"
done
echo "startup_ms median: $(median "${starts[@]}") (runs: ${starts[*]})"

# 2, 3 and 4. RUNS rounds of: a GUI run with the latency probe (a 10 ms timer), a GUI run without it (the probe
# wakes the GUI thread 100 times a second, which is not part of the app, so throughput is measured without it)
# and a CLI run.
# Median images/s over a run's training epochs after the first (metrics.jsonl).
epoch_median() { python3 -c '
import json, statistics, sys
e = [json.loads(l) for l in open(sys.argv[1])]
v = [x["images_per_second"] for x in e if x.get("event") == "epoch" and x.get("phase") == "train"]
print(statistics.median(v[1:] or v))' "$1"; }
gui_ips=(); cli_ips=(); p50s=(); p99s=(); ratios=(); shares=()
for i in $(seq "$runs"); do
  TS_PROFILE=1 TS_QUIT_AFTER_RUN=1 "$gui" "$exp" --run 2>"$work/lat$i.log"
  line=$(grep '^latency_p50_ms=' "$work/lat$i.log")
  p50s+=("$(sed 's/.*latency_p50_ms=\([0-9.]*\).*/\1/' <<<"$line")")
  p99s+=("$(sed 's/.*latency_p99_ms=\([0-9.]*\).*/\1/' <<<"$line")")
  echo "gui latency run $i: $line"
  TS_PROFILE=1 TS_PROFILE_LATENCY=0 TS_QUIT_AFTER_RUN=1 "$gui" "$exp" --run 2>"$work/gui$i.log"
  dir=$(sed -n 's/^run_dir=//p' "$work/gui$i.log")
  ips=$(field "$dir/summary.json" train_images_per_second); threads=$(field "$dir/summary.json" threads)
  gui_ips+=("$ips")
  share=$(sed -n 's/.*gui_cpu_share=\([0-9.]*\).*/\1/p' "$work/gui$i.log"); shares+=("$share")
  gui_epoch=$(epoch_median "$dir/metrics.jsonl")
  echo "gui run $i: train_images_per_second=$ips epoch_median=$gui_epoch gui_cpu_share=$share threads=$threads"
  "$cli" run "$exp" --out "$work/cli$i" --threads "$threads" --quiet >/dev/null
  ips=$(field "$work/cli$i/summary.json" train_images_per_second); cli_ips+=("$ips")
  cli_epoch=$(epoch_median "$work/cli$i/metrics.jsonl")
  ratios+=("$(python3 -c "print(round($gui_epoch / $cli_epoch, 3))")")
  echo "cli run $i: train_images_per_second=$ips epoch_median=$cli_epoch threads=$threads  pair ratio ${ratios[-1]}"
done
g=$(median "${gui_ips[@]}"); c=$(median "${cli_ips[@]}")
echo "latency_p50_ms median: $(median "${p50s[@]}")  latency_p99_ms median: $(median "${p99s[@]}") (worst: $(printf '%s\n' "${p99s[@]}" | sort -g | tail -1))"
echo "train_images_per_second median: gui $g  cli $c  gui/cli $(python3 -c "print(round($g/$c, 3))")"
echo "per-pair epoch-median ratio gui/cli: median $(median "${ratios[@]}") (range $(printf '%s\n' "${ratios[@]}" | sort -g | head -1)-$(printf '%s\n' "${ratios[@]}" | sort -g | tail -1); pairs: ${ratios[*]})"
echo "gui thread cpu share during runs: median $(median "${shares[@]}")"

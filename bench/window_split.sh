#!/usr/bin/env bash
# Where the window's extra time goes on one demo: per round, the CLI's and the window's wall time next to the
# engine's own `seconds` (the run, from summary.json), so that time outside the run (start, exit) and a slower
# run are told apart; for the window also the TS_PROFILE moments, its GUI-thread CPU during the run, and the
# CPU time the X server (Xvfb) spent meanwhile.
#
#   bench/window_split.sh DEMO_DIR DEMO [BUILD_DIR]      (ROUNDS=6 by default)
#
# DEMO_DIR as for bench/window_vs_cli.sh; both programs on 2 threads, the pretraining cache filled first.
set -euo pipefail
demo_dir=$(cd "${1:?usage: window_split.sh DEMO_DIR DEMO [BUILD_DIR]}" && pwd)
demo=${2:?usage: window_split.sh DEMO_DIR DEMO [BUILD_DIR]}
build=$(cd "${3:-$(dirname "$0")/../build}" && pwd)
rounds=${ROUNDS:-6}
. "$(dirname "$0")/window_env.sh" # $work, XDG_* in it, Xvfb or offscreen
[[ -n $xvfb ]] || { echo "window_split.sh needs Xvfb (it reads the X server's CPU time)" >&2; exit 1; }
cli() { "$build/app/transfer-studio-cli" run "$demo_dir/$demo.json" --out "$work/out" --force --threads 2 --quiet; }
seconds() { python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['seconds'], 2))" "$1"; }
xvfb_ms() { awk '{print ($14 + $15) * 10}' "/proc/$xvfb/stat"; } # utime + stime, 100 ticks a second
now() { date +%s.%N; }
cli >/dev/null 2>&1 # fills the pretraining cache
echo "kind wall_s run_s outside_s [window: run_start_ms run_end_ms gui_cpu_ms xvfb_cpu_ms]"
for ((r = 1; r <= rounds; r++)); do
    start=$(now); cli >/dev/null 2>&1; end=$(now)
    python3 -c "w=$end-$start; s=$(seconds "$work/out/summary.json"); print('cli', round(w,2), s, round(w-s,2))"
    x0=$(xvfb_ms)
    start=$(now)
    env TS_PROFILE=1 TS_PROFILE_LATENCY=0 TS_QUIT_AFTER_RUN=1 "$build/app/transfer-studio" "$demo_dir/$demo.json" \
        --run >/dev/null 2>"$work/err"
    end=$(now)
    x1=$(xvfb_ms)
    dir=$(sed -n 's/^run_dir=//p' "$work/err" | tail -1)
    moments=""
    for key in run_start_ms run_end_ms gui_cpu_ms; do
        moments+="$(grep -oE "^$key=[0-9]+" "$work/err" | tail -1 | cut -d= -f2) "
    done
    python3 -c "w=$end-$start; s=$(seconds "$dir/summary.json"); print('window', round(w,2), s, round(w-s,2), '$moments$((x1 - x0))')"
done

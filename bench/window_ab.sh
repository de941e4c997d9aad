#!/usr/bin/env bash
# Two builds' window / CLI ratio on one demo, measured in the same loop: each round runs the CLI and the window
# of build A, then of build B, so that the machine's drift between minutes falls on both alike. Medians.
#
#   bench/window_ab.sh DEMO_DIR DEMO BUILD_A BUILD_B      (ROUNDS=6 by default)
set -euo pipefail
demo_dir=$(cd "${1:?usage: window_ab.sh DEMO_DIR DEMO BUILD_A BUILD_B}" && pwd)
demo=${2:?usage: window_ab.sh DEMO_DIR DEMO BUILD_A BUILD_B}
builds=("$(cd "${3:?}" && pwd)" "$(cd "${4:?}" && pwd)")
rounds=${ROUNDS:-6}
. "$(dirname "$0")/window_env.sh" # $work, XDG_* in it, Xvfb or offscreen
timed() { # timed COMMAND... -> wall seconds
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s.%N)
    python3 -c "print($end - $start)"
}
"${builds[0]}/app/transfer-studio-cli" run "$demo_dir/$demo.json" --out "$work/out" --force --quiet >/dev/null 2>&1
for ((r = 1; r <= rounds; r++)); do
    for i in 0 1; do
        b=${builds[$i]}
        echo "$i cli $(timed "$b/app/transfer-studio-cli" run "$demo_dir/$demo.json" --out "$work/out" --force --threads 2 --quiet)"
        echo "$i window $(timed env TS_PROFILE=1 TS_PROFILE_LATENCY=0 TS_QUIT_AFTER_RUN=1 "$b/app/transfer-studio" "$demo_dir/$demo.json" --run)"
    done
done >"$work/times"
python3 - "$work/times" "${builds[@]}" <<'PY'
import statistics, sys
t = {}
for line in open(sys.argv[1]):
    i, kind, s = line.split()
    t.setdefault((int(i), kind), []).append(float(s))
for i, build in enumerate(sys.argv[2:]):
    c, w = statistics.median(t[(i, "cli")]), statistics.median(t[(i, "window")])
    print(f"{build}: CLI {c:.2f} s, window {w:.2f} s (range {min(t[(i, 'window')]):.2f}-{max(t[(i, 'window')]):.2f}), window / CLI {w / c:.2f}")
PY

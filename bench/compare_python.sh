#!/usr/bin/env bash
# One training-step (or evaluation) benchmark, three implementations, alternated ROUNDS times:
#   C++   `transfer-studio-cli bench` (the engine as it runs experiments: the backbone's own memory format)
#   eager bench/bench_torch.py, PyTorch as people write it (NCHW, default allocator)
#   CL    bench/bench_torch.py --channels-last (PyTorch tuned for the CPU)
# and prints each round, the medians, the median ratios C++/eager and C++/CL, and GFLOP/s as a share of the
# machine's matmul peak (a 2048 x 2048 float matmul on the same threads, best of 20, measured once per run).
#   bench/compare_python.sh [BACKBONE] [BATCH] [THREADS] [ROUNDS] [STEPS]
# MODE=eval times evaluation (forward in eval + inference mode) instead of training steps (3 forward passes' FLOPs).
set -euo pipefail
cd "$(dirname "$0")/.."
backbone=${1:-dann_digits}; batch=${2:-64}; threads=${3:-$(nproc)}; rounds=${4:-7}; steps=${5:-200}
cli=${CLI:-build/app/transfer-studio-cli}
python=${PYTHON:-/usr/bin/python3}
mode=${MODE:-train}
shape=()
[ "$backbone" = resnet_mini ] && shape=(--channels 3 --size 32)
cliMode=(); pyMode=()
[ "$mode" = eval ] && { cliMode=(--eval); pyMode=(--eval); }
ips() { "$python" -c 'import json,sys; print(json.load(sys.stdin)["images_per_second"])'; }
peak=$("$python" bench/bench_torch.py --matmul-peak --threads "$threads" |
       "$python" -c 'import json,sys; print(json.load(sys.stdin)["matmul_gflops"])')
gflop=$("$python" bench/bench_torch.py --backbone "$backbone" --batch 2 --steps 1 --warmup 0 --threads 1 "${shape[@]}" |
        "$python" -c 'import json,sys; print(json.load(sys.stdin)["gflop_per_image_forward"])')
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); matmul peak ${peak%.*} GFLOP/s on $threads threads;" \
     "$backbone ${gflop} GFLOP per image forward; $mode, batch $batch, $steps steps"
cs=(); es=(); ls=()
for i in $(seq "$rounds"); do
  c=$("$cli" bench --backbone "$backbone" --batch "$batch" --threads "$threads" --steps "$steps" "${shape[@]}" \
        "${cliMode[@]}" --json | ips)
  e=$("$python" bench/bench_torch.py --backbone "$backbone" --batch "$batch" --threads "$threads" --steps "$steps" \
        "${shape[@]}" "${pyMode[@]}" | ips)
  l=$("$python" bench/bench_torch.py --backbone "$backbone" --batch "$batch" --threads "$threads" --steps "$steps" \
        "${shape[@]}" "${pyMode[@]}" --channels-last | ips)
  printf 'round %d: C++ %.0f, eager %.0f, channels-last %.0f images/s (C++/eager %.3f, C++/CL %.3f)\n' \
    "$i" "$c" "$e" "$l" "$("$python" -c "print($c/$e)")" "$("$python" -c "print($c/$l)")"
  cs+=("$c"); es+=("$e"); ls+=("$l")
done
"$python" - "$peak" "$gflop" "$mode" "${#cs[@]}" "${cs[@]}" "${es[@]}" "${ls[@]}" <<'PY'
import statistics, sys
peak, gflop, mode, n = float(sys.argv[1]), float(sys.argv[2]), sys.argv[3], int(sys.argv[4])
v = [float(x) for x in sys.argv[5:]]
c, e, l = v[:n], v[n:2 * n], v[2 * n:]
per_image = gflop * (3 if mode == "train" else 1)
def row(name, xs):
    m = statistics.median(xs)
    print(f"{name:14s} median {m:8.0f} images/s ({min(xs):.0f}-{max(xs):.0f}), "
          f"{m * per_image:6.1f} GFLOP/s = {100 * m * per_image / peak:4.1f} % of the matmul peak")
row("C++ engine", c); row("PyTorch eager", e); row("PyTorch CL", l)
for name, peer in (("eager", e), ("channels-last", l)):
    r = [a / b for a, b in zip(c, peer)]
    print(f"C++/{name}: median {statistics.median(r):.3f} (min {min(r):.3f}, max {max(r):.3f}, {n} rounds)")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

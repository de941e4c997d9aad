#!/usr/bin/env bash
# Alternates `transfer-studio-cli bench` and bench/bench_torch.py (same net, batch, threads, steps) ROUNDS
# times and prints each pair and the median C++/Python images-per-second ratio.
#   bench/compare_python.sh [BACKBONE] [BATCH] [THREADS] [ROUNDS] [STEPS]
set -euo pipefail
cd "$(dirname "$0")/.."
backbone=${1:-dann_digits}; batch=${2:-64}; threads=${3:-$(nproc)}; rounds=${4:-7}; steps=${5:-200}
cli=${CLI:-build/app/transfer-studio-cli}
python=${PYTHON:-/usr/bin/python3}
ratios=()
for i in $(seq "$rounds"); do
  c=$("$cli" bench --backbone "$backbone" --batch "$batch" --threads "$threads" --steps "$steps" --json |
      "$python" -c 'import json,sys; print(json.load(sys.stdin)["images_per_second"])')
  p=$("$python" bench/bench_torch.py --backbone "$backbone" --batch "$batch" --threads "$threads" --steps "$steps" |
      "$python" -c 'import json,sys; print(json.load(sys.stdin)["images_per_second"])')
  r=$("$python" -c "print(round($c / $p, 3))")
  printf 'round %d: C++ %.0f img/s, Python %.0f img/s, ratio %s\n' "$i" "$c" "$p" "$r"
  ratios+=("$r")
done
"$python" -c "import statistics,sys; r=[float(x) for x in sys.argv[1:]]; print(f'median ratio C++/Python: {statistics.median(r):.3f} (min {min(r):.3f}, max {max(r):.3f}, {len(r)} rounds)')" "${ratios[@]}"

#!/usr/bin/env bash
# transfer-studio-cli bench --memory-format nchw vs channels_last on every backbone, training (batch 64) and
# evaluation (--eval, batch 128, as the engine evaluates), alternated in each of R rounds (default 3) on T
# threads (default 2); medians.
#   [CLI=path] [T=2] [R=3] bench/memory_format.sh
cd "$(dirname "$0")/.."
B=${CLI:-build/app/transfer-studio-cli}; T=${T:-2}; R=${R:-3}
for bb in lenet dann_digits resnet_mini; do
  shape=(); steps=100; [ $bb = resnet_mini ] && { shape=(--channels 3 --size 32); steps=15; }
  for mode in train eval; do
    m=(); [ $mode = eval ] && m=(--eval)
    batch=64; [ $mode = eval ] && batch=128
    a=(); b=()
    for r in $(seq $R); do
      a+=($($B bench --backbone $bb --batch $batch --threads $T --steps $steps --warmup 5 "${shape[@]}" "${m[@]}" --memory-format nchw --json | python3 -c 'import json,sys;print(json.load(sys.stdin)["images_per_second"])'))
      b+=($($B bench --backbone $bb --batch $batch --threads $T --steps $steps --warmup 5 "${shape[@]}" "${m[@]}" --memory-format channels_last --json | python3 -c 'import json,sys;print(json.load(sys.stdin)["images_per_second"])'))
    done
    python3 -c "
import statistics as s,sys
a=[float(x) for x in '${a[*]}'.split()]; b=[float(x) for x in '${b[*]}'.split()]
print(f'$bb $mode batch $batch threads $T: nchw {s.median(a):.0f} ({min(a):.0f}-{max(a):.0f}) channels_last {s.median(b):.0f} ({min(b):.0f}-{max(b):.0f}) ratio {s.median([y/x for x,y in zip(a,b)]):.2f}')"
  done
done

#!/usr/bin/env bash
# Installs the Debian packages, builds Transfer Studio, makes the demo data from Debian's Fashion-MNIST and
# opencv-doc photos, then opens the window on the fine-tuning demo, which runs its scratch baseline beside it
# (or, without a display, runs both in the CLI and prints the results and the gain).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
build=${BUILD_DIR:-build}
demo=${DEMO_DIR:-demo}
if [ ! -f "$demo/finetune.json" ]; then
  "$build/app/transfer-studio-cli" demo-data "$demo" --per-class 1000 --test-per-class 400
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x "$build/app/transfer-studio" ]; then
  exec "$build/app/transfer-studio" "$demo/finetune.json"
fi
echo "No display: running the fine-tuning demo in the CLI." >&2
exec "$build/app/transfer-studio-cli" run "$demo/finetune.json" --out "$demo/runs/finetune" --force

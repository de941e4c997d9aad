#!/usr/bin/env bash
# Fails when docs/ARCHITECTURE.md names a source file that is not in the tree (the example new strategy,
# engine/strategies/mystrategy.cpp, is the one name that may be missing).
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
count=0
for p in $(grep -oE '`(engine|ui|app|tests)/[A-Za-z0-9_/.]+\.(cpp|h)`' docs/ARCHITECTURE.md | tr -d '`' | sort -u); do
  [ "$p" = engine/strategies/mystrategy.cpp ] && continue
  count=$((count + 1))
  if [ ! -e "$p" ]; then
    echo "docs/ARCHITECTURE.md names $p, which does not exist"
    status=1
  fi
done
echo "checked $count file names in docs/ARCHITECTURE.md"
[ "$count" -gt 0 ] || { echo "no file names found"; exit 1; }
exit $status

#!/usr/bin/env bash
# Builds the two Debian packages (Release, hardened, stripped) into ${BUILD_DIR:-build-deb} and checks them:
# lintian (no error or warning may remain), desktop-file-validate, appstreamcli validate --strict and the MIME
# type's XML. With TS_INSTALL_CHECK=1 (as root) it also installs both with apt-get, runs them from PATH and
# removes them. The report goes to docs/packaging-report.txt; the exit status is 0 only when every check passed.
# Extra arguments go to cmake.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-deb}
report=docs/packaging-report.txt
failed=0
check() { # check NAME COMMAND...: runs the command, logs its output, remembers a failure
  local name=$1
  shift
  echo "== $name: $*"
  if "$@" 2>&1; then echo "-- $name: passed"; else echo "-- $name: FAILED"; failed=1; fi
  echo
}

set -e
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTS_HARDENING=ON "$@" >/dev/null
cmake --build "$build" -j"$(nproc)"
rm -f "$build"/*.deb
(cd "$build" && cpack -G DEB >/dev/null)
set +e
debs=("$build"/transfer-studio-cli_*.deb "$build"/transfer-studio_*.deb)

{
  echo "# scripts/package.sh report, $(date -u '+%Y-%m-%d %H:%M UTC'), $(lintian --version), $(appstreamcli --version | head -1)"
  echo
  for deb in "${debs[@]}"; do
    echo "== $(basename "$deb"): $(du -k "$deb" | cut -f1) KiB"
    dpkg-deb --field "$deb" Package Version Architecture Section Maintainer Depends
    dpkg-deb --contents "$deb" | awk '{print "   " $1, $6}'
    echo
  done
  # Errors and warnings fail the check; info tags are shown so that they are seen.
  check lintian lintian --fail-on error,warning --display-info "${debs[@]}"
  check desktop-file-validate desktop-file-validate packaging/transfer-studio.desktop
  check appstreamcli appstreamcli validate --strict packaging/io.transferstudio.TransferStudio.metainfo.xml
  mime=$(mktemp -d)
  mkdir -p "$mime/packages"
  cp packaging/transfer-studio-mime.xml "$mime/packages/"
  check shared-mime-info update-mime-database -V "$mime"
  rm -rf "$mime"
  if [ "${TS_INSTALL_CHECK:-0}" = 1 ]; then
    export DEBIAN_FRONTEND=noninteractive
    check "apt-get install" apt-get install -y -q "${debs[@]/#/./}"
    check "cli from PATH" transfer-studio-cli --version
    check "man transfer-studio-cli" sh -c 'man -P cat transfer-studio-cli | head -12'
    check "man transfer-studio" sh -c 'man -P cat transfer-studio | head -8'
    check "gui --version" env QT_QPA_PLATFORM=offscreen transfer-studio --version
    check "experiment MIME type" sh -c 'grep -x "application/x-transfer-studio-experiment" /usr/share/mime/types'
    check "apt-get remove" apt-get remove -y -q --purge transfer-studio transfer-studio-cli
    check "nothing left" sh -c '! ls /usr/bin/transfer-studio* /usr/share/doc/transfer-studio* /usr/share/man/man1/transfer-studio* 2>/dev/null'
  fi
  [ $failed = 0 ] && echo "all checks passed" || echo "SOME CHECKS FAILED"
} >"$report" 2>&1
cat "$report"
exit $failed

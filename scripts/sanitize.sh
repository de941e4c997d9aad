#!/usr/bin/env bash
# Builds the engine, the CLI and their tests with AddressSanitizer and UndefinedBehaviorSanitizer (the window
# off) into ${BUILD_DIR:-build-asan}, then runs them through ctest: every engine suite and the bad-input corpus
# (tst_badinput, which drives the sanitized CLI). Any sanitizer report fails the test that triggered it.
#
# About 30 minutes of building on 2 cores, so it is run by hand, not in CI; give the machine back while it runs:
#   nice -n 19 bash scripts/sanitize.sh
# JOBS sets the parallelism (default: all cores); extra arguments go to cmake. The last result is in
# docs/TESTING.md.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-asan}
jobs=${JOBS:-$(nproc)}
sanitizers="-fsanitize=address,undefined"
# No recovery: the first undefined behaviour ends the process, so ctest sees it as a failure, not a log line.
flags="$sanitizers -fno-sanitize-recover=undefined -fno-omit-frame-pointer"

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTS_BUILD_GUI=OFF -DTS_BUILD_TESTS=ON -DTS_TEST_TIMEOUT_SCALE=4 \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="$sanitizers" -DCMAKE_SHARED_LINKER_FLAGS="$sanitizers" "$@"
cmake --build "$build" -j"$jobs"

# Leak checking is off unless TS_ASAN_LEAKS=1: LibTorch's and OpenMP's thread pools and Qt's globals stay
# allocated at exit, and LeakSanitizer reports them on every test, burying anything of ours.
export ASAN_OPTIONS="detect_leaks=${TS_ASAN_LEAKS:-0}:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
cd "$build"
ctest --output-on-failure -j"$jobs"

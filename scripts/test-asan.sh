#!/usr/bin/env bash
# CI stage "asan": one clang-16 build that checks the lock rules
# (-Wthread-safety, warnings as errors) and instruments everything with
# AddressSanitizer + UndefinedBehaviorSanitizer (and libFuzzer's coverage, so
# that scripts/fuzz.sh reuses it); then the whole suite runs under it.
# Expects scripts/install-deps.sh done.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset asan
cmake --build --preset asan -j "$(nproc)"
ctest --preset asan -j "$(nproc)"

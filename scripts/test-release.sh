#!/usr/bin/env bash
# CI stage "release": builds the release preset (GCC, warnings as errors, the
# benchmarks too) and runs every test. Expects scripts/install-deps.sh done.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release
cmake --build --preset release -j "$(nproc)"
ctest --preset release -j "$(nproc)"

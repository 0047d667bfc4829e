#!/usr/bin/env bash
# Installs what is needed and runs every CI stage: this is the README's test
# command and what CI runs. Each stage also runs alone once
# scripts/install-deps.sh has run (README "Building and testing by hand"):
#   release  scripts/test-release.sh  GCC release build with -Werror, every test
#   package  scripts/test-package.sh  the .deb: lintian, dpkg -i, --check-config, systemd-analyze verify, purge
#   asan     scripts/test-asan.sh     clang-16 with -Wthread-safety -Werror, ASan + UBSan, every test
#   fuzz     scripts/fuzz.sh 60       every libFuzzer target for 60 s, on the asan build
# The time of each stage is printed; the budget of the whole is 45 minutes on
# 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$SECONDS
./scripts/install-deps.sh
echo "== stage install: $((SECONDS - start)) s"

passed=0
run_stage() {
  local name=$1
  shift
  local begin=$SECONDS
  echo "== stage $name: $*"
  "$@"
  echo "== stage $name: $((SECONDS - begin)) s"
  passed=$((passed + 1))
}
run_stage release ./scripts/test-release.sh
run_stage package ./scripts/test-package.sh build/release
run_stage asan ./scripts/test-asan.sh
run_stage fuzz ./scripts/fuzz.sh 60
echo "== all stages: $((SECONDS - start)) s"
echo "stages: $passed passed, 0 failed"

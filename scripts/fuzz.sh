#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (the asan preset: clang-16, ASan +
# UBSan) and runs each for SECONDS (default 60), two at a time on two cores.
# Prints one line per target, `name executions crashes`, and fails when any
# target crashed; the reproducers are in build/asan/fuzz-runs/<name>/.
# New inputs found go to build/asan/fuzz-runs/<name>/corpus; fuzz/corpus/<name>
# holds the seeds (made from tests/fixtures), read-only here.
#
#   scripts/fuzz.sh 60              # every target, 60 s each
#   scripts/fuzz.sh 300 gate_text   # one target, 5 minutes
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
if [ $# -gt 0 ]; then
  targets=("$@")
else
  targets=()
  for f in fuzz/*_fuzz.cc; do
    name=$(basename "$f" _fuzz.cc)
    targets+=("$name")
  done
fi
jobs=${FUZZ_JOBS:-2}
# Names the lines of a crash's stack (llvm's symbolizer, from Debian's llvm).
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-/usr/bin/llvm-symbolizer}

cmake --preset asan >/dev/null
cmake --build --preset asan -j "$(nproc)" --target "${targets[@]/%/_fuzz}"

runs=build/asan/fuzz-runs
run_one() {
  local name=$1 dir=$runs/$1
  rm -rf "$dir"
  mkdir -p "$dir/corpus"
  # The exit status is read from the artifacts: a crash stops libFuzzer early.
  "build/asan/fuzz/${name}_fuzz" "$dir/corpus" "fuzz/corpus/$name" \
    -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$dir/" >"$dir/log" 2>&1 || true
}

for name in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  run_one "$name" &
done
wait

failed=0
printf '%-16s %12s %8s\n' name executions crashes
for name in "${targets[@]}"; do
  dir=$runs/$name
  executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
  crashes=$(find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' \) | wc -l)
  printf '%-16s %12s %8s\n' "$name" "${executions:-0}" "$crashes"
  if [ "$crashes" -gt 0 ] || [ -z "$executions" ]; then
    failed=1
    echo "fuzz: $name: see $dir/log" >&2
    tail -40 "$dir/log" >&2
  fi
done
exit "$failed"

#!/bin/sh
# Runs the benchmarks (docs/BENCHMARKS.md): builds the release preset, runs
# each benchmark program with repetitions on a corpus of
# MRTRACK_BENCH_EVALUATIONS imported evaluations, and prints the medians and
# the ratios to their baselines as a Markdown report.
#
#   scripts/bench.sh                    # 5 repetitions, 400 evaluations
#   REPETITIONS=9 MRTRACK_BENCH_EVALUATIONS=1000 scripts/bench.sh
#
# The JSON of every run and the report stay in build/release/bench-results/.
set -eu
cd "$(dirname "$0")/.."

repetitions=${REPETITIONS:-5}
programs="store_bench projection_bench notifier_bench api_bench"
results=build/release/bench-results

scripts/install-deps.sh
cmake --preset release >/dev/null
# shellcheck disable=SC2086
cmake --build --preset release --target $programs

mkdir -p "$results"
# Scratch data on the build's disk: $TMPDIR may be a tmpfs, where fsync is free.
export MRTRACK_BENCH_DIR="${MRTRACK_BENCH_DIR:-$PWD/build/release/bench-scratch}"
for program in $programs; do
  echo "== $program ($repetitions repetitions)" >&2
  "build/release/bench/$program" \
    --benchmark_repetitions="$repetitions" \
    --benchmark_report_aggregates_only=true \
    --benchmark_out="$results/$program.json" \
    --benchmark_out_format=json >&2
done
python3 bench/report.py "$results"/*.json | tee "$results/report.md"

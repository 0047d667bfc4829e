#!/bin/sh
# Runs every benchmark in one run (docs/BENCHMARKS.md) and prints each figure
# beside its floor or peer, as a Markdown report:
#   1. the benchmark programs (store, projections, notifier, API), each with
#      repetitions, on a corpus of MRTRACK_BENCH_EVALUATIONS imported
#      evaluations;
#   2. the floors on the same disk: RocksDB's db_bench (fillsync from 1, 8
#      and 64 threads, fillseq, readseq; 400-byte values) and sha256sum over
#      the store's record bytes (bench/floors.sh);
#   3. the peer: PostgreSQL 15 started in a temporary directory on a loopback
#      port, driven by pgbench with 1 and 64 clients, stopped after
#      (bench/peer_postgres.sh);
#   4. the real mrtrackd over HTTP with wrk on 1, 8 and 64 keep-alive
#      connections (bench/http_bench.py).
#
#   scripts/bench.sh              # the report as Markdown tables
#   scripts/bench.sh --kv         # every figure and ratio as name=value lines
#   REPETITIONS=5 MRTRACK_BENCH_EVALUATIONS=1000 scripts/bench.sh
#
# Everything measured stays in build/release/bench-results/.
set -eu
cd "$(dirname "$0")/.."

format=""
[ "${1:-}" = "--kv" ] && format="--kv"
repetitions=${REPETITIONS:-3}
seconds=${MRTRACK_BENCH_SECONDS:-5}
programs="store_bench projection_bench notifier_bench api_bench"
results=build/release/bench-results

scripts/install-deps.sh --bench >&2
cmake --preset release >/dev/null
# shellcheck disable=SC2086
cmake --build --preset release --target $programs mrtrackd >&2

rm -rf "$results"
mkdir -p "$results"
# Scratch data on the build's disk: $TMPDIR may be a tmpfs, where fsync is free.
export MRTRACK_BENCH_DIR="${MRTRACK_BENCH_DIR:-$PWD/build/release/bench-scratch}"
mkdir -p "$MRTRACK_BENCH_DIR"
export MRTRACK_BENCH_LOG_BYTES="$MRTRACK_BENCH_DIR/log.bytes"
for program in $programs; do
  echo "== $program ($repetitions repetitions)" >&2
  "build/release/bench/$program" \
    --benchmark_repetitions="$repetitions" \
    --benchmark_report_aggregates_only=true \
    --benchmark_out="$results/$program.json" \
    --benchmark_out_format=json >&2
done

echo "== floors: db_bench, sha256sum" >&2
bench/floors.sh "$MRTRACK_BENCH_DIR" "$MRTRACK_BENCH_LOG_BYTES" >"$results/floors.kv"
echo "== peer: PostgreSQL 15 with pgbench" >&2
bench/peer_postgres.sh "$MRTRACK_BENCH_DIR" "$seconds" >"$results/peer.kv"
echo "== mrtrackd over HTTP with wrk" >&2
python3 bench/http_bench.py build/release/daemon/server/mrtrackd "$MRTRACK_BENCH_DIR" --seconds "$seconds" \
  >"$results/http.kv"
rm -f "$MRTRACK_BENCH_LOG_BYTES"

# shellcheck disable=SC2086
python3 bench/report.py $format "$results"/*.json "$results"/*.kv | tee "$results/report.txt"

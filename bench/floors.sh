#!/bin/sh
# The floors the store is held against, measured on the disk the benchmarks
# use (docs/BENCHMARKS.md "Floors and peers"): RocksDB's own db_bench with
# 400-byte values — fillsync from 1, 8 and 64 threads (every write fsynced),
# fillseq (no sync), readseq — and sha256sum's throughput.
#
#   bench/floors.sh SCRATCH_DIR [HASH_INPUT]
#
# Prints name=value lines (ops/s, MB/s). HASH_INPUT, when given, is the file
# sha256sum reads (the store's record bytes, written by store_bench);
# otherwise 256 MiB of random bytes.
set -eu
scratch=$1
hash_input=${2:-}
db="$scratch/db_bench"
rm -rf "$db"
mkdir -p "$scratch"

# "fillsync     :     166.2 micros/op 6016 ops/sec;" -> 6016
ops() { sed -n "s/^$1 *:.* \([0-9.]*\) ops\/sec.*/\1/p" | tail -1; }

common="--value_size=400 --key_size=16 --compression_type=none --statistics=0 --histogram=0"
seconds=${MRTRACK_BENCH_SECONDS:-5}
for threads in 1 8 64; do
  # Every write fsynced, for a fixed time (the disk sets how many fit).
  # shellcheck disable=SC2086
  rate=$(db_bench --benchmarks=fillsync --num=100000000 --duration="$seconds" --threads="$threads" --db="$db" \
    $common 2>/dev/null | ops fillsync)
  echo "floor.fillsync_t${threads}_ops=$rate"
  rm -rf "$db"
done
# shellcheck disable=SC2086
out=$(db_bench --benchmarks=fillseq,readseq --num=1000000 --db="$db" $common 2>/dev/null)
echo "floor.fillseq_ops=$(echo "$out" | ops fillseq)"
echo "floor.readseq_ops=$(echo "$out" | ops readseq)"
rm -rf "$db"

if [ -z "$hash_input" ] || [ ! -s "$hash_input" ]; then
  hash_input="$scratch/random.bin"
  head -c 268435456 /dev/urandom >"$hash_input"
fi
bytes=$(stat -c %s "$hash_input")
cat "$hash_input" >/dev/null  # From the page cache, as verify reads a warm log.
start=$(date +%s.%N)
for _ in 1 2 3; do sha256sum "$hash_input" >/dev/null; done
end=$(date +%s.%N)
echo "floor.sha256sum_mbps=$(python3 -c "print(round(3 * $bytes / ($end - $start) / 1e6, 1))")"

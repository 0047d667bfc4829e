#!/bin/sh
# The HTTP front benchmark (docs/BENCHMARKS.md "HTTP front"): starts mrtrackd
# on a loopback port with the example config's units and demo tokens (mail to
# a Maildir, no webhooks), imports the seed, and runs bench/http_front_bench:
# 1000 idle keep-alive connections and 100 event streams held open,
# GET /v1/actions/{id} at 500 requests/s, then 200 sequential requests on one
# connection. Prints a Markdown table.
#
#   scripts/bench_http_front.sh
#   MRTRACKD=/path/to/other/mrtrackd BASELINE=1 scripts/bench_http_front.sh
#
# BASELINE=1 leaves out the [server] keys an older daemon does not know.
set -eu
cd "$(dirname "$0")/.."

cmake --preset release >/dev/null
cmake --build --preset release --target mrtrackd http_front_bench >&2
mrtrackd=${MRTRACKD:-build/release/daemon/server/mrtrackd}
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# The example's [server] through [[tokens]], with its webhooks left out.
sed -n '1,/^\[smtp\]/p' config/mrtrack.example.toml | sed '$d' |
  sed -e 's|^listen = .*|listen = "127.0.0.1:0"|' -e "s|^data_dir = .*|data_dir = \"$work/data\"|" \
      -e '/^webhooks = /d' > "$work/config.toml"
if [ -z "${BASELINE:-}" ]; then
  # The idle connections must outlast the run; every client is 127.0.0.1.
  sed -i -e '/^\[server\]/a idle_timeout = "120s"\nmax_connections = 4096\nmax_connections_per_address = 4096\nmax_streams = 1000\nmax_streams_per_token = 1000' "$work/config.toml"
fi

ulimit -n "$(ulimit -Hn)"
"$mrtrackd" --config "$work/config.toml" > "$work/log" 2>&1 &
pid=$!
url=""
for _ in $(seq 1 300); do
  url=$(sed -n 's/.*listening url=\(http[^ ]*\).*/\1/p' "$work/log" | head -n 1)
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$work/log" >&2; exit 1; }
port=${url##*:}
token=demo-admin-token
evaluation=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: text/plain' \
  --data-binary @tests/fixtures/seeds/kazakhstan-umbrella-management-response.txt "$url/v1/imports" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["evaluation_id"])')
action="$evaluation-r1-a1"

echo "| $mrtrackd | |"
echo "|---|---|"
build/release/bench/http_front_bench --port "$port" --token "$token" --action "$action" "$@"
echo "| threads of the daemon at the end | $(sed -n 's/^Threads:\t//p' /proc/$pid/status) |"

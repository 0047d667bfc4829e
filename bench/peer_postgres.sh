#!/bin/sh
# The peer a user would pick instead of mrtrack's store: PostgreSQL 15 from
# Debian, started here in a temporary directory on a loopback port and
# stopped at the end. An events table with unique (stream, version); one
# transaction per append that takes the stream's next version (the unique
# key is the expected-version check); synchronous_commit on (the default:
# the WAL is flushed before the commit returns). pgbench drives it with 1
# and 64 clients, each appending to its own stream.
#
#   bench/peer_postgres.sh SCRATCH_DIR [SECONDS]
#
# Prints name=value lines (appends/s).
set -eu
scratch=$1
seconds=${2:-10}
bin=/usr/lib/postgresql/15/bin
dir="$scratch/postgres"
port=${MRTRACK_BENCH_PG_PORT:-55432}
rm -rf "$dir"
mkdir -p "$dir"

# PostgreSQL refuses to run as root: run it as its own system user.
as_pg() { "$@"; }
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$dir"
  as_pg() { runuser -u postgres -- "$@"; }
fi

as_pg "$bin/initdb" -D "$dir/data" -U bench --auth=trust >/dev/null
stop() { as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true; }
trap stop EXIT INT TERM
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=100 -c synchronous_commit=on -c fsync=on" \
  start >/dev/null

psql() { as_pg "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U bench -d postgres "$@"; }
psql -c "CREATE TABLE events (
  position bigserial PRIMARY KEY,
  stream text NOT NULL,
  version bigint NOT NULL,
  event_id uuid NOT NULL UNIQUE,
  type text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  data jsonb NOT NULL,
  UNIQUE (stream, version))"

# One append = one transaction: the next version of the client's stream and
# a ~400-byte event, as a comment is.
cat >"$dir/append.sql" <<'SQL'
INSERT INTO events (stream, version, event_id, type, data)
SELECT 'action-' || :client_id, COALESCE(MAX(version), 0) + 1, gen_random_uuid(), 'KeyActionCommentAdded',
       '{"action_id":"ev-bench-r1-a1","author":"bench","comment_id":"00000000-0000-4000-8000-000000000000","text":"A comment of about the size people write: the agenda was shared with the ministry and the partners agreed on the next steps for the training of the regional staff, to be held before the end of the quarter."}'::jsonb
FROM events WHERE stream = 'action-' || :client_id;
SQL
chmod a+r "$dir/append.sql"

tps() { sed -n 's/^tps = \([0-9.]*\) .*/\1/p' | head -1; }
for clients in 1 64; do
  jobs=$((clients < 2 ? 1 : 2))
  rate=$(as_pg /usr/bin/pgbench -n -h 127.0.0.1 -p "$port" -U bench -f "$dir/append.sql" -c "$clients" -j "$jobs" \
    -T "$seconds" postgres 2>/dev/null | tps)
  echo "peer.postgres_append_c${clients}_ops=$rate"
done

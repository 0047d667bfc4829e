#!/usr/bin/env bash
# Quick start: installs what is needed, builds, starts mrtrackd on the embedded
# default configuration (loopback, data in ./mrtrack-data), imports the sample
# management response and shows where to look. Ctrl-C stops the daemon.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset release >/dev/null
# Only the two programs: the test suites and benchmarks are scripts/test.sh's.
cmake --build --preset release -j "$(nproc)" --target mrtrackd mrtrack

bin=build/release/daemon
sample=tests/fixtures/seeds/kazakhstan-umbrella-management-response.txt
data=mrtrack-data
token=demo-admin-token   # the demo admin token of the embedded default (see config/mrtrack.example.toml)

"$bin/server/mrtrackd" &
daemon=$!
trap 'kill -TERM $daemon 2>/dev/null; wait $daemon 2>/dev/null' EXIT INT TERM
for _ in $(seq 1 100); do
  curl -fsS http://127.0.0.1:8420/readyz >/dev/null 2>&1 && break
  sleep 0.1
done
MRTRACK_TOKEN=$token "$bin/cli/mrtrack" --url http://127.0.0.1:8420 import "$sample"
MRTRACK_TOKEN=$token "$bin/cli/mrtrack" --url http://127.0.0.1:8420 list --overdue
# The notifier's first pass after the import writes each unit's digest of its
# overdue actions (the embedded default has no quiet hours): wait for them.
for _ in $(seq 1 300); do
  ls "$data"/maildir/new/* >/dev/null 2>&1 && break
  sleep 0.2
done
mails=$(ls "$data"/maildir/new 2>/dev/null | wc -l)
cat <<MSG

mrtrackd is running on http://127.0.0.1:8420 with data in ./$data.
The notifier has written $mails reminder e-mail(s), one digest per unit of its
overdue actions and one per escalation unit, to $data/maildir/new: read them with
  mutt -f $data/maildir        (or any Maildir reader; each file is one e-mail)
Open http://127.0.0.1:8420/ in a browser and sign in with a demo account
(loopback use only; see config/mrtrack.example.toml):
  editor@example.org / demo-editor-password        (editor of kaz-co and kaz-programme)
  focal.point@example.org / demo-focal-password    (admin)
  auditor@example.org / demo-auditor-password      (auditor)
Try:
  curl -H 'Authorization: Bearer $token' http://127.0.0.1:8420/v1/actions?overdue=true
  curl -H 'Authorization: Bearer $token' http://127.0.0.1:8420/v1/summaries/units
  MRTRACK_TOKEN=$token $bin/cli/mrtrack --url http://127.0.0.1:8420 summary
  MRTRACK_TOKEN=$token $bin/cli/mrtrack --url http://127.0.0.1:8420 reminders preview --at 2025-03-24
Press Ctrl-C to stop.
MSG
wait $daemon

#!/usr/bin/env bash
# CI stage "tsan": a clang-16 ThreadSanitizer build of the suites whose code
# runs on several threads (the group-commit writer, the locks, the
# projection follower, the notifier's outbox and webhooks), and those suites.
# Only their targets are built: the rest of the tree is single-threaded or
# covered by the asan stage. Expects scripts/install-deps.sh done.
set -euo pipefail
cd "$(dirname "$0")/.."
suites=(common_test event_store_test projections_test notifier_outbox_test notifier_webhook_test)
cmake --preset tsan
cmake --build --preset tsan -j "$(nproc)" --target "${suites[@]}"
ctest --preset tsan -j "$(nproc)"

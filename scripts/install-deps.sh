#!/usr/bin/env bash
# Installs the Debian 12 packages mrtrack needs to build, run and test.
# Non-interactive and idempotent: packages already present are skipped.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  librocksdb-dev rocksdb-tools
  libspdlog-dev libfmt-dev
  libcpp-httplib-dev
  libboost-dev libboost-system-dev
  nlohmann-json3-dev libtomlplusplus-dev
  libcurl4-openssl-dev libssl-dev zlib1g-dev libbrotli-dev
  libsystemd-dev systemd
  libcli11-dev libkainjow-mustache-dev libhowardhinnant-date-dev tzdata libsimdjson-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-aiosmtpd python3-icalendar curl
  prometheus
  help2man lintian
  libargon2-dev libjwt-dev
  nodejs chromium fonts-dejavu-core
  # The asan, tsan and fuzz stages: clang-16 with its sanitizer and libFuzzer
  # runtimes; llvm's symbolizer names the lines in their reports.
  clang-16 libclang-rt-16-dev llvm
)

# scripts/bench.sh also needs the floors and the peer it compares with.
if [ "${1:-}" = "--bench" ]; then
  packages+=(wrk postgresql-15 postgresql-client-15 procps)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Debian's nodejs comes without npm; other builds of nodejs bring their own.
command -v npm >/dev/null 2>&1 || missing+=(npm)

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
else
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The browser tests' tools (tests/web/package-lock.json): Playwright drives
# Debian's chromium, so no browser is downloaded.
cd "$(dirname "$0")/../tests/web"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error

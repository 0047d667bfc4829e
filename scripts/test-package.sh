#!/usr/bin/env bash
# CI stage "package": builds mrtrack_<version>_amd64.deb with cpack in the
# release build directory, checks it with lintian (no error allowed),
# installs it with dpkg -i, checks the installed config with
# `mrtrackd --check-config` and the installed unit with `systemd-analyze
# verify`, and removes the package again (purge). Needs root (CI runs as
# root) and the release build of scripts/test-release.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}

if [ "$(id -u)" -ne 0 ]; then
  echo "test-package: needs root (dpkg -i)" >&2
  exit 1
fi
if dpkg-query -W -f='${Status}' mrtrack 2>/dev/null | grep -q "install ok installed"; then
  echo "test-package: a mrtrack package is installed already; remove it first (dpkg --purge mrtrack)" >&2
  exit 1
fi

cmake --build "$build" -j "$(nproc)"
rm -f "$build"/mrtrack_*.deb
(cd "$build" && cpack -G DEB)
deb=$(ls "$build"/mrtrack_*_amd64.deb)
echo "test-package: built $deb"
dpkg-deb --info "$deb"
dpkg-deb --contents "$deb"

# Errors fail; warnings and information are printed.
lintian --tag-display-limit 0 --fail-on error "$deb"

cleanup() { dpkg --purge mrtrack >/dev/null 2>&1 || true; }
trap cleanup EXIT
dpkg -i "$deb"

test -x /usr/bin/mrtrackd && test -x /usr/bin/mrtrack
grep -qx /etc/mrtrack/mrtrack.toml /var/lib/dpkg/info/mrtrack.conffiles
/usr/bin/mrtrackd --check-config /etc/mrtrack/mrtrack.toml
/usr/bin/mrtrack --help >/dev/null
grep -q '^ExecStart=/usr/bin/mrtrackd --config /etc/mrtrack/mrtrack.toml$' /lib/systemd/system/mrtrackd.service
systemd-analyze verify /lib/systemd/system/mrtrackd.service
test -s /usr/share/man/man1/mrtrackd.1.gz && test -s /usr/share/man/man1/mrtrack.1.gz
test -s /usr/share/doc/mrtrack/copyright && test -s /usr/share/doc/mrtrack/API.md

dpkg --purge mrtrack
trap - EXIT
if [ -e /usr/bin/mrtrackd ] || [ -e /etc/mrtrack/mrtrack.toml ]; then
  echo "test-package: files left after purge" >&2
  exit 1
fi
echo "package: 1 passed, 0 failed"

#!/usr/bin/env bash
# Installs everything pgconnect's demo and tests need on a fresh machine, and does nothing when it is all there:
# Debian packages (when root), the npm dependencies, the TypeScript build and the libpq 18 oracle.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

# Debian packages: libpq headers for the oracle, OpenSSH for tunnel tests, PostgreSQL 15 as a second server
# version and its psql client (the reference the sslmode matrix compares with), Chromium for browser tests,
# and a Secret Service (gnome-keyring) for the keychain tests.
need=()
[ -f /usr/include/postgresql/libpq-fe.h ] || need+=(libpq-dev)
command -v sshd >/dev/null 2>&1 || [ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
[ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql-15)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v cc >/dev/null 2>&1 || need+=(gcc libc6-dev)
# A real Secret Service for the keychain tests: gnome-keyring under a private D-Bus session.
command -v gnome-keyring-daemon >/dev/null 2>&1 || need+=(gnome-keyring)
command -v dbus-run-session >/dev/null 2>&1 || need+=(dbus-daemon)
command -v secret-tool >/dev/null 2>&1 || need+=(libsecret-tools)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    say "installing Debian packages: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    say "missing Debian packages: ${need[*]} (run as root, or: sudo apt-get install ${need[*]})"
  fi
fi

# npm dependencies: install when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  npm ci --no-audit --no-fund --loglevel=error
else
  say "npm dependencies are up to date"
fi

say "building"
npx tsc -b packages/core packages/bridge
# The demo page's bundle (esbuild), which `pgconnect demo` serves.
node packages/bridge/demo-page/build.mjs

# The oracle: real libpq 18 (from embedded-postgres) parsing connection strings, for conformance tests.
oracle=.cache/libpq-parse
if [ ! -x "$oracle" ] || [ ../shared/oracle/libpq-parse.c -nt "$oracle" ] 2>/dev/null; then
  if [ -f ../shared/oracle/build.sh ]; then
    mkdir -p .cache
    bash ../shared/oracle/build.sh . "$oracle" || say "could not build the libpq oracle"
  else
    say "../shared/oracle is not here; conformance tests use the committed fixtures only"
  fi
fi

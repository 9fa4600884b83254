#!/usr/bin/env bash
# `npm start`: installs and builds what is missing (scripts/setup.sh), then runs `pgconnect demo`: a throwaway
# PostgreSQL 18 with TLS and demo roles, the bridge, and the demo page. Ctrl-C stops it all and cleans up.
# Arguments go to the demo: npm start -- --port 8080
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# exec: Ctrl-C and SIGTERM reach the demo itself, which stops PostgreSQL and removes its files before exiting.
exec node packages/bridge/bin/pgconnect.js demo "$@"

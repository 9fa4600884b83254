#!/usr/bin/env bash
# The whole test suite, from a fresh clone: set-up, type check and lint, then every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsc -p tsconfig.check.json
npx tsc -p packages/components
npx tsc -p packages/bridge/demo-page
npx tsc -p examples
npx eslint .
npx vitest run "$@"
# The elements, in the system Chromium.
npm run test -w @pgconnect/components

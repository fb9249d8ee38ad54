#!/usr/bin/env bash
# The whole test suite: set-up (npm packages, Semgrep in .venv, build, Chromium), vitest, then one plain closing line.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test || exit 1
mkdir -p test-output
npx --no-install vitest run --reporter=default --reporter=json --outputFile.json=test-output/vitest.json
code=$?
node scripts/test-summary.mjs test-output/vitest.json || code=1
exit $code

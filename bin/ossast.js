#!/usr/bin/env node
// Runs the bundled CLI (npm run build / scripts/setup.sh compile it into dist/src and bundle it into dist/bundle).
// CommonJS (bin/package.json): Node.js starts a CommonJS file without setting up its ES module loader, 3-4 ms of
// every command's start; the main bundle, an ES module, is still reached by import().
'use strict';
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');

// Node.js 22.1 and later keep the compiled code of every module between runs (in the system's temporary folder;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off); Node.js 20 has no such cache and starts as before.
require('node:module').enableCompileCache?.();

// Each command has a bundle of its own, one file (scripts/bundle.mjs): `ossast scan ...` loads `scan-cli.cjs`, with
// the code cache the build made for it (bin/command-bundle.js). The main bundle answers the rest: --version, --help,
// options before the command, a word that is no command.
const bundles = join(__dirname, '..', 'dist', 'bundle');
const main = join(bundles, 'ossast.js');
const word = process.argv[2] ?? '';
const own = /^[a-z]+$/.test(word) ? join(bundles, `${word}-cli.cjs`) : undefined;

async function start() {
  // First of all: the token and the cache key out of this process's own environment (bin/seal-env.js).
  require('./seal-env.js').sealSecrets();
  if (own && existsSync(own)) return require('./command-bundle.js').loadCommandBundle(own).exports.run();
  if (!existsSync(main)) {
    process.stderr.write('ossast: not built yet. Run `npm ci` (or `bash scripts/setup.sh`) in the ossast folder first.\n');
    process.exitCode = 2;
    return undefined;
  }
  return import(pathToFileURL(main).href);
}

// A command sets its own exit code and reports its own errors; what escapes it (a bundle that cannot load) is a run
// that could not complete: exit 3, never a code that reads as a verdict.
start().catch((error) => {
  process.stderr.write(`ossast: could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n  Rebuild with \`npm ci\` (or \`bash scripts/setup.sh\`) in the ossast folder; if it persists, report it.\n`);
  process.exitCode = 3;
});

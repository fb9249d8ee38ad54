#!/usr/bin/env node
// The `ossast` command: runs the compiled CLI (dist/src/cli/bin.js; `npm run build` or scripts/setup.sh makes it).
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';
import { nodeProblem } from './node-check.js';
import { sealSecrets } from './seal-env.js';

// An unsupported Node.js is refused before anything else (exit 2: nothing was done).
const engines = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines?.node ?? '';
const problem = nodeProblem(process.versions.node, engines);
if (problem) {
  const clone = existsSync(new URL('../scripts/node', import.meta.url)) ? '; in a clone of ossast, `scripts/node bin/ossast.js …` runs the one scripts/setup.sh installed' : '';
  process.stderr.write(`ossast: ${problem} (${process.execPath}).\n  Install Node.js 22 (22.15 or later) or 24, or put one first on PATH${clone}.\n`);
  process.exit(2);
}

// First of all: the token and the cache key out of this process's own environment (bin/seal-env.js).
sealSecrets();

// Node.js keeps the compiled code of every module between runs, in the system's temporary folder
// (NODE_DISABLE_COMPILE_CACHE=1 turns it off).
module.enableCompileCache?.();

const cli = new URL('../dist/src/cli/bin.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('ossast: not built yet. Run `npm ci` (or `bash scripts/setup.sh`) in the ossast folder first.\n');
  process.exitCode = 2;
} else {
  // The command sets its own exit code and reports its own errors; what escapes it (a build that cannot load) is a
  // run that could not complete: exit 3, never a code that reads as a verdict.
  await import(cli.href).catch((error) => {
    process.stderr.write(`ossast: could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n  Rebuild with \`npm ci\` (or \`bash scripts/setup.sh\`) in the ossast folder; if it persists, report it.\n`);
    process.exitCode = 3;
  });
}

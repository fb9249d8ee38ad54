#!/usr/bin/env node
// The `ossast` command: runs the compiled CLI (dist/src/cli/bin.js; `npm run build` or scripts/setup.sh makes it).
import { existsSync } from 'node:fs';
import module from 'node:module';
import { sealSecrets } from './seal-env.js';

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

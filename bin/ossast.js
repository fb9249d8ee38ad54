#!/usr/bin/env node
// Runs the bundled CLI (npm run build / scripts/setup.sh compile it into dist/src and bundle it into dist/bundle).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import module from 'node:module';

// Node.js 22.1 and later keep the compiled code of every module between runs (in the system's temporary folder;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off); Node.js 20 has no such cache and starts as before.
module.enableCompileCache?.();

const entry = new URL('../dist/bundle/ossast.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('ossast: not built yet. Run `npm ci` (or `bash scripts/setup.sh`) in the ossast folder first.\n');
  process.exitCode = 2;
} else {
  await import(entry.href);
}

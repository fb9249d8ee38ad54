// Bundles the compiled CLI (dist/src, from tsc) into dist/bundle with esbuild: the command and its two worker scripts,
// sharing chunks, each command still loaded only when it runs. One file per command instead of ~150 modules, and only
// the parts of zod a command uses, is what keeps `ossast --version` and `ossast gate` close to `node -e 0`
// (bench/startup.ts). Usage: node scripts/bundle.mjs [--analyze]
import { build } from 'esbuild';
import { renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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

const result = await build({
  plugins: [englishOnly],
  absWorkingDir: root,
  // The worker scripts sit beside the chunks that start them (src/util/worker-file.ts looks there).
  entryPoints: {
    ossast: 'dist/src/cli/bin.js',
    'write-worker': 'dist/src/extract/write-worker.js',
    worker: 'dist/src/merge/worker.js',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  // Smaller text is less to parse at every start; names are kept, so stack traces still read.
  minify: true,
  keepNames: false,
  legalComments: 'eof',
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  // Dependencies written as CommonJS (commander, yauzl, ...) call require() for Node.js's own modules.
  banner: { js: "import { createRequire as __ossastCreateRequire } from 'node:module'; const require = __ossastCreateRequire(import.meta.url);" },
});

rmSync(`${target}.old.${process.pid}`, { recursive: true, force: true });
try {
  renameSync(target, `${target}.old.${process.pid}`);
} catch (err) {
  if (err.code !== 'ENOENT') throw err;
}
renameSync(outdir, target);
rmSync(`${target}.old.${process.pid}`, { recursive: true, force: true });

if (process.argv.includes('--analyze')) {
  for (const [file, out] of Object.entries(result.metafile.outputs)) {
    if (file.endsWith('.map')) continue;
    const inputs = Object.keys(out.inputs);
    const zod = inputs.filter((i) => i.includes('node_modules/zod/')).length;
    console.log(`${file}  ${(out.bytes / 1024).toFixed(0)} KiB  ${inputs.length} input(s)${zod ? `, ${zod} from zod` : ''}${out.entryPoint ? `  (entry ${out.entryPoint})` : ''}`);
  }
}

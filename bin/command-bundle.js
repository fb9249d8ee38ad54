// Loads one command's bundle (`dist/bundle/<command>-cli.cjs`, scripts/bundle.mjs) with V8's code cache: the build
// compiles each bundle once, runs its top level and keeps the bytecode V8 made (`<command>-cli.cjs.v8cache`), so a
// run deserialises that instead of parsing and compiling the bundle again. Node.js 20 has no compile cache of its own
// (Node.js 22 has one, for modules it loads itself), and compiling the scan bundle costs about a fifth of ossast's own
// CPU in a small scan.
//
// The cache file is the SHA-256 of the bundle's bytes, then V8's data. V8 checks its own version and flags, but of
// the source only its length: without the hash, a bundle edited to the same length would run the old bytecode. A cache
// that is absent, stale, from another Node.js or V8 refuses is not used; the bundle is then compiled as usual.
const { readFileSync } = process.getBuiltinModule('node:fs');
const { dirname } = process.getBuiltinModule('node:path');
const { pathToFileURL } = process.getBuiltinModule('node:url');
const { createRequire } = process.getBuiltinModule('node:module');
const { createHash } = process.getBuiltinModule('node:crypto');
const vm = process.getBuiltinModule('node:vm');

// CommonJS's parameters, and `__lazy`: the gate's import() of the main bundle's lazy entries (scripts/bundle.mjs
// renames them to this six-letter name, so the columns of its source map hold). Code compiled by vm.Script has no
// import() of its own on Node.js 20 once it comes from a code cache.
const head = '(function (exports, require, module, __filename, __dirname, __lazy) {';
const tail = '\n})';
const HASH_BYTES = 32;

/** The cache of `file`, or why there is none: `absent` (no file) or `stale` (made for other bytes of the bundle). */
function readCache(file, source) {
  let bytes;
  try {
    bytes = readFileSync(`${file}.v8cache`);
  } catch {
    return { state: 'absent' };
  }
  const hash = createHash('sha256').update(source).digest();
  if (bytes.length <= HASH_BYTES || !hash.equals(bytes.subarray(0, HASH_BYTES))) return { state: 'stale' };
  return { state: 'found', data: bytes.subarray(HASH_BYTES) };
}

/**
 * Compiles and runs the top level of the bundle `file`; returns its exports (`run` starts the command), the compiled
 * script (for the build to take its cache from) and what became of the cache: accepted, rejected (by V8), stale, absent
 * or unused (`useCache` false).
 */
export function loadCommandBundle(file, useCache = true) {
  const source = readFileSync(file);
  const cache = useCache ? readCache(file, source) : { state: 'unused' };
  const script = new vm.Script(`${head}${source.toString('utf8')}${tail}`, { filename: file, cachedData: cache.data });
  const state = cache.data ? (script.cachedDataRejected ? 'rejected' : 'accepted') : cache.state;
  const module = { exports: {} };
  const url = pathToFileURL(file);
  const lazy = (specifier) => import(new URL(specifier, url).href);
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file), lazy);
  return { exports: module.exports, script, cache: state };
}

/** The cache file's bytes for `file` compiled as `script` (after its top level ran: what that compiled is kept). */
export function codeCacheBytes(file, script) {
  return Buffer.concat([createHash('sha256').update(readFileSync(file)).digest(), script.createCachedData()]);
}

// Loads one command's bundle (`dist/bundle/<command>-cli.cjs`, scripts/bundle.mjs) with V8's code cache: the build
// compiles each bundle once, runs its top level and keeps the bytecode V8 made, so a run deserialises that instead of
// parsing and compiling the bundle again. Node.js 20 has no compile cache of its own, and compiling the scan bundle
// costs about a fifth of ossast's own CPU in a small scan.
//
// The cache file (`<bundle>.<V8 version>.v8cache`) is the SHA-256 of the bundle's bytes, then V8's data. V8 checks its
// own version and flags, but of the source only its length: without the hash, a bundle edited to the same length
// would run the old bytecode. Without a cache for this V8, or with one made for other bytes, the bundle is loaded by
// Node.js's own loader, as any CommonJS file (with Node.js's compile cache from 22.1 on).
'use strict';
const { readFileSync } = require('node:fs');
const { dirname } = require('node:path');
const { pathToFileURL } = require('node:url');
const { createRequire } = require('node:module');
const { createHash } = require('node:crypto');
const vm = require('node:vm');

// CommonJS's parameters, and `__lazy`: the gate's import() of the main bundle's lazy entries (scripts/bundle.mjs
// renames them to this six-letter name, so the columns of its source map hold). Code compiled by vm.Script cannot run
// import() on Node.js 20 once it comes from a code cache; loaded by require, the bundle defines `__lazy` itself.
/** The text vm.Script compiles for a bundle's text: a function of those parameters. */
const wrapSource = (text) => `(function (exports, require, module, __filename, __dirname, __lazy) {${text}\n})`;
const HASH_BYTES = 32;
const sha256 = (bytes) => createHash('sha256').update(bytes).digest();

/** The code cache file of the bundle `file` for the V8 that runs. */
const codeCacheFile = (file) => `${file}.${process.versions.v8}.v8cache`;

/**
 * Compiles the bundle `file` with vm.Script (with `cachedData` when given) and runs its top level. `filename` names the
 * script in stack traces; the build gives the path the bundle will have, since a code cache made by Node.js 20's V8
 * keeps the name the script had when the cache was made.
 */
function compileCommandBundle(file, source = readFileSync(file), cachedData = undefined, filename = file) {
  const script = new vm.Script(wrapSource(source.toString('utf8')), { filename, cachedData });
  const module = { exports: {} };
  const url = pathToFileURL(file);
  const lazy = (specifier) => import(new URL(specifier, url).href);
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file), lazy);
  return { exports: module.exports, script };
}

/**
 * Loads the bundle `file` and runs its top level; `exports.run()` starts the command. `cache` says how: `accepted` or
 * `rejected` (by V8: compiled anew), or, by Node.js's loader, `absent` (no cache for this V8) or `stale` (made for
 * other bytes of the bundle).
 */
function loadCommandBundle(file) {
  const byNode = (cache) => ({ exports: require(file), cache });
  let bytes;
  try {
    bytes = readFileSync(codeCacheFile(file));
  } catch {
    return byNode('absent');
  }
  const source = readFileSync(file);
  if (bytes.length <= HASH_BYTES || !sha256(source).equals(bytes.subarray(0, HASH_BYTES))) return byNode('stale');
  const { exports, script } = compileCommandBundle(file, source, bytes.subarray(HASH_BYTES));
  return { exports, cache: script.cachedDataRejected ? 'rejected' : 'accepted' };
}

/** The cache file's bytes for `file` compiled as `script` (after its top level ran: what that compiled is kept). */
function codeCacheBytes(file, script) {
  return Buffer.concat([sha256(readFileSync(file)), script.createCachedData()]);
}

module.exports = { wrapSource, codeCacheFile, compileCommandBundle, loadCommandBundle, codeCacheBytes };

// `ossast scan --cache`: a second run over the same package scans nothing and writes the same log.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tempDir } from '../support/tmp.js';
import { writeAppPackage } from '../support/zip.js';
import { runCli } from '../support/cli.js';
import { guardedWorkspace } from '../support/hostile.js';
import { testCatalog } from '../support/lifetime.js';
import { startLifetimeSimulator } from '../../src/demo/lifetime-simulator/index.js';

const dir = tempDir();
const platform = '/* OutSystems runtime (test stand-in) */\nfunction run(code) { return eval(code); }\n';
const module = (name: string, sql: string) => ({
  [`${name}.csproj`]: '<Project />',
  'scripts/OutSystems.js': platform,
  [`Actions/Action${name}.cs`]: `namespace ss${name} { class A { void F(string q) { string sql = "SELECT * FROM T WHERE N = '" + q + "'"${sql}; } } }\n`,
  [`scripts/${name}.controller.js`]: `define("${name}", [], function () { document.getElementById("x").innerHTML = location.hash; });\n`,
});
const out = join(dir, 'out');
const cache = join(dir, 'cache');
/** The files of a cache folder's per-file entries. */
const fileEntries = (at: string) =>
  readdirSync(join(at, 'file'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

async function scan(zip: string, env: NodeJS.ProcessEnv = { OSSAST_CACHE_KEY: '' }, cacheDir = cache) {
  const r = await runCli(['scan', zip, '--out', out, '--cache', cacheDir, '--format', 'sarif,manifest', '--quiet'], { env });
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  const sarif = readFileSync(join(out, 'results.sarif'), 'utf8');
  return { ...r, cache: manifest.scanners[0].cache, targets: manifest.targets, sarif };
}
/** The log without the times of its invocations (the only thing that differs between two runs). */
const timeless = (sarif: string) => sarif.replace(/"(startTimeUtc|endTimeUtc)": "[^"]*"/g, '"$1": "-"');
const timelessTargets = (targets: { extraction?: object; retrieval?: object }[]) => targets.map(({ extraction: _e, retrieval: _r, ...t }) => t);

describe('scan --cache', () => {
  let first: Awaited<ReturnType<typeof scan>>;

  it('a second run over an unchanged package scans no file and writes the same log', async () => {
    const zip = await writeAppPackage(join(dir, 'Shop.zip'), { ShopCore: module('ShopCore', ''), ShopUI: module('ShopUI', '') });
    first = await scan(zip);
    expect(first.code).toBe(1);
    // 8 files; the two identical OutSystems.js (same name, same bytes) are scanned once.
    expect(first.cache).toEqual({ files: 8, scanned: 7, fromCache: 0, resultsFromCache: 0, authenticated: false });
    const second = await scan(zip);
    expect(second.code).toBe(1);
    expect(second.cache).toEqual({ files: 8, scanned: 0, fromCache: 8, resultsFromCache: expect.any(Number), authenticated: false });
    expect(second.cache.resultsFromCache).toBeGreaterThan(0);
    expect(timeless(second.sarif)).toBe(timeless(first.sarif));
    expect(timelessTargets(second.targets)).toEqual(timelessTargets(first.targets));
  });

  it('rescans a changed file alone', async () => {
    const zip = await writeAppPackage(join(dir, 'Shop.zip'), { ShopCore: module('ShopCore', ' + q'), ShopUI: module('ShopUI', '') });
    const third = await scan(zip);
    expect(third.cache).toEqual({ files: 8, scanned: 1, fromCache: 7, resultsFromCache: expect.any(Number), authenticated: false });
    expect(third.code).toBe(1);
  });

  it('warns that a cache without a key is not authenticated, and the manifest says so', async () => {
    const again = await scan(join(dir, 'Shop.zip'));
    expect(again.stderr).toContain(
      `cache ${cache}: entries are not authenticated, because environment variable OSSAST_CACHE_KEY (cache.keyEnv) is not set: whoever can write this folder (a CI cache other pipelines save) can forge scan results.`,
    );
    expect(again.cache.authenticated).toBe(false);
  });

  it('warns about corrupt entries, ignores them, and reaches the same verdict', async () => {
    const entries = fileEntries(cache);
    for (const e of entries) writeFileSync(e, '[1, 2');
    const zip = join(dir, 'Shop.zip');
    const again = await scan(zip);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`cache entry ${entries[0]} ignored: it is not valid JSON`);
    expect(again.cache).toEqual({ files: 8, scanned: 7, fromCache: 0, resultsFromCache: 0, authenticated: false });
  });
});

describe('scan --cache with a cache key (cache.keyEnv)', () => {
  // Random-looking, as a real key is: a key that shares 12 characters with a temp folder's name ("ossast-test-") would mask them.
  const KEY = '5f2c9e01a7d3b8e4c6f0a9b1c2d3e4f5a6b7c8d9';
  const keyed = join(dir, 'keyed-cache');
  /** The entry of the file whose Semgrep outcome has results (the vulnerable C# action), and its text. */
  const withResults = (at: string) =>
    fileEntries(at)
      .map((f) => ({ f, text: readFileSync(f, 'utf8') }))
      .find((e) => /"results":\[\{/.test(e.text))!;

  it('writes authenticated entries, reads them back, and never shows the key', async () => {
    const zip = await writeAppPackage(join(dir, 'Keyed.zip'), { ShopCore: module('ShopCore', ''), ShopUI: module('ShopUI', '') });
    const first = await scan(zip, { OSSAST_CACHE_KEY: KEY }, keyed);
    expect(first.code).toBe(1);
    expect(first.cache).toEqual({ files: 8, scanned: 7, fromCache: 0, resultsFromCache: 0, authenticated: true });
    expect(first.stderr).not.toContain('entries are not authenticated');
    expect(readFileSync(fileEntries(keyed)[0]!, 'utf8')).toMatch(/^ossast-hmac-sha256:[0-9a-f]{64}\n\{/);
    const second = await scan(zip, { OSSAST_CACHE_KEY: KEY }, keyed);
    expect(second.cache).toEqual({ files: 8, scanned: 0, fromCache: 8, resultsFromCache: expect.any(Number), authenticated: true });
    expect(timeless(second.sarif)).toBe(timeless(first.sarif));
    const written = [out, keyed].flatMap((d) =>
      readdirSync(d, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => readFileSync(join(e.parentPath, e.name), 'latin1')),
    );
    for (const text of [first.stdout, first.stderr, second.stdout, second.stderr, ...written]) expect(text).not.toContain(KEY);
  });

  it('ignores a forged entry that would hide a finding (its results emptied, its code kept): the finding stays, exit 1', async () => {
    const zip = join(dir, 'Keyed.zip');
    const honest = await scan(zip, { OSSAST_CACHE_KEY: KEY }, keyed);
    const { f, text } = withResults(keyed);
    // What someone who can write the cache but has no key can do: the same entry, its results removed, its code kept.
    const nl = text.indexOf('\n');
    writeFileSync(f, `${text.slice(0, nl + 1)}${JSON.stringify({ ...JSON.parse(text.slice(nl + 1)), results: [] })}`);
    expect(readFileSync(f, 'utf8')).not.toBe(text);
    const forged = await scan(zip, { OSSAST_CACHE_KEY: KEY }, keyed);
    expect(forged.stderr).toContain(`cache entry ${f} ignored: its authentication code does not match (written with another cache key, or changed since), so it may be forged`);
    expect(forged.code).toBe(1);
    // That one file is scanned again (two files, when it is the platform script both modules hold); the rest is cached.
    expect(forged.cache).toMatchObject({ files: 8, scanned: 1, authenticated: true });
    expect(forged.cache.fromCache).toBeGreaterThanOrEqual(6);
    expect(timeless(forged.sarif)).toBe(timeless(honest.sarif));
  });

  it('ignores entries written without the key, or with another key, and refuses a key too short (exit 2)', async () => {
    const zip = join(dir, 'Keyed.zip');
    const plain = join(dir, 'plain-cache');
    await scan(zip, { OSSAST_CACHE_KEY: '' }, plain);
    const unkeyed = await scan(zip, { OSSAST_CACHE_KEY: KEY }, plain);
    expect(unkeyed.stderr).toContain('ignored: it carries no authentication code (written without a cache key), so it may be forged');
    expect(unkeyed.cache).toMatchObject({ scanned: 7, fromCache: 0, authenticated: true });
    const otherKey = await scan(zip, { OSSAST_CACHE_KEY: `${KEY}-rotated` }, keyed);
    expect(otherKey.stderr).toContain('ignored: its authentication code does not match');
    expect(otherKey.cache).toMatchObject({ scanned: 7, fromCache: 0 });
    expect(otherKey.code).toBe(1);
    // Refused before anything is written: nothing in the test's folder changes (the output folder aside).
    const ws = guardedWorkspace(dir);
    const short = await runCli(['scan', zip, '--out', out, '--cache', keyed, '--quiet'], { env: { OSSAST_CACHE_KEY: 'short-key' } });
    expect(short.code).toBe(2);
    ws.unchanged();
    expect(short.stderr).toContain('the cache key in environment variable OSSAST_CACHE_KEY (cache.keyEnv) has 9 characters, fewer than the 32 ossast accepts');
    expect(short.stderr).toContain('openssl rand -hex 32');
    expect(short.stderr).not.toContain('short-key');
  });
});

describe('run --cache against LifeTime', () => {
  it('a second run with unchanged module versions sends no packaging request and writes the same log', async () => {
    const TOKEN = 'lt-cache-e2e-token-93b1';
    mkdirSync(join(dir, 'lt'));
    const sim = await startLifetimeSimulator({ catalog: await testCatalog(join(dir, 'lt')), token: TOKEN, packagingPolls: 0 });
    try {
      const ltOut = join(dir, 'lt-out');
      const run = async () => {
        const r = await runCli(['run', '--lifetime-url', sim.url, '--environment', 'Production', '--app', 'Shop', '--out', ltOut, '--cache', join(dir, 'lt-cache'), '--format', 'sarif,manifest', '--quiet'], {
          env: { LIFETIME_TOKEN: TOKEN },
          cwd: dir,
        });
        const manifest = JSON.parse(readFileSync(join(ltOut, 'manifest.json'), 'utf8'));
        return { ...r, manifest, sarif: readFileSync(join(ltOut, 'results.sarif'), 'utf8') };
      };
      const posts = () => sim.requests.filter((q) => q.method === 'POST' && q.path.endsWith('/sourcecodeaccess')).length;
      const first = await run();
      expect(posts()).toBe(1);
      const second = await run();
      expect(posts()).toBe(1);
      expect(sim.requests.filter((q) => q.path.includes('/downloads/'))).toHaveLength(1);
      expect(second.code).toBe(first.code);
      expect(second.manifest.targets.map((t: { lifetime?: { fromCache?: boolean } }) => t.lifetime?.fromCache)).toEqual([true, true]);
      expect(second.manifest.scanners[0].cache.scanned).toBe(0);
      expect(timeless(second.sarif)).toBe(timeless(first.sarif));
      expect(`${first.stdout}${first.stderr}${second.stdout}${second.stderr}${second.sarif}`).not.toContain(TOKEN);
    } finally {
      await sim.close();
    }
  });
});

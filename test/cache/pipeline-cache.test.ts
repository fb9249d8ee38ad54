// `ossast scan --cache`: a second run over the same package scans nothing and writes the same log.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tempDir } from '../support/tmp.js';
import { writeAppPackage } from '../support/zip.js';
import { runCli } from '../support/cli.js';
import { testCatalog } from '../support/lifetime.js';
import { startLifetimeSimulator } from '../../fixtures/lifetime-simulator/index.js';

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

async function scan(zip: string) {
  const r = await runCli(['scan', zip, '--out', out, '--cache', cache, '--format', 'sarif,manifest', '--quiet']);
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
    expect(first.cache).toEqual({ files: 8, scanned: 7, fromCache: 0, resultsFromCache: 0 });
    const second = await scan(zip);
    expect(second.code).toBe(1);
    expect(second.cache).toEqual({ files: 8, scanned: 0, fromCache: 8, resultsFromCache: expect.any(Number) });
    expect(second.cache.resultsFromCache).toBeGreaterThan(0);
    expect(timeless(second.sarif)).toBe(timeless(first.sarif));
    expect(timelessTargets(second.targets)).toEqual(timelessTargets(first.targets));
  });

  it('rescans a changed file alone', async () => {
    const zip = await writeAppPackage(join(dir, 'Shop.zip'), { ShopCore: module('ShopCore', ' + q'), ShopUI: module('ShopUI', '') });
    const third = await scan(zip);
    expect(third.cache).toEqual({ files: 8, scanned: 1, fromCache: 7, resultsFromCache: expect.any(Number) });
    expect(third.code).toBe(1);
  });

  it('warns about corrupt entries, ignores them, and reaches the same verdict', async () => {
    const entries = readdirSync(join(cache, 'file'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
    for (const e of entries) writeFileSync(e, '[1, 2');
    const zip = join(dir, 'Shop.zip');
    const again = await scan(zip);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`cache entry ${entries[0]} ignored: it is not valid JSON`);
    expect(again.cache).toEqual({ files: 8, scanned: 7, fromCache: 0, resultsFromCache: 0 });
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
        const r = await runCli(['run', '--lifetime-url', sim.url, '--environment', 'Production', '--app', 'Shop', '--out', ltOut, '--cache', join(dir, 'lt-cache'), '--format', 'sarif,manifest', '--quiet'], { env: { LIFETIME_TOKEN: TOKEN }, cwd: dir });
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

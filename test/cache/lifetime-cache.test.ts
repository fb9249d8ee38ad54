// LifeTime packages from the cache: unchanged module versions mean no packaging request at all (against the simulator).
import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { retrieveAll } from '../../src/retrieve/index.js';
import { lifetimeConfigSchema } from '../../src/retrieve/config.js';
import { startLifetimeSimulator, type SimCatalog, type Simulator } from '../../src/demo/lifetime-simulator/index.js';
import { createMemoryLogger } from '../../src/util/log.js';
import { CacheStore } from '../../src/cache/store.js';
import { tempDir } from '../support/tmp.js';
import { testCatalog } from '../support/lifetime.js';
import { expectNoToken } from '../support/hostile.js';

const TOKEN = 'lt-test-token-cache-5d1e';
const dir = tempDir();
const cacheDir = join(dir, 'cache');
const catalog: Promise<SimCatalog> = testCatalog(dir);
let sim: Simulator | undefined;
afterAll(() => sim?.close());

let n = 0;
let port: number | undefined;
async function fetchShop() {
  // The same LifeTime each time (its URL is part of the key): the same port.
  await sim?.close();
  sim = await startLifetimeSimulator({ catalog: await catalog, token: TOKEN, ...(port ? { port } : {}) });
  port = Number(new URL(sim.url).port);
  const log = createMemoryLogger();
  const warnings: string[] = [];
  const cache = await CacheStore.open(cacheDir, (m) => warnings.push(m));
  const config = lifetimeConfigSchema.parse({ url: sim.url, environment: 'Production', applications: ['Shop'], pollIntervalSeconds: 0.02, requestTimeoutSeconds: 2 });
  const result = await retrieveAll(config, { token: TOKEN, downloadDir: join(dir, `dl-${n++}`), log, cache });
  const packaging = sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/sourcecodeaccess'));
  const downloads = sim.requests.filter((r) => r.path.includes('/downloads/'));
  expect([...log.lines, ...warnings].join('\n'), 'the token must never appear in any output').not.toContain(TOKEN);
  // The cache lies outside the output folder: no file in it may hold the token either (raw, escaped or encoded).
  expectNoToken(TOKEN, { dirs: [cacheDir, dir] });
  return { result, packaging, downloads, warnings, log };
}

describe('LifeTime packages from the cache', () => {
  let sha256 = '';

  it('fetches and keeps the package the first time', async () => {
    const { result, packaging, downloads } = await fetchShop();
    expect(packaging).toHaveLength(1);
    expect(downloads).toHaveLength(1);
    sha256 = result.packages[0]!.sha256;
    expect(result.packages[0]!.record.lifetime?.fromCache).toBeUndefined();
  });

  it('sends no packaging request and downloads nothing when no module version changed', async () => {
    const { result, packaging, downloads, log } = await fetchShop();
    expect(packaging).toEqual([]);
    expect(downloads).toEqual([]);
    expect(result.failures).toEqual([]);
    expect(result.packages[0]!.sha256).toBe(sha256);
    expect(result.packages[0]!.record.lifetime?.fromCache).toBe(true);
    expect(log.lines.join('\n')).toContain('Shop: module versions unchanged; package taken from the cache');
  });

  it('packages again when one module has a new version', async () => {
    (await catalog).applications[0]!.modules[0]!.version = 2;
    const { packaging, result } = await fetchShop();
    expect(packaging).toHaveLength(1);
    expect(result.packages[0]!.record.lifetime?.fromCache).toBeUndefined();
    const again = await fetchShop();
    expect(again.packaging).toEqual([]);
  });

  it('ignores a kept package whose bytes were changed, with a warning, and fetches it again', async () => {
    const zips = readdirSync(join(cacheDir, 'package'), { recursive: true, withFileTypes: true })
      .filter((e) => e.name.endsWith('.zip'))
      .map((e) => join(e.parentPath, e.name));
    for (const z of zips) writeFileSync(z, Buffer.alloc(statSync(z).size, 0x41));
    const { packaging, warnings, result } = await fetchShop();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^cache entry .*\/package\/.*\.json ignored: its package .*\.zip does not have the SHA-256 the entry records; the package is fetched from LifeTime$/);
    expect(packaging).toHaveLength(1);
    expect(result.packages[0]!.record.lifetime?.fromCache).toBeUndefined();
  });
});

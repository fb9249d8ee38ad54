// Provenance: the real LifeTime client reads what runs before packaging and after the download, against the simulator.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { retrieveAll } from '../../src/retrieve/index.js';
import { compareReads, inconsistency, provenanceOf } from '../../src/retrieve/provenance.js';
import { lifetimeConfigSchema } from '../../src/retrieve/config.js';
import { startLifetimeSimulator, simKey, type SimCatalog, type SimOptions, type Simulator } from '../../src/demo/lifetime-simulator/index.js';
import { createMemoryLogger } from '../../src/util/log.js';
import { targetProvenanceSchema } from '../../src/model/run-record.js';
import { tempDir } from '../support/tmp.js';
import { testCatalog } from '../support/lifetime.js';

const TOKEN = 'lt-prov-token-4c2e8a6d1f';
const dir = tempDir();
let catalog: SimCatalog;
let sim: Simulator | undefined;
beforeAll(async () => {
  catalog = await testCatalog(dir);
  catalog.environments[1]!.OSVersion = '11.31.0.44000';
});
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function fetchWith(simOpts: SimOptions, cfg: Record<string, unknown> = {}) {
  sim = await startLifetimeSimulator({ catalog, token: TOKEN, ...simOpts });
  const log = createMemoryLogger();
  const config = lifetimeConfigSchema.parse({ url: sim.url, environment: 'Production', applications: ['Shop'], pollIntervalSeconds: 0.02, requestTimeoutSeconds: 2, retries: 1, ...cfg });
  const result = await retrieveAll(config, { token: TOKEN, downloadDir: join(dir, `dl-${Math.random().toString(36).slice(2)}`), log, backoffBaseMs: 20 });
  expect([...log.lines, JSON.stringify(result)].join('\n')).not.toContain(TOKEN);
  return { result, sim: sim, log };
}

describe('provenance of the running code', () => {
  it('records environment, platform version, application version, IsModified, module versions, package key, origin and SHA-256', async () => {
    const { result, sim: s } = await fetchWith({});
    expect(result.provenance).toHaveLength(1);
    const p = targetProvenanceSchema.parse(result.provenance[0]);
    const prod = simKey('env', 'Prod');
    expect(p).toMatchObject({ target: 'Shop', consistent: true, changes: [] });
    expect(p.before.environment).toEqual({ key: prod, name: 'Production', platformVersion: '11.31.0.44000' });
    expect(p.before.application).toEqual({ key: simKey('app', 'Shop'), name: 'Shop', versionKey: expect.any(String), version: '1.0', isModified: false });
    expect(p.before.modules.map((m) => [m.name, m.kind])).toEqual([
      ['ShopCore', 'eSpace'],
      ['ShopExt', 'Extension'],
      ['ShopUI', 'eSpace'],
    ]);
    expect(p.before.modules[0]).toEqual({ key: simKey('mod', 'ShopCore'), name: 'ShopCore', kind: 'eSpace', moduleVersionKey: simKey('version', `${simKey('mod', 'ShopCore')}:${prod}:1`), generalHash: expect.any(String) });
    expect(p.after).toEqual({ ...p.before, readAt: p.after!.readAt });
    expect(p.package).toEqual({ key: result.packages[0]!.record.lifetime!.packageKey, origin: s.url, sha256: createHash('sha256').update(readFileSync(catalog.applications[0]!.zip)).digest('hex'), bytes: result.packages[0]!.bytes });
    // Both reads come before the POST and after the download, on the documented endpoints.
    const paths = s.requests.map((r) => `${r.method} ${r.path.replace(/^\/lifetimeapi\/rest\/v2/, '')}`);
    const post = paths.findIndex((x) => x.startsWith('POST'));
    const dl = paths.findIndex((x) => x.includes('/downloads/'));
    const appReads = paths.flatMap((x, i) => (x === `GET /environments/${prod}/applications/${simKey('app', 'Shop')}/` ? [i] : []));
    expect(appReads).toHaveLength(2);
    expect(appReads[0]).toBeLessThan(post);
    expect(appReads[1]).toBeGreaterThan(dl);
    expect(paths).toContain(`GET /environments/${prod}/`);
    expect(paths.some((x) => /^GET \/modules\/[^/]+\/versions\/[^/]+\/$/.test(x))).toBe(true);
  });

  it('a module version that changes during packaging makes the target inconsistent, with both values', async () => {
    const { result } = await fetchWith({ faults: [{ endpoint: 'status', target: 'Shop', times: 1, action: { kind: 'publishModule', module: 'ShopCore' } }] });
    const [p] = result.provenance;
    expect(p!.consistent).toBe(false);
    const prod = simKey('env', 'Prod');
    const mod = simKey('mod', 'ShopCore');
    expect(p!.changes).toEqual([
      { field: 'application.isModified', before: false, after: true },
      { field: 'modules.ShopCore.generalHash', before: simKey('hash', `${mod}:1`), after: simKey('hash', `${mod}:2`) },
      { field: 'modules.ShopCore.moduleVersionKey', before: simKey('version', `${mod}:${prod}:1`), after: simKey('version', `${mod}:${prod}:2`) },
    ]);
    expect(inconsistency(p!)).toContain('Shop: LifeTime changed while it was packaged, so the package may not be the version that runs: application.isModified false → true;');
  });

  it('a module fetched on its own (150 MB fallback) reads its application and only its own module', async () => {
    const { result } = await fetchWith({ tooLarge: ['Shop'] });
    expect(result.provenance.map((p) => [p.target, p.consistent, p.before.modules.map((m) => m.name), p.before.application?.name])).toEqual([
      ['Shop/ShopCore', true, ['ShopCore'], 'Shop'],
      ['Shop/ShopUI', true, ['ShopUI'], 'Shop'],
    ]);
    expect(result.listings).toEqual([
      {
        application: 'Shop',
        key: simKey('app', 'Shop'),
        environment: 'Production',
        modules: [
          { name: 'ShopCore', key: simKey('mod', 'ShopCore'), kind: 'eSpace' },
          { name: 'ShopExt', key: simKey('mod', 'ShopExt'), kind: 'Extension' },
          { name: 'ShopUI', key: simKey('mod', 'ShopUI'), kind: 'eSpace' },
        ],
      },
    ]);
  });

  it('a read that fails is recorded and makes the target inconsistent, the package is still kept', async () => {
    const { result } = await fetchWith({ faults: [{ endpoint: 'environment', times: 1, action: { kind: 'status', code: 403, errors: ['no permission'] } }] });
    expect(result.packages).toHaveLength(1);
    const [p] = result.provenance;
    expect(p!.consistent).toBe(false);
    expect(p!.before.error).toContain('HTTP 403');
    expect(inconsistency(p!)).toMatch(/^Shop: the version that runs could not be read before packaging \(.*HTTP 403/);
  });
});

describe('comparing reads', () => {
  const read = (over: object = {}) => ({ readAt: 't', environment: { key: 'e', name: 'E', platformVersion: '11.1' }, modules: [{ key: 'm', name: 'M', moduleVersionKey: 'v1' }], ...over });
  it('finds a platform upgrade and a module that disappeared', () => {
    expect(compareReads(read(), read({ environment: { key: 'e', name: 'E', platformVersion: '11.2' }, modules: [] }))).toEqual([
      { field: 'environment.platformVersion', before: '11.1', after: '11.2' },
      { field: 'modules.M.key', before: 'm', after: null },
      { field: 'modules.M.moduleVersionKey', before: 'v1', after: null },
    ]);
  });
  it('is consistent only with two reads that agree', () => {
    expect(provenanceOf('T', read(), read(), undefined).consistent).toBe(true);
    expect(provenanceOf('T', read(), undefined, undefined).consistent).toBe(false);
    expect(provenanceOf('T', read(), read({ error: 'x' }), undefined).consistent).toBe(false);
  });
});

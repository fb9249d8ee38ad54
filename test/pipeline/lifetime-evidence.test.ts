// `ossast run` against the LifeTime simulator: a module version changed during packaging, and a listed module missing
// from the package, each fail the run (exit 3) unless accepted; the manifest and the summaries show why.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';
import { runCli } from '../support/cli.js';
import { testCatalog } from '../support/lifetime.js';
import { simKey, startLifetimeSimulator, type SimCatalog, type SimOptions, type Simulator } from '../../src/demo/lifetime-simulator/index.js';
import { manifestSchema } from '../../src/model/manifest.js';

const TOKEN = 'lt-evidence-token-5d7f1b3a9c';
const dir = tempDir();
let catalog: SimCatalog;
let sim: Simulator | undefined;
beforeAll(async () => {
  mkdirSync(join(dir, 'lt'));
  catalog = await testCatalog(join(dir, 'lt'));
});
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** The test catalog, with Shop also listing an eSpace module its package does not hold. */
const withAudit = (): SimCatalog => ({
  ...catalog,
  applications: catalog.applications.map((a) => (a.Name === 'Shop' ? { ...a, modules: [...a.modules, { Key: simKey('mod', 'ShopAudit'), Name: 'ShopAudit', Kind: 'eSpace' as const }] } : a)),
});

let runs = 0;
async function run(simOpts: SimOptions & { catalog?: SimCatalog }, opts: { args?: string[]; scope?: string } = {}) {
  sim = await startLifetimeSimulator({ catalog, token: TOKEN, packagingPolls: 0, ...simOpts });
  const out = join(dir, `out-${++runs}`);
  const config = join(dir, `ossast-${runs}.yml`);
  writeFileSync(config, ['version: 1', 'lifetime:', `  url: ${sim.url}`, '  environment: Production', '  applications: [Shop]', '  pollIntervalSeconds: 0.05', ...(opts.scope ? [opts.scope] : [])].join('\n') + '\n');
  const r = await runCli(['run', '--config', config, '--out', out, '--format', 'sarif,manifest,markdown,console', ...(opts.args ?? [])], { env: { LIFETIME_TOKEN: TOKEN }, cwd: dir });
  const read = (f: string) => {
    try {
      return readFileSync(join(out, f), 'utf8');
    } catch {
      return '';
    }
  };
  const manifestText = read('manifest.json');
  const all = `${r.stdout}${r.stderr}${manifestText}${read('summary.md')}`;
  expect(all, 'the token must never appear in any output').not.toContain(TOKEN);
  return { ...r, out, manifest: manifestText ? manifestSchema.parse(JSON.parse(manifestText)) : undefined, summary: read('summary.md') };
}

describe('provenance: a module version that changes during packaging', () => {
  const publish: SimOptions = { faults: [{ endpoint: 'status', target: 'Shop', times: 1, action: { kind: 'publishModule', module: 'ShopUI' } }] };

  it('fails the run with exit 3, and the manifest shows both values', async () => {
    const r = await run({ ...publish, packagingPolls: 1 });
    expect(r.code).toBe(3);
    const p = r.manifest!.provenance!;
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ target: 'Shop', consistent: false, package: { key: expect.any(String), origin: sim!.url, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const prod = simKey('env', 'Prod');
    const ui = simKey('mod', 'ShopUI');
    expect(p[0]!.changes).toContainEqual({ field: 'modules.ShopUI.moduleVersionKey', before: simKey('version', `${ui}:${prod}:1`), after: simKey('version', `${ui}:${prod}:2`) });
    expect(p[0]!.before.modules.find((m) => m.name === 'ShopUI')!.moduleVersionKey).toBe(simKey('version', `${ui}:${prod}:1`));
    expect(p[0]!.after!.modules.find((m) => m.name === 'ShopUI')!.moduleVersionKey).toBe(simKey('version', `${ui}:${prod}:2`));
    expect(r.manifest!.gate.summary).toContain('Shop: LifeTime changed while it was packaged, so the package may not be the version that runs');
    expect(r.stderr).toContain('modules.ShopUI.moduleVersionKey');
    expect(r.summary).toContain('NOT the version read before packaging: Shop');
    // The verdict is in the log itself: `ossast gate` on it fails the same way, and accepts it with --allow-partial.
    const gate = await runCli(['gate', join(r.out, 'results.sarif'), '--fail-on', 'none'], { cwd: dir });
    expect(gate.code).toBe(3);
    expect(gate.stdout + gate.stderr).toContain('Shop: LifeTime changed while it was packaged');
    expect((await runCli(['gate', join(r.out, 'results.sarif'), '--fail-on', 'none', '--allow-partial'], { cwd: dir })).code).toBe(0);
  });

  it('with --allow-partial the run goes on, marked partial', async () => {
    const r = await run({ ...publish, packagingPolls: 1 }, { args: ['--allow-partial'] });
    expect(r.code).not.toBe(3);
    expect(r.manifest!.gate.partial).toBe(true);
    expect(r.manifest!.provenance![0]!.consistent).toBe(false);
  });

  it('an unchanged LifeTime passes, and the summary says the targets are unchanged', async () => {
    const r = await run({});
    expect(r.code).not.toBe(3);
    expect(r.manifest!.provenance![0]!.consistent).toBe(true);
    expect(r.summary).toContain('Provenance: 1 of 1 LifeTime target(s) unchanged');
  });
});

describe('scope ledger', () => {
  it('a listed module missing from the package fails the run, named; the extension is named as not included', async () => {
    const r = await run({ catalog: withAudit() });
    expect(r.code).toBe(3);
    const [shop] = r.manifest!.scope!.applications;
    expect(shop!.modules.map((m) => [m.name, m.status, m.via])).toEqual([
      ['ShopAudit', 'missing', undefined],
      ['ShopCore', 'scanned', 'package'],
      ['ShopExt', 'extension', undefined],
      ['ShopUI', 'scanned', 'package'],
    ]);
    expect(shop!.coverage).toMatchObject({ modulesListed: 3, modulesScanned: 2 });
    expect(shop!.coverage.percent).toBeLessThanOrEqual(66.7);
    expect(r.manifest!.scope!.extensionsNote).toContain('https://github.com/OutSystems/docs-product/');
    expect(r.manifest!.gate.summary).toContain('application Shop: module ShopAudit is listed by LifeTime in Production but was not scanned');
    expect(r.summary).toContain('MISSING (fails the run): ShopAudit');
    expect(r.summary).toContain('extensions, not included (no code from the API): ShopExt');
    expect(r.stdout + r.stderr).toContain('Scope: Shop in Production: 2 of 3 listed eSpace module(s) scanned');
  });

  it('an allow-list entry with justification, owner and expiry accepts it', async () => {
    const scope = [
      'scope:',
      '  acceptMissing:',
      '    - application: shop',
      '      module: ShopAudit',
      '      justification: Audit module is retired, removed in release 12',
      '      owner: appsec@example.com',
      '      expires: 2999-12-31',
    ].join('\n');
    const r = await run({ catalog: withAudit() }, { scope });
    expect(r.code).not.toBe(3);
    const audit = r.manifest!.scope!.applications[0]!.modules.find((m) => m.name === 'ShopAudit');
    expect(audit).toMatchObject({ status: 'accepted', acceptedBy: { owner: 'appsec@example.com', expires: '2999-12-31' } });
    expect(r.summary).toContain('accepted missing: ShopAudit (owner appsec');
  });

  it('the 150 MB fallback is named in the ledger', async () => {
    const r = await run({ tooLarge: ['Shop'] });
    expect(r.manifest!.scope!.applications[0]!.modules.filter((m) => m.via === 'fallback').map((m) => m.name)).toEqual(['ShopCore', 'ShopUI']);
    expect(r.summary).toContain('fetched one by one (package over the size limit): ShopCore, ShopUI');
  });

  it('an expired allow-list entry is refused when the config is read (exit 2), with file, line and what to do', async () => {
    const scope = ['scope:', '  acceptMissing:', '    - application: Shop', '      module: ShopAudit', '      justification: Audit module is retired', '      owner: appsec@example.com', '      expires: 2020-01-31'].join('\n');
    const r = await run({ catalog: withAudit() }, { scope });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ossast-\d+\.yml:13: scope\.acceptMissing\.0\.expires: the acceptance of module ShopAudit of Shop expired on 2020-01-31 \(owner appsec@example\.com\): scan the module again, or renew the entry/);
  });
});

// Shards of one LifeTime plan joined by `ossast merge`: each shard's provenance is in the joined manifest (and its
// signed predicate); a version that changed during packaging in one shard fails the joined gate (exit 3, unless
// --allow-partial); the joined manifest says plainly that no scope ledger was built, and why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { testCatalog } from '../support/lifetime.js';
import { simKey, startLifetimeSimulator, type SimOptions, type Simulator } from '../../src/demo/lifetime-simulator/index.js';
import { manifestSchema } from '../../src/model/manifest.js';

const TOKEN = 'join-token-8e1d4c2b6a';
const dir = tempDir();
const sims: Simulator[] = [];
afterAll(async () => Promise.all(sims.map((s) => s.close())));

const key = join(dir, 'signer.pem');
const pub = join(dir, 'signer.pub.pem');
const pair = generateKeyPairSync('ed25519');
writeFileSync(key, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(pub, pair.publicKey.export({ type: 'spki', format: 'pem' }));

const readManifest = (path: string) => manifestSchema.parse(JSON.parse(readFileSync(path, 'utf8')));

/** Both shards of a plan of Shop and Billing run against a fresh simulator, then merged (signed); `name` keeps the folders apart. */
async function shardsJoined(name: string, simOpts: SimOptions) {
  const base = join(dir, name);
  mkdirSync(join(base, 'lt'), { recursive: true });
  const sim = await startLifetimeSimulator({ catalog: await testCatalog(join(base, 'lt')), token: TOKEN, packagingPolls: 1, ...simOpts });
  sims.push(sim);
  const cfg = join(base, 'ossast.yml');
  writeFileSync(cfg, ['version: 1', 'lifetime:', `  url: ${sim.url}`, '  environment: Production', '  applications: [Shop, Billing]', '  pollIntervalSeconds: 0.02', ''].join('\n'));
  const shards = [];
  for (const i of [1, 2]) shards.push(await runCli(['run', '--config', cfg, '--out', join(base, `shard-${i}`), '--format', 'sarif,manifest', '--shard', `${i}/2`], { env: { LIFETIME_TOKEN: TOKEN }, cwd: base }));
  const out = join(base, 'joined', 'results.sarif');
  const merged = await runCli(['merge', ...[1, 2].map((i) => join(base, `shard-${i}`, 'results.sarif')), '--output', out, '--sign-key', key], { cwd: base });
  const text = [...shards, merged].map((r) => r.stdout + r.stderr).join('');
  expect(text, 'the token never appears').not.toContain(TOKEN);
  return { base, out, shards, merged, joined: readManifest(join(base, 'joined', 'manifest.json')), shardManifests: [1, 2].map((i) => readManifest(join(base, `shard-${i}`, 'manifest.json'))) };
}

const statementOf = (folder: string) => JSON.parse(Buffer.from(JSON.parse(readFileSync(join(folder, 'evidence.dsse.json'), 'utf8')).payload, 'base64').toString('utf8'));

describe('ossast merge of LifeTime shards', () => {
  let clean: Awaited<ReturnType<typeof shardsJoined>>;
  beforeAll(async () => {
    clean = await shardsJoined('clean', {});
  }, 120_000);

  it("joins every shard's provenance, per target, and signs it", async () => {
    const perShard = clean.shardManifests.map((m) => (m.provenance ?? []).map((p) => p.target));
    expect(perShard.flat().sort()).toEqual(['Billing', 'Shop']);
    expect(perShard.every((t) => t.length === 1)).toBe(true);
    const joined = clean.joined.provenance!;
    expect(joined.map((p) => p.target)).toEqual(['Billing', 'Shop']);
    expect(joined.every((p) => p.consistent)).toBe(true);
    expect(joined).toEqual(clean.shardManifests.flatMap((m) => m.provenance ?? []).sort((a, b) => (a.target < b.target ? -1 : 1)));
    expect(clean.merged.code, clean.merged.stderr).toBe(0);
    const st = statementOf(join(clean.base, 'joined'));
    expect(st.predicate.provenance).toEqual(joined);
    expect((await runCli(['verify', join(clean.base, 'joined'), '--key', pub], { cwd: clean.base })).code).toBe(0);
  });

  it('says plainly that no scope ledger was built, why, and what each shard recorded', () => {
    expect(clean.joined.scope).toBeUndefined();
    expect(clean.joined.joined!.scope).toEqual({
      ledger: 'not-built',
      reason: expect.stringContaining('a shard does not record the modules LifeTime lists'),
      shards: [
        { index: 1, provenanceTargets: clean.shardManifests[0]!.provenance!.map((p) => p.target), ledger: false },
        { index: 2, provenanceTargets: clean.shardManifests[1]!.provenance!.map((p) => p.target), ledger: false },
      ],
    });
  });
});

describe('a module version changed during packaging in one shard', () => {
  let run: Awaited<ReturnType<typeof shardsJoined>>;
  beforeAll(async () => {
    run = await shardsJoined('changed', { faults: [{ endpoint: 'status', target: 'Shop', times: 1, action: { kind: 'publishModule', module: 'ShopUI' } }] });
  }, 120_000);

  it('fails that shard and the joined gate (exit 3); the joined manifest shows both values; --allow-partial accepts it', async () => {
    const shopShard = run.shardManifests.findIndex((m) => m.provenance?.some((p) => p.target === 'Shop'));
    expect(run.shards[shopShard]!.code).toBe(3);
    const shop = run.joined.provenance!.find((p) => p.target === 'Shop')!;
    expect(shop.consistent).toBe(false);
    const ui = simKey('mod', 'ShopUI');
    const prod = simKey('env', 'Prod');
    expect(shop.changes).toContainEqual({ field: 'modules.ShopUI.moduleVersionKey', before: simKey('version', `${ui}:${prod}:1`), after: simKey('version', `${ui}:${prod}:2`) });
    expect(run.joined.provenance!.find((p) => p.target === 'Billing')!.consistent).toBe(true);
    expect(run.joined.gate.exitCode).toBe(3);
    expect(run.joined.gate.summary).toContain('Shop: LifeTime changed while it was packaged');
    expect(statementOf(join(run.base, 'joined')).predicate).toMatchObject({ verdict: 'incomplete', exitCode: 3 });
    const gate = await runCli(['gate', run.out, '--fail-on', 'none'], { cwd: run.base });
    expect(gate.code).toBe(3);
    expect(gate.stdout + gate.stderr).toContain('Shop: LifeTime changed while it was packaged');
    expect((await runCli(['gate', run.out, '--fail-on', 'none', '--allow-partial'], { cwd: run.base })).code).toBe(0);
  });
});

// Plans and shards against the LifeTime simulator (real HTTP): plan resolves names without packaging anything, and the
// packaging budget (lifetime.maxConcurrentPackaging) holds across shards running at the same time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { writeAppPackage, writeZip } from '../support/zip.js';
import { simKey, startLifetimeSimulator, type SimRequest, type Simulator } from '../../src/demo/lifetime-simulator/index.js';
import { configSchema, type ConfigInput } from '../../src/config/schema.js';
import { gatherShard, gatherSources } from '../../src/pipeline/sources.js';
import { createMemoryLogger } from '../../src/util/log.js';
import { planSchema } from '../../src/model/shard.js';

const TOKEN = 'plan-token-3c9e1f0a2b';
const env = { LIFETIME_TOKEN: TOKEN };
const dir = tempDir();
const APPS = Array.from({ length: 8 }, (_, i) => `App${i}`);
const BIG = ['BigCore', 'BigData', 'BigTheme', 'BigUI'];
let sim: Simulator;

beforeAll(async () => {
  const applications = await Promise.all(
    APPS.map(async (name) => ({
      Key: simKey('app', name),
      Name: name,
      zip: await writeAppPackage(join(dir, `${name}.zip`), { [`${name}Core`]: { [`${name}Core.csproj`]: '<Project />', 'Actions/A.cs': 'class A {}\n' } }),
      modules: [],
    })),
  );
  // Big: one application of four modules, each also packaged on its own (lifetime.splitApplications).
  const bigModules = await Promise.all(BIG.map(async (m) => ({ Key: simKey('mod', m), Name: m, Kind: 'eSpace' as const, zip: await writeZip(join(dir, `${m}.v1.zip`), { [`${m}.csproj`]: '<Project />', 'Actions/A.cs': 'class A {}\n' }) })));
  const big = { Key: simKey('app', 'Big'), Name: 'Big', zip: await writeAppPackage(join(dir, 'Big.zip'), Object.fromEntries(BIG.map((m) => [m, { [`${m}.csproj`]: '<Project />' }]))), modules: bigModules };
  // Each package stays "InProgress" for three polls, so packaging requests overlap when nothing holds them back.
  sim = await startLifetimeSimulator({ catalog: { environments: [{ Key: simKey('env', 'Prod'), Name: 'Production' }], applications: [...applications, big] }, token: TOKEN, packagingPolls: 3 });
});
afterAll(async () => sim.close());

const lifetime = (extra: Record<string, unknown> = {}) => ({ url: sim.url, environment: 'Production', applications: APPS, pollIntervalSeconds: 0.02, concurrency: 8, ...extra });
const config = (extra: Record<string, unknown> = {}) => configSchema.parse({ version: 1, lifetime: lifetime(extra) } satisfies ConfigInput);

/**
 * Most packaging requests in flight at once, from the simulator's request log (in the order replies finished): a
 * target is in flight from its start (POST .../sourcecodeaccess) to its download link, which lies inside the time the
 * client holds its packaging slot (start, polls, link, download).
 */
function peakInFlight(requests: SimRequest[]): number {
  let now = 0;
  let peak = 0;
  for (const r of requests) {
    if (r.method === 'POST' && /\/sourcecodeaccess$/.test(r.path)) peak = Math.max(peak, ++now);
    if (r.method === 'GET' && /\/sourcecodeaccess\/[^/]+\/download$/.test(r.path)) now--;
  }
  return peak;
}
const posts = (requests: SimRequest[]) => requests.filter((r) => r.method === 'POST').length;

describe('ossast plan with LifeTime targets', () => {
  it('resolves application names without packaging or downloading anything, and prints each shard its packaging share', async () => {
    const cfg = join(dir, 'plan.yml');
    writeFileSync(cfg, JSON.stringify({ version: 1, lifetime: lifetime({ maxConcurrentPackaging: 3 }) }));
    const before = sim.requests.length;
    const r = await runCli(['plan', '--config', cfg, '--shards', '2', '--format', 'json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const plan = planSchema.parse(JSON.parse(r.stdout));
    expect(plan.targets.map((t) => [t.kind, t.id, t.bytes])).toEqual(APPS.map((a) => ['lifetime-application', a, undefined]));
    expect(plan.shards.map((s) => [s.shard, s.targets, s.packaging])).toEqual([
      ['1/2', 4, 2],
      ['2/2', 4, 1],
    ]);
    expect(r.stderr).toContain('8 LifeTime target(s) spread by count (their sizes are unknown before packaging)');
    const asked = sim.requests.slice(before);
    expect(asked.map((q) => q.path.replace(/^\/lifetimeapi\/rest\/v2/, ''))).toEqual(['/environments/', '/applications/']);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('refuses (exit 2) a packaging budget smaller than the number of shards', async () => {
    const cfg = join(dir, 'small.yml');
    writeFileSync(cfg, JSON.stringify({ version: 1, lifetime: lifetime({ maxConcurrentPackaging: 1 }) }));
    const r = await runCli(['plan', '--config', cfg, '--shards', '2', '--format', 'github'], { cwd: dir, env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('lifetime.maxConcurrentPackaging is 1, fewer than the 2 shards');
  });
});

describe('lifetime.maxConcurrentPackaging', () => {
  const gather = async (name: string, cfg: ReturnType<typeof config>, shard?: { index: number; total: number }) => {
    const dirs = { src: join(dir, name, 'src'), downloads: join(dir, name, 'downloads') };
    const log = createMemoryLogger();
    return shard ? (await gatherShard(cfg, shard, dirs, env, log, 'test')).sources : gatherSources(cfg, dirs, env, log, 'test');
  };

  it('without it, packaging requests overlap freely (the measurement can see a breach)', async () => {
    const from = sim.requests.length;
    await gather('free', config());
    expect(peakInFlight(sim.requests.slice(from))).toBeGreaterThan(3);
  });

  it('bounds one process to the limit', async () => {
    const from = sim.requests.length;
    const got = await gather('one', config({ maxConcurrentPackaging: 2 }));
    expect(got.records.filter((r) => r.status === 'ok')).toHaveLength(8);
    expect(peakInFlight(sim.requests.slice(from))).toBe(2);
  });

  it('bounds the whole matrix: two shards at once each keep to their share, together to the budget, every app fetched once', async () => {
    const from = sim.requests.length;
    const cfg = config({ maxConcurrentPackaging: 3 });
    const parts = await Promise.all([1, 2].map((index) => gather(`shard-${index}`, cfg, { index, total: 2 })));
    const asked = sim.requests.slice(from);
    expect(peakInFlight(asked)).toBeLessThanOrEqual(3);
    expect(posts(asked)).toBe(8);
    expect(parts.flatMap((p) => p.records.map((r) => r.application)).sort()).toEqual(APPS);
  });
});

describe('lifetime.splitApplications', () => {
  const split = () => config({ applications: ['Big'], splitApplications: true });
  it('plans an application as its modules (App/Module), so one application spreads over shards', async () => {
    const cfg = join(dir, 'split.yml');
    writeFileSync(cfg, JSON.stringify({ version: 1, lifetime: lifetime({ applications: ['Big'], splitApplications: true }) }));
    const r = await runCli(['plan', '--config', cfg, '--shards', '2', '--format', 'json'], { cwd: dir, env });
    expect(r.code, r.stderr).toBe(0);
    const plan = planSchema.parse(JSON.parse(r.stdout));
    expect(plan.targets.map((t) => `${t.kind} ${t.id}`)).toEqual(BIG.map((m) => `lifetime-module Big/${m}`));
    expect(plan.shards.map((s) => s.targets)).toEqual([2, 2]);
  });

  it('each shard packages only its modules, each on its own; together every module once, none as the whole application', async () => {
    const from = sim.requests.length;
    const parts = await Promise.all(
      [1, 2].map(async (index) => {
        const dirs = { src: join(dir, `split-${index}`, 'src'), downloads: join(dir, `split-${index}`, 'downloads') };
        return gatherShard(split(), { index, total: 2 }, dirs, env, createMemoryLogger(), 'test');
      }),
    );
    const started = sim.requests
      .slice(from)
      .filter((q) => q.method === 'POST')
      .map((q) => q.path);
    expect(started).toHaveLength(4);
    expect(started.every((p) => p.includes('/modules/'))).toBe(true);
    expect(parts.map((p) => p.record.targets.length)).toEqual([2, 2]);
    expect(parts.flatMap((p) => p.sources.targets.map((t) => t.id)).sort()).toEqual(BIG.map((m) => `Big/${m}`));
    expect(parts[0]!.record.plan).toBe(parts[1]!.record.plan);
  });
});

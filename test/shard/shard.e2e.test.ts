// A 30-module application scanned as 3 shards with the real CLI and Semgrep, joined with `ossast merge`: the same log
// (findings, fingerprints, suppressions, artifacts, module statuses), manifest, exposure inventory and verdict as one
// full run; a missing, doubled or foreign shard, or one that scanned other bytes, is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { writeAppPackage } from '../support/zip.js';
import { GENERATED_HEADER } from '../support/shop.js';
import { comparableLog } from '../support/join.js';
import { startProbeServer, type ProbeServer } from '../../src/demo/probe-server.js';

const dir = tempDir();
const app = join(dir, 'Factory.zip');
const supp = join(dir, 'suppressions.yml');
const allow = join(dir, 'allow.yml');

const asmx = (cls: string) => `<%@ WebService Language="C#" CodeBehind="x.asmx.cs" Class="${cls}" %>\n`;
/**
 * Module i: SQL built from a parameter (an error), in every third module an eval the suppression file accepts, in
 * every fifth an exposed SOAP service (reachable from outside; the one of M00 allow-listed), and the platform's
 * `_debugger.asmx` in each (platform plumbing).
 */
const moduleFiles = (i: number, edit = ''): Record<string, string> => ({
  [`M${i}.csproj`]: `<Project />${edit}`,
  '_debugger.asmx': asmx('OutSystems.HubEdition.DebuggerService'),
  ...(i % 5 === 0 ? { [`Partner${i}.asmx`]: asmx(`ssM${i}.Partner${i}`) } : {}),
  [`Actions/ActionFind${i}.cs`]: `${GENERATED_HEADER}namespace ssM${i} {\n  public class Actions {\n    public static void ActionFind${i}(HeContext heContext, string inName) {\n      string sql = "SELECT * FROM T${i} WHERE NAME = '" + inName + "'";\n      var cmd = new SqlCommand(sql, conn);\n    }\n  }\n}\n`,
  ...(i % 3 === 0 ? { [`scripts/M${i}.controller.js`]: `${GENERATED_HEADER}define("M${i}.controller", [], function () {\n  function run(u) { return eval(u); }\n  return { run: run };\n});\n` } : {}),
});

const sarif = (f: string) => JSON.parse(readFileSync(f, 'utf8'));
/** What must match: per run, each result's rule, location, fingerprints and suppressions (sorted: shards change the order). */
function findings(file: string): string[] {
  return sarif(file)
    .runs.flatMap((r: { tool: { driver: { name: string } }; results: Record<string, unknown>[] }) =>
      r.results.map((x) => JSON.stringify([r.tool.driver.name, x['ruleId'], x['level'], (x['locations'] as unknown[])?.[0], x['partialFingerprints'], x['suppressions'], x['baselineState']])),
    )
    .sort();
}

const scan = (out: string, ...extra: string[]) => runCli(['scan', app, '--out', out, '--format', 'sarif,manifest', '--suppressions', supp, '--allow', allow, '--probe-url', probe.url, ...extra], { cwd: dir });

/** The manifest but its times, the per-shard scanner processes, the joined record and the shards' authentication, checked apart. */
function comparableManifest(file: string) {
  const { generatedAt: _g, startedAt: _s, finishedAt: _f, scanners: _sc, joined: _j, authentication: _a, exposure, ...rest } = sarif(file);
  const { sha256: _sha, ...inventory } = exposure;
  return { ...rest, exposure: inventory, targets: rest.targets.map((t: { extraction: object }) => ({ ...t, extraction: { ...t.extraction, durationMs: 0 } })) };
}

let full: Awaited<ReturnType<typeof runCli>>;
let shards: Awaited<ReturnType<typeof runCli>>[];
let probe: ProbeServer;
const modules = (edit = '') => Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`M${String(i).padStart(2, '0')}`, moduleFiles(i, edit)]));
beforeAll(async () => {
  await writeAppPackage(app, modules());
  writeFileSync(supp, 'version: 1\nsuppressions:\n  - id: accepted-eval\n    match: { cwe: [95] }\n    justification: reviewed, only trusted input reaches it\n    owner: appsec\n    expires: 2099-12-31\n');
  writeFileSync(
    allow,
    'version: 1\nallow:\n  - id: partner-0\n    endpoint: M00.Partner0\n    justification: the partner portal calls it\n    owner: appsec\n  - id: stale\n    endpoint: Billing.*\n    justification: the billing module was retired\n    owner: appsec\n',
  );
  probe = await startProbeServer({ answers: Object.fromEntries(Array.from({ length: 6 }, (_, k) => [`/M${String(5 * k).padStart(2, '0')}/Partner${5 * k}.asmx?WSDL`, 200])) });
  full = await scan(join(dir, 'full'));
  shards = [];
  for (const i of [1, 2, 3]) shards.push(await scan(join(dir, `shard-${i}`), '--shard', `${i}/3`));
}, 240_000);
afterAll(() => probe.close());

describe('3 shards joined', () => {
  it('each shard scans its own part, and together exactly the 30 modules', () => {
    expect(full.code).toBe(1);
    const parts = [1, 2, 3].map((i) => sarif(join(dir, `shard-${i}`, 'manifest.json')));
    const ids = parts.flatMap((m) => m.targets.map((t: { id: string }) => t.id)).sort();
    expect(ids).toEqual(
      sarif(join(dir, 'full', 'manifest.json'))
        .targets.map((t: { id: string }) => t.id)
        .sort(),
    );
    expect(ids).toHaveLength(30);
    for (const [i, m] of parts.entries()) {
      expect(m.shard).toMatchObject({ index: i + 1, total: 3, plan: parts[0].shard.plan });
      // Balanced by size: no shard holds more than 10% over an even split of ten modules.
      expect(m.targets.length).toBeGreaterThan(7);
      expect(m.targets.length).toBeLessThan(13);
    }
  });

  it('ossast plan printed the same split: each shard scanned exactly the targets the plan gave it, under the same plan hash', async () => {
    const json = await runCli(['plan', app, '--shards', '3', '--format', 'json'], { cwd: dir });
    expect(json.code, json.stderr).toBe(0);
    const plan = JSON.parse(json.stdout);
    for (const i of [1, 2, 3]) {
      const m = sarif(join(dir, `shard-${i}`, 'manifest.json'));
      expect(m.shard.plan).toBe(plan.plan);
      expect(m.shard.targets).toEqual(plan.shards[i - 1].ids);
    }
    const github = await runCli(['plan', app, '--shards', '3', '--format', 'github'], { cwd: dir });
    expect(github.stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(github.stdout).include.map((e: { shard: string }) => e.shard)).toEqual(['1/3', '2/3', '3/3']);
  });

  it('ossast merge gives the findings, fingerprints, suppressions and verdict of the full run, and one joined manifest', async () => {
    const out = join(dir, 'joined', 'results.sarif');
    const merged = await runCli(['merge', ...[1, 2, 3].map((i) => join(dir, `shard-${i}`, 'results.sarif')), '--output', out], { cwd: dir });
    expect(merged.code, merged.stderr).toBe(0);
    const expected = findings(join(dir, 'full', 'results.sarif'));
    // 30 SQL injections, 10 evals (accepted), 5 partner services reachable and not allow-listed.
    expect(expected.length).toBe(45);
    expect(expected.filter((f) => f.includes('"accepted"'))).toHaveLength(10);
    expect(findings(out)).toEqual(expected);
    const gateFull = await runCli(['gate', join(dir, 'full', 'results.sarif')]);
    const gateJoined = await runCli(['gate', out]);
    expect(gateJoined.code).toBe(gateFull.code);
    expect(gateJoined.stdout).toBe(gateFull.stdout);
    const manifest = sarif(join(dir, 'joined', 'manifest.json'));
    const fullManifest = sarif(join(dir, 'full', 'manifest.json'));
    expect(manifest.joined.shards.map((s: { index: number }) => s.index)).toEqual([1, 2, 3]);
    expect(manifest.targets.map((t: { id: string }) => t.id)).toEqual(fullManifest.targets.map((t: { id: string }) => t.id).sort());
    expect(manifest.results).toEqual({ ...fullManifest.results, sarif: 'results.sarif' });
    expect(manifest.gate).toMatchObject({ exitCode: fullManifest.gate.exitCode, summary: fullManifest.gate.summary });
    expect(manifest.suppressions.entries).toEqual(fullManifest.suppressions.entries);
  });

  it("the joined log is the full run's log: artifacts (module hashes, sizes, package), run properties, module statuses, results; it names its manifest", () => {
    const joined = comparableLog(join(dir, 'joined', 'results.sarif'));
    const whole = comparableLog(join(dir, 'full', 'results.sarif'));
    expect(whole.runs.map((r: { tool: { driver: { name: string } } }) => r.tool.driver.name)).toEqual(['Semgrep OSS', 'ossast exposure']);
    const semgrep = whole.runs[0];
    // 1 package, 30 modules in it, each with its own SHA-256 and size (SARIF §3.24).
    expect(semgrep.artifacts).toHaveLength(31);
    expect(semgrep.artifacts[1]).toMatchObject({ parentIndex: 0, roles: ['analysisTarget'], hashes: { 'sha-256': expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect(semgrep.properties['ossast/targets']).toHaveLength(30);
    expect(semgrep.properties['ossast/rules'].length).toBeGreaterThan(0);
    expect(joined).toEqual(whole);
    for (const run of sarif(join(dir, 'joined', 'results.sarif')).runs) {
      expect(run.properties['ossast/manifest']).toBe('manifest.json');
      // One invocation of each tool per shard, each successful.
      expect(run.invocations).toHaveLength(3);
      expect(run.invocations.every((i: { executionSuccessful: boolean }) => i.executionSuccessful)).toBe(true);
    }
  });

  it("the joined manifest and exposure inventory are the full run's: targets, suppressions, exposed endpoints with their allow-list and probe verdicts", () => {
    const manifest = sarif(join(dir, 'joined', 'manifest.json'));
    expect(comparableManifest(join(dir, 'joined', 'manifest.json'))).toEqual(comparableManifest(join(dir, 'full', 'manifest.json')));
    expect(manifest.exposure.counts).toMatchObject({ endpoints: 36, soap: 36, platform: 30, allowListed: 1, probed: 36, reachable: 6, reachableUnlisted: 5 });
    expect(manifest.scanners).toHaveLength(3);
    // The shards ran without OSSAST_SHARD_KEY (test/hostile/shard-auth.test.ts runs them with one).
    expect(manifest.authentication).toMatchObject({ authenticated: false, keyEnv: 'OSSAST_SHARD_KEY' });
    const inventory = readFileSync(join(dir, 'joined', 'exposure.json'));
    expect(createHash('sha256').update(inventory).digest('hex')).toBe(manifest.exposure.sha256);
    const { generatedAt: _j, ...joinedInventory } = JSON.parse(inventory.toString('utf8'));
    const { generatedAt: _f, ...fullInventory } = sarif(join(dir, 'full', 'exposure.json'));
    expect(joinedInventory).toEqual(fullInventory);
    // Entry partner-0 matched in shard holding M00 only, "stale" in none: only "stale" is unused in the join.
    expect(joinedInventory.allowList.unused).toEqual([{ id: 'stale', file: allow }]);
  });

  it('refuses (exit 3, nothing merged) a missing shard', async () => {
    const out = join(dir, 'missing', 'results.sarif');
    const r = await runCli(['merge', join(dir, 'shard-1', 'results.sarif'), join(dir, 'shard-3', 'results.sarif'), '--output', out], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('cannot join: shard 2/3 of plan');
    expect(r.stderr).toContain('is missing (2 of 3 given)');
    expect(existsSync(out)).toBe(false);
  });

  it("takes the manifests from --manifest, and refuses logs that do not go with them (a shard's log left out)", async () => {
    const manifests = [1, 2, 3].flatMap((i) => ['--manifest', join(dir, `shard-${i}`, 'manifest.json')]);
    const ok = await runCli(['merge', ...[1, 2, 3].map((i) => join(dir, `shard-${i}`, 'results.sarif')), ...manifests, '--output', join(dir, 'explicit', 'results.sarif')], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(sarif(join(dir, 'explicit', 'manifest.json')).joined.shards).toHaveLength(3);
    const wrong = await runCli(['merge', join(dir, 'shard-1', 'results.sarif'), join(dir, 'shard-2', 'results.sarif'), ...manifests, '--output', join(dir, 'wrong', 'results.sarif')], { cwd: dir });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/cannot join: the log of shard 3\/3 \(shard-3\/manifest\.json, SHA-256 [0-9a-f]{64}\) is not among the logs given/);
    expect(existsSync(join(dir, 'wrong', 'manifest.json'))).toBe(false);
    expect(existsSync(join(dir, 'wrong', 'exposure.json'))).toBe(false);
    expect(existsSync(join(dir, 'wrong', 'results.sarif'))).toBe(false);
  });

  it('refuses (exit 2) to write the joined manifest over a shard manifest', async () => {
    const r = await runCli(['merge', ...[1, 2, 3].map((i) => join(dir, `shard-${i}`, 'results.sarif')), '--output', join(dir, 'shard-1', 'joined.sarif')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the joined manifest would overwrite the shard manifest');
  });

  it('refuses a shard given twice', async () => {
    const r = await runCli(['merge', ...[1, 2, 2, 3].map((i) => join(dir, `shard-${i}`, 'results.sarif')), '--output', join(dir, 'twice', 'results.sarif')], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('shard 2/3 is given 2 times');
  });

  it('refuses a shard of another plan (a module added since)', async () => {
    const other = join(dir, 'other');
    mkdirSync(other);
    const bigger = join(other, 'Factory.zip');
    await writeAppPackage(bigger, Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`M${String(i).padStart(2, '0')}`, moduleFiles(i)])));
    const s2 = await runCli(['scan', bigger, '--out', join(other, 'shard-2'), '--format', 'sarif,manifest', '--shard', '2/3'], { cwd: other });
    expect(s2.code).toBe(1);
    const r = await runCli(['merge', join(dir, 'shard-1', 'results.sarif'), join(other, 'shard-2', 'results.sarif'), join(dir, 'shard-3', 'results.sarif'), '--output', join(dir, 'foreign', 'results.sarif')], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot join shards of different plans: .* is shard 1\/3 of plan [0-9a-f]{12}, but .* is 2\/3 of plan [0-9a-f]{12}/);
  }, 60_000);

  it('refuses (exit 3) shards that scanned different bytes of one package, naming both shard manifests', async () => {
    const changed = join(dir, 'changed');
    mkdirSync(changed);
    await writeAppPackage(join(changed, 'Factory.zip'), modules('<!-- v2 -->'));
    const s2 = await runCli(['scan', join(changed, 'Factory.zip'), '--out', join(changed, 'shard-2'), '--format', 'sarif,manifest', '--suppressions', supp, '--allow', allow, '--probe-url', probe.url, '--shard', '2/3'], { cwd: changed });
    expect(s2.code, s2.stderr).toBe(1);
    const r = await runCli(['merge', join(dir, 'shard-1', 'results.sarif'), join(changed, 'shard-2', 'results.sarif'), join(dir, 'shard-3', 'results.sarif'), '--output', join(dir, 'mixed-versions', 'results.sarif')], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot join: the shards scanned different versions of the package of Factory \(Factory\.zip\): shard-1\/manifest\.json has SHA-256 [0-9a-f]{64}, changed\/shard-2\/manifest\.json has [0-9a-f]{64}/);
    expect(existsSync(join(dir, 'mixed-versions', 'results.sarif'))).toBe(false);
  }, 60_000);

  it('refuses (exit 3) a shard whose exposure inventory is not the one its manifest records', async () => {
    const altered = join(dir, 'altered');
    mkdirSync(altered);
    for (const f of ['results.sarif', 'manifest.json']) copyFileSync(join(dir, 'shard-2', f), join(altered, f));
    writeFileSync(join(altered, 'exposure.json'), readFileSync(join(dir, 'shard-2', 'exposure.json'), 'utf8').replace('"endpoints": [', '"endpoints": [ '));
    const r = await runCli(['merge', join(dir, 'shard-1', 'results.sarif'), join(altered, 'results.sarif'), join(dir, 'shard-3', 'results.sarif'), '--output', join(dir, 'altered-out', 'results.sarif')], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/the exposure inventory .*altered\/exposure\.json has SHA-256 [0-9a-f]{64}, but the manifest altered\/manifest\.json records [0-9a-f]{64}: it was changed or belongs to another run/);
    expect(existsSync(join(dir, 'altered-out', 'results.sarif'))).toBe(false);
  });

  it('refuses (exit 3) a shard log that scanned other bytes of a module than its manifest records, naming the log', async () => {
    const forged = join(dir, 'forged');
    mkdirSync(forged);
    for (const f of ['manifest.json', 'exposure.json']) copyFileSync(join(dir, 'shard-2', f), join(forged, f));
    const moduleSha = sarif(join(dir, 'shard-2', 'manifest.json')).targets[0].source.sha256;
    writeFileSync(join(forged, 'results.sarif'), readFileSync(join(dir, 'shard-2', 'results.sarif'), 'utf8').replaceAll(moduleSha, 'f'.repeat(64)));
    const r = await runCli(['merge', join(dir, 'shard-1', 'results.sarif'), join(forged, 'results.sarif'), join(dir, 'shard-3', 'results.sarif'), '--output', join(dir, 'forged-out', 'results.sarif')], { cwd: dir });
    expect(r.code).toBe(3);
    // Refused by the SHA-256 its manifest records for the log, before the log is read.
    expect(r.stderr).toMatch(/cannot join: the log forged\/results\.sarif has SHA-256 [0-9a-f]{64}, but its manifest forged\/manifest\.json records [0-9a-f]{64}: the log was changed after its shard wrote it/);
    expect(existsSync(join(dir, 'forged-out', 'results.sarif'))).toBe(false);
  });

  it('refuses a log whose named manifest is gone, and a manifest that is not a shard among shards', async () => {
    const lone = join(dir, 'lone');
    mkdirSync(lone);
    copyFileSync(join(dir, 'shard-1', 'results.sarif'), join(lone, 'results.sarif'));
    const gone = await runCli(['merge', join(lone, 'results.sarif'), join(dir, 'shard-2', 'results.sarif'), join(dir, 'shard-3', 'results.sarif'), '--output', join(dir, 'gone', 'results.sarif')], { cwd: dir });
    expect(gone.code).toBe(3);
    expect(gone.stderr).toContain('names its audit manifest manifest.json, but');
    const mixed = await runCli(['merge', join(dir, 'full', 'results.sarif'), join(dir, 'shard-2', 'results.sarif'), '--output', join(dir, 'mixed', 'results.sarif')], { cwd: dir });
    expect(mixed.code).toBe(3);
    expect(mixed.stderr).toContain('is not the manifest of a shard (no shard field)');
  });
});

describe('--shard is checked', () => {
  it.each([
    ['0/3', 'I must be between 1 and N (3), received 0'],
    ['4/3', 'I must be between 1 and N (3), received 4'],
    ['1/257', 'N must be between 1 and 256, received 257'],
    ['two/3', 'expected I/N, received "two/3"'],
  ])('--shard %s: exit 2, nothing scanned', async (value, message) => {
    for (const command of [
      ['scan', app],
      ['run', '--config', join(dir, 'none.yml')],
    ]) {
      const r = await runCli([...command, '--shard', value, '--out', join(dir, 'refused')], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--shard`);
      expect(r.stderr).toContain(message);
    }
    expect(existsSync(join(dir, 'refused', 'results.sarif'))).toBe(false);
  });
});

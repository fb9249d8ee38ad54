// A 30-module application scanned as 3 shards with the real CLI and Semgrep, joined with `ossast merge`: the same
// findings, fingerprints, suppressions and verdict as one full run; a missing, doubled or foreign shard is refused.
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { writeAppPackage } from '../support/zip.js';
import { GENERATED_HEADER } from '../support/shop.js';

const dir = tempDir();
const app = join(dir, 'Factory.zip');
const supp = join(dir, 'suppressions.yml');

/** Module i: SQL built from a parameter (an error), and in every third module an eval the suppression file accepts. */
const moduleFiles = (i: number): Record<string, string> => ({
  [`M${i}.csproj`]: '<Project />',
  [`Actions/ActionFind${i}.cs`]: `${GENERATED_HEADER}namespace ssM${i} {\n  public class Actions {\n    public static void ActionFind${i}(HeContext heContext, string inName) {\n      string sql = "SELECT * FROM T${i} WHERE NAME = '" + inName + "'";\n      var cmd = new SqlCommand(sql, conn);\n    }\n  }\n}\n`,
  ...(i % 3 === 0 ? { [`scripts/M${i}.controller.js`]: `${GENERATED_HEADER}define("M${i}.controller", [], function () {\n  function run(u) { return eval(u); }\n  return { run: run };\n});\n` } : {}),
});

const sarif = (f: string) => JSON.parse(readFileSync(f, 'utf8'));
/** What must match: per run, each result's rule, location, fingerprints and suppressions (sorted: shards change the order). */
function findings(file: string): string[] {
  return sarif(file).runs.flatMap((r: { tool: { driver: { name: string } }; results: Record<string, unknown>[] }) =>
    r.results.map((x) => JSON.stringify([r.tool.driver.name, x['ruleId'], x['level'], (x['locations'] as unknown[])?.[0], x['partialFingerprints'], x['suppressions'], x['baselineState']])),
  ).sort();
}

const scan = (out: string, ...extra: string[]) => runCli(['scan', app, '--out', out, '--format', 'sarif,manifest', '--suppressions', supp, ...extra], { cwd: dir });

let full: Awaited<ReturnType<typeof runCli>>;
let shards: Awaited<ReturnType<typeof runCli>>[];
beforeAll(async () => {
  await writeAppPackage(app, Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`M${String(i).padStart(2, '0')}`, moduleFiles(i)])));
  writeFileSync(supp, 'version: 1\nsuppressions:\n  - id: accepted-eval\n    match: { cwe: [95] }\n    justification: reviewed, only trusted input reaches it\n    owner: appsec\n    expires: 2099-12-31\n');
  full = await scan(join(dir, 'full'));
  shards = [];
  for (const i of [1, 2, 3]) shards.push(await scan(join(dir, `shard-${i}`), '--shard', `${i}/3`));
}, 240_000);

describe('3 shards joined', () => {
  it('each shard scans its own part, and together exactly the 30 modules', () => {
    expect(full.code).toBe(1);
    const parts = [1, 2, 3].map((i) => sarif(join(dir, `shard-${i}`, 'manifest.json')));
    const ids = parts.flatMap((m) => m.targets.map((t: { id: string }) => t.id)).sort();
    expect(ids).toEqual(sarif(join(dir, 'full', 'manifest.json')).targets.map((t: { id: string }) => t.id).sort());
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
    expect(expected.length).toBe(40);
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

  it('refuses (exit 3, nothing merged) a missing shard', async () => {
    const out = join(dir, 'missing', 'results.sarif');
    const r = await runCli(['merge', join(dir, 'shard-1', 'results.sarif'), join(dir, 'shard-3', 'results.sarif'), '--output', out], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('cannot join: shard 2/3 of plan');
    expect(r.stderr).toContain('is missing (2 of 3 given)');
    expect(existsSync(out)).toBe(false);
  });

  it('takes the manifests from --manifest, and refuses logs that do not go with them (result counts differ)', async () => {
    const manifests = [1, 2, 3].flatMap((i) => ['--manifest', join(dir, `shard-${i}`, 'manifest.json')]);
    const ok = await runCli(['merge', ...[1, 2, 3].map((i) => join(dir, `shard-${i}`, 'results.sarif')), ...manifests, '--output', join(dir, 'explicit', 'results.sarif')], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(sarif(join(dir, 'explicit', 'manifest.json')).joined.shards).toHaveLength(3);
    const wrong = await runCli(['merge', join(dir, 'shard-1', 'results.sarif'), join(dir, 'shard-2', 'results.sarif'), ...manifests, '--output', join(dir, 'wrong', 'results.sarif')], { cwd: dir });
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toMatch(/the merged log holds \d+ result\(s\) but the shards' manifests count 40: a log and its manifest do not belong together/);
    expect(existsSync(join(dir, 'wrong', 'manifest.json'))).toBe(false);
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
    for (const command of [['scan', app], ['run', '--config', join(dir, 'none.yml')]]) {
      const r = await runCli([...command, '--shard', value, '--out', join(dir, 'refused')], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--shard`);
      expect(r.stderr).toContain(message);
    }
    expect(existsSync(join(dir, 'refused', 'results.sarif'))).toBe(false);
  });
});

// Class: join artifacts are trusted. Whoever can write a shard job's artifacts (its log, manifest and exposure.json)
// without the shard key (OSSAST_SHARD_KEY) must not be able to change the joined verdict: every variant of tampering
// below is refused by `ossast merge` (exit 3, naming the file and what to do), nothing merged, the key in no output.
import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { runCli, type CliResult } from '../support/cli.js';
import { tempDir, writeScript } from '../support/tmp.js';
import { execa } from 'execa';
import { writeAppPackage } from '../support/zip.js';
import { GENERATED_HEADER } from '../support/shop.js';
import { expectNoToken } from '../support/hostile.js';

const KEY = 'k3y-for-shards-0123456789abcdefghijklmnop';
const OTHER_KEY = 'another-key-0123456789abcdefghijklmnopqrs';
const RUN = 'pipeline-41';
const dir = tempDir();

const moduleFiles = (i: number) => ({
  [`M${i}.csproj`]: '<Project />',
  [`Actions/ActionFind${i}.cs`]: `${GENERATED_HEADER}namespace ssM${i} {\n  public class Actions {\n    public static void ActionFind${i}(HeContext heContext, string inName) {\n      string sql = "SELECT * FROM T${i} WHERE NAME = '" + inName + "'";\n      var cmd = new SqlCommand(sql, conn);\n    }\n  }\n}\n`,
});
const modules = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`M${i}`, moduleFiles(i)]));
/** The environment of a CI job: no CI run ids of the machine running the tests, the given key and run. */
const env = (key: string | undefined, run: string | undefined = RUN): NodeJS.ProcessEnv => ({ OSSAST_SHARD_KEY: key ?? '', OSSAST_RUN_ID: run ?? '', GITHUB_RUN_ID: '', CI_PIPELINE_ID: '', BUILD_BUILDID: '' });

const app = join(dir, 'Factory.zip');
const otherApp = join(dir, 'other', 'Factory.zip');
const scans: Record<string, CliResult> = {};
async function shard(name: string, zip: string, i: number, e: NodeJS.ProcessEnv) {
  scans[name] = await runCli(['scan', zip, '--out', join(dir, name), '--format', 'sarif,manifest', '--shard', `${i}/2`], { cwd: dir, env: e });
  expect(scans[name]!.code, scans[name]!.stderr).toBe(1);
}

beforeAll(async () => {
  await writeAppPackage(app, modules(4));
  mkdirSync(join(dir, 'other'));
  await writeAppPackage(otherApp, modules(5));
  await shard('keyed-1', app, 1, env(KEY));
  await shard('keyed-2', app, 2, env(KEY));
  await shard('other-key-1', app, 1, env(OTHER_KEY));
  await shard('unkeyed-1', app, 1, env(undefined));
  await shard('older-run-1', app, 1, env(KEY, 'pipeline-40'));
  await shard('other-plan-2', otherApp, 2, env(KEY));
}, 180_000);

let n = 0;
/** A fresh copy of the two keyed shards: [folder of shard 1, folder of shard 2]. */
function copyShards(): [string, string] {
  const at = join(dir, `case-${++n}`);
  const folders: [string, string] = [join(at, 'shard-1'), join(at, 'shard-2')];
  cpSync(join(dir, 'keyed-1'), folders[0], { recursive: true });
  cpSync(join(dir, 'keyed-2'), folders[1], { recursive: true });
  return folders;
}
async function merge(folders: string[], e: NodeJS.ProcessEnv = env(KEY), extra: string[] = []) {
  const out = join(folders[0]!, '..', 'joined');
  // Run from the case's folder, as a merge job runs beside the artifacts it downloaded: files are shown relative to it.
  const r = await runCli(['merge', ...folders.map((f) => join(f, 'results.sarif')), '--output', join(out, 'results.sarif'), ...extra], { cwd: join(out, '..'), env: e });
  expectNoToken(KEY, { dirs: [join(folders[0]!, '..')], texts: { stdout: r.stdout, stderr: r.stderr } });
  expectNoToken(OTHER_KEY, { texts: { stdout: r.stdout, stderr: r.stderr } });
  return { ...r, out };
}
const edit = (file: string, change: (text: string) => string) => writeFileSync(file, change(readFileSync(file, 'utf8')));
const editJson = (file: string, change: (json: any) => void, indent = 2) =>
  edit(file, (t) => {
    const json = JSON.parse(t);
    change(json);
    return JSON.stringify(json, null, indent) + '\n';
  });
/** The manifest text re-sealed with `key` by someone who knows the format but not the shard key. */
function reseal(file: string, key: string) {
  edit(file, (t) => {
    const open = t.replace(/,\n {4}"mac": "[0-9a-f]{64}"\n {2}\}\n\}\n$/, '\n  }\n}\n');
    return `${open.slice(0, -'\n  }\n}\n'.length)},\n    "mac": "${createHmac('sha256', key).update(open).digest('hex')}"\n  }\n}\n`;
  });
}
function expectRefused(r: Awaited<ReturnType<typeof merge>>, message: string | RegExp, code = 3) {
  expect(r.code, r.stderr).toBe(code);
  if (typeof message === 'string') expect(r.stderr).toContain(message);
  else expect(r.stderr).toMatch(message);
  expect(existsSync(join(r.out, 'results.sarif'))).toBe(false);
  expect(existsSync(join(r.out, 'manifest.json'))).toBe(false);
}

describe('authenticated shards are joined', () => {
  it("each keyed shard records its log's SHA-256, its run and an HMAC closing its manifest; the join verifies them (exit 0) and says so", async () => {
    for (const i of [1, 2]) {
      const m = JSON.parse(readFileSync(join(dir, `keyed-${i}`, 'manifest.json'), 'utf8'));
      expect(m.authentication).toMatchObject({
        authenticated: true,
        keyEnv: 'OSSAST_SHARD_KEY',
        run: `ossast:${RUN}`,
        artifacts: [{ file: 'results.sarif', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }],
        mac: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(scans[`keyed-${i}`]!.stderr).not.toContain('not authenticated');
    }
    const r = await merge(copyShards());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('not authenticated');
    const joined = JSON.parse(readFileSync(join(r.out, 'manifest.json'), 'utf8'));
    expect(joined.authentication).toEqual({ authenticated: true, keyEnv: 'OSSAST_SHARD_KEY', run: `ossast:${RUN}`, artifacts: [] });
    expect(joined.results.byLevel.error).toBe(4);
    expectNoToken(KEY, {
      dirs: [dir],
      texts: Object.fromEntries(
        Object.entries(scans).flatMap(([k, s]) => [
          [`${k} stdout`, s.stdout],
          [`${k} stderr`, s.stderr],
        ]),
      ),
    });
  });

  it('without a key: the shard warns and records authenticated: false, the join warns and records it, hashes still checked', async () => {
    expect(scans['unkeyed-1']!.stderr).toContain('shard artifacts are not authenticated, because environment variable OSSAST_SHARD_KEY is not set');
    const m = JSON.parse(readFileSync(join(dir, 'unkeyed-1', 'manifest.json'), 'utf8'));
    expect(m.authentication.authenticated).toBe(false);
    expect(m.authentication.mac).toBeUndefined();
    const [one, two] = copyShards();
    cpSync(join(dir, 'unkeyed-1'), one, { recursive: true });
    const r = await merge([one, two], env(undefined));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('the shard artifacts are not authenticated, because environment variable OSSAST_SHARD_KEY is not set');
    expect(JSON.parse(readFileSync(join(r.out, 'manifest.json'), 'utf8')).authentication.authenticated).toBe(false);
    // Without a key, a changed log is still refused by its hash.
    const [a, b] = copyShards();
    edit(join(b, 'results.sarif'), (t) => t.replace('"level": "error"', '"level": "note"'));
    expectRefused(await merge([a, b], env(undefined)), 'but its manifest shard-2/manifest.json records');
  });
});

/** Ways to change a shard's log: each leaves valid SARIF with fewer or weaker findings. */
const logVariants: [string, (file: string) => void][] = [
  ['first result dropped', (f) => editJson(f, (j) => j.runs[0].results.shift())],
  ['last result dropped', (f) => editJson(f, (j) => j.runs[0].results.pop())],
  ['every result dropped', (f) => editJson(f, (j) => (j.runs[0].results = []))],
  ['a result lowered to note', (f) => editJson(f, (j) => (j.runs[0].results[0].level = 'note'))],
  [
    'a rule lowered to note',
    (f) =>
      editJson(f, (j) => {
        for (const r of j.runs[0].tool.driver.rules) r.defaultConfiguration = { level: 'note' };
      }),
  ],
  ['a result suppressed', (f) => editJson(f, (j) => (j.runs[0].results[0].suppressions = [{ kind: 'external', status: 'accepted' }]))],
  ['only reformatted', (f) => editJson(f, () => undefined, 0)],
  ['one byte added', (f) => edit(f, (t) => t + ' ')],
];

describe('a changed shard log is refused (exit 3), with or without the key', () => {
  it.each(logVariants)('%s', async (_name, change) => {
    for (const key of [KEY, undefined]) {
      const [one, two] = copyShards();
      change(join(two, 'results.sarif'));
      const r = await merge([one, two], env(key));
      expectRefused(r, /the log .*shard-2\/results\.sarif has SHA-256 [0-9a-f]{64}, but its manifest .*shard-2\/manifest\.json records [0-9a-f]{64}: the log was changed after its shard wrote it/);
      expect(r.stderr).toContain('join only the artifacts the shard jobs of one pipeline run wrote');
    }
  });

  it('given with --manifest (no pairing by folder), a changed log is the log of none of the shards', async () => {
    const [one, two] = copyShards();
    logVariants[0]![1](join(two, 'results.sarif'));
    const r = await merge([one, two], env(KEY), ['--manifest', join(one, 'manifest.json'), '--manifest', join(two, 'manifest.json')]);
    expectRefused(r, /the log .*shard-2\/results\.sarif \(SHA-256 [0-9a-f]{64}\) is the log of none of the shard manifests/);
  });
});

/** Ways to change a shard's manifest: counts, targets, suppressions, the log hash it records. */
const manifestVariants: [string, (json: any) => void][] = [
  ['result count lowered', (j) => (j.results.total = 0)],
  ['error count lowered', (j) => (j.results.byLevel.error = 0)],
  ['gate exit code set to 0', (j) => (j.gate.exitCode = 0)],
  ['a target removed', (j) => j.targets.pop()],
  ['a target marked failed', (j) => (j.targets[0].status = 'failed')],
  ['the shard index changed', (j) => (j.shard.index = 1)],
  ['the recorded log hash replaced', (j) => (j.authentication.artifacts[0].sha256 = 'a'.repeat(64))],
  ['the run changed', (j) => (j.authentication.run = 'ossast:pipeline-99')],
];

describe('a changed shard manifest is refused (exit 3) under the key, whatever was changed', () => {
  it.each(manifestVariants)('%s, the old MAC kept', async (_name, change) => {
    const [one, two] = copyShards();
    const file = join(two, 'manifest.json');
    // The seal is kept as written: only the fields change.
    const mac = /,\n {4}"mac": "[0-9a-f]{64}"\n {2}\}\n\}\n$/.exec(readFileSync(file, 'utf8'))![0];
    editJson(file, (j) => {
      delete j.authentication.mac;
      change(j);
    });
    edit(file, (t) => `${t.slice(0, -'\n  }\n}\n'.length)}${mac}`);
    expectRefused(await merge([one, two]), 'the manifest shard-2/manifest.json is not authentic: its authentication code (authentication.mac) does not match under the shard key in OSSAST_SHARD_KEY');
  });

  it.each(manifestVariants)('%s, re-sealed under another key', async (_name, change) => {
    const [one, two] = copyShards();
    const file = join(two, 'manifest.json');
    editJson(file, (j) => {
      delete j.authentication.mac;
      change(j);
    });
    reseal(file, OTHER_KEY);
    expectRefused(await merge([one, two]), 'the manifest shard-2/manifest.json is not authentic');
  });

  it.each([
    ['the MAC stripped', (t: string) => t.replace(/,\n {4}"mac": "[0-9a-f]{64}"/, '')],
    ['the MAC stripped and authenticated set to false', (t: string) => t.replace(/,\n {4}"mac": "[0-9a-f]{64}"/, '').replace('"authenticated": true', '"authenticated": false')],
    ['reformatted (compact JSON)', (t: string) => JSON.stringify(JSON.parse(t)) + '\n'],
    [
      'the MAC moved to the front',
      (t: string) => {
        const { mac, ...authentication } = JSON.parse(t).authentication;
        return JSON.stringify({ mac, ...JSON.parse(t), authentication }, null, 2) + '\n';
      },
    ],
  ])('%s: no authentication code', async (_name, change) => {
    const [one, two] = copyShards();
    edit(join(two, 'manifest.json'), change);
    const r = await merge([one, two]);
    expectRefused(r, 'cannot join: the shard manifest shard-2/manifest.json carries no authentication code (authentication.mac)');
    expect(r.stderr).toContain('set OSSAST_SHARD_KEY to the same secret in every shard job and in this one');
  });

  it('the authentication record removed: refused with or without the key', async () => {
    for (const key of [KEY, undefined]) {
      const [one, two] = copyShards();
      editJson(join(two, 'manifest.json'), (j) => delete j.authentication);
      expectRefused(await merge([one, two], env(key)), 'the shard manifest shard-2/manifest.json has no authentication record');
    }
  });
});

describe('artifacts of other shards, keys, runs and plans', () => {
  it("logs swapped between the shards' folders", async () => {
    const [one, two] = copyShards();
    cpSync(join(dir, 'keyed-2', 'results.sarif'), join(one, 'results.sarif'));
    cpSync(join(dir, 'keyed-1', 'results.sarif'), join(two, 'results.sarif'));
    expectRefused(await merge([one, two]), /the log .*shard-1\/results\.sarif has SHA-256 [0-9a-f]{64}, but its manifest shard-1\/manifest\.json records/);
  });

  it("manifests swapped between the shards' folders", async () => {
    const [one, two] = copyShards();
    cpSync(join(dir, 'keyed-2', 'manifest.json'), join(one, 'manifest.json'));
    cpSync(join(dir, 'keyed-1', 'manifest.json'), join(two, 'manifest.json'));
    expectRefused(await merge([one, two]), /the log .*shard-1\/results\.sarif has SHA-256 [0-9a-f]{64}, but its manifest shard-1\/manifest\.json records/);
  });

  it('exposure inventories swapped between the shards', async () => {
    const [one, two] = copyShards();
    cpSync(join(dir, 'keyed-2', 'exposure.json'), join(one, 'exposure.json'));
    expectRefused(await merge([one, two]), /the exposure inventory .*shard-1\/exposure\.json has SHA-256 [0-9a-f]{64}, but the manifest shard-1\/manifest\.json records/);
  });

  it('a shard written under another key', async () => {
    const [one, two] = copyShards();
    cpSync(join(dir, 'other-key-1'), one, { recursive: true });
    expectRefused(await merge([one, two]), 'the manifest shard-1/manifest.json is not authentic');
  });

  it('a shard written without a key, joined with one', async () => {
    const [one, two] = copyShards();
    cpSync(join(dir, 'unkeyed-1'), one, { recursive: true });
    expectRefused(await merge([one, two]), 'the shard manifest shard-1/manifest.json carries no authentication code');
  });

  it('a shard from an older run of the same plan (replayed, valid MAC)', async () => {
    const [one, two] = copyShards();
    cpSync(join(dir, 'older-run-1'), one, { recursive: true });
    expectRefused(await merge([one, two]), 'cannot join shards of different CI runs: shard-1/manifest.json ran in ossast:pipeline-40, shard-2/manifest.json in ossast:pipeline-41');
  });

  it('every shard from an older run, joined in a later one', async () => {
    const r = await merge(copyShards(), env(KEY, 'pipeline-42'));
    expectRefused(r, 'cannot join: the shards ran in CI run ossast:pipeline-41, but this join runs in ossast:pipeline-42: their artifacts are from another run');
    expect(r.stderr).toContain('set OSSAST_RUN_ID to one value in the shard jobs and in this one');
  });

  it("a shard's artifacts replaced by another plan's (valid MAC)", async () => {
    const [one, two] = copyShards();
    cpSync(join(dir, 'other-plan-2'), two, { recursive: true });
    expectRefused(await merge([one, two]), /cannot join shards of different plans/);
  });

  it('with the key set, logs that are not shards are not merged', async () => {
    const [one] = copyShards();
    editJson(join(one, 'results.sarif'), (j) => {
      for (const run of j.runs) delete run.properties['ossast/manifest'];
    });
    expectRefused(await merge([one]), 'OSSAST_SHARD_KEY is set, so ossast merge joins authenticated shards only, but no log given names a shard manifest');
  });

  it('a shard log given twice, or left out', async () => {
    const [one, two] = copyShards();
    expectRefused(await merge([one, two], env(KEY), ['--manifest', join(one, 'manifest.json'), '--manifest', join(two, 'manifest.json'), join(one, 'results.sarif')]), 'the log of shard-1/manifest.json is given twice');
    const r = await merge([one], env(KEY), ['--manifest', join(one, 'manifest.json'), '--manifest', join(two, 'manifest.json')]);
    expectRefused(r, /the log of shard 2\/2 \(shard-2\/manifest\.json, SHA-256 [0-9a-f]{64}\) is not among the logs given/);
  });
});

describe('a shard key under 32 characters is refused (exit 2), never shown', () => {
  it.each([1, 8, 31])('%i characters: at scan and at merge', async (length) => {
    const short = 'S'.repeat(length - 1) + 'x';
    const s = await runCli(['scan', app, '--out', join(dir, `short-${length}`), '--format', 'sarif,manifest', '--shard', '1/2'], { cwd: dir, env: env(short) });
    expect(s.code).toBe(2);
    expect(s.stderr).toContain(`the shard key in environment variable OSSAST_SHARD_KEY has ${length} characters, fewer than the 32 ossast accepts`);
    expect(existsSync(join(dir, `short-${length}`, 'results.sarif'))).toBe(false);
    const r = await merge(copyShards(), env(short));
    expectRefused(r, `the shard key in environment variable OSSAST_SHARD_KEY has ${length} characters`, 2);
    if (length >= 4) expectNoToken(short, { texts: { scan: s.stderr + s.stdout, merge: r.stderr + r.stdout } });
  });
});

describe('the shard key and scanner processes', () => {
  it('a scanner that writes out its environment finds no OSSAST_SHARD_KEY (the real executable, the key in its environment)', async () => {
    const root = join(dir, 'env-dump');
    mkdirSync(root);
    const tool = writeScript(root, 'envdump.sh', `env > "$(dirname "$2")/env.txt"\necho '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"EnvDump"}},"results":[]}]}' > "$2"`);
    writeFileSync(join(root, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: envdump\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n    coverage: unknown-accepted\n`);
    const bin = join(import.meta.dirname, '../../bin/ossast.js');
    const r = await execa(process.execPath, [bin, 'scan', app, '--config', 'ossast.yml', '--shard', '1/2', '--out', 'out', '--format', 'sarif,manifest'], { cwd: root, env: { OSSAST_SHARD_KEY: KEY }, reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    const env = readFileSync(join(root, 'out/work/envdump/env.txt'), 'utf8');
    expect(env).toContain('PATH=');
    expect(env).not.toContain('OSSAST_SHARD_KEY=');
    expect(JSON.parse(readFileSync(join(root, 'out/manifest.json'), 'utf8')).authentication.authenticated).toBe(true);
    expectNoToken(KEY, { dirs: [join(root, 'out')], texts: { stdout: r.stdout, stderr: r.stderr } });
  });
});

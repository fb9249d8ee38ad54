// A shard with a module that failed joins as the full run with that failure: the same module statuses, artifacts, one
// failed-target invocation in each run, and the same verdict (exit 3, incomplete).
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { writeAppPackage } from '../support/zip.js';
import { comparableLog, readJson } from '../support/join.js';

const dir = tempDir();
const app = join(dir, 'Broken.zip');
const scan = (out: string, ...extra: string[]) => runCli(['scan', app, '--out', join(dir, out), '--format', 'sarif,manifest', ...extra], { cwd: dir });
const targetsInvocation = (file: string) => readJson(file).runs.map((r: { invocations: { commandLine?: string }[] }) => r.invocations.filter((i) => i.commandLine === 'ossast retrieve and extract'));

beforeAll(async () => {
  // Module C holds no file any scanner reads: it fails (scan: none of its files was scanned).
  await writeAppPackage(app, { A: { 'A.cs': 'class A {}\n' }, B: { 'B.cs': 'class B {}\n' }, C: { 'data.bin': 'zzz' }, D: { 'D.js': 'var d = 1;\n' } });
  expect((await scan('full')).code).toBe(3);
  // The shard holding C is incomplete (exit 3), the other clean (exit 0).
  const codes = [(await scan('shard-1', '--shard', '1/2')).code, (await scan('shard-2', '--shard', '2/2')).code];
  expect(codes.sort()).toEqual([0, 3]);
}, 120_000);

describe('a partial shard joined', () => {
  it("gives the full run's log: the failed module's status, the artifacts, one failed-target invocation per run; the same verdict", async () => {
    const out = join(dir, 'joined', 'results.sarif');
    const merged = await runCli(['merge', join(dir, 'shard-1', 'results.sarif'), join(dir, 'shard-2', 'results.sarif'), '--output', out], { cwd: dir });
    expect(merged.code, merged.stderr).toBe(0);
    const full = join(dir, 'full', 'results.sarif');
    expect(readJson(full).runs[0].properties['ossast/targets'].find((t: { id: string }) => t.id === 'Broken/C')).toMatchObject({ status: 'failed' });
    expect(comparableLog(out)).toEqual(comparableLog(full));
    expect(targetsInvocation(out)).toEqual(targetsInvocation(full));
    expect(targetsInvocation(out)[0]).toHaveLength(1);
    const [gateFull, gateJoined] = [await runCli(['gate', full]), await runCli(['gate', out])];
    expect(gateFull.code).toBe(3);
    expect(gateJoined.code).toBe(3);
    expect(gateJoined.stdout).toBe(gateFull.stdout);
    expect(readJson(join(dir, 'joined', 'manifest.json')).gate).toEqual(readJson(join(dir, 'full', 'manifest.json')).gate);
    expect(readJson(join(dir, 'joined', 'manifest.json')).gate.exitCode).toBe(3);
  });
});

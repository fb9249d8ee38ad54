// `ossast merge` through the CLI: exit codes and messages.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();
const semgrep = join(import.meta.dirname, '../fixtures/sarif/semgrep-1.180.0.sarif');

describe('ossast merge', () => {
  it('merges into --output and lists each run (exit 0)', async () => {
    const r = await runCli(['merge', semgrep, semgrep, '--output', 'out/merged.sarif', '--source-root', '/work/out/src'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Semgrep OSS\t3 result\(s\)\t/);
    const log = JSON.parse(readFileSync(join(dir, 'out/merged.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    expect(log.runs.map((run) => run.results.length)).toEqual([3]);
  });
  it('exits 2 on a file that is not SARIF, naming it', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    const r = await runCli(['merge', 'notes.txt', '--output', 'x.sarif'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('notes.txt is not JSON');
    expect(existsSync(join(dir, 'x.sarif'))).toBe(false);
  });
  it('exits 2 on a bad --jobs', async () => {
    const r = await runCli(['merge', semgrep, '--jobs', '0'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--jobs: expected a whole number >= 1, received "0"');
  });
  it('exits 3 when the log cannot be written', async () => {
    writeFileSync(join(dir, 'a-file'), '');
    const r = await runCli(['merge', semgrep, '--output', 'a-file/sub/merged.sarif'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('a-file/sub/merged.sarif');
  });
  it('--sarif-profile github: also github/results.sarif, without the suppressed finding the merged log keeps', async () => {
    const r = await runCli(['merge', semgrep, '--output', 'gh/results.sarif', '--source-root', '/work/out/src', '--sarif-profile', 'github'], { cwd: dir });
    expect(r.code).toBe(0);
    type L = { runs: { automationDetails: { id: string }; results: { suppressions?: unknown[] }[] }[] };
    const merged = JSON.parse(readFileSync(join(dir, 'gh/results.sarif'), 'utf8')) as L;
    const upload = JSON.parse(readFileSync(join(dir, 'gh/github/results.sarif'), 'utf8')) as L;
    expect(merged.runs[0]!.results.filter((x) => x.suppressions?.length)).toHaveLength(1);
    expect(upload.runs[0]!.results).toHaveLength(merged.runs[0]!.results.length - 1);
    expect(upload.runs[0]!.results.filter((x) => x.suppressions?.length)).toEqual([]);
    expect(upload.runs[0]!.automationDetails.id).toBe(merged.runs[0]!.automationDetails.id);
    expect(r.stderr).toMatch(/GitHub upload: gh\/github\/results\.sarif with 2 result\(s\); 1 suppressed or marked absent left out/);
  });
  // The worker writes each merged run to <output>.part<n>-<m>.json before it joins the log: a name anyone who can
  // write the folder can plant something at. Generated: links at every part name two files can use, to files
  // outside the folder, and at part numbers beyond.
  it('never writes through a link planted at a part file name: removed, the merge goes on (exit 0)', async () => {
    const folder = join(dir, 'planted');
    mkdirSync(folder);
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const names = [0, 1, 2, 3].flatMap((n) => [0, 1].map((m) => `merged.sarif.part${n}-${m}.json`));
    for (const name of names) symlinkSync(victim, join(folder, name));
    symlinkSync(join(dir, 'nowhere'), join(folder, 'merged.sarif.part9-0.json'));
    const r = await runCli(['merge', semgrep, semgrep, '--output', 'planted/merged.sarif', '--source-root', '/work/out/src'], { cwd: dir });
    expect(r.stderr).toContain('merged 2 file(s) into 1 run(s), 3 result(s)');
    expect(r.code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('keep me');
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
    expect(readdirSync(folder)).toEqual(['merged.sarif']);
  });
  it('exits 2 naming a folder found at a part file name, and writes nothing', async () => {
    const folder = join(dir, 'blocked');
    mkdirSync(join(folder, 'merged.sarif.part0-0.json'), { recursive: true });
    const r = await runCli(['merge', semgrep, '--output', 'blocked/merged.sarif'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(folder, 'merged.sarif.part0-0.json')} is a folder where the merge writes a part file; nothing was merged`);
    expect(r.stderr).toContain('remove that folder, or choose another --output');
    expect(readdirSync(folder)).toEqual(['merged.sarif.part0-0.json']);
  });
  it('exits 2 on an unknown --sarif-profile, naming the choices', async () => {
    const r = await runCli(['merge', semgrep, '--output', 'p/results.sarif', '--sarif-profile', 'gitlab'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--sarif-profile.*gitlab.*full, github/);
    expect(existsSync(join(dir, 'p/results.sarif'))).toBe(false);
  });
});

// mergeFiles: SARIF files merged in worker threads, one run per tool across files, same log as the in-process merge.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { mergeFiles } from '../../src/merge/merge-files.js';
import { mergeRuns } from '../../src/merge/merge.js';
import { maskSecrets } from '../../src/merge/secrets.js';
import { encodeLogUris } from '../../src/model/uri.js';
import { parseSarif } from '../../src/model/sarif.js';
import { foreignRuns } from '../../src/merge/external-log.js';
import { ConfigError } from '../../src/util/errors.js';
import { validateSarif } from '../support/sarif-validate.js';
import { tempDir } from '../support/tmp.js';

const dir = tempDir();
const src = '/work/out/src';
const semgrep = join(import.meta.dirname, '../fixtures/sarif/semgrep-1.180.0.sarif');
const other = (results: NonNullable<Log['runs'][number]['results']>, executionSuccessful = true): Log => ({
  version: '2.1.0',
  runs: [{ tool: { driver: { name: 'OtherTool', version: '2.0', rules: [{ id: 'OT1', defaultConfiguration: { level: 'note' } }] } }, invocations: [{ executionSuccessful, commandLine: 'other --scan' }], results }],
});
const at = (uri: string, line: number, text = 'a') => ({ ruleId: 'OT1', message: { text }, locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: line } } }] });
const write = (name: string, log: unknown) => {
  const p = join(dir, name);
  writeFileSync(p, typeof log === 'string' ? log : JSON.stringify(log));
  return p;
};
const b = write('b.sarif', other([at(`file://${src}/App/Mod/x.cs`, 3), at(`file://${src}/App/Mod/x.cs`, 3), at('file:///etc/passwd', 1, 'outside')]));
const c = write('c.sarif', other([at('App/Mod/y.cs', 7)], false));
const files = [semgrep, b, c];

describe('mergeFiles', async () => {
  const out = join(dir, 'out', 'merged.sarif');
  await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'out')));
  const summary = await mergeFiles({ files, sourceRoot: src, output: out, jobs: 2, ossastVersion: '0.1.0' });
  const log = JSON.parse(readFileSync(out, 'utf8')) as Log;

  it('writes one run per tool, in the order tools first appear, and a tool found in two files is one run', () => {
    expect(summary.map((r) => [r.tool, r.results, r.files, r.executionSuccessful])).toEqual([
      ['Semgrep OSS', 3, [semgrep], true],
      ['OtherTool', 2, [b, c], false],
    ]);
    expect(log.runs.map((r) => r.automationDetails!.id)).toEqual(['ossast/Semgrep OSS/', 'ossast/OtherTool/']);
  });
  it('relativises paths, removes the duplicate, drops the result outside the sources with a notification, keeps the failure', () => {
    const run = log.runs[1]!;
    expect(run.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation)).toEqual([
      { uri: 'App/Mod/x.cs', uriBaseId: 'SRCROOT' },
      { uri: 'App/Mod/y.cs', uriBaseId: 'SRCROOT' },
    ]);
    expect(run.invocations!.map((i) => [i.commandLine ?? '', i.executionSuccessful])).toEqual([
      [expect.any(String), true],
      [expect.any(String), false],
      ['ossast merge', false],
    ]);
    expect(JSON.stringify(run.invocations)).toContain('result dropped because its location (\\"file:///etc/passwd\\") is outside the scanned sources');
  });
  it('gives the same log as merging in-process', () => {
    const runs = files.flatMap((f) => foreignRuns(parseSarif(readFileSync(f, 'utf8'), f)));
    // mergeFiles masks secrets (as `ossast merge` does unless --no-redact-secrets); mergeRuns leaves that to its caller.
    expect(log).toEqual(JSON.parse(JSON.stringify(maskSecrets(mergeRuns({ runs, sourceRoot: src, targets: [], ossastVersion: '0.1.0' })))));
  });
  // Past 10,000 results a run is written result by result in the order the logs listed them, each put in its place:
  // the log must be the one the in-process merge sorts (duplicates, escaped paths and masked secrets included).
  it('gives the same log as merging in-process for runs of many results listed out of order', async () => {
    const many = (seed: number) =>
      other(
        Array.from({ length: 6000 }, (_, i) => {
          // 900 duplicates in each file, none across files
          const n = ((i * 7919 + seed) % 6000) % 5100;
          const r = at(`App/Mod ${n % 40}/f${n % 13}.cs`, 1 + (n % 97) + 200 * seed, n % 11 === 0 ? 'password = "hunter2hunter2"' : `m${Math.floor(n / 40) % 5}`);
          return n % 11 === 0 ? { ...r, ruleId: 'OT1', properties: { tags: ['CWE-798'] } } : r;
        }),
      );
    const big = [write('many-1.sarif', many(1)), write('many-2.sarif', many(2))];
    const merged = join(dir, 'many-merged.sarif');
    await mergeFiles({ files: big, sourceRoot: src, output: merged, ossastVersion: '0.1.0' });
    const runs = big.flatMap((f) => foreignRuns(parseSarif(readFileSync(f, 'utf8'), f)));
    const expected = encodeLogUris(maskSecrets(mergeRuns({ runs, sourceRoot: src, targets: [], ossastVersion: '0.1.0' })));
    const written = JSON.parse(readFileSync(merged, 'utf8')) as Log;
    expect(written.runs[0]!.results!.length).toBe(10_200);
    expect(written.runs[0]!.results!.filter((r) => r.properties?.['ossast/secret-masked']).length).toBeGreaterThan(0);
    expect(written.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('App/Mod%200/f0.cs');
    expect(written).toEqual(JSON.parse(JSON.stringify(expected)));
  });
  it('merging its own log again changes no run, result or fingerprint', async () => {
    const again = join(dir, 'again.sarif');
    await mergeFiles({ files: [out], sourceRoot: src, output: again, ossastVersion: '0.1.0' });
    const log2 = JSON.parse(readFileSync(again, 'utf8')) as Log;
    expect(log2.runs.map((r) => r.automationDetails!.id)).toEqual(log.runs.map((r) => r.automationDetails!.id));
    expect(log2.runs.map((r) => r.results)).toEqual(log.runs.map((r) => r.results));
  });
  it('keeps the scanner name of a run ossast wrote (automationDetails ossast/<name>/), not the driver name', async () => {
    const scanned = JSON.parse(readFileSync(semgrep, 'utf8')) as Log;
    scanned.runs[0]!.automationDetails = { id: 'ossast/semgrep/' };
    const [run] = await mergeFiles({ files: [write('scanned.sarif', scanned)], sourceRoot: src, output: join(dir, 'scanned-merged.sarif'), ossastVersion: '0.1.0' });
    expect(run!.tool).toBe('semgrep');
    const merged = JSON.parse(readFileSync(join(dir, 'scanned-merged.sarif'), 'utf8')) as Log;
    expect(merged.runs.map((r) => [r.automationDetails!.id, r.tool.driver.name])).toEqual([['ossast/semgrep/', 'Semgrep OSS']]);
  });
  it('leaves only the log behind (no part files)', () => {
    expect(readdirSync(join(dir, 'out'))).toEqual(['merged.sarif']);
  });
  it('passes sarif-multitool validate with no errors', async () => {
    expect((await validateSarif(out)).errors).toEqual([]);
  });
});

describe('mergeFiles on bad input', () => {
  it('refuses a file that is not SARIF 2.1.0, naming it and the field, and writes nothing', async () => {
    const bad = write('bad.sarif', { version: '2.0.0', runs: [] });
    const out = join(dir, 'bad', 'merged.sarif');
    await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, 'bad')));
    const err = await mergeFiles({ files: [semgrep, bad], sourceRoot: src, output: out, ossastVersion: '0.1.0' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/bad\.sarif is not a valid SARIF 2\.1\.0 log: version/);
    expect(readdirSync(join(dir, 'bad'))).toEqual([]);
  });
  it('refuses a missing file', async () => {
    const err = await mergeFiles({ files: [join(dir, 'nope.sarif')], sourceRoot: src, output: join(dir, 'nope-merged.sarif'), ossastVersion: '0.1.0' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain('cannot read');
    expect(existsSync(join(dir, 'nope-merged.sarif'))).toBe(false);
  });
  it('merges a file again without a heap limit when its worker runs out of memory under one', async () => {
    const big = write('big.sarif', other(Array.from({ length: 30_000 }, (_, i) => at(`App/Mod/f${i % 50}.cs`, i, `finding number ${i} with some text`))));
    const warnings: string[] = [];
    const out = join(dir, 'big-merged.sarif');
    const [run] = await mergeFiles({ files: [big], sourceRoot: src, output: out, ossastVersion: '0.1.0', workerHeapMb: 8, log: { warn: (m) => warnings.push(m) } });
    expect(run!.results).toBe(30_000);
    expect(warnings).toEqual([`merging ${big} needed more than 8 MB of heap; merging it again without a limit`]);
  });
});

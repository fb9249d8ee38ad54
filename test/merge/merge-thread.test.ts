// The merge in a worker thread gives the log the merge on the main thread gives, byte for byte; refuses what it
// refuses, with the same message; and stops at once when its signal fires.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log, Result } from 'sarif';
import { mergeRunsInPlace } from '../../src/merge/merge.js';
import { mergeRunsOffThread, OFF_THREAD_FROM, readMergedLog, type SourceMergeInput } from '../../src/merge/merge-thread.js';
import { RuleReferenceError } from '../../src/model/sarif-rules.js';
import type { SourceTarget } from '../../src/model/targets.js';
import type { ScannerRun } from '../../src/scan/types.js';
import { InterruptedError } from '../../src/util/errors.js';
import { sourceFileReader } from '../../src/util/source-file.js';
import { tempDir, writeTree } from '../support/tmp.js';

const root = tempDir();
const scratchDir = tempDir();
const LINES = 300;
// Files the results point into: snippets, context and Service Studio elements are read from them.
writeTree(root, {
  'App/Mod/Actions/ActionRun.cs': `namespace ssMod {\n${Array.from({ length: LINES }, (_, i) => `  string q${i} = "SELECT * FROM T WHERE C = '" + p${i % 7} + "'";`).join('\n')}\n}\n`,
  'App/Mod/scripts/Mod.Main.Home.mvc.js': Array.from({ length: LINES }, (_, i) => `var v${i} = eval(x${i % 5});`).join('\n'),
  'App/Other/Web.config': '<configuration/>\n',
});
const targets: SourceTarget[] = [
  { id: 'App/Mod', application: 'App', module: 'Mod', dir: join(root, 'App/Mod'), origin: { kind: 'app-zip', path: 'App.zip' } },
  { id: 'App/Other', application: 'App', module: 'Other', dir: join(root, 'App/Other'), origin: { kind: 'app-zip', path: 'App.zip' } },
];
const T = '2026-12-06T10:00:00.000Z';
const FILES = ['App/Mod/Actions/ActionRun.cs', 'App/Mod/scripts/Mod.Main.Home.mvc.js', 'App/Other/Web.config', 'App/Missing.cs'];

/** `n` results of a tool over the files above (repeats included, so that duplicates are dropped), and a run of its own. */
function toolRun(scanner: string, n: number, extra: (i: number) => Partial<Result> = () => ({})): ScannerRun {
  const results: Result[] = Array.from({ length: n }, (_, i) => ({
    ruleId: `rule-${i % 3}`,
    level: i % 5 === 0 ? 'error' : 'warning',
    message: { text: `finding ${i % 9_000} in ${scanner}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: FILES[i % FILES.length]! }, region: { startLine: 1 + (i % LINES), startColumn: 3, endColumn: 20 } } }],
    ...(i % 11 === 0 ? { fingerprints: { 'tool/v1': `fp${i}`, 'semgrep/login': 'requires login' } } : {}),
    ...extra(i),
  }));
  return {
    scanner,
    toolVersion: '1.0.0',
    sarif: { version: '2.1.0', runs: [{ tool: { driver: { name: scanner, rules: [{ id: 'rule-0', name: 'RuleZero' }, { id: 'rule-1' }, { id: 'rule-2', properties: { tags: ['CWE-89'] } }] } }, results }] },
    invocation: { commandLine: `${scanner} scan`, exitCode: 0, startTimeUtc: T, endTimeUtc: T, executionSuccessful: true },
    notifications: [],
    skipped: [],
    rules: [],
  };
}

/** Two tools, one with two logs (shards), one log of a tool that produced no result set. */
const runs = (n: number): ScannerRun[] => {
  const noResults = toolRun('c', 0);
  delete noResults.sarif!.runs[0]!.results;
  return [toolRun('a', n), toolRun('b', Math.ceil(n / 3)), toolRun('a', Math.ceil(n / 2)), noResults];
};
const input = (r: ScannerRun[]): SourceMergeInput => ({ runs: r, sourceRoot: root, targets, ossastVersion: '0.1.0', startedAt: T });
const onMainThread = (r: ScannerRun[]): Log => mergeRunsInPlace({ ...input(r), readSource: sourceFileReader(root) });

describe('mergeRunsOffThread', () => {
  it('gives the same log as mergeRunsInPlace, in the worker and below its threshold', async () => {
    const expected = JSON.stringify(onMainThread(runs(12_000)));
    expect(JSON.parse(expected).runs[0].results.length).toBeGreaterThan(8_000);
    expect(JSON.stringify(await mergeRunsOffThread(input(runs(12_000)), { offThreadFrom: 0, scratchDir }))).toBe(expected);
    const small = JSON.stringify(onMainThread(runs(300)));
    expect(JSON.stringify(await mergeRunsOffThread(input(runs(300)), { scratchDir }))).toBe(small);
    expect(300 * 2).toBeLessThan(OFF_THREAD_FROM);
    // The file the worker wrote the merged log to is gone once it was read.
    expect(readdirSync(scratchDir)).toEqual([]);
  });

  it('refuses a result whose rule is not in its run, as the merge on the main thread does', async () => {
    const bad = () => [toolRun('a', 50, (i) => (i === 42 ? { ruleId: undefined, ruleIndex: 9 } : {}))];
    let expected: unknown;
    try {
      onMainThread(bad());
    } catch (err) {
      expected = err;
    }
    expect(expected).toBeInstanceOf(RuleReferenceError);
    const got = await mergeRunsOffThread(input(bad()), { offThreadFrom: 0, scratchDir }).catch((err: unknown) => err);
    expect(got).toBeInstanceOf(RuleReferenceError);
    expect((got as RuleReferenceError).message).toBe((expected as RuleReferenceError).message);
    expect((got as RuleReferenceError).hint).toBe((expected as RuleReferenceError).hint);
  });

  it('stops with the signal’s reason once aborted, while sending or merging', async () => {
    for (const afterMs of [0, 30, 300]) {
      const stop = new AbortController();
      const reason = new InterruptedError('SIGINT');
      const merging = mergeRunsOffThread(input(runs(60_000)), { offThreadFrom: 0, scratchDir, signal: stop.signal });
      const started = Date.now();
      setTimeout(() => stop.abort(reason), afterMs);
      await expect(merging).rejects.toBe(reason);
      expect(Date.now() - started - afterMs).toBeLessThan(1_000);
      expect(readdirSync(scratchDir)).toEqual([]);
    }
  });
});

describe('readMergedLog', () => {
  const dir = tempDir();
  const log = (results: unknown[] | undefined) => JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 't' } }, ...(results ? { results } : {}) }] });
  const read = async (text: string, counts: (number | null)[]) => {
    const file = join(dir, `log-${Math.random()}.sarif`);
    writeFileSync(file, text);
    return readMergedLog(file, { kind: 'written', results: counts });
  };

  it('gives the log as written, keys in their order', async () => {
    const text = JSON.stringify({ runs: [{ results: [{ z: 1, a: 2 }], tool: { driver: { name: 't' } } }], version: '2.1.0', $schema: 's' });
    expect(JSON.stringify(await read(text, [1]))).toBe(text);
    expect((await read(log(undefined), [null])).runs[0]?.results).toBeUndefined();
  });

  it('refuses a file that is not what the worker reported: cut short, grown, changed in shape, not JSON', async () => {
    const cases: [string, (number | null)[], RegExp][] = [
      [log([{}, {}]), [3], /is not the one it reported \(3 results\)/],
      [log([{}, {}, {}, {}]), [3], /is not the one it reported/],
      [log(undefined), [0], /is not the one it reported/],
      [log([]), [null], /is not the one it reported/],
      [log([{}, 7, {}]), [3], /is not the one it reported/],
      [log([{}, [], {}]), [3], /is not the one it reported/],
      [log([{}]), [1, 1], /is not the one it reported/],
      [JSON.stringify({ version: '2.0.0', runs: [{ results: [{}] }] }), [1], /is not the one it reported/],
      [log([{}, {}]).slice(0, -5), [2], /is not JSON/],
    ];
    for (const [text, counts, message] of cases) await expect(read(text, counts), text).rejects.toThrow(message);
  });

  it('refuses a link, a FIFO or no file in its place, naming the file', async () => {
    const real = join(dir, 'real.sarif');
    writeFileSync(real, JSON.stringify({ version: '2.1.0', runs: [{ results: [{}] }] }));
    const link = join(dir, 'link.sarif');
    symlinkSync(real, link);
    const fifo = join(dir, 'fifo.sarif');
    execFileSync('mkfifo', [fifo]);
    for (const file of [link, fifo, join(dir, 'none.sarif')]) {
      await expect(readMergedLog(file, { kind: 'written', results: [1] })).rejects.toThrow(`the merged log the merge worker wrote (${file}) could not be read`);
    }
  });
});

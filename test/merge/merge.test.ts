// Merge: one run per tool, relative paths, explicit levels, stable fingerprints, dedupe, failed runs kept, valid SARIF.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { mergeRuns, mergeRunsInPlace, type MergeInput } from '../../src/merge/merge.js';
import { normaliseText } from '../../src/merge/fingerprint.js';
import { parseSarif } from '../../src/model/sarif.js';
import type { ScannerRun } from '../../src/scan/types.js';
import type { SourceTarget } from '../../src/model/targets.js';
import { failedRun } from '../../src/scan/run.js';
import { ScannerError } from '../../src/scan/errors.js';
import { validateSarif } from '../support/sarif-validate.js';
import { tempDir } from '../support/tmp.js';

const recorded = parseSarif(readFileSync(join(import.meta.dirname, '../fixtures/sarif/semgrep-1.180.0.sarif'), 'utf8'), 'recorded');
const T = '2026-11-22T10:00:00.000Z';
const scannerRun = (sarif: Log | undefined, extra: Partial<ScannerRun> = {}): ScannerRun => ({
  scanner: 'semgrep',
  toolVersion: '1.180.0',
  ...(sarif ? { sarif } : {}),
  invocation: { commandLine: 'semgrep scan --metrics=off', exitCode: 0, startTimeUtc: T, endTimeUtc: T, executionSuccessful: true },
  notifications: [],
  skipped: [],
  rules: [{ path: 'ossast:scanners/semgrep/rules/javascript.yml', sha256: 'ab'.repeat(32) }],
  ...extra,
});
const targets = (root: string): SourceTarget[] => [{ id: 'App/Mod', application: 'App', module: 'Mod', dir: `${root}/App/Mod`, origin: { kind: 'app-zip', path: 'App.zip' } }];
const input = (runs: ScannerRun[], root = '/work/out/src'): MergeInput => ({ runs, sourceRoot: root, targets: targets(root), ossastVersion: '0.1.0' });
const results = (log: Log) => log.runs.flatMap((r) => r.results ?? []);

describe('mergeRuns on recorded Semgrep SARIF', () => {
  const log = mergeRuns(input([scannerRun(recorded)]));
  const run = log.runs[0]!;

  it('writes one run with SRCROOT-relative paths and the root outside results', () => {
    expect(log.runs).toHaveLength(1);
    for (const r of results(log)) expect(r.locations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: 'App/Mod/scripts/Mod.controller.js', uriBaseId: 'SRCROOT' });
    expect(run.originalUriBaseIds!['SRCROOT']!.uri).toBe('file:///work/out/src/');
    expect(JSON.stringify(run.results)).not.toContain('/work/out');
    expect(run.automationDetails!.id).toBe('ossast/semgrep/');
  });
  it('gives every result an explicit level from its rule, a target, and drops "requires login" fingerprints', () => {
    for (const r of results(log)) {
      expect(r.level).toBe('error');
      expect(r.properties).toMatchObject({ 'ossast/target': 'App/Mod', 'ossast/module': 'Mod', 'ossast/application': 'App' });
      expect(r.fingerprints).toBeUndefined();
      expect(r.partialFingerprints!['ossast/v2']).toMatch(/^[0-9a-f]{32}:\d+$/);
      expect(r.partialFingerprints!['primaryLocationLineHash']).toBe(r.partialFingerprints!['ossast/v2']);
      expect(run.tool.driver.rules![r.ruleIndex!]!.id).toBe(r.ruleId);
    }
  });
  it("keeps the tool's in-source suppression for the suppress stage", () => {
    expect(results(log).filter((r) => r.suppressions?.[0]?.kind === 'inSource')).toHaveLength(1);
  });
  it('records the invocation and rule files', () => {
    expect(run.invocations![0]).toMatchObject({ commandLine: 'semgrep scan --metrics=off', exitCode: 0, executionSuccessful: true, startTimeUtc: T });
    expect(run.tool.driver.version).toBe('1.180.0');
    expect(run.properties!['ossast/rules']).toEqual([{ path: 'ossast:scanners/semgrep/rules/javascript.yml', sha256: 'ab'.repeat(32) }]);
  });
  it('passes sarif-multitool validate with no errors', async () => {
    const file = join(tempDir(), 'merged.sarif');
    writeFileSync(file, JSON.stringify(log));
    expect((await validateSarif(file)).errors).toEqual([]);
  });
});

describe('fingerprints', () => {
  const shifted = (lines: number): Log =>
    JSON.parse(
      JSON.stringify(recorded)
        .replace(/"startLine":(\d+)/g, (_m, l: string) => `"startLine":${Number(l) + lines}`)
        .replace(/"endLine":(\d+)/g, (_m, l: string) => `"endLine":${Number(l) + lines}`),
    );
  const fps = (log: Log) =>
    results(log)
      .map((r) => r.partialFingerprints!['ossast/v2'])
      .sort();
  it('do not change when lines are inserted above the findings', () => {
    expect(fps(mergeRuns(input([scannerRun(shifted(25))])))).toEqual(fps(mergeRuns(input([scannerRun(recorded)]))));
  });
  it('are the same on another machine (another source root)', () => {
    const other = JSON.parse(JSON.stringify(recorded));
    expect(fps(mergeRuns(input([scannerRun(other)], '/home/ci/build/ossast-out/src')))).toEqual(fps(mergeRuns(input([scannerRun(recorded)]))));
  });
  it('tell apart two identical snippets in one file', () => {
    const evals = results(mergeRuns(input([scannerRun(recorded)]))).filter((r) => r.ruleId === 'ossast.js.code-injection.eval');
    expect(new Set(evals.map((r) => r.partialFingerprints!['ossast/v2'])).size).toBe(evals.length);
  });
});

describe('merging several tools and failures', () => {
  const other: Log = {
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'OtherTool', version: '2.0', rules: [{ id: 'OT1', defaultConfiguration: { level: 'note' } }] } },
        results: [
          { ruleId: 'OT1', message: { text: 'a' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///work/out/src/App/Mod/x.cs' }, region: { startLine: 3 } } }] },
          { ruleId: 'OT1', message: { text: 'a' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///work/out/src/App/Mod/x.cs' }, region: { startLine: 3 } } }] },
          { ruleId: 'OT1', message: { text: 'outside' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'file:///etc/passwd' }, region: { startLine: 1 } } }] },
        ],
      },
    ],
  };
  const crash = failedRun(
    'crashy',
    new ScannerError('was killed by SIGSEGV', { scanner: 'crashy', commandLine: 'crashy /src', exitCode: null, signal: 'SIGSEGV', durationMs: 5, stderrTail: 'segfault', startTimeUtc: T, endTimeUtc: T, kind: 'crash' }),
    T,
  );
  const log = mergeRuns(input([scannerRun(recorded, { skipped: [{ path: 'App/Mod/big.js', reason: 'exceeded_size_limit' }] }), scannerRun(other, { scanner: 'other', toolVersion: '2.0' }), crash]));

  it('writes one run per tool, in order', () => {
    expect(log.runs.map((r) => r.automationDetails!.id)).toEqual(['ossast/semgrep/', 'ossast/other/', 'ossast/crashy/']);
  });
  it('relativises file URIs, keeps a finding reached twice once, and drops results outside the sources, marking the run failed', () => {
    const run = log.runs[1]!;
    expect(run.results!.map((r) => [r.locations![0]!.physicalLocation!.artifactLocation!.uri, r.level])).toEqual([['App/Mod/x.cs', 'note']]);
    const merge = run.invocations!.find((i) => i.commandLine === 'ossast merge')!;
    expect(merge.executionSuccessful).toBe(false);
    expect(merge.toolExecutionNotifications!.map((n) => [n.level, n.message.text])).toContainEqual(['error', 'OT1: result dropped because its location ("file:///etc/passwd") is outside the scanned sources']);
  });
  it('reports skipped files as notifications', () => {
    const notes = log.runs[0]!.invocations![0]!.toolExecutionNotifications!;
    expect(notes).toContainEqual(expect.objectContaining({ level: 'warning', descriptor: { id: 'ossast/skipped-file' }, message: { text: 'file not (fully) scanned: App/Mod/big.js (exceeded_size_limit)' } }));
  });
  it('keeps a failed scanner as a run with executionSuccessful false and the reason', () => {
    const run = log.runs[2]!;
    expect(run.results).toEqual([]);
    expect(run.invocations![0]).toMatchObject({ executionSuccessful: false, exitSignalName: 'SIGSEGV', commandLine: 'crashy /src' });
    expect(run.invocations![0]!.toolExecutionNotifications![0]!.message.text).toContain('was killed by SIGSEGV');
    expect(run.invocations![0]!.toolExecutionNotifications![0]!.message.text).toContain('segfault');
  });
  it('orders results deterministically', () => {
    const again = mergeRuns(input([scannerRun(recorded, { skipped: [{ path: 'App/Mod/big.js', reason: 'exceeded_size_limit' }] }), scannerRun(other, { scanner: 'other', toolVersion: '2.0' }), crash]));
    expect(JSON.stringify(again)).toBe(JSON.stringify(log));
  });
});

describe('mergeRuns and mergeRunsInPlace', () => {
  it('mergeRuns leaves its input as it was', () => {
    const own = structuredClone(recorded);
    const before = JSON.stringify(own);
    mergeRuns(input([scannerRun(own)]));
    expect(JSON.stringify(own)).toBe(before);
  });
  it('mergeRunsInPlace gives the same log, rewriting the input it was handed', () => {
    const own = structuredClone(recorded);
    const inPlace = mergeRunsInPlace(input([scannerRun(own)]));
    expect(JSON.stringify(inPlace)).toBe(JSON.stringify(mergeRuns(input([scannerRun(recorded)]))));
    expect(own.runs[0]!.results![0]!.partialFingerprints!['ossast/v2']).toMatch(/^[0-9a-f]{32}:\d+$/);
  });
});

describe('normaliseText', () => {
  const plain = (t: string) => t.replace(/\s+/g, ' ').trim();
  it('matches the plain definition (collapse whitespace runs, trim) on every mix of spaces, tabs and line breaks', () => {
    const pieces = ['a', 'bc', ' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\ufeff', 'x = "y";'];
    const samples: string[] = [''];
    for (const a of pieces) for (const b of pieces) for (const c of pieces) samples.push(a + b + c);
    for (const s of samples) expect(normaliseText(s), JSON.stringify(s)).toBe(plain(s));
  });
});

describe('fingerprint values', () => {
  it('stay what ossast/v2 has always computed (baselines depend on them; change the algorithm, bump the key)', () => {
    const got = results(mergeRuns(input([scannerRun(recorded)]))).map((r) => [r.ruleId, r.partialFingerprints!['ossast/v2']]);
    expect(got).toEqual([
      ['ossast.js.code-injection.eval', '1064589ff386c01e80b2c2b430b7082a:0'],
      ['ossast.js.secrets.hardcoded-credential', 'c684d8cd40d178f988e0a441be8903db:0'],
      ['ossast.js.code-injection.eval', 'f67015a3c27c0e48fcd841a433afb853:0'],
    ]);
  });
  it('hash the tool, rule, module, path inside the module and normalised code, as documented', () => {
    const r = results(mergeRuns(input([scannerRun(recorded)])))[0]!;
    const code = normaliseText(r.locations![0]!.physicalLocation!.region!.snippet!.text!);
    const base = createHash('sha256').update(`Semgrep OSS\0${r.ruleId}\0Mod\0scripts/Mod.controller.js\0${code}`).digest('hex').slice(0, 32);
    expect(r.partialFingerprints!['ossast/v2']).toBe(`${base}:0`);
  });
  it('do not depend on the application folder (the archive name) nor the module folder name', () => {
    const renamed = JSON.parse(JSON.stringify(recorded).replaceAll('App/Mod/', 'claims-2026-11-20/Mod~2/'));
    const root = '/work/out/src';
    const moved: SourceTarget[] = [{ id: 'claims-2026-11-20/Mod~2', application: 'claims-2026-11-20', module: 'Mod', dir: `${root}/claims-2026-11-20/Mod~2`, origin: { kind: 'app-zip', path: 'claims-2026-11-20.zip' } }];
    const fps = (log: Log) => results(log).map((r) => r.partialFingerprints!['ossast/v2']);
    const again = mergeRuns({ ...input([scannerRun(renamed)]), targets: moved });
    expect(results(again)[0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toMatch(/^claims-2026-11-20\/Mod~2\//);
    expect(fps(again)).toEqual(fps(mergeRuns(input([scannerRun(recorded)]))));
  });
});

// A file a scanner did not analyse (over maxTargetBytes, timed out, out of memory, a parse it did not recover from,
// any reason ossast does not know) makes its target incomplete: exit 3 unless --allow-partial. A file Semgrep parsed
// in part and recovered from is analysed (its unparsed lines are reported) and does not fail its target.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { judgeCoverage } from '../../src/scan/coverage.js';
import type { ScannerRun } from '../../src/scan/types.js';
import type { TargetRecord } from '../../src/model/run-record.js';
import type { SourceTarget } from '../../src/model/targets.js';
import { runCli } from '../support/cli.js';
import { tempDir, writeTree } from '../support/tmp.js';

const root = '/src';
const targets: SourceTarget[] = ['App/A', 'App/B'].map((id) => ({ id, module: id.slice(4), dir: `${root}/${id}`, origin: { kind: 'folder', path: '/in' } }));
const records: TargetRecord[] = targets.map((t) => ({ id: t.id, module: t.module, source: { kind: 'path', path: '/in' }, status: 'ok' }));
const inventory = {
  filesByTarget: new Map([
    ['App/A', 3],
    ['App/B', 2],
  ]),
  neutralised: [],
  files: [],
  onlyTargets: true,
};
const run = (skipped: { path: string; reason: string }[]): ScannerRun => ({
  scanner: 'semgrep',
  invocation: { commandLine: 'semgrep', exitCode: 0, startTimeUtc: '', endTimeUtc: '', executionSuccessful: true },
  notifications: [],
  skipped,
  rules: [],
  scannedFiles: ['App/A/a.js', 'App/A/b.cs', 'App/B/c.js'],
});
const judge = (skipped: { path: string; reason: string }[]) => judgeCoverage(records, root, targets, [run(skipped)], inventory);

/** Reasons that mean the file was not analysed, as Semgrep and ossast word them. */
const NOT_ANALYSED = [
  ['exceeded_size_limit'],
  ['not fully analysed: Timeout'],
  ['not fully analysed: OutOfMemory'],
  ['not fully analysed: Syntax error'],
  ['not fully analysed: Lexical error'],
  ['analysis_failed_parser_or_internal_error'],
  ['analysis_failed_parser_or_internal_error', 'not fully analysed: Syntax error'],
  ['some_reason_of_a_later_semgrep'],
  ['partially parsed: Semgrep could not parse line(s) 3 and analysed the rest', 'not fully analysed: Timeout'],
  ['partially parsed: Semgrep could not parse line(s) 3 and analysed the rest', 'exceeded_size_limit'],
];
/** Reasons of a file analysed but for some lines. */
const PARTLY = [['partially parsed: Semgrep could not parse line(s) 14, 19 and analysed the rest'], ['analysis_failed_parser_or_internal_error', 'partially parsed: Semgrep could not parse part of it and analysed the rest']];
/** Where the file is: nested, a name with spaces, dots, non-ASCII; always under target App/A. */
const PATHS = ['App/A/big.js', 'App/A/scripts/deep/er/x.min.js', 'App/A/Blocks/My Block.ascx.cs', 'App/A/scripts/Ünïcode…js', 'App/A/.hidden'];

describe('judgeCoverage: a file not analysed fails its target', () => {
  for (const reasons of NOT_ANALYSED) {
    for (const path of PATHS) {
      it(`${reasons.join(' + ')} at ${path}`, () => {
        const [a, b] = judge(reasons.map((reason) => ({ path, reason })));
        expect(a).toMatchObject({ status: 'failed', scan: { skipped: [path] } });
        expect(a!.error).toContain(`scan: 1 file(s) not analysed, so its results are incomplete: ${path} (${reasons.join('; ')})`);
        expect(a!.error).toContain('--allow-partial');
        expect(b!.status).toBe('ok');
      });
    }
  }
  it('names the first three and counts the rest', () => {
    const [a] = judge(PATHS.map((path) => ({ path, reason: 'exceeded_size_limit' })));
    expect(a!.error).toMatch(/5 file\(s\) not analysed.* and 2 more;/);
  });
});

describe('judgeCoverage: a file parsed in part is analysed', () => {
  for (const reasons of PARTLY) {
    it(reasons.join(' + '), () => {
      const [a] = judge(reasons.map((reason) => ({ path: 'App/A/a.js', reason })));
      expect(a).toMatchObject({ status: 'ok', scan: { skipped: ['App/A/a.js'] } });
    });
  }
});

describe('Semgrep end to end: a file over maxTargetBytes', () => {
  it('fails the run (exit 3) naming the file; --allow-partial accepts it as PARTIAL and the manifest says partial', async () => {
    const dir = tempDir();
    const big = `function f(x) { return x + 1; }\n`.repeat(200);
    writeTree(dir, { 'input/App/Mod/scripts/small.js': 'var a = 1;\n', 'input/App/Mod/scripts/big.js': big });
    writeFileSync(join(dir, 'ossast.yml'), 'version: 1\nscanners:\n  - type: semgrep\n    maxTargetBytes: 2000\n');
    const scan = (...extra: string[]) => runCli(['scan', join(dir, 'input'), '--config', join(dir, 'ossast.yml'), '--out', join(dir, 'out'), '--format', 'console,manifest', ...extra], { cwd: dir });
    const r = await scan();
    expect(r.code, r.stdout + r.stderr).toBe(3);
    expect(r.stdout).toContain('INCOMPLETE (exit 3)');
    expect(r.stdout + r.stderr).toMatch(/App\/Mod\/scripts\/big\.js \(exceeded_size_limit\)/);
    const ok = await scan('--allow-partial');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('PARTIAL results accepted');
    const manifest = JSON.parse(readFileSync(join(dir, 'out', 'manifest.json'), 'utf8'));
    expect(manifest.gate).toMatchObject({ exitCode: 0, partial: true });
    expect(manifest.gate.failures.join(' ')).toContain('big.js');
    expect(manifest.targets[0]).toMatchObject({ status: 'failed', scan: { skipped: ['App/Mod/scripts/big.js'] } });
  }, 120_000);
});

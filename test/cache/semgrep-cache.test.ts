import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readdirSync, writeFileSync } from 'node:fs';
import { tempDir, writeTree } from '../support/tmp.js';
import { createMemoryLogger } from '../../src/util/log.js';
import { runScanners } from '../../src/scan/run.js';
import { createScanners } from '../../src/scan/registry.js';
import { semgrepScannerSchema } from '../../src/scan/config.js';
import { CacheStore } from '../../src/cache/store.js';
import type { SourceTarget } from '../../src/model/targets.js';
import type { ScannerRun } from '../../src/scan/types.js';

const root = tempDir();
const src = join(root, 'src');
const rules = join(root, 'rules.yml');
writeTree(root, {
  'rules.yml': [
    'rules:',
    '- id: test.eval',
    '  pattern: eval(...)',
    '  message: eval',
    '  languages: [javascript]',
    '  severity: ERROR',
    '- id: test.eval-outside-legacy',
    '  pattern: eval(...)',
    '  message: eval outside legacy folders',
    '  languages: [javascript]',
    '  severity: WARNING',
    '  paths:',
    '    exclude: ["legacy"]',
    '',
  ].join('\n'),
});
const shared = 'function platform(x) { return eval(x); }\n';
writeTree(src, {
  'App/A/scripts/OutSystems.js': shared,
  'App/B/scripts/OutSystems.js': shared,
  'App/B/legacy/OutSystems.js': shared,
  'App/A/scripts/A.js': 'eval(a);\n',
  'App/B/scripts/B.js': 'var b = 1;\n',
  'App/B/scripts/broken.js': 'function f( { eval(x); \n',
  'App/B/scripts/big.js': `var big = "${'x'.repeat(3000)}"; eval(big);\n`,
});
const targets: SourceTarget[] = ['A', 'B'].map((m) => ({ id: `App/${m}`, application: 'App', module: m, dir: join(src, 'App', m), origin: { kind: 'folder', path: 'x' } }));
const cacheDir = join(root, 'cache');

async function scan(): Promise<{ run: ScannerRun; warnings: string[] }> {
  const log = createMemoryLogger();
  const warnings: string[] = [];
  const cache = await CacheStore.open(cacheDir, (m) => warnings.push(m));
  const cfg = semgrepScannerSchema.parse({ type: 'semgrep', bundledRules: false, rules: [rules], maxTargetBytes: 1000 });
  const [run] = (await runScanners(createScanners([cfg]), { sourceRoot: src, targets, workRoot: join(root, 'work'), log, cache })).runs;
  return { run: run!, warnings: [...warnings, ...log.lines.filter((l) => /warn/i.test(l) && /cache/.test(l))] };
}
/** What the log shows of a run: everything but its times. */
const shown = (r: ScannerRun) => ({ ...r, invocation: { ...r.invocation, startTimeUtc: '', endTimeUtc: '' }, cache: undefined });
const at = (r: ScannerRun) => (r.sarif?.runs[0]?.results ?? []).map((x) => `${x.locations?.[0]?.physicalLocation?.artifactLocation?.uri} ${x.ruleId}`).sort();

describe('Semgrep result cache (real Semgrep)', () => {
  let first: ScannerRun;

  it('scans identical files once, and gives each its own results', async () => {
    ({ run: first } = await scan());
    expect(first.invocation.executionSuccessful).toBe(true);
    // 7 files; the two copies of OutSystems.js in scripts/ share one scan (the legacy/ one differs: a rule excludes legacy).
    expect(first.cache).toEqual({ files: 7, scanned: 6, fromCache: 0, resultsFromCache: 0, authenticated: false });
    expect(at(first)).toEqual([
      'App/A/scripts/A.js test.eval',
      'App/A/scripts/A.js test.eval-outside-legacy',
      'App/A/scripts/OutSystems.js test.eval',
      'App/A/scripts/OutSystems.js test.eval-outside-legacy',
      'App/B/legacy/OutSystems.js test.eval',
      'App/B/scripts/OutSystems.js test.eval',
      'App/B/scripts/OutSystems.js test.eval-outside-legacy',
    ]);
    expect(first.skipped).toContainEqual({ path: 'App/B/scripts/big.js', reason: 'exceeded_size_limit' });
    expect(first.skipped).toContainEqual({ path: 'App/B/scripts/broken.js', reason: 'analysis_failed_parser_or_internal_error' });
    expect(first.notifications.find((x) => x.uri === 'App/B/scripts/broken.js')?.message).toContain('App/B/scripts/broken.js');
    expect(first.scannedFiles).not.toContain('App/B/scripts/big.js');
  });

  it('scans nothing the second time, and reports exactly what the first run did', async () => {
    const { run, warnings } = await scan();
    expect(run.cache).toEqual({ files: 7, scanned: 0, fromCache: 7, resultsFromCache: 7, authenticated: false });
    expect(shown(run)).toEqual(shown(first));
    // Skipped and partially parsed files stay reported as such, never as scanned.
    expect(run.skipped).toContainEqual({ path: 'App/B/scripts/big.js', reason: 'exceeded_size_limit' });
    expect(run.notifications.find((x) => x.uri === 'App/B/scripts/broken.js')?.message).toContain('App/B/scripts/broken.js');
    expect(warnings).toEqual([]);
  });

  it('rescans a changed file alone', async () => {
    writeTree(src, { 'App/B/scripts/B.js': 'var b = 1; eval(b);\n' });
    const { run } = await scan();
    expect(run.cache).toEqual({ files: 7, scanned: 1, fromCache: 6, resultsFromCache: 7, authenticated: false });
    expect(at(run)).toContain('App/B/scripts/B.js test.eval');
    expect(run.scannedFiles).toEqual(first.scannedFiles);
  });

  it('ignores corrupt entries with a warning naming each, and rescans their files', async () => {
    const entries = readdirSync(join(cacheDir, 'file'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
    expect(entries.length).toBe(7);
    writeFileSync(entries[0]!, '{"ossastCache": 1, "kind": "file"');
    const { run, warnings } = await scan();
    expect(warnings).toEqual([expect.stringMatching(new RegExp(`^cache entry ${entries[0]} ignored: it is not valid JSON`))]);
    expect(run.cache?.scanned).toBe(1);
    expect(run.cache?.fromCache).toBe(6);
    const again = await scan();
    expect(again.warnings).toEqual([]);
    expect(again.run.cache?.scanned).toBe(0);
  });
});

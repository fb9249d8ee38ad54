// Large or minified files are scanned with no per-rule timeout straight away (never twice); a file on which a rule
// still hits Semgrep's per-rule timeout is scanned again with none: fully analysed, its findings kept.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { tempDir, writeTree } from '../support/tmp.js';
import { createMemoryLogger } from '../../src/util/log.js';
import { runScanners } from '../../src/scan/run.js';
import { createSemgrepScanner } from '../../src/scan/semgrep/index.js';
import { semgrepScannerSchema } from '../../src/scan/config.js';
import type { SourceTarget } from '../../src/model/targets.js';
import { minifiedBundle } from '../../fixtures/platform-bundles.js';

const root = tempDir();
const rules = join(root, 'rules.yml');
writeTree(root, { 'rules.yml': 'rules:\n- id: test.eval\n  pattern: eval($X)\n  message: eval\n  languages: [javascript]\n  severity: ERROR\n' });
const src = join(root, 'src');
// A platform-shaped minified script (~500 KB, one IIFE) on which even one rule runs for seconds, with one eval.
writeTree(src, { 'App/M/scripts/_osjs.js': `${minifiedBundle(500_000)}eval(window.name);\n`, 'App/M/small.js': 'eval(a);\n' });
const target: SourceTarget = { id: 'App/M', application: 'App', module: 'M', dir: join(src, 'App/M'), origin: { kind: 'folder', path: 'x' } };
const scanner = semgrepScannerSchema.parse({ type: 'semgrep', bundledRules: false, rules: [rules], ruleTimeoutSeconds: 1 });
const semgrepJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { errors: { type: unknown; path?: string }[]; paths: { scanned: string[] } };
const uris = (run: { sarif?: { runs: { results?: { locations?: { physicalLocation?: { artifactLocation?: { uri?: string } } }[] }[] }[] } }) =>
  (run.sarif?.runs[0]?.results ?? []).map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri).sort();

describe('per-rule timeouts', () => {
  it('a large or minified file goes straight to a run with no per-rule timeout: scanned once, nothing skipped', async () => {
    const work = join(root, 'work-direct');
    const log = createMemoryLogger();
    const [run] = (await runScanners([createSemgrepScanner(scanner)], { sourceRoot: src, targets: [target], workRoot: work, log })).runs;
    // The first pass never saw the big file; the run with no per-rule timeout saw only it, and no rule timed out.
    expect(semgrepJson(join(work, 'semgrep', 'semgrep.json')).paths.scanned).toEqual(['App/M/small.js']);
    const unlimited = semgrepJson(join(work, 'semgrep', 'unlimited', 'semgrep.json'));
    expect(unlimited.paths.scanned).toEqual(['App/M/scripts/_osjs.js']);
    expect(unlimited.errors).toEqual([]);
    expect(existsSync(join(work, 'semgrep', 'timeouts'))).toBe(false);
    expect(run!.invocation.executionSuccessful).toBe(true);
    expect(run!.skipped).toEqual([]);
    expect(uris(run!)).toEqual(['App/M/scripts/_osjs.js', 'App/M/small.js']);
    expect(run!.scannedFiles?.sort()).toEqual(['App/M/scripts/_osjs.js', 'App/M/small.js']);
    // Said in the verbose log only: the SARIF log is the same whether the outcome came from this run or the cache.
    expect(run!.notifications).toEqual([]);
    expect(log.lines.some((l) => l.includes('scanned with no per-rule timeout') && l.includes('--timeout=0'))).toBe(true);
  });

  it('a file that timed out is scanned again without the per-rule timeout: no Timeout skip left, the finding reported', async () => {
    const work = join(root, 'work-rescan');
    const log = createMemoryLogger();
    // Every file in the first pass (as for a file whose size does not show what a rule will cost on it).
    const [run] = (await runScanners([createSemgrepScanner(scanner, process.env, { unlimitedFromBytes: Number.POSITIVE_INFINITY })], { sourceRoot: src, targets: [target], workRoot: work, log })).runs;

    // The first pass did time out on the big file (so the second pass was needed)...
    const first = semgrepJson(join(work, 'semgrep', 'semgrep.json'));
    expect(first.errors.some((e) => JSON.stringify(e.type).includes('Timeout') && e.path === 'App/M/scripts/_osjs.js')).toBe(true);
    // ...and after it the file is fully analysed and its finding is there.
    expect(run!.invocation.executionSuccessful).toBe(true);
    expect(run!.skipped).toEqual([]);
    expect(uris(run!)).toEqual(['App/M/scripts/_osjs.js', 'App/M/small.js']);
    expect(run!.notifications.some((n) => n.descriptor === 'ossast/semgrep-timeout-rescan' && n.message.includes('--timeout=0') && n.message.includes('App/M/scripts/_osjs.js'))).toBe(true);
  });
});

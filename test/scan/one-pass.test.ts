import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { tempDir, writeTree } from '../support/tmp.js';
import { createMemoryLogger } from '../../src/util/log.js';
import { runScanners } from '../../src/scan/run.js';
import { createScanners } from '../../src/scan/registry.js';
import { semgrepScannerSchema } from '../../src/scan/config.js';
import type { SourceTarget } from '../../src/model/targets.js';

const root = tempDir();
const rules = join(root, 'rules.yml');
writeTree(root, { 'rules.yml': 'rules:\n- id: test.eval\n  pattern: eval(...)\n  message: eval\n  languages: [javascript]\n  severity: ERROR\n' });
const target = (src: string, id: string): SourceTarget => ({ id, application: 'App', module: id.split('/')[1]!, dir: join(src, id), origin: { kind: 'folder', path: 'x' } });

async function scan(src: string, targets: SourceTarget[], work: string) {
  const [run] = (await runScanners(createScanners([semgrepScannerSchema.parse({ type: 'semgrep', bundledRules: false, rules: [rules] })]), { sourceRoot: src, targets, workRoot: join(root, work), log: createMemoryLogger() })).runs;
  return run!;
}
const uris = (run: Awaited<ReturnType<typeof scan>>) => (run.sarif?.runs[0]?.results ?? []).map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri).sort();

describe('one Semgrep pass', () => {
  it('runs Semgrep once over the whole source root when it holds only the targets', async () => {
    const src = join(root, 'only');
    writeTree(src, { 'App/A/a.js': 'eval(a);\n', 'App/B/b.js': 'eval(b);\n' });
    const run = await scan(src, [target(src, 'App/A'), target(src, 'App/B')], 'w1');
    expect(run.invocation.commandLine).toMatch(/ \.$/);
    expect(uris(run)).toEqual(['App/A/a.js', 'App/B/b.js']);
    expect(run.scannedFiles?.sort()).toEqual(['App/A/a.js', 'App/B/b.js']);
    // ossast's own ignore file is not a file of the sources: never reported skipped.
    expect(run.skipped).toEqual([]);
  });

  it('scans exactly the targets when the source root holds other files, with the same paths', async () => {
    const src = join(root, 'mixed');
    writeTree(src, { 'App/A/a.js': 'eval(a);\n', 'App/C/c.js': 'eval(c);\n', 'stray.js': 'eval(s);\n' });
    const run = await scan(src, [target(src, 'App/A')], 'w2');
    expect(run.invocation.commandLine).toMatch(/ \.$/);
    expect(uris(run)).toEqual(['App/A/a.js']);
    expect(run.scannedFiles).toEqual(['App/A/a.js']);
    // The staging root holds links to the files, not the files changed.
    expect(readFileSync(join(src, 'App/A/a.js'), 'utf8')).toBe('eval(a);\n');
  });
});

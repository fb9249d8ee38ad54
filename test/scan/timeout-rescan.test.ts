// A file on which a rule hit Semgrep's per-rule timeout is scanned again with no per-rule timeout: fully analysed, its findings kept.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { tempDir, writeTree } from '../support/tmp.js';
import { createMemoryLogger } from '../../src/util/log.js';
import { runScanners } from '../../src/scan/run.js';
import { createScanners } from '../../src/scan/registry.js';
import { semgrepScannerSchema } from '../../src/scan/config.js';
import type { SourceTarget } from '../../src/model/targets.js';
import { minifiedBundle } from '../../fixtures/platform-bundles.js';

const root = tempDir();
const rules = join(root, 'rules.yml');
writeTree(root, { 'rules.yml': 'rules:\n- id: test.eval\n  pattern: eval($X)\n  message: eval\n  languages: [javascript]\n  severity: ERROR\n' });

describe('per-rule timeouts', () => {
  it('a file that timed out is scanned again without the per-rule timeout: no Timeout skip left, the finding reported', async () => {
    const src = join(root, 'src');
    // A platform-shaped minified script (~500 KB, one IIFE) on which even one rule runs for seconds, with one eval.
    writeTree(src, { 'App/M/scripts/_osjs.js': `${minifiedBundle(500_000)}eval(window.name);\n`, 'App/M/small.js': 'eval(a);\n' });
    const target: SourceTarget = { id: 'App/M', application: 'App', module: 'M', dir: join(src, 'App/M'), origin: { kind: 'folder', path: 'x' } };
    const log = createMemoryLogger();
    const scanner = semgrepScannerSchema.parse({ type: 'semgrep', bundledRules: false, rules: [rules], ruleTimeoutSeconds: 1 });
    const [run] = (await runScanners(createScanners([scanner]), { sourceRoot: src, targets: [target], workRoot: join(root, 'work'), log })).runs;

    // The first pass did time out on the big file (so the second pass was needed)...
    const first = JSON.parse(readFileSync(join(root, 'work', 'semgrep', 'semgrep.json'), 'utf8')) as { errors: { type: unknown; path?: string }[] };
    expect(first.errors.some((e) => JSON.stringify(e.type).includes('Timeout') && e.path === 'App/M/scripts/_osjs.js')).toBe(true);
    // ...and after it the file is fully analysed and its finding is there.
    expect(run!.invocation.executionSuccessful).toBe(true);
    expect(run!.skipped).toEqual([]);
    const uris = (run!.sarif?.runs[0]?.results ?? []).map((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri).sort();
    expect(uris).toContain('App/M/scripts/_osjs.js');
    expect(uris).toContain('App/M/small.js');
    expect(run!.notifications.some((n) => n.descriptor === 'ossast/semgrep-timeout-rescan' && n.message.includes('--timeout=0') && n.message.includes('App/M/scripts/_osjs.js'))).toBe(true);
  });
});

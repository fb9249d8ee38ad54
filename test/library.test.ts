// ossast as a library: the entry package.json exports, and the stages chained by hand as another tool would.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import * as ossast from '../src/index.js';

const root = join(import.meta.dirname, '..');
const pkg = z.looseObject({ exports: z.looseObject({ '.': z.object({ types: z.string(), import: z.string() }) }) }).parse(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')));

describe('library', () => {
  it('package.json exports the built entry and its types, with every stage', async () => {
    const entry = pkg.exports['.'];
    expect(existsSync(join(root, entry.types))).toBe(true);
    const built = (await import(pathToFileURL(join(root, entry.import)).href)) as Record<string, unknown>;
    for (const name of [
      'loadConfig',
      'retrieveAll',
      'extractSources',
      'runScanners',
      'mergeRuns',
      'mergeFiles',
      'applySuppressions',
      'applyBaseline',
      'evaluateGate',
      'renderReports',
      'runPipeline',
      'inventoryOf',
      'loadAllowLists',
      'evaluateExposure',
      'probeEndpoints',
    ]) {
      expect(typeof built[name], name).toBe('function');
    }
  });

  it('chains parse → merge → suppress → gate on a recorded Semgrep log', async () => {
    const file = join(import.meta.dirname, 'fixtures/sarif/semgrep-1.180.0.sarif');
    const runs = ossast.foreignRuns(ossast.parseSarif(readFileSync(file, 'utf8'), file));
    const merged = ossast.mergeRuns({ runs, sourceRoot: '/work/out/src', targets: [], ossastVersion: 'test' });
    const set = await ossast.loadSuppressionFiles([], { builtin: true });
    const { log } = ossast.applySuppressions(merged, set, new Date('2026-11-22T00:00:00Z'));
    const gate = ossast.evaluateGate(log, { failOn: 'error', newOnly: false, max: 0, allowPartial: false });
    expect(gate.counts.suppressed).toBe(0); // the nosemgrep comment in the recorded log is not accepted by default
    const accepted = ossast.evaluateGate(ossast.applySuppressions(merged, set, new Date('2026-11-22T00:00:00Z'), { acceptInSource: true }).log, { failOn: 'error', newOnly: false, max: 0, allowPartial: false });
    expect(accepted.counts.suppressed).toBe(1);
    expect(gate.exitCode).toBe(ossast.ExitCode.findings);
  });
});

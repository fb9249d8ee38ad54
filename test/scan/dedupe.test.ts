// Identical files (same content and path signature) are scanned once per run, without a cache, and the log is the
// one scanning every copy gives: results, fingerprints, suppressions, coverage. Real Semgrep, bundled rules.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import type { Log } from 'sarif';
import { tempDir, writeTree } from '../support/tmp.js';
import { createMemoryLogger } from '../../src/util/log.js';
import { runScanners } from '../../src/scan/run.js';
import { createSemgrepScanner } from '../../src/scan/semgrep/index.js';
import { semgrepScannerSchema } from '../../src/scan/config.js';
import { mergeRunsInPlace } from '../../src/merge/merge.js';
import { judgeLog } from '../../src/pipeline/judge.js';
import { loadSuppressionFiles } from '../../src/suppress/load.js';
import { platformOwnership } from '../../src/suppress/platform.js';
import { readContent } from '../../src/suppress/markers.js';
import { gateConfigSchema } from '../../src/gate/config.js';
import { sourceFileReader } from '../../src/util/source-file.js';
import { buildReactiveFactory } from '../../fixtures/realistic/factory.js';
import type { SourceTarget } from '../../src/model/targets.js';

const root = tempDir();
const src = join(root, 'src');
const extraRules = join(root, 'rules.yml');
// A rule that looks at folder names: the copy under legacy/ must not share the outcome of the others.
writeTree(root, {
  'rules.yml': 'rules:\n- id: test.eval-outside-legacy\n  pattern: eval(...)\n  message: eval outside legacy folders\n  languages: [javascript]\n  severity: WARNING\n  paths:\n    exclude: ["legacy"]\n',
});

async function scanAndJudge(everyCopy: boolean, targets: SourceTarget[], work: string) {
  const cfg = semgrepScannerSchema.parse({ type: 'semgrep', rules: [extraRules] });
  const log = createMemoryLogger();
  const { runs } = await runScanners([createSemgrepScanner(cfg, process.env, { everyCopy })], { sourceRoot: src, targets, workRoot: join(root, work), log });
  const run = runs[0]!;
  const shape = { scannedFiles: run.scannedFiles, skipped: run.skipped, notifications: run.notifications, rulesRun: run.rulesRun };
  const merged = mergeRunsInPlace({ runs, sourceRoot: src, targets, readSource: sourceFileReader(src), ossastVersion: '0.0.0', startedAt: '2026-01-01T00:00:00Z' });
  const judged = await judgeLog(
    merged,
    {
      redactSecrets: true,
      suppressions: await loadSuppressionFiles([], { builtin: true }),
      acceptInSource: false,
      platformOwned: platformOwnership((rel) => readContent(src, rel)),
      gate: gateConfigSchema.parse({}),
    },
    log,
  );
  return { run, shape, log: judged.log, gate: judged.gate, lines: log.lines };
}

/** The log without what differs between two runs of the same scan: times and command lines. */
function comparable(log: Log): unknown {
  return JSON.parse(JSON.stringify(log, (k, v: unknown) => (['startTimeUtc', 'endTimeUtc', 'commandLine'].includes(k) ? '-' : v)));
}

describe('each distinct file scanned once per run', () => {
  it('gives the log scanning every copy gives, from one scan of each distinct file', async () => {
    const { files, platformCopies } = await buildReactiveFactory(src, { modules: 3, size: 'small' });
    // The same bytes in a folder a rule excludes, and a file that differs from its namesakes.
    const shared = 'function run(code) { return eval(code); }\n';
    writeTree(src, { 'App/Portal1/scripts/shared.js': shared, 'App/Portal2/scripts/shared.js': shared, 'App/Portal3/legacy/shared.js': shared, 'App/Portal2/scripts/OutSystems.js.map': '{}' });
    const targets: SourceTarget[] = [1, 2, 3].map((i) => ({ id: `App/Portal${i}`, application: 'App', module: `Portal${i}`, dir: join(src, 'App', `Portal${i}`), origin: { kind: 'folder', path: 'x' } }));

    // Deduplicated first: scanning every copy runs Semgrep on the source root itself, which gets ossast's ignore file.
    const once = await scanAndJudge(false, targets, 'once');
    const every = await scanAndJudge(true, targets, 'every');

    // Semgrep was given each distinct file once: the platform copies of modules 2 and 3 were not in its output.
    const semgrepSaw = (work: string) => (JSON.parse(readFileSync(join(root, work, 'semgrep', 'semgrep.json'), 'utf8')) as { paths: { scanned: string[] } }).paths.scanned;
    const all = semgrepSaw('every');
    const bytes = (rel: string) => readFileSync(join(src, rel)).toString('base64');
    // A copy: the same bytes as module 1's file at the same path inside the module.
    const copies = all.filter((p) => !p.startsWith('App/Portal1/') && !p.includes('/legacy/') && existsSync(join(src, p.replace(/^App\/Portal\d+\//, 'App/Portal1/'))) && bytes(p) === bytes(p.replace(/^App\/Portal\d+\//, 'App/Portal1/')));
    expect(platformCopies).toBeGreaterThan(10);
    expect(copies.length).toBeGreaterThan(10);
    expect(all.length).toBeGreaterThan(files.length / 2);
    expect(semgrepSaw('once').sort()).toEqual(all.filter((p) => !copies.includes(p)).sort());
    expect(once.lines.some((l) => l.includes(`${files.length + 4 - platformCopies - 1} distinct`))).toBe(true);

    // ...and the log is the same: every result of every copy, fingerprints, suppressions, coverage, gate.
    const results = every.log.runs[0]?.results ?? [];
    expect(results.length).toBeGreaterThan(20);
    const at = (uri: string) => results.filter((r) => r.locations?.[0]?.physicalLocation?.artifactLocation?.uri === uri);
    expect(at('App/Portal3/scripts/OutSystems.js').length).toBe(at('App/Portal1/scripts/OutSystems.js').length);
    expect(at('App/Portal2/scripts/shared.js').some((r) => r.ruleId === 'test.eval-outside-legacy')).toBe(true);
    expect(at('App/Portal3/legacy/shared.js').some((r) => r.ruleId === 'test.eval-outside-legacy')).toBe(false);
    expect(results.some((r) => (r.suppressions ?? []).length > 0)).toBe(true);
    expect(comparable(once.log)).toEqual(comparable(every.log));
    expect(once.shape).toEqual(every.shape);
    expect(once.gate).toEqual(every.gate);
  }, 240_000);
});

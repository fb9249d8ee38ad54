// A run that fails while writing its reports leaves nothing in --out that reads as a verdict: the previous run's
// reports go when a run starts, this run's appear only by rename once all are written. Failures are generated at each
// reporter (thrown while rendering, thrown half-way through its stream) and by chosen names that collide (a file where
// a folder must go, in both orders); each run exits 3 and no file in the output folder says PASSED.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir, writeScript, writeTree } from '../support/tmp.js';
import { filesUnder } from '../support/hostile.js';
import type { Reporter } from '../../src/report/types.js';
import type { ReportFile } from '../../src/model/report-file.js';
import { OUTPUT_NAMES } from '../../src/report/output-names.js';

/** Which reporter fails, and how: set by each case, read by the wrapped reporters. */
const failing = vi.hoisted(() => ({ reporter: '', how: '' as '' | 'render' | 'stream' }));

function wrap(name: string, r: Reporter): Reporter {
  return {
    ...r,
    render(input) {
      if (failing.reporter !== name) return r.render(input);
      if (failing.how === 'render') throw new Error(`${name} writer failed`);
      return r.render(input).map(
        (f): ReportFile => ({
          ...f,
          content: (function* () {
            yield 'half a report ';
            throw new Error(`${name} writer failed half-way`);
          })(),
        }),
      );
    },
  };
}
vi.mock('../../src/report/sarif.js', async (orig) => {
  const m = await orig<typeof import('../../src/report/sarif.js')>();
  return { ...m, sarifReporter: wrap('sarif', m.sarifReporter) };
});
vi.mock('../../src/report/manifest.js', async (orig) => {
  const m = await orig<typeof import('../../src/report/manifest.js')>();
  return { ...m, manifestReporter: wrap('manifest', m.manifestReporter) };
});
vi.mock('../../src/report/markdown.js', async (orig) => {
  const m = await orig<typeof import('../../src/report/markdown.js')>();
  return { ...m, markdownReporter: wrap('markdown', m.markdownReporter) };
});
vi.mock('../../src/report/html.js', async (orig) => {
  const m = await orig<typeof import('../../src/report/html.js')>();
  return { ...m, htmlReporter: wrap('html', m.htmlReporter) };
});
vi.mock('../../src/report/junit.js', async (orig) => {
  const m = await orig<typeof import('../../src/report/junit.js')>();
  return { ...m, junitReporter: wrap('junit', m.junitReporter) };
});

const base = tempDir();
const FORMATS = 'sarif,markdown,html,junit,manifest,gitlab-sast';
let n = 0;
let passed = '';

/** Every file under `dir` whose text says PASSED. */
const sayingPassed = (dir: string) => filesUnder(dir).filter((f) => readFileSync(f, 'utf8').includes('PASSED'));

beforeAll(async () => {
  writeTree(base, { 'in/Mod/Actions/ActionRun.cs': 'class A { }\n' });
  // The previous run: real Semgrep, nothing found, PASSED in its reports.
  passed = join(base, 'passed');
  const r = await runCli(['scan', 'in', '--out', 'passed', '--format', FORMATS], { cwd: base });
  expect(r.code).toBe(0);
  expect(readFileSync(join(passed, 'summary.md'), 'utf8')).toContain('PASSED');
  expect(sayingPassed(passed).length).toBeGreaterThan(1);
  // The next run's scanner: quick, and what it finds does not matter (writing its reports fails).
  const sarif = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'quick' } }, results: [] }] });
  const tool = writeScript(base, 'quick.sh', `cat > "$2" <<'J'\n${sarif}\nJ`);
  writeFileSync(join(base, 'quick.yml'), `version: 1\nscanners:\n  - type: command\n    name: quick\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n    coverage: unknown-accepted\n`);
}, 300_000);

/** A copy of the passed run's output folder, and a run on it with `format`. */
async function rerun(format: string) {
  const out = join(base, `again${++n}`);
  cpSync(passed, out, { recursive: true, verbatimSymlinks: true });
  const r = await runCli(['scan', 'in', '--config', 'quick.yml', '--out', out, '--format', format], { cwd: base });
  return { r, out };
}

function expectNoVerdict(out: string) {
  expect(sayingPassed(out)).toEqual([]);
  for (const name of OUTPUT_NAMES) expect(existsSync(join(out, name)), name).toBe(false);
}

describe('a reporter that fails leaves no report that reads as a pass (exit 3)', () => {
  for (const reporter of ['sarif', 'manifest', 'markdown', 'html', 'junit']) {
    for (const how of ['render', 'stream'] as const) {
      it(`${reporter}: thrown ${how === 'render' ? 'while rendering' : 'half-way through its stream'}`, async () => {
        failing.reporter = reporter;
        failing.how = how;
        try {
          const { r, out } = await rerun(FORMATS);
          expect(r.code).toBe(3);
          expect(r.stderr).toContain(`${reporter} writer failed`);
          expectNoVerdict(out);
        } finally {
          failing.reporter = '';
        }
      });
    }
  }
});

describe('chosen names that collide while writing leave no report that reads as a pass (exit 3)', () => {
  const PAIRS: [string, string][] = [
    ['sarif', 'markdown'],
    ['markdown', 'sarif'],
    ['manifest', 'html'],
    ['junit', 'manifest'],
  ];
  it.each(PAIRS)('%s=r/a, then %s=r/a/b (a file where a folder must go)', async (file, nested) => {
    const { r, out } = await rerun(`${FORMATS},${file}=r/a,${nested}=r/a/b`);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('cannot write');
    expectNoVerdict(out);
    expect(existsSync(join(out, 'r'))).toBe(false);
  });
});

it('a run that writes its reports replaces the previous ones (the control case)', async () => {
  const { r, out } = await rerun(FORMATS);
  expect(r.code).not.toBe(3);
  expect(existsSync(join(out, 'summary.md'))).toBe(true);
});

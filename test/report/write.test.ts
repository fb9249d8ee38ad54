// Writing a run's outputs: all or nothing, no stale files from an earlier run (not even after a failure), no
// temporaries left behind.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeReports, OUTPUT_NAMES, renderReports } from '../../src/report/index.js';
import type { ReportFile } from '../../src/model/report-file.js';
import { removeTemporaries, TEMP_PREFIX } from '../../src/util/atomic-write.js';
import { formatSchema } from '../../src/report/config.js';
import { PipelineError } from '../../src/util/errors.js';
import { MARKER_FILE } from '../../src/util/output-root.js';
import { tempDir, writeScript } from '../support/tmp.js';
import { filesUnder, snapshotTree } from '../support/hostile.js';
import { reportInput } from '../support/report-input.js';
import { runCli } from '../support/cli.js';

const root = tempDir();
let n = 0;
const fresh = () => {
  const d = join(root, `out${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};
const listed = (dir: string) =>
  filesUnder(dir)
    .map((f) => f.slice(dir.length + 1))
    .filter((f) => f !== MARKER_FILE)
    .sort();
const everyFormat = (run: string): ReportFile[] => [
  { name: 'results.sarif', content: `{"run":"${run}"}\n` },
  { name: 'manifest.json', content: `{"run":"${run}"}\n` },
  { name: 'summary.md', content: `# ${run}\n` },
  { name: 'report.html', content: `<p>${run}</p>\n` },
  { name: 'junit.xml', content: `<testsuites name="${run}"/>\n` },
  { name: 'github/results-1.sarif', content: `{"run":"${run}"}\n` },
  { name: 'github/results-2.sarif', content: `{"run":"${run}"}\n` },
  { name: '-', content: 'console text, never a file\n' },
];

describe('writeReports', () => {
  it('removes the outputs of an earlier run that this run does not write, and leaves everything else alone', async () => {
    const out = fresh();
    await writeReports([], out);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    mkdirSync(join(out, 'src'));
    writeFileSync(join(out, 'src', 'keep.cs'), 'source');
    await writeReports(everyFormat('first'), out);
    expect(listed(out)).toEqual(['github/results-1.sarif', 'github/results-2.sarif', 'junit.xml', 'manifest.json', 'notes.txt', 'report.html', 'results.sarif', 'src/keep.cs', 'summary.md']);
    await writeReports(
      [
        { name: 'results.sarif', content: '{"run":"second"}\n' },
        { name: 'github/results.sarif', content: '{"run":"second"}\n' },
      ],
      out,
    );
    expect(listed(out)).toEqual(['github/results.sarif', 'notes.txt', 'results.sarif', 'src/keep.cs']);
    expect(readFileSync(join(out, 'results.sarif'), 'utf8')).toBe('{"run":"second"}\n');
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('knows every name a reporter writes (so a later run can remove it)', async () => {
    const files = await renderReports(formatSchema.options, reportInput([{ rule: 'x.sql', path: 'Shop/Core/a.cs' }]), { sarifProfile: 'github', githubIncludeSuppressed: false });
    const tops = new Set(files.filter((f) => f.name !== '-').map((f) => f.name.split('/')[0]!));
    // exposure.json is written by the pipeline's exposure stage and evidence.dsse.json by the signing, not by a reporter;
    // the cyclonedx reporter writes sbom/ and vex.cdx.json only for a run that looked for libraries.
    expect([...tops, 'exposure.json', 'evidence.dsse.json', 'sbom', 'vex.cdx.json'].sort()).toEqual([...OUTPUT_NAMES].sort());
  });

  it("leaves no outputs, neither this run's nor the previous ones, when writing fails half-way, naming the file, with no temporaries left", async () => {
    const out = fresh();
    await writeReports(everyFormat('first'), out);
    const failing = everyFormat('second').map((f) =>
      f.name === 'junit.xml'
        ? {
            ...f,
            content: (function* () {
              yield '<testsuites>';
              throw new Error('disk on fire');
            })(),
          }
        : f,
    );
    const err = await writeReports(failing, out).catch((e: unknown) => e);
    expect([...snapshotTree(out).keys()]).toEqual([MARKER_FILE]);
    expect(err).toBeInstanceOf(PipelineError);
    expect((err as PipelineError).message).toBe(`cannot write ${join(out, 'junit.xml')}: disk on fire`);
    expect((err as PipelineError).hint).toContain('no report of this run or the previous one was left');
    expect(readdirSync(out).filter((f) => f.startsWith(TEMP_PREFIX))).toEqual([]);
  });

  it('leaves no outputs when aborted (SIGINT) while writing', async () => {
    const out = fresh();
    await writeReports(everyFormat('first'), out);
    const ac = new AbortController();
    const files = everyFormat('second').map((f) =>
      f.name === 'report.html'
        ? {
            ...f,
            content: (async function* () {
              yield '<p>';
              ac.abort(new Error('interrupted by SIGINT'));
              await new Promise((r) => setTimeout(r, 20));
              yield 'more</p>';
            })(),
          }
        : f,
    );
    await expect(writeReports(files, out, { signal: ac.signal })).rejects.toThrow('interrupted by SIGINT');
    expect([...snapshotTree(out).keys()]).toEqual([MARKER_FILE]);
  });

  it('writes large contents as streams of chunks, and removes temporaries a crashed run left', async () => {
    const out = fresh();
    writeFileSync(join(out, MARKER_FILE), '');
    mkdirSync(join(out, `${TEMP_PREFIX}999999999-abc`));
    writeFileSync(join(out, `${TEMP_PREFIX}999999999-abc`, 'results.sarif'), 'half');
    const chunks = function* () {
      for (let i = 0; i < 10_000; i++) yield `line ${i}\n`;
    };
    await writeReports([{ name: 'junit.xml', content: { [Symbol.iterator]: chunks } }], out);
    expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toBe([...chunks()].join(''));
    expect(readdirSync(out).sort()).toEqual([MARKER_FILE, 'junit.xml']);
  });

  it('refuses a file name that is not a plain relative name', async () => {
    const out = fresh();
    await expect(writeReports([{ name: '../escape.txt', content: 'x' }], out)).rejects.toThrow('refused to write the report file "../escape.txt": not a plain relative name');
    expect(existsSync(join(root, 'escape.txt'))).toBe(false);
  });
});

describe('removeTemporaries (for the signal handler)', () => {
  it("removes this process's temporaries, or every one, and nothing else", () => {
    const dir = fresh();
    for (const name of [`${TEMP_PREFIX}${process.pid}-aaa`, `${TEMP_PREFIX}${process.pid}-bbb-results.sarif`, `${TEMP_PREFIX}1-other`, 'results.sarif', 'ossast-tmp-lookalike']) writeFileSync(join(dir, name), 'x');
    removeTemporaries(dir, { pid: process.pid });
    expect(readdirSync(dir).sort()).toEqual([`${TEMP_PREFIX}1-other`, 'ossast-tmp-lookalike', 'results.sarif']);
    removeTemporaries(dir);
    expect(readdirSync(dir).sort()).toEqual(['ossast-tmp-lookalike', 'results.sarif']);
    expect(() => removeTemporaries(join(dir, 'missing'))).not.toThrow();
  });
});

describe('ossast scan with a reused --out', () => {
  it('after a run with every format, a run with fewer formats leaves only its own outputs', async () => {
    const work = fresh();
    const src = join(work, 'src-in', 'Shop', 'Core');
    mkdirSync(src, { recursive: true });
    writeFileSync(join(src, 'a.cs'), 'class A {}\n');
    const sarif = JSON.stringify({
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'FakeTool' } }, results: [{ ruleId: 'X1', level: 'warning', message: { text: 'w' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'Shop/Core/a.cs' }, region: { startLine: 1 } } }] }] }],
    });
    const tool = writeScript(work, 'fake-tool', `cat > "$2" <<'J'\n${sarif}\nJ`);
    const config = join(work, 'ossast.yml');
    writeFileSync(config, `version: 1\nscanners:\n  - type: command\n    name: fake\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n    coverage: unknown-accepted\n`);
    const out = join(work, 'out');
    const first = await runCli(['scan', join(work, 'src-in'), '--config', config, '--out', out, '--format', 'sarif,console,markdown,html,junit,manifest'], { cwd: work });
    expect(first.stderr).toContain(`results written to ${out}`);
    expect(first.code).toBe(0);
    const written = (d: string) =>
      readdirSync(d)
        .filter((f) => !['src', 'work', 'downloads', MARKER_FILE].includes(f))
        .sort();
    expect(written(out)).toEqual(['exposure.json', 'junit.xml', 'manifest.json', 'report.html', 'results.sarif', 'summary.md']);
    const second = await runCli(['scan', join(work, 'src-in'), '--config', config, '--out', out, '--format', 'sarif'], { cwd: work });
    expect(second.code).toBe(0);
    expect(written(out)).toEqual(['exposure.json', 'results.sarif']);
    expect(readdirSync(out).filter((f) => f.startsWith(TEMP_PREFIX))).toEqual([]);
  });
});

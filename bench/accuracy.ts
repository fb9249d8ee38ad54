// Accuracy of the bundled rules and built-in list: on the annotated demo corpus (suppression), and on the realistic corpus
// (per rule TP/FP/FN, precision, recall; open false positives per MB of developer code; platform findings suppressed).
//   node dist/bench/accuracy.js [--size full|small] [--before-commit REV | --before-rules DIR] [--before-suppressions FILE]
// --before-commit REV takes the rules and the built-in list of an earlier commit (git show) and prints before/after side by side.
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { measureCorpus } from '../fixtures/corpus/measure.js';
import { measureRealistic, type MeasureOptions } from '../fixtures/realistic/measure.js';
import type { CorpusScore, RuleScore } from '../src/suppress/accuracy.js';
import { packageRoot } from '../src/util/version.js';

const { values: args } = parseArgs({ options: { size: { type: 'string', default: 'full' }, 'before-commit': { type: 'string' }, 'before-rules': { type: 'string' }, 'before-suppressions': { type: 'string' } } });
const size = args.size === 'small' ? 'small' : 'full';

/** Writes the rule files and built-in list of an earlier commit to `dir`. */
async function fromCommit(rev: string, dir: string): Promise<{ rulesDir: string; suppressions: string }> {
  const git = (...a: string[]) => execFileSync('git', a, { cwd: packageRoot(), encoding: 'utf8', maxBuffer: 64 << 20 });
  const rulesDir = join(dir, 'rules');
  const suppressions = join(dir, 'outsystems-generated.yml');
  await mkdir(rulesDir, { recursive: true });
  for (const f of git('ls-tree', '--name-only', `${rev}:scanners/semgrep/rules`)
    .split('\n')
    .filter((n) => /\.ya?ml$/.test(n)))
    await writeFile(join(rulesDir, f), git('show', `${rev}:scanners/semgrep/rules/${f}`));
  await writeFile(suppressions, git('show', `${rev}:config/suppressions/outsystems-generated.yml`));
  return { rulesDir, suppressions };
}

const pct = (v: number | undefined) => (v === undefined ? '  -  ' : `${(v * 100).toFixed(0).padStart(4)}%`);
const cells = (s: RuleScore | undefined) => (s ? `${String(s.tp).padStart(3)} ${String(s.fp).padStart(4)} ${String(s.fpOpen).padStart(4)} ${String(s.fn).padStart(3)} ${pct(s.precision)} ${pct(s.recall)}` : ' '.repeat(31));

function summary(label: string, s: CorpusScore, ms: number): string[] {
  const groups = Object.entries(s.platform.byGroup)
    .map(([g, n]) => `${g} ${n}`)
    .join(', ');
  return [
    `${label}: scan ${(ms / 1000).toFixed(1)} s`,
    `  planted developer weaknesses open: ${s.planted.open}/${s.planted.total}${s.planted.missed.length ? `; not reported: ${s.planted.missed.map((t) => `${t.kind} ${t.path}:${t.line}`).join(', ')}` : ''}${s.planted.suppressed.length ? `; SUPPRESSED: ${s.planted.suppressed.map((t) => `${t.path}:${t.line}`).join(', ')}` : ''}`,
    `  open false positives in developer code: ${s.developer.openFp.length} in ${(s.developer.bytes / 1e6).toFixed(2)} MB = ${s.developer.openFpPerMB.toFixed(2)} per MB (goal <= 1)`,
    `  findings in platform-owned files suppressed: ${s.platform.suppressed}/${s.platform.results} (${groups || 'none'})${
      s.platform.open.length
        ? `; OPEN: ${s.platform.open
            .slice(0, 10)
            .map((o) => `${o.ruleId} ${o.path}:${o.line}`)
            .join(', ')}`
        : ''
    }`,
  ];
}

const work = await mkdtemp(join(tmpdir(), 'ossast-accuracy-'));
try {
  const { accuracy: a, ms: demoMs } = await measureCorpus(join(work, 'demo'));
  console.log(
    `demo corpus (bundled rules, built-in list): ${demoMs} ms; false positives suppressed ${a.fp.suppressed}/${a.fp.total}; true positives suppressed ${a.tp.suppressed}/${a.tp.total}${a.unreported.length ? `; not reported: ${a.unreported.map((e) => `${e.path}:${e.line} (${e.truth} ${e.kind})`).join(', ')}` : ''}`,
  );

  let before: MeasureOptions | undefined;
  if (args['before-commit']) {
    const old = await fromCommit(args['before-commit'], join(work, 'before'));
    before = { rulesDir: old.rulesDir, suppressions: args['before-suppressions'] ?? old.suppressions };
  } else if (args['before-rules'] || args['before-suppressions']) {
    before = { ...(args['before-rules'] ? { rulesDir: args['before-rules'] } : {}), ...(args['before-suppressions'] ? { suppressions: args['before-suppressions'] } : {}) };
  }
  const prev = before ? await measureRealistic(join(work, 'before-run'), { size, ...before }) : undefined;
  const now = await measureRealistic(join(work, 'after-run'), { size });
  console.log(`\nrealistic corpus (${size}: ${now.corpus.files.length} text files, ${(now.corpus.files.reduce((n, f) => n + f.bytes, 0) / 1e6).toFixed(1)} MB), per rule in developer-owned code: TP FP (open) FN precision recall`);
  const ids = [...new Set([...(prev?.score.rules ?? []), ...now.score.rules].map((r) => r.ruleId))].sort();
  const width = Math.max(...ids.map((i) => i.length));
  console.log(`${'rule'.padEnd(width)}  ${prev ? `${'before'.padEnd(31)} | ` : ''}after`);
  for (const id of ids) console.log(`${id.padEnd(width)}  ${prev ? `${cells(prev.score.rules.find((r) => r.ruleId === id))} | ` : ''}${cells(now.score.rules.find((r) => r.ruleId === id))}`);
  console.log('');
  if (prev) console.log(summary(`before (${args['before-commit'] ?? 'given rules/list'})`, prev.score, prev.ms).join('\n'));
  console.log(summary('after (bundled rules, built-in list)', now.score, now.ms).join('\n'));
  const s = now.score;
  process.exitCode = s.planted.open === s.planted.total && s.platform.open.length === 0 && s.developer.openFpPerMB <= 1 ? 0 : 1;
} finally {
  await rm(work, { recursive: true, force: true });
}

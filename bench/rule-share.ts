// Each rule's share of Semgrep's time on real-shaped ~1 MB OutSystems platform files, from ONE run of the whole pack
// (`semgrep --time --json --timeout=0`, so no rule is cut short): per file, the parse time and the rules by match time;
// then the rules by total match time over all files, with a flag on any rule above --flag percent (default 30) of the
// matching time. Files: the Reactive factory's own OutSystems.js and OutSystemsUI.controller.js (unminified, as
// bench/factory.ts scans them), and minified ~1 MB OutSystems.js / OutSystemsReactView.js / OutSystems UI shapes.
//   node dist/bench/rule-share.js [--rules DIR] [--top N] [--flag PCT] [--kb N] [--keep]
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { execa } from 'execa';
import { z } from 'zod';
import { packageRoot } from '../src/util/version.js';
import { buildReactiveFactory } from '../fixtures/realistic/factory.js';
import { outSystemsJs, outSystemsReactViewJs, outSystemsUiJs } from '../fixtures/platform-shapes.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const rulesDir = flag('--rules') ?? join(packageRoot(), 'scanners', 'semgrep', 'rules');
const top = Number(flag('--top') ?? 8);
const flagPct = Number(flag('--flag') ?? 30);
const bytes = Number(flag('--kb') ?? 1000) * 1000;

const timeSchema = z.looseObject({
  results: z.array(z.looseObject({ check_id: z.string(), path: z.string() })),
  errors: z.array(z.looseObject({ type: z.unknown() })),
  time: z.looseObject({
    rules: z.array(z.union([z.string(), z.looseObject({ id: z.string() })])),
    targets: z.array(z.looseObject({ path: z.string(), num_bytes: z.number(), match_times: z.array(z.number()), parse_times: z.array(z.number()), run_time: z.number() })),
  }),
});

/** The rule id without Semgrep's config-path prefix (it prefixes ids with the folder's dotted path). */
const shortId = (id: string) => {
  const i = id.indexOf('ossast.');
  return i >= 0 ? id.slice(i) : id.split('.').slice(-2).join('.');
};

const dir = mkdtempSync(join(tmpdir(), 'ossast-rule-share-'));
try {
  const fac = join(dir, 'factory');
  await buildReactiveFactory(fac, { modules: 1, size: 'real' });
  const files: string[] = [];
  for (const rel of ['scripts/OutSystems.js', 'scripts/OutSystemsUI.controller.js']) {
    const to = join(dir, `factory-${basename(rel)}`);
    copyFileSync(join(fac, 'App', 'Portal1', rel), to);
    files.push(to);
  }
  for (const [name, text] of [
    ['min-OutSystems.js', outSystemsJs(bytes)],
    ['min-OutSystemsReactView.js', outSystemsReactViewJs(bytes)],
    ['OutSystemsUI.js', outSystemsUiJs({ banner: true, bytes })],
  ] as const) {
    writeFileSync(join(dir, name), text);
    files.push(join(dir, name));
  }
  const semgrep = join(packageRoot(), '.venv', 'bin', 'semgrep');
  const cpuFile = join(dir, 'cpu.txt');
  const cmd = [semgrep, 'scan', '--time', '--json', '--metrics=off', '--disable-version-check', '--timeout=0', '--no-git-ignore', '--max-target-bytes=5000000', '--config', rulesDir];
  console.log(`command: ${cmd.join(' ')} <files>  (under GNU time for CPU)`);
  const r = await execa('/usr/bin/time', ['-f', '%e %U %S', '-o', cpuFile, ...cmd, ...files], { reject: false, maxBuffer: 1024 * 1024 * 1024, env: { SEMGREP_SEND_METRICS: 'off' } });
  if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`semgrep exited ${r.exitCode}: ${r.stderr.slice(-2000)}`);
  const [wall, user, sys] = readFileSync(cpuFile, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  const out = timeSchema.parse(JSON.parse(r.stdout));
  const ids = out.time.rules.map((x) => shortId(typeof x === 'string' ? x : x.id));
  console.log(`whole run: wall ${wall!.toFixed(1)} s, CPU ${(user! + sys!).toFixed(1)} s, ${out.results.length} results, ${out.errors.length} errors; ${ids.length} rules`);
  const total = new Map<string, number>();
  let allMatch = 0;
  for (const t of out.time.targets) {
    const parse = Math.max(0, ...t.parse_times);
    const rows = t.match_times.map((m, i) => ({ id: ids[i]!, s: m })).sort((a, b) => b.s - a.s);
    const match = rows.reduce((n, x) => n + x.s, 0);
    allMatch += match;
    for (const x of rows) total.set(x.id, (total.get(x.id) ?? 0) + x.s);
    const hits = out.results.filter((x) => basename(x.path) === basename(t.path)).length;
    console.log(`\n${basename(t.path)} (${(statSync(t.path).size / 1000).toFixed(0)} kB): run ${t.run_time.toFixed(2)} s, parse ${parse.toFixed(2)} s, match (all rules) ${match.toFixed(2)} s, ${hits} results`);
    for (const x of rows.slice(0, top).filter((y) => y.s > 0)) console.log(`  ${x.s.toFixed(3).padStart(8)} s  ${match > 0 ? ((100 * x.s) / match).toFixed(1).padStart(5) : '  0.0'}%  ${x.id}`);
  }
  const ranked = [...total.entries()].sort((a, b) => b[1] - a[1]);
  console.log(`\nall files: match time ${allMatch.toFixed(2)} s; rules by total match time`);
  for (const [id, s] of ranked.slice(0, top)) console.log(`  ${s.toFixed(3).padStart(8)} s  ${((100 * s) / (allMatch || 1)).toFixed(1).padStart(5)}%  ${id}`);
  const heavy = ranked.filter(([, s]) => allMatch > 0 && s / allMatch > flagPct / 100);
  console.log(heavy.length ? `OUT OF PROPORTION (> ${flagPct}% of match time): ${heavy.map(([id]) => id).join(', ')}` : `no rule above ${flagPct}% of the match time`);
} finally {
  if (args.includes('--keep')) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

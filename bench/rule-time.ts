// Per-rule Semgrep time on platform-sized files: writes ~1 MB generated JS/C# files shaped like OutSystems platform
// scripts (a minified jQuery-1.x-style `_osjs.js`, an unminified TypeScript/AMD bundle like `OutSystems.js`) and a
// generated C# module, runs the real Semgrep with `--time --json` and prints, per rule, total and max match time per
// file and every rule that timed out (Semgrep's default per-rule timeout is 5 s). Two reference rows give the cost of
// parsing alone (a pattern that passes Semgrep's prefilter but is trivial to match).
//   node dist/bench/rule-time.js [--rules DIR] [--baseline DIR] [--timeout S] [--kb N] [--only ID-PART] [--add FILE ...] [--keep]
// --baseline DIR runs a second rule folder (e.g. an older pack from `git show`) on the same files, side by side.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { packageRoot } from '../src/util/version.js';
import { generatedCSharp, minifiedBundle, unminifiedBundle } from '../fixtures/platform-bundles.js';

/** Writes the three platform-sized files into `dir`; returns their paths. */
export function writePlatformFiles(dir: string, bytes: number): string[] {
  const files: [string, string][] = [
    ['_osjs.js', minifiedBundle(bytes)],
    ['OutSystems.js', unminifiedBundle(bytes)],
    ['ScrnOrders.aspx.cs', generatedCSharp(bytes)],
  ];
  return files.map(([name, text]) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  });
}

const timeSchema = z.looseObject({
  results: z.array(z.unknown()),
  errors: z.array(z.looseObject({ type: z.unknown(), rule_id: z.string().optional(), path: z.string().optional(), message: z.string().optional() })),
  time: z.looseObject({
    targets: z.array(z.looseObject({ path: z.string(), run_time: z.number() })),
  }),
});

export interface TimingRun {
  perFile: { file: string; runS: number }[];
  timeouts: { rule: string; file: string }[];
  wallS: number;
  cpuS: number;
  findings: number;
}

/** Runs Semgrep with --time over `files`: per rule, its match time on each file; plus process CPU seconds. */
export async function timeRules(rulesConfig: string, files: string[], timeoutS: number): Promise<TimingRun> {
  const semgrep = join(packageRoot(), '.venv', 'bin', 'semgrep');
  const cpuFile = join(tmpdir(), `ossast-rule-time-cpu-${process.pid}.txt`);
  const started = process.hrtime.bigint();
  const r = await execa(
    '/usr/bin/time',
    [
      '-f',
      '%U %S',
      '-o',
      cpuFile,
      semgrep,
      'scan',
      '--metrics=off',
      '--disable-version-check',
      '--no-git-ignore',
      '--time',
      '--json',
      `--timeout=${timeoutS}`,
      '--timeout-threshold=0',
      '--max-target-bytes=5000000',
      '--jobs=1',
      '--config',
      rulesConfig,
      ...files,
    ],
    {
      reject: false,
      env: { SEMGREP_ENABLE_VERSION_CHECK: '0', SEMGREP_SEND_METRICS: 'off' },
      maxBuffer: 512 * 1024 * 1024,
    },
  );
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuS = readFileSync(cpuFile, 'utf8')
    .trim()
    .split('\n')
    .pop()!
    .split(' ')
    .reduce((a, b) => a + Number(b), 0);
  rmSync(cpuFile, { force: true });
  if (r.exitCode !== 0 && r.exitCode !== 1 && r.exitCode !== 3) throw new Error(`semgrep exited with ${r.exitCode}: ${r.stderr.slice(-2000)}`);
  const out = timeSchema.parse(JSON.parse(r.stdout));
  const perFile = out.time.targets.map((t) => ({ file: basename(t.path), runS: t.run_time }));
  const timeouts = out.errors.filter((e) => JSON.stringify(e.type).includes('Timeout')).map((e) => ({ rule: e.rule_id ?? '?', file: basename(e.path ?? '?') }));
  return { perFile, timeouts, wallS, cpuS, findings: out.results.length };
}

/** Writes each rule of the pack into its own config file (so each can be timed alone). */
export function splitRules(rulesDir: string, outDir: string): { id: string; file: string }[] {
  mkdirSync(outDir, { recursive: true });
  return readdirSync(rulesDir)
    .filter((f) => f.endsWith('.yml'))
    .flatMap((f) => {
      const doc = z.object({ rules: z.array(z.looseObject({ id: z.string() })) }).parse(parse(readFileSync(join(rulesDir, f), 'utf8')));
      return doc.rules.map((rule) => {
        const file = join(outDir, `${rule.id}.yml`);
        writeFileSync(file, stringify({ rules: [rule] }));
        return { id: rule.id, file };
      });
    });
}

/** The rule id without Semgrep's config-path prefix. */
const shortId = (id: string) => id.slice(Math.max(id.indexOf('ossast.'), 0));

/** Times the whole pack at `timeoutS` (the timeouts that matter), then each rule alone without a timeout. */
async function report(label: string, rulesDir: string, files: string[], timeoutS: number, work: string, only: string): Promise<void> {
  const pack = await timeRules(rulesDir, files, timeoutS);
  const names = files.map((f) => basename(f));
  process.stdout.write(`\n${label} (${rulesDir}): whole pack --timeout ${timeoutS}: wall ${pack.wallS.toFixed(1)} s, CPU ${pack.cpuS.toFixed(1)} s, ${pack.findings} findings, ${pack.timeouts.length} timeout(s)\n`);
  for (const t of pack.timeouts) process.stdout.write(`  TIMEOUT ${shortId(t.rule)} on ${t.file}\n`);
  process.stdout.write(`each rule alone, no timeout: seconds per file (Semgrep's per-target run time, includes parsing), process CPU s\n`);
  process.stdout.write(`${'rule'.padEnd(50)}${names.map((n) => n.slice(0, 18).padStart(20)).join('')}${'CPU s'.padStart(8)}${'hits'.padStart(6)}\n`);
  const floor = [
    { id: 'reference: parse only (javascript)', rule: { id: 'parse-floor-js', languages: ['javascript'], severity: 'INFO', message: 'parse floor', pattern: 'function $F() { return this; }' } },
    { id: 'reference: parse only (csharp)', rule: { id: 'parse-floor-cs', languages: ['csharp'], severity: 'INFO', message: 'parse floor', pattern: 'using System;' } },
  ].map(({ id, rule }) => {
    const file = join(work, `${rule.id}.yml`);
    writeFileSync(file, stringify({ rules: [rule] }));
    return { id, file };
  });
  for (const { id, file } of [...floor, ...splitRules(rulesDir, join(work, label)).filter((r) => r.id.includes(only))]) {
    const run = await timeRules(file, files, 0);
    const cell = (n: string) => {
      const t = run.perFile.find((p) => p.file === n);
      return (t ? t.runS.toFixed(2) : '-').padStart(20);
    };
    process.stdout.write(`${shortId(id).padEnd(50)}${names.map(cell).join('')}${run.cpuS.toFixed(1).padStart(8)}${String(run.findings).padStart(6)}\n`);
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => {
    const i = args.indexOf(name);
    return i === -1 ? undefined : args[i + 1];
  };
  const rulesDir = flag('--rules') ?? join(packageRoot(), 'scanners', 'semgrep', 'rules');
  const baseline = flag('--baseline');
  const timeoutS = Number(flag('--timeout') ?? 5);
  const bytes = Number(flag('--kb') ?? 1000) * 1000;
  const dir = mkdtempSync(join(tmpdir(), 'ossast-rule-time-'));
  try {
    const files = writePlatformFiles(dir, bytes);
    args.forEach((a, i) => {
      const src = args[i + 1];
      if (a === '--add' && src) {
        files.push(join(dir, basename(src)));
        copyFileSync(src, join(dir, basename(src)));
      }
    });
    process.stdout.write(`files: ${files.map((f) => basename(f)).join(', ')} (${bytes / 1000} kB generated each); 1 job\n`);
    const only = flag('--only') ?? '';
    if (baseline) await report('baseline', baseline, files, timeoutS, dir, only);
    await report('rules', rulesDir, files, timeoutS, dir, only);
  } finally {
    if (!args.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();

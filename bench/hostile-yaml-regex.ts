// Hostile YAML and regexes against the CLI (its own process): an alias-bomb config (`ossast scan`), an alias-bomb
// suppression file (`ossast gate --suppressions`), and ^(a+)+$ on a 36-character snippet "aaa…a!" (`ossast gate`).
// Wall time, exit code and peak RSS (GNU time); each run is stopped after --wait seconds (default 120).
//   node dist/bench/hostile-yaml-regex.js [--wait S] [--bin path/to/bin/ossast.js]
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../src/util/version.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const waitS = Number(flag('--wait') ?? 120);
const bin = flag('--bin') ?? join(packageRoot(), 'bin', 'ossast.js');

/** Nine levels of ten aliases each: 10^9 strings once expanded. */
const bomb = (indent: string, key: string): string[] => [
  `${indent}${key}0: &${key}0 [${Array(10).fill('lol').join(', ')}]`,
  ...Array.from({ length: 8 }, (_, i) => `${indent}${key}${i + 1}: &${key}${i + 1} [${Array(10).fill(`*${key}${i}`).join(', ')}]`),
];

const sarif = (snippet: string) =>
  JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Semgrep OSS', rules: [{ id: 'r1' }] } },
        results: [{ ruleId: 'r1', level: 'error', message: { text: 'm' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'App/M/a.cs' }, region: { startLine: 1, snippet: { text: snippet } } } }] }],
      },
    ],
  });

const dir = mkdtempSync(join(tmpdir(), 'ossast-bench-yaml-'));
mkdirSync(join(dir, 'pkg'));
writeFileSync(join(dir, 'pkg', 'a.cs'), 'class A {}\n');
writeFileSync(join(dir, 'bomb.yml'), ['version: 1', ...bomb('', 'a'), 'sources: *a8'].join('\n') + '\n');
writeFileSync(join(dir, 'bomb-supp.yml'), ['version: 1', 'suppressions:', '  - id: bomb', '    match: { ruleId: "x.*" }', '    justification: "a justification long enough"', ...bomb('    ', 't'), '    owner: *t8'].join('\n') + '\n');
writeFileSync(join(dir, 'redos.yml'), 'version: 1\nsuppressions:\n  - id: redos\n    match:\n      snippet: "^(a+)+$"\n    justification: catastrophic backtracking on attacker snippets\n');
writeFileSync(join(dir, 'empty.sarif'), JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Semgrep OSS', rules: [] } }, results: [] }] }));
writeFileSync(join(dir, 'redos.sarif'), sarif(`${'a'.repeat(36)}!`));

const cases: [string, string[]][] = [
  ['alias-bomb config (scan)', ['scan', join(dir, 'pkg'), '--config', join(dir, 'bomb.yml'), '--out', join(dir, 'out')]],
  ['alias-bomb suppressions (gate)', ['gate', join(dir, 'empty.sarif'), '--suppressions', join(dir, 'bomb-supp.yml')]],
  ['^(a+)+$ on "a"x36 + "!" (gate)', ['gate', join(dir, 'redos.sarif'), '--suppressions', join(dir, 'redos.yml')]],
];
try {
  for (const [name, argv] of cases) {
    const rss = join(dir, 'rss.txt');
    const started = process.hrtime.bigint();
    const r = await execa('/usr/bin/time', ['-f', '%M', '-o', rss, 'timeout', '-k', '5', String(waitS), process.execPath, bin, ...argv], { reject: false });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const kb = existsSync(rss) ? Number(readFileSync(rss, 'utf8').trim().split('\n').pop()) : NaN;
    // timeout exits 124 when it stopped the command (TERM, then KILL 5 s later); GNU time still sees its peak RSS.
    const killed = r.exitCode === 124 || r.exitCode === 137;
    process.stdout.write(`${name}: ${killed ? `killed after ${waitS} s` : `exit ${r.exitCode}`}, ${seconds.toFixed(2)} s, peak RSS ${(kb / 1024).toFixed(0)} MB\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// Hostile YAML, regexes and dates through the CLI: each is refused (exit 2, file:line, field, why) or matched in
// linear time, and ends at once (the vitest timeout bounds it; before the fix these ran for minutes or hours).
import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { guardedWorkspace } from '../support/hostile.js';
import { tempDir, writeTree } from '../support/tmp.js';

/** "Billion laughs": level i is a list of ten aliases of level i-1; nine levels stand for 10^9 strings. */
const aliasBomb = (indent: string, key: string): string[] => [
  `${indent}${key}0: &${key}0 [${Array(10).fill('lol').join(', ')}]`,
  ...Array.from({ length: 8 }, (_, i) => `${indent}${key}${i + 1}: &${key}${i + 1} [${Array(10).fill(`*${key}${i}`).join(', ')}]`),
];

const sarifWith = (snippets: string[]): string =>
  JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Semgrep OSS', rules: [{ id: 'r1' }] } },
        results: snippets.map((text, i) => ({
          ruleId: 'r1',
          level: 'error',
          message: { text: 'finding' },
          locations: [{ physicalLocation: { artifactLocation: { uri: `App/Mod/f${i}.cs` }, region: { startLine: 1, snippet: { text } } } }],
        })),
      },
    ],
  });

const suppressionFile = (lines: string[]): string => ['version: 1', 'suppressions:', ...lines].join('\n') + '\n';

describe('hostile config files (ossast scan)', () => {
  it('refuses an alias bomb with exit 2, file and line, before scanning anything', async () => {
    const root = tempDir();
    writeTree(root, { 'pkg/App/Mod/a.cs': 'class A {}\n', 'ossast.yml': ['version: 1', ...aliasBomb('', 'a'), 'sources: *a8'].join('\n') + '\n' });
    const ws = guardedWorkspace(root);
    const cfg = join(ws.root, 'ossast.yml');
    const r = await runCli(['scan', join(ws.root, 'pkg'), '--config', cfg, '--out', ws.out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`ossast: ${cfg}:6: invalid YAML: alias *a3 takes the file's aliases past 100000 repeated nodes (an alias bomb?); refused before building the data\n`);
    expect(r.stderr).toContain('hint: write the values out instead of repeating them with aliases');
    expect(existsSync(ws.out)).toBe(false);
    ws.unchanged();
  });

  it('refuses a config file over 1 MiB with exit 2 and the limit', async () => {
    const root = tempDir();
    writeTree(root, { 'pkg/a.cs': 'class A {}\n', 'big.yml': `version: 1\n# ${'x'.repeat(1024 * 1024)}\n` });
    const ws = guardedWorkspace(root);
    const r = await runCli(['scan', join(ws.root, 'pkg'), '--config', join(ws.root, 'big.yml'), '--out', ws.out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`ossast: ${join(ws.root, 'big.yml')}: the file is 1048590 bytes; ossast reads YAML files of at most 1 MiB (1048576 bytes)\n`);
    expect(existsSync(ws.out)).toBe(false);
    ws.unchanged();
  });
});

describe('hostile suppression files (ossast gate, ossast suppressions check)', () => {
  const dir = tempDir();
  const sarif = join(dir, 'results.sarif');
  // A snippet an attacker wrote, and one the pattern really matches.
  writeFileSync(sarif, sarifWith([`${'a'.repeat(36)}!`, 'a'.repeat(36)]));

  it('refuses an alias bomb in a suppression file with exit 2, file and line', async () => {
    const file = join(dir, 'bomb.yml');
    writeFileSync(file, suppressionFile(['  - id: bomb', '    match: { ruleId: "r1" }', '    justification: long enough to pass', ...aliasBomb('    ', 't'), '    owner: *t8']));
    for (const args of [
      ['gate', sarif, '--suppressions', file],
      ['suppressions', 'check', file],
    ]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`ossast: ${file}:10: invalid YAML: alias *t3 takes the file's aliases past 100000 repeated nodes (an alias bomb?); refused before building the data\n`);
    }
  });

  it('matches ^(a+)+$ in linear time on a hostile snippet: the gate ends at once with the right verdict', async () => {
    const file = join(dir, 'redos.yml');
    writeFileSync(file, suppressionFile(['  - id: redos', '    match:', '      ruleId: r1', '      snippet: "^(a+)+$"', '    justification: runs of a only, generated padding', '    owner: appsec@example.com']));
    const r = await runCli(['gate', sarif, '--suppressions', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 unsuppressed finding(s) at or above error; 1 suppressed');
  });

  it('matches a hostile path glob in linear time: the gate ends with the right verdict (picomatch would backtrack)', async () => {
    const deep = join(dir, 'deep.sarif');
    const long = `${'a/'.repeat(400)}${'a'.repeat(3000)}.cs`;
    writeFileSync(deep, sarifWith(['x']).replace('App/Mod/f0.cs', long));
    const file = join(dir, 'glob.yml');
    writeFileSync(file, suppressionFile(['  - id: glob', '    match:', '      ruleId: r1', `      paths: ["**/${'*a'.repeat(30)}*b.cs"]`, '    justification: a glob built to backtrack on long paths', '    owner: appsec@example.com']));
    const r = await runCli(['gate', deep, '--suppressions', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 unsuppressed finding(s) at or above error; 0 suppressed');
  });

  it('refuses a backreference at load time: exit 2, file, line, field and why', async () => {
    const file = join(dir, 'backref.yml');
    writeFileSync(file, suppressionFile(['  - id: backref', '    match:', "      snippet: '^(a+)+\\1$'", '    justification: runs of a only, generated padding']));
    const r = await runCli(['gate', sarif, '--suppressions', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${file}:5: suppressions.0.match.snippet: a backreference "\\1" cannot be matched in linear time: suppression regexes are matched by an RE2 engine (https://github.com/google/re2/wiki/Syntax), which refuses backreferences and lookaround; rewrite the pattern without it (received "^(a+)+\\\\1$")`,
    );
  });

  it.each([
    ['2024-02-30', 'no such date: February 2024 has 29 days (a date written YYYY-MM-DD) (received "2024-02-30")'],
    ['2099-99-99', 'no such date: there is no month 99 (a date written YYYY-MM-DD) (received "2099-99-99")'],
  ])('refuses the impossible expiry date %s: exit 2, file, line and field', async (date, why) => {
    const file = join(dir, `date-${date}.yml`);
    writeFileSync(file, suppressionFile(['  - id: when', '    match: { ruleId: "r1" }', '    justification: accepted until the given day', `    expires: ${date}`]));
    for (const args of [
      ['suppressions', 'check', file],
      ['gate', sarif, '--suppressions', file],
    ]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${file}:6: suppressions.0.expires: ${why}`);
    }
  });
});

// Catch-all suppressions cannot pass silently: placeholder justifications, owners that name nobody and broad matches
// (generated variants) are refused with exit 2 naming file, line and field; a declared broad entry needs an expiry and
// is named on every run; every entry's count, 0 included, is in the summaries and the manifest.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { reportInput } from '../support/report-input.js';
import { consoleReporter } from '../../src/report/console.js';
import { markdownReporter } from '../../src/report/markdown.js';
import { justificationProblem, ownerProblem, broadReasons } from '../../src/suppress/review.js';

const dir = tempDir();
let n = 0;
const GOOD_WHY = 'Constant query text from the reporting module, reviewed with the data owner in SEC-77';
const entryYaml = (fields: Record<string, string>) =>
  `version: 1\nsuppressions:\n  - id: e1\n${Object.entries(fields)
    .map(([k, v]) => `    ${k}: ${v}`)
    .join('\n')}\n`;
const write = (text: string) => {
  const file = join(dir, `s${++n}.yml`);
  writeFileSync(file, text);
  return file;
};
const sarif = join(dir, 'results.sarif');
writeFileSync(
  sarif,
  JSON.stringify({
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Semgrep OSS', rules: [{ id: 'r1', defaultConfiguration: { level: 'error' } }] } },
        results: [1, 2].map((i) => ({ ruleId: 'r1', message: { text: 'x' }, locations: [{ physicalLocation: { artifactLocation: { uri: `App/Mod/f${i}.cs` }, region: { startLine: i } } }] })),
      },
    ],
  }),
);

/** Placeholders: words that say nothing, repeated letters, numbers, padding, in several cases and scripts. */
const PLACEHOLDERS = [
  '""',
  '"   "',
  'TODO',
  '"todo: explain"',
  'n/a',
  'N/A',
  'NA',
  'fp',
  'FP',
  'false positive',
  '"False Positive."',
  'test',
  'ok',
  '"OK!!"',
  'TBD - fix later',
  'not an issue',
  '"this is fine, this is safe"',
  'aaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  '"a a a a a a a a a a a a a"',
  'xxxxxxxx xxxxxxx xxxxxxx xxxxxxx',
  '"..........................."',
  '"1234567890 1234567890 1234567890"',
  'lorem ipsum dolor sit',
  'false positive false positive false positive',
  'todo todo todo todo todo todo',
  'ok ok ok ok ok ok ok ok',
  'ＴＯＤＯ ＴＯＤＯ',
  'fp, see ticket',
  'wontfix ignore suppress',
  'zzzz zzzz zzzz zzzz zzzz',
];
const BAD_OWNERS = ['""', '"-"', 'n/a', 'TODO', 'me', 'nobody', '"??"', 'x', 'team', 'unknown', 'aaaa'];
/** Broad matches: no rule constraint, or a path every file matches (globs of every spelling, rule globs that match all). */
const BROAD: string[] = [
  '{ paths: ["**"] }',
  '{ paths: ["*"] }',
  '{ paths: ["**/*"] }',
  '{ paths: ["*/**"] }',
  '{ paths: ["**/**"] }',
  '{ paths: ["**/*", "Shop/**"] }',
  '{ ruleId: "*" }',
  '{ ruleId: "**" }',
  '{ ruleId: ["*", "x.sql"] }',
  '{ snippet: ".*" }',
  '{ message: "(?i).*" }',
  '{ tool: "Semgrep*" }',
  '{ platformOwned: false }',
  '{ paths: ["Shop/**"] }',
  '{ cwe: [89], paths: ["**"] }',
  '{ ruleId: "x.*", paths: ["**/*"] }',
  '{ tags: [security], paths: ["*"] }',
];

describe('placeholder justifications and owners are refused (exit 2, file, line, field)', () => {
  it.each(PLACEHOLDERS)('justification %s', async (why) => {
    const file = write(entryYaml({ match: '{ ruleId: "r1" }', justification: why, owner: 'appsec@example.com' }));
    const r = await runCli(['suppressions', 'check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:5: suppressions.0.justification: a justification that says why the finding is acceptable here, for an auditor to check`);
  });
  it.each(BAD_OWNERS)('owner %s', async (owner) => {
    const file = write(entryYaml({ match: '{ ruleId: "r1" }', justification: GOOD_WHY, owner }));
    const r = await runCli(['suppressions', 'check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:6: suppressions.0.owner: an owner who answers for the entry`);
  });
  it('a missing owner', async () => {
    const file = write(entryYaml({ match: '{ ruleId: "r1" }', justification: GOOD_WHY }));
    const r = await runCli(['gate', sarif, '--suppressions', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:3: suppressions.0.owner: required field is missing`);
  });
  it('the rule is a rule, not a list: substantive texts in other words pass', () => {
    for (const why of [GOOD_WHY, 'Le texte de la requête est constant, revu avec le responsable des données', 'Checksums of legacy export files, not used for passwords']) expect(justificationProblem(why), why).toBeUndefined();
    for (const who of ['appsec@example.com', 'Payments team', 'Jo Li']) expect(ownerProblem(who), who).toBeUndefined();
  });
});

describe('broad matches are refused unless declared, and a declared one needs an expiry', () => {
  it.each(BROAD)('match %s', async (match) => {
    const file = write(entryYaml({ match, justification: GOOD_WHY, owner: 'appsec@example.com' }));
    for (const args of [
      ['suppressions', 'check', file],
      ['gate', sarif, '--suppressions', file],
    ]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${file}:4: suppressions.0.match: matches too broadly (`);
      expect(r.stderr).toContain('say broad: true and give expires');
    }
  });
  it('broad: true without expires is refused, naming the field', async () => {
    const file = write(entryYaml({ match: '{ paths: ["**"] }', justification: GOOD_WHY, owner: 'appsec@example.com', broad: 'true' }));
    const r = await runCli(['suppressions', 'check', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:3: suppressions.0.expires: entry "e1" says broad: true, so it needs expires (YYYY-MM-DD), the day it is reviewed again`);
  });
  it('broad: true with expires is accepted, listed by check, and named with its count on every run', async () => {
    const file = write(entryYaml({ match: '{ paths: ["**"] }', justification: GOOD_WHY, owner: 'appsec@example.com', broad: 'true', expires: '2099-12-31' }));
    const check = await runCli(['suppressions', 'check', file]);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('BROAD     e1  no ruleId, cwe or tags: it matches findings of every rule; path "**" matches every file  owner appsec@example.com  expires 2099-12-31');
    for (let i = 0; i < 2; i++) {
      const gate = await runCli(['gate', sarif, '--suppressions', file]);
      expect(gate.code).toBe(0);
      expect(gate.stderr).toContain(
        `suppression "e1" (${file}:3) is broad (no ruleId, cwe or tags: it matches findings of every rule; path "**" matches every file), owner appsec@example.com, expires 2099-12-31: it suppressed 2 finding(s) in this run`,
      );
    }
  });
  it('a narrow entry is not broad', () => {
    expect(broadReasons({ ruleId: ['ossast.csharp.sql-*'], paths: ['Shop/Legacy/**'] })).toEqual([]);
    expect(broadReasons({ cwe: [89] })).toEqual([]);
  });
});

describe('the summaries show how many findings each entry suppressed, 0 included', () => {
  it('console and Markdown name the team entries that suppressed nothing, and the broad ones', () => {
    const input = reportInput([{ rule: 'x.sql', path: 'Shop/UI/Actions/A.cs', line: 1, level: 'error' }]);
    input.record.suppressions = {
      files: [{ path: 'team.yml', sha256: 'x', builtin: false }],
      entries: [
        { id: 'ghost', file: 'team.yml', line: 3, matched: 0, state: 'unused' },
        { id: 'old', file: 'team.yml', line: 9, matched: 0, state: 'expired', expires: '2020-01-01' },
        { id: 'wide', file: 'team.yml', line: 15, matched: 4, state: 'applied', broad: true, expires: '2099-12-31' },
      ],
    };
    const text = (r: typeof consoleReporter | typeof markdownReporter) => [...r.render(input)].map((f) => [...f.content].join('')).join('');
    const con = text(consoleReporter);
    expect(con).toContain('Suppression entries that suppressed 0 findings: 2');
    expect(con).toContain('ghost (unused)  team.yml:3');
    expect(con).toContain('old (expired)  team.yml:9');
    expect(con).toContain('Broad suppression entries (broad: true): wide (4)');
    const md = text(markdownReporter);
    expect(md).toContain('### Suppression entries that suppressed 0 findings');
    expect(md).toContain('| `ghost` | unused | `team.yml:3` |');
    expect(md).toContain('Broad suppression entries (`broad: true`): `wide` (4)');
  });
});

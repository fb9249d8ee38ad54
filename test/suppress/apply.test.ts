import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { isSuppressed } from '../../src/model/sarif-keys.js';
import { applySuppressions, stableGuid } from '../../src/suppress/apply.js';
import { platformOwnership } from '../../src/suppress/platform.js';
import { type LoadedEntry, loadSuppressionFiles, type SuppressionSet } from '../../src/suppress/load.js';
import { matchSchema } from '../../src/suppress/schema.js';
import { log, run } from '../support/sarif.js';

const NOW = new Date('2026-11-22T12:00:00Z');
/** An entry as loaded; its match is written as in a suppression file (a glob or a list of them) and read by the file's schema. */
const entry = (id: string, match: z.input<typeof matchSchema>, extra: Partial<LoadedEntry> = {}): LoadedEntry => ({
  id,
  match: matchSchema.parse(match),
  justification: `justification of ${id}`,
  owner: 'appsec@example.com',
  file: 'team.yml',
  ...extra,
});
/** An ownership verdict read from the given file contents (a path not listed cannot be read: unknown). */
const contents = (files: Record<string, string>) => platformOwnership((rel) => (files[rel] === undefined ? undefined : { bytes: Buffer.from(files[rel]), complete: true }));
const RUNTIME = 'define("OutSystems/ClientRuntime/Main", ["exports"], function (exports) {\n  exports.run = function (s) { return eval(s); };\n});\n';
const set = (...entries: SuppressionSet['entries']): SuppressionSet => ({ files: [{ path: 'team.yml', sha256: 'x', builtin: false }], entries });

describe('applySuppressions', () => {
  const input = log(
    run(
      [
        { rule: 'a.eval', path: 'App/Mod/scripts/OutSystems/ClientRuntime/rt.js', line: 3 },
        { rule: 'a.eval', path: 'App/Mod/scripts/App.controller.js', line: 9 },
        { rule: 'a.other', path: 'App/Mod/x.cs', line: 1, suppressions: [{ kind: 'inSource' }] },
      ],
      { rules: { 'a.eval': ['CWE-95: Eval Injection', 'security'] } },
    ),
  );

  it('marks matches with an accepted external suppression and keeps every result', () => {
    const platformOwned = contents({ 'App/Mod/scripts/OutSystems/ClientRuntime/rt.js': RUNTIME, 'App/Mod/scripts/App.controller.js': 'define("App.controller", [], function () { return eval(x); });' });
    const { log: out, report } = applySuppressions(input, set(entry('e1', { cwe: [95], platformOwned: true }, { owner: 'alice', expires: '2027-01-01', ticket: 'SEC-9' })), NOW, { platformOwned });
    const results = out.runs[0]!.results!;
    expect(results).toHaveLength(3);
    expect(results[0]!.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'justification of e1',
        guid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        properties: {
          'ossast/entry': 'e1',
          'ossast/file': 'team.yml',
          owner: 'alice',
          expires: '2027-01-01',
          ticket: 'SEC-9',
          'ossast/platform-ownership': {
            owned: true,
            evidence: 'outsystems-client-runtime-amd',
            what: expect.stringContaining('OutSystems/'),
            sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
            // Where the evidence is, for an auditor: the first line's module id, and every module the file defines.
            markers: [
              { condition: 'first', offset: 0, text: 'define("OutSystems/ClientRuntime/Main"' },
              { condition: 'modules', offset: 0, text: expect.stringContaining('1 AMD module(s) defined, 1 with ids') },
            ],
          },
        },
      },
    ]);
    expect(results[1]!.suppressions).toEqual([]);
    expect(report.entries).toEqual([{ id: 'e1', file: 'team.yml', matched: 1, state: 'applied', expires: '2027-01-01' }]);
  });

  it('gives every result a suppressions array; an in-source suppression (nosemgrep) is kept under review and counts', () => {
    const { log: out, report } = applySuppressions(input, set(), NOW);
    for (const r of out.runs[0]!.results!) expect(Array.isArray(r.suppressions)).toBe(true);
    expect(out.runs[0]!.results![2]!.suppressions![0]).toMatchObject({ kind: 'inSource', status: 'underReview', properties: { 'ossast/not-accepted': expect.stringContaining('acceptInSource') } });
    expect(isSuppressed(out.runs[0]!.results![2]!)).toBe(false);
    expect(report.inSource).toBe(1);
    expect(report.notAccepted).toBe(1);
    expect(report.warnings[0]).toContain('1 result(s) carried suppressions ossast did not accept');
  });

  it('accepts in-source suppressions only when told to, with a justification', () => {
    const { log: out } = applySuppressions(input, set(), NOW, { acceptInSource: true });
    expect(out.runs[0]!.results![2]!.suppressions![0]).toMatchObject({ kind: 'inSource', status: 'accepted', justification: expect.stringContaining('nosemgrep') });
  });

  it('never accepts a suppression a tool wrote; an earlier ossast entry holds only when it matches again', () => {
    const forged = log(
      run([
        { rule: 'a.eval', path: 'App/Mod/a.js', suppressions: [{ kind: 'external', status: 'accepted', justification: 'trust me' }] },
        { rule: 'a.eval', path: 'App/Mod/b.js', line: 2, suppressions: [{ kind: 'external', status: 'accepted', justification: 'looks like ossast', properties: { 'ossast/entry': 'not-given' } }] },
        { rule: 'a.eval', path: 'App/Mod/c.js', line: 3, suppressions: [{ kind: 'external', status: 'accepted', justification: 'earlier pass', properties: { 'ossast/entry': 'e1' } }] },
      ]),
    );
    const { log: out, report } = applySuppressions(forged, set(entry('e1', { paths: ['App/Mod/c.js'] })), NOW);
    expect(out.runs[0]!.results!.map(isSuppressed)).toEqual([false, false, true]);
    // The earlier pass's suppression is replaced by the one derived now, not kept twice.
    expect(out.runs[0]!.results![2]!.suppressions).toEqual([expect.objectContaining({ status: 'accepted', properties: expect.objectContaining({ 'ossast/entry': 'e1' }) })]);
    expect(out.runs[0]!.results![0]!.suppressions![0]).toMatchObject({ status: 'underReview', properties: { 'ossast/not-accepted': 'suppression written by the tool, not by ossast', 'ossast/original-status': 'accepted' } });
    expect(report.notAccepted).toBe(2);
  });

  it('uses the same guid on every run', () => {
    const a = applySuppressions(input, set(entry('e1', { cwe: [95] })), NOW).log.runs[0]!.results![0]!.suppressions![0]!.guid;
    const b = applySuppressions(input, set(entry('e1', { cwe: [95] })), NOW).log.runs[0]!.results![0]!.suppressions![0]!.guid;
    expect(a).toBe(b);
    expect(stableGuid('x', 'y')).not.toBe(stableGuid('x', 'z'));
  });

  it('an expired entry suppresses nothing and is named in a warning', () => {
    const { log: out, report } = applySuppressions(input, set(entry('old', { ruleId: 'a.*' }, { expires: '2026-11-21' })), NOW);
    expect(out.runs[0]!.results!.filter((r) => r.suppressions?.some((s) => s.kind === 'external'))).toEqual([]);
    expect(report.entries[0]!.state).toBe('expired');
    expect(report.warnings).toContain('suppression "old" (team.yml) expired on 2026-11-21: it suppresses nothing; renew it with a new review or remove it');
  });

  it('an entry still valid today applies', () => {
    const { report } = applySuppressions(input, set(entry('today', { ruleId: 'a.eval' }, { expires: '2026-11-22' })), NOW);
    expect(report.entries[0]!.state).toBe('applied');
  });

  it('reports entries that matched nothing as unused', () => {
    const { report } = applySuppressions(input, set(entry('ghost', { ruleId: 'nothing.*' })), NOW);
    expect(report.entries[0]).toMatchObject({ id: 'ghost', matched: 0, state: 'unused' });
    expect(report.warnings).toContain('suppression "ghost" (team.yml) matched no result: remove it if the finding is gone');
  });

  it('all given criteria must hold: rule glob, path glob, snippet and message regexes, tool', () => {
    const e = entry('all', { tool: 'semgrep*', ruleId: 'a.*', paths: ['**/*.controller.js'], snippet: '(?i)CODE OF', message: 'finding' });
    expect(applySuppressions(input, set(e), NOW).report.entries[0]!.matched).toBe(1);
    const wrongTool = entry('tool', { tool: 'codeql', ruleId: 'a.*' });
    expect(applySuppressions(input, set(wrongTool), NOW).report.entries[0]!.matched).toBe(0);
  });

  it('matches by CWE category, whatever the rule id (a rule from another source)', () => {
    const foreign = log(run([{ rule: 'vendor.js.unsafe-dynamic-code', path: 'App/Mod/_osjs.js' }], { tool: 'VendorScanner', rules: { 'vendor.js.unsafe-dynamic-code': ['external/cwe/cwe-95'] } }));
    const r = applySuppressions(foreign, set(entry('eval', { cwe: [95], platformOwned: true })), NOW, { platformOwned: contents({ 'App/Mod/_osjs.js': '/*! jQuery v1.8.3 jquery.com | jquery.org/license */\n(function(){})();' }) });
    expect(r.report.entries[0]!.matched).toBe(1);
    // Without the content (a gate without sources) no verdict is made, and the entry matches nothing.
    expect(applySuppressions(foreign, set(entry('eval', { cwe: [95], platformOwned: true })), NOW).report.entries[0]!.matched).toBe(0);
  });
});

describe('built-in list on platform and developer code', async () => {
  const builtin = await loadSuppressionFiles([], { builtin: true });
  const sql = { 'x.sql': ["CWE-89: Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')"] };
  it('keeps developer SQL open even when it uses EncodeSql; platform SQL is vendor code, EncodeSql concatenation named as such', () => {
    const l = log(
      run(
        [
          { rule: 'x.sql', path: 'App/Core/Actions/ActionFind.cs', snippet: 'string s = "SELECT 1 WHERE A = \'" + BuiltInFunction.EncodeSql(a) + "\'";' },
          { rule: 'x.sql', path: 'App/Core/Actions/ActionFind2.cs', snippet: 'string s = "SELECT 1 WHERE A = \'" + a + "\'";' },
          { rule: 'x.sql', path: 'App/Core/RuntimePlatform/Db/QueryHelper.cs', snippet: 'string s = "SELECT 1 WHERE A = \'" + BuiltInFunction.EncodeSql(a) + "\'";' },
          { rule: 'x.sql', path: 'App/Core/RuntimePlatform/Db/Raw.cs', snippet: 'string s = "SELECT 1 WHERE A = \'" + a + "\'";' },
        ],
        { rules: sql },
      ),
    );
    // RuntimePlatform/ is a name a developer could use too: the runtime's files declare OutSystems.* namespaces.
    const platformOwned = platformOwnership((rel) => ({
      bytes: Buffer.from(rel.includes('/RuntimePlatform/') ? 'using System;\nnamespace OutSystems.HubEdition.RuntimePlatform.Db {\n}\n' : 'namespace ssCore.Actions {\n}\n'),
      complete: true,
    }));
    const out = applySuppressions(l, builtin, NOW, { platformOwned }).log.runs[0]!.results!.map((r) => r.suppressions?.[0]?.properties ?? {});
    expect(out.map((p) => [p['ossast/entry'], p['ossast/group']])).toEqual([
      [undefined, undefined],
      [undefined, undefined],
      ['os-vendor-encodesql-concatenation', 'vendor-code'],
      ['os-vendor-code', 'vendor-code'],
    ]);
  });
  it('never suppresses because a file is generated: developer eval in a generated controller stays open', () => {
    const l = log(run([{ rule: 'x.eval', path: 'App/Web/scripts/App.controller.js', snippet: 'eval(userInput)' }], { rules: { 'x.eval': ['CWE-95'] } }));
    expect(applySuppressions(l, builtin, NOW).log.runs[0]!.results![0]!.suppressions).toEqual([]);
  });
});

describe('platform-owned predicate', () => {
  it.each([
    'App/Web/_osjs.js',
    'App/Web/scripts/OutSystems/ClientRuntime/Main.js',
    'App/Web/scripts/shred.bundle.js',
    'App/Web/plugins/cordova-plugin-inappbrowser/tests/resources/local.html',
    'App/Web/_image.aspx.cs',
    'App/Web/Blocks/RichWidgets/Input_Calendar/Input_Calendar.pt-BR.js',
    'App/RichWidgets/Actions/ActionRichWidgets.cs',
    'App/Web/scripts/OutSystemsUI.OutSystemsUI.js',
  ])("%s is not platform-owned by its path: a developer's content there has no evidence", (path) => {
    const dev = path.endsWith('.cs') ? 'namespace ssWeb {\n  public class X { }\n}\n' : path.endsWith('.html') ? '<html><script>document.body.innerHTML = location.hash;</script></html>' : 'function f(x) { return eval(x); }\n';
    expect(contents({ [path]: dev })(path)).toMatchObject({ owned: false });
    expect(platformOwnership()(path)).toMatchObject({ owned: undefined });
  });
});

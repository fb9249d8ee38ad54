// The HTML report's embedded data: most severe first within the cap, strings stored once, nothing from the log can close the script element.
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { pageData } from '../../src/report/html-data.js';
import { findingsOf } from '../../src/report/result-rows.js';
import { reportInput, accepted } from '../support/report-input.js';

const input = reportInput([
  { rule: 'x.sql', path: 'Shop/UI/Actions/A.cs', line: 1, level: 'note', message: 'same text' },
  { rule: 'x.sql', path: 'Shop/UI/Actions/B.cs', line: 2, level: 'error', suppressions: accepted, message: 'same text' },
  { rule: 'x.eval', path: 'Shop/UI/Actions/C.cs', line: 3, level: 'warning', message: 'same text' },
  { rule: 'x.eval', path: 'Shop/Core/scripts/OutSystems/rt.js', line: 4, level: 'error', message: '</script><script>alert(1)</script>\u202e' },
]);

describe('HTML page data', () => {
  it('keeps unsuppressed errors, warnings, notes, then suppressed ones, up to the cap, and counts the rest', () => {
    const data = pageData(input.log, findingsOf(input.log), () => true, 3);
    expect(data.cols.line).toEqual([4, 3, 1]);
    expect(data).toMatchObject({ total: 4, omitted: 1 });
    // A platform-like path alone puts nothing in the platform group: only a recorded ownership verdict does.
    expect(data.cols.cat).toEqual([0, 0, 0]);
  });

  it('puts a finding in the platform group by the ownership verdict its suppression recorded, never by its path', () => {
    const owned = [{ ...accepted[0]!, properties: { ...accepted[0]!.properties, 'ossast/platform-ownership': { owned: true, evidence: 'jquery-1.8.3-banner', what: 'jQuery 1.8.3 banner' } } }];
    const notOwned = [{ ...accepted[0]!, properties: { ...accepted[0]!.properties, 'ossast/platform-ownership': { owned: false, what: 'no platform evidence in the content' } } }];
    const i = reportInput([
      { rule: 'x.eval', path: 'Shop/Core/Resources/mine.js', line: 1, level: 'error', suppressions: owned },
      { rule: 'x.eval', path: 'Shop/Core/_osjs.js', line: 2, level: 'error', suppressions: notOwned },
      { rule: 'x.eval', path: 'Shop/Core/scripts/OutSystems/rt.js', line: 3, level: 'error' },
    ]);
    const data = pageData(i.log, findingsOf(i.log), () => true);
    expect(data.cols.line.map((l, k) => [l, data.cols.cat[k]])).toEqual([
      [3, 0],
      [1, 2],
      [2, 1],
    ]);
  });

  it('stores each distinct string once and each rule once', () => {
    const data = pageData(input.log, findingsOf(input.log), () => true);
    expect(data.s.filter((s) => s === 'same text')).toHaveLength(1);
    expect(new Set(data.cols.msg.slice(1)).size).toBe(1);
    expect(data.rules.map((r) => data.s[r[0]!])).toEqual(['x.eval', 'x.sql']);
    expect(data.cols.cat).toEqual([0, 0, 0, 1]);
    expect(data.s).toContain('</script><script>alert(1)</script>[U+202E]');
  });

  it('embeds the data with every "<" escaped, so the page has exactly the script elements it writes', () => {
    const html = [...renderHtml(input)].join('');
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    expect(html).toContain('\\u003c/script>\\u003cscript>alert(1)\\u003c/script>[U+202E]');
    expect(html).not.toContain('\u202e');
  });

  it('embeds help Markdown as a tree (plain help as text) and the element each finding is in', () => {
    const i = reportInput([
      { rule: 'x.sql', path: 'Shop/UI/Actions/ActionGetInvoices.cs', line: 1, level: 'error' },
      { rule: 'x.eval', path: 'Shop/UI/scripts/UI.js', line: 2, level: 'error' },
    ]);
    const run = i.log.runs[0]!;
    run.tool.driver.rules![0]!.help = { text: 'Fix: parameters.', markdown: '**Fix:** parameters.' };
    run.tool.driver.rules![1]!.help = { text: 'Plain help.' };
    run.results![0]!.properties!['ossast/element'] = { kind: 'serverAction', name: 'GetInvoices' };
    const data = pageData(i.log, findingsOf(i.log), () => true);
    const sql = data.rules.findIndex((r) => data.s[r[0]!] === 'x.sql');
    expect(data.md[sql]).toEqual([{ t: 'p', c: [{ t: 'strong', c: ['Fix:'] }, ' parameters.'] }]);
    expect(data.rules[sql]![1]).toBe(-1);
    expect(data.md[1 - sql]).toBe(0);
    expect(data.s[data.rules[1 - sql]![1]!]).toBe('Plain help.');
    expect(data.cols.elem.map((k) => (k < 0 ? null : data.s[k]))).toEqual(['UI › Server action GetInvoices', null]);
  });
});

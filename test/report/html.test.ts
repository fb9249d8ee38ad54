// The HTML report in a real headless Chromium (Debian's package): offline, filters with counts, search, grouping, sort, URL state, export, nothing from the log runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import { reportInput, accepted } from '../support/report-input.js';
import { tempDir } from '../support/tmp.js';
import { launch, shots } from './html-browser.js';

// The page's globals the page.evaluate callbacks use (they run in Chromium), declared for this file only: lib "dom" for
// the whole test program would also retype fetch's Response in src/util/network.ts, where it clashes with undici's.
/** __pwned: set by the markup in the log if it ever runs. */
declare const window: { __pwned?: number };
declare const location: { hash: string };

let browser: Browser;
let page: Page;
let url: string;
const consoleErrors: string[] = [];
const requests: string[] = [];

/** Suppressed with the platform-ownership verdict recorded (read from the file's content when it was suppressed). */
const platformAccepted = accepted.map((s) => ({ ...s, properties: { ...s.properties, 'ossast/platform-ownership': { owned: true, evidence: 'outsystems-client-runtime-amd', what: 'AMD module id of the OutSystems client runtime' } } }));

beforeAll(async () => {
  const input = reportInput([
    { rule: 'x.sql', path: 'Shop/Core/Actions/ActionFind.cs', line: 12, level: 'error', snippet: 'string sql = "SELECT * FROM T WHERE N = \'" + q + "\'";\nvar r = db.Run(sql);', message: 'SQL built by concatenation' },
    { rule: 'x.eval', path: 'Shop/Core/scripts/OutSystems/rt.js', line: 3, level: 'error', suppressions: platformAccepted, snippet: 'eval(code)' },
    {
      rule: 'x.eval',
      path: 'Shop/UI/scripts/UI.controller.js',
      line: 9,
      level: 'warning',
      snippet: '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">',
      message: '=HYPERLINK("http://evil.example")<img src=x onerror="window.__pwned=3"> \u202Egnp.exe',
    },
    { rule: 'x.sql', path: 'Shop/UI/Actions/ActionB.cs', line: 4, level: 'note', message: 'note-level finding' },
    { rule: 'x.sql', path: 'Shop/UI/Actions/ActionC.cs', line: 7, level: 'warning', suppressions: accepted, message: '@SUM(1) suppressed by the team' },
  ]);
  const run = input.log.runs[0]!;
  run.results![3]!.baselineState = 'new';
  run.results![0]!.properties!['ossast/element'] = { kind: 'serverAction', name: 'Find' };
  run.results![2]!.properties!['ossast/element'] = { kind: 'clientAction', name: 'OnClick', parent: 'Main' };
  // Not an element's shape: read as unknown, grouped by its file.
  run.results![3]!.properties!['ossast/element'] = { kind: '<img src=x>', name: 5 };
  run.results![0]!.locations![0]!.physicalLocation!.contextRegion = { startLine: 10, snippet: { text: 'void Find(string q) {\n  // build the query\n  string sql = "SELECT * FROM T WHERE N = \'" + q + "\'";\n  var r = db.Run(sql);\n}' } };
  run.results![0]!.locations![0]!.physicalLocation!.region!.endLine = 13;
  const rules = run.tool.driver.rules!;
  rules[0]!.helpUri = 'https://example.com/rules/x.sql';
  rules[0]!.help = { text: 'Use parameters. <b>not bold</b>' };
  rules[1]!.helpUri = 'javascript:window.__pwned=4';
  const file = join(tempDir(), 'report.html');
  writeFileSync(file, [...renderHtml(input)].join(''));
  url = pathToFileURL(file).href;
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
});
afterAll(async () => browser?.close());

const rows = () => page.locator('#findings details.f');
const rowTexts = async () => await rows().locator('.loc').allTextContents();
const optionTexts = (sel: string) => page.locator(`${sel} option`).allTextContents();
const hash = () => page.evaluate(() => location.hash);

describe('HTML report in Chromium', () => {
  it('loads with no console errors and makes no network request', async () => {
    expect(await rows().count()).toBe(5);
    expect(consoleErrors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    expect(await page.locator('#count').textContent()).toBe('5 of 5 finding(s)');
  });

  it('puts suppressed and platform findings in their own groups, after the ones to triage', async () => {
    expect(await page.locator('h2.cat').allTextContents()).toEqual(['To triage — 3 finding(s)', 'Suppressed — 1 finding(s)', 'Platform code (owned by OutSystems) — 1 finding(s)']);
    expect(await rowTexts()).toEqual(['Shop/Core/Actions/ActionFind.cs:12', 'Shop/UI/scripts/UI.controller.js:9', 'Shop/UI/Actions/ActionB.cs:4', 'Shop/UI/Actions/ActionC.cs:7', 'Shop/Core/scripts/OutSystems/rt.js:3']);
  });

  it('groups by Service Studio element first, findings of an unknown element by their file', async () => {
    expect(await page.inputValue('#f-group')).toBe('element');
    expect(await page.locator('h3.group').allTextContents()).toEqual([
      'Fix in Service Studio: Core › Server action Find — 1 finding(s)',
      'Fix in Service Studio: UI › Main › Client action OnClick — 1 finding(s)',
      'Unknown element, file Shop/UI/Actions/ActionB.cs — 1 finding(s)',
      'Unknown element, file Shop/UI/Actions/ActionC.cs — 1 finding(s)',
      'Unknown element, file Shop/Core/scripts/OutSystems/rt.js — 1 finding(s)',
    ]);
    expect(await hash()).toBe('');
  });

  it('never runs markup or links from the log, and shows bidi overrides as visible marks', async () => {
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    const hostile = rows().filter({ hasText: 'UI.controller.js' });
    expect(await hostile.locator('.msg').textContent()).toBe('=HYPERLINK("http://evil.example")<img src=x onerror="window.__pwned=3"> [U+202E]gnp.exe');
    await hostile.locator('summary').click();
    expect(await hostile.locator('pre.code .src').textContent()).toBe('</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">');
    expect(await hostile.locator('.refs').textContent()).toContain('Rule help URI (not a web address, not linked): javascript:window.__pwned=4');
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0);
    expect(await page.locator('#findings img, #findings script, #findings b').count()).toBe(0);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    await hostile.locator('summary').click();
  });

  it('shows code with line numbers (context when the log has it), CWE and rule help links, help as text', async () => {
    const sql = rows().filter({ hasText: 'ActionFind.cs' });
    await sql.locator('summary').click();
    expect(await sql.locator('pre.code .no').allTextContents()).toEqual(['10', '11', '12', '13', '14']);
    expect(await sql.locator('pre.code .ln.hot .no').allTextContents()).toEqual(['12', '13']);
    expect(await sql.locator('a', { hasText: 'CWE-89' }).getAttribute('href')).toBe('https://cwe.mitre.org/data/definitions/89.html');
    expect(await sql.locator('a', { hasText: 'Rule help' }).getAttribute('href')).toBe('https://example.com/rules/x.sql');
    expect(await sql.locator('pre.help').textContent()).toBe('Use parameters. <b>not bold</b>');
    const note = rows().filter({ hasText: 'ActionB.cs' });
    await note.locator('summary').click();
    expect(await note.locator('pre.code .no').allTextContents()).toEqual(['4']);
    expect(await note.textContent()).toContain('The flagged lines only');
    await sql.locator('summary').click();
    await note.locator('summary').click();
  });

  it('filters by level, module, rule, category and new, with counts beside each option', async () => {
    expect(await optionTexts('#f-level')).toEqual(['all levels', 'error (2)', 'warning (2)', 'note (1)', 'none (0)']);
    expect(await optionTexts('#f-module')).toEqual(['all modules', 'Shop/Core (2)', 'Shop/UI (3)']);
    expect(await optionTexts('#f-show')).toEqual(['everything', 'To triage (3)', 'Suppressed (1)', 'Platform code (owned by OutSystems) (1)']);
    await page.selectOption('#f-level', 'error');
    expect(await rows().count()).toBe(2);
    expect(await optionTexts('#f-module')).toEqual(['all modules', 'Shop/Core (2)', 'Shop/UI (0)']);
    expect(await optionTexts('#f-level')).toEqual(['all levels', 'error (2)', 'warning (2)', 'note (1)', 'none (0)']);
    await page.selectOption('#f-level', '');
    await page.selectOption('#f-module', 'Shop/UI');
    expect(await rows().count()).toBe(3);
    expect(await optionTexts('#f-rule')).toEqual(['all rules', 'x.eval (1)', 'x.sql (2)']);
    await page.selectOption('#f-rule', 'x.sql');
    expect(await rowTexts()).toEqual(['Shop/UI/Actions/ActionB.cs:4', 'Shop/UI/Actions/ActionC.cs:7']);
    await page.selectOption('#f-show', 'suppressed');
    expect(await rowTexts()).toEqual(['Shop/UI/Actions/ActionC.cs:7']);
    await page.selectOption('#f-show', '');
    await page.check('#f-new');
    expect(await rowTexts()).toEqual(['Shop/UI/Actions/ActionB.cs:4']);
    expect(await page.locator('#l-new').textContent()).toBe('New only (1)');
    expect(await hash()).toBe('#module=Shop%2FUI&rule=x.sql&new=1');
  });

  it('restores the filters from the URL hash (a reload, a shared link)', async () => {
    await page.reload();
    expect(await page.inputValue('#f-module')).toBe('Shop/UI');
    expect(await page.inputValue('#f-rule')).toBe('x.sql');
    expect(await page.isChecked('#f-new')).toBe(true);
    expect(await rowTexts()).toEqual(['Shop/UI/Actions/ActionB.cs:4']);
    await page.goto(`${url}#level=warning&group=module&sort=file`);
    expect(await page.inputValue('#f-level')).toBe('warning');
    expect(await page.inputValue('#f-group')).toBe('module');
    expect(await page.isChecked('#f-new')).toBe(false);
    expect(await rowTexts()).toEqual(['Shop/UI/scripts/UI.controller.js:9', 'Shop/UI/Actions/ActionC.cs:7']);
    await page.goto(`${url}#module=NoSuchModule`);
    expect(await rows().count()).toBe(0);
    expect(await optionTexts('#f-module')).toContain('NoSuchModule (0)');
    await page.goto(`${url}#level=bogus`);
    expect(await rows().count()).toBe(0);
    expect(await page.inputValue('#f-level')).toBe('bogus');
    await page.goto(url);
    expect(await rows().count()).toBe(5);
  });

  it('searches free text (message, path, rule, code, CWE) case-insensitively', async () => {
    await page.fill('#f-q', 'CONCATENATION');
    await expect.poll(rowTexts).toEqual(['Shop/Core/Actions/ActionFind.cs:12']);
    await page.fill('#f-q', 'cwe-95');
    await expect.poll(() => rows().count()).toBe(2);
    await page.fill('#f-q', 'eval(code');
    await expect.poll(rowTexts).toEqual(['Shop/Core/scripts/OutSystems/rt.js:3']);
    expect(await optionTexts('#f-show')).toEqual(['everything', 'To triage (0)', 'Suppressed (0)', 'Platform code (owned by OutSystems) (1)']);
    expect(await hash()).toBe('#q=eval%28code');
    await page.fill('#f-q', '');
    await expect.poll(() => rows().count()).toBe(5);
  });

  it('groups by rule, file or module with counts, and sorts', async () => {
    await page.selectOption('#f-group', 'rule');
    expect(await page.locator('h3.group').allTextContents()).toEqual(['Rule x.eval — 1 finding(s)', 'Rule x.sql — 2 finding(s)', 'Rule x.sql — 1 finding(s)', 'Rule x.eval — 1 finding(s)']);
    await page.selectOption('#f-group', 'module');
    expect(await page.locator('h3.group').allTextContents()).toEqual(['Module Shop/Core — 1 finding(s)', 'Module Shop/UI — 2 finding(s)', 'Module Shop/UI — 1 finding(s)', 'Module Shop/Core — 1 finding(s)']);
    await page.selectOption('#f-group', 'file');
    expect(await page.locator('h3.group').count()).toBe(5);
    await page.selectOption('#f-group', 'none');
    expect(await page.locator('h3.group').count()).toBe(0);
    expect(await rows().locator('.el').allTextContents()).toEqual(['Core › Server action Find', 'UI › Main › Client action OnClick']);
    await page.selectOption('#f-sort', 'file');
    expect((await rowTexts()).slice(0, 3)).toEqual(['Shop/Core/Actions/ActionFind.cs:12', 'Shop/UI/Actions/ActionB.cs:4', 'Shop/UI/scripts/UI.controller.js:9']);
    await page.selectOption('#f-sort', 'rule');
    expect((await rows().locator('.rule').allTextContents()).slice(0, 3)).toEqual(['x.eval', 'x.sql', 'x.sql']);
    await page.selectOption('#f-sort', 'severity');
    await page.selectOption('#f-group', 'element');
  });

  it('exports the filtered set as CSV (formula cells neutralised) and JSON', async () => {
    await page.selectOption('#f-module', 'Shop/UI');
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('#x-csv')]);
    expect(csv.suggestedFilename()).toBe('ossast-findings.csv');
    const lines = readFileSync((await csv.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('level,state,rule,module,element,path,line,message,cwe,tool,baseline,justification,owner,expires');
    expect(lines[1]).toBe(
      '"warning","open","x.eval","Shop/UI","UI › Main › Client action OnClick","Shop/UI/scripts/UI.controller.js","9","\'=HYPERLINK(""http://evil.example"")<img src=x onerror=""window.__pwned=3""> [U+202E]gnp.exe","CWE-95: Eval","Semgrep OSS","","","",""',
    );
    expect(lines[3]).toContain('"\'@SUM(1) suppressed by the team"');
    const [json] = await Promise.all([page.waitForEvent('download'), page.click('#x-json')]);
    const records = JSON.parse(readFileSync((await json.path())!, 'utf8')) as Array<Record<string, unknown>>;
    expect(records.map((r) => `${r['path']}:${r['line']}`)).toEqual(['Shop/UI/scripts/UI.controller.js:9', 'Shop/UI/Actions/ActionB.cs:4', 'Shop/UI/Actions/ActionC.cs:7']);
    expect(records[2]).toMatchObject({ state: 'suppressed', justification: 'Platform runtime evaluates code by design', owner: 'appsec', expires: '2027-06-30' });
    expect(records[1]).toMatchObject({ baseline: 'new', cwe: 'CWE-89: SQL Injection' });
    expect(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('blob:'))).toEqual([]);
    await page.selectOption('#f-module', '');
  });

  it('shows the justification, owner and expiry of a suppressed finding, and writes a screenshot', async () => {
    const rt = rows().filter({ hasText: 'rt.js' });
    await rt.locator('summary').click();
    const supp = await rt.locator('.supp').textContent();
    expect(supp).toContain('Platform runtime evaluates code by design');
    expect(supp).toContain('Owner: appsec · expires: 2027-06-30');
    await rows().filter({ hasText: 'ActionFind.cs' }).locator('summary').click();
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'report.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });
});

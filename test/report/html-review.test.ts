// The HTML report as a reviewer meets it, in headless Chromium: overview charts first, findings before the inventories,
// grouped by Service Studio element, help Markdown rendered safely, no horizontal overflow, and a CSP under which
// markup injected into the page does not run (a control page without the CSP shows that the same markup would).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { Result } from 'sarif';
import { renderHtml } from '../../src/report/html.js';
import { exposureOutput } from '../../src/exposure/exposure-file.js';
import type { ExposureReport } from '../../src/model/exposure.js';
import { log, run, type R } from '../support/sarif.js';
import { accepted, reportInput, record as baseRecord } from '../support/report-input.js';
import { tempDir } from '../support/tmp.js';
import { launch, shots } from './html-browser.js';

// The page's globals the page.evaluate callbacks use (they run in Chromium), declared for this file only: lib "dom" for
// the whole test program would also retype fetch's Response in src/util/network.ts, where it clashes with undici's.
declare const document: { documentElement: { scrollWidth: number; clientWidth: number }; body: object; querySelectorAll(selectors: string): Iterable<{ id: string }> };
/** __pwned: set by the injected markup if it ever runs. */
declare const window: { scrollTo(x: number, y: number): void; __pwned?: number };
declare function getComputedStyle(element: object): { backgroundColor: string };

const LONG = `Very${'Long'.repeat(60)}Name`;
/** Generated files and the elements their code names (the last ones name none). */
const PLACES: [string, Result['properties']][] = [
  ['Shop/Billing/Actions/ActionGetInvoices.cs', { kind: 'serverAction', name: 'GetInvoices' }],
  ['Shop/Billing/Invoices.aspx.cs', { kind: 'screenAction', name: 'OnPayClick', parent: 'Invoices' }],
  ['Shop/Billing/Invoices.aspx.cs', { kind: 'sqlNode', name: 'GetInvoiceLines', parent: 'Invoices › Preparation' }],
  ['Shop/Portal/scripts/Portal.MainFlow.InvoiceDetail.mvc.js', { kind: 'screen', name: 'InvoiceDetail', parent: 'MainFlow' }],
  ['Shop/Portal/scripts/Portal.MainFlow.InvoiceDetail.mvc.js', { kind: 'clientAction', name: 'OnSave', parent: 'InvoiceDetail' }],
  ['Shop/Orders/Entities/ENOrderEntityRecord.cs', { kind: 'entity', name: 'Order' }],
  ['Shop/Orders/PartnerService.asmx.cs', { kind: 'exposedSoapService', name: 'PartnerService' }],
  [`Shop/Orders/${LONG}.cs`, { kind: 'serverAction', name: LONG }],
  ['Shop/Orders/Global.asax.cs', undefined],
  [`Shop/Portal/scripts/${LONG}.js`, undefined],
];
const N = 100;
const platform = accepted.map((s) => ({ ...s, properties: { ...s.properties, 'ossast/group': 'platform-false-positive' } }));
const team = accepted.map((s) => ({ ...s, justification: 'Constant query text, reviewed in SEC-12', properties: { ...s.properties, 'ossast/entry': 'team-legacy-sql' } }));

function input() {
  const rows: R[] = Array.from({ length: N }, (_, i) => ({
    rule: ['x.sql', 'x.xss', 'x.eval'][i % 3]!,
    path: PLACES[i % PLACES.length]![0],
    line: 10 + i,
    level: i % 4 === 0 ? 'error' : i % 4 === 3 ? 'note' : 'warning',
    message: i % 9 === 0 ? `Tainted value reaches ${LONG}` : `Untrusted input reaches sink ${i}`,
    ...(i % 25 === 0 ? { suppressions: platform } : i % 10 === 0 ? { suppressions: team } : {}),
  }));
  const r = run(rows, { rules: { 'x.sql': ['CWE-89: SQL Injection'], 'x.xss': ['CWE-79: XSS'], 'x.eval': ['CWE-95: Eval'] } });
  r.results!.forEach((res, i) => {
    const element = PLACES[i % PLACES.length]![1];
    if (element) res.properties!['ossast/element'] = element;
    if (i % 7 === 0) res.baselineState = 'new';
  });
  const rules = r.tool.driver.rules!;
  rules[0]!.help = {
    text: 'Fix: use parameters.',
    markdown:
      '**Fix:** build the query with parameters, or wrap each value in `EncodeSql`.\n\n- never *concatenate* input\n- see [OutSystems on SQL injection](https://success.outsystems.com/documentation/)\n\n<img src=x onerror="window.__pwned=9"> [not a link](javascript:window.__pwned=8)',
  };
  const exposure: ExposureReport = {
    kind: 'ossast-exposure',
    version: 1,
    generatedAt: '2026-01-01T00:00:00.000Z',
    endpoints: [{ name: `Orders.${LONG}`, module: 'Orders', target: 'Shop/Orders', kind: 'soap', path: `/Orders/${LONG}.asmx`, file: `Shop/Orders/${LONG}.asmx.cs`, platform: false, internalOnly: 'unknown', allowListed: false }],
    allowList: { unused: [], expired: [] },
  };
  const record = baseRecord();
  const target = record.targets[0]!;
  record.targets = [
    ...['Billing', 'Orders', 'Portal'].map((m) => ({ ...target, id: `Shop/${m}`, module: m, scan: { files: 400, scannedBy: { semgrep: 400 }, ...(m === 'Portal' ? { skipped: ['Shop/Portal/scripts/big.js'] } : {}) } })),
    { ...target, id: 'Shop/Lib', module: 'Lib', scan: { files: 50, scannedBy: { semgrep: 50 } } },
    { id: 'Shop/Reports', source: { kind: 'lifetime', path: 'https://lt.example.com' }, status: 'failed', error: 'retrieve: packaging failed' },
  ];
  record.scanners[0]!.skipped = [{ path: 'Shop/Portal/scripts/big.js', reason: 'exceeded_size_limit' }];
  record.exposure = exposureOutput(exposure, []).record;
  return reportInput([], { record }, log(r));
}

let browser: Browser;
let page: Page;
let file: string;
const errors: string[] = [];

beforeAll(async () => {
  file = join(tempDir(), 'report.html');
  writeFileSync(file, [...renderHtml(input())].join(''));
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('html[data-ready="1"]');
}, 60_000);
afterAll(async () => browser?.close());

const top = async (sel: string) => (await page.locator(sel).boundingBox())!.y;
const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('HTML report for a reviewer', () => {
  it('shows the overview first, then the findings, then modules, skipped files, suppressions and exposure', async () => {
    expect(errors).toEqual([]);
    const order = await page.evaluate(() => [...document.querySelectorAll('main > section, main > div > section')].map((s) => s.id));
    expect(order).toEqual(['overview', 'triage', 'modules-section', 'skipped', 'suppressed-platform', 'suppressed-team', 'exposure']);
    const findingsAt = await top('#findings');
    console.log(`HTML review page: findings start ${Math.round(findingsAt)} px down at 1400 px wide`);
    expect(findingsAt).toBeLessThan(1000);
    expect(await page.locator('#overview .headline').textContent()).toBe('88 open finding(s) (13 new) · 12 suppressed · 5 module(s) · 1250 file(s) scanned · 1 file(s) skipped or not fully analysed (list)');
  });

  it('draws the charts from the counts: by level, by module, suppressed by category, coverage', async () => {
    const bars = (id: string) => page.locator(`#${id} svg g title`).allTextContents();
    expect(await bars('chart-level')).toEqual(['error: 20', 'warning: 44', 'note: 24']);
    expect(await bars('chart-module')).toEqual(['Shop/Orders: 38', 'Shop/Portal: 30', 'Shop/Billing: 20']);
    expect(await bars('chart-suppressed')).toEqual(["team's own entries: 8", 'false positive per OutSystems: 4']);
    expect(await bars('chart-coverage')).toEqual(['clean: 1', 'with findings: 2', 'partly scanned: 1', 'failed, not scanned: 1']);
    const widths = await page.locator('#chart-level svg rect').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('width'))));
    expect(widths[1]).toBeGreaterThan(widths[2]!);
    expect(widths[2]).toBeGreaterThan(widths[0]!);
    expect(widths[1]).toBe(150);
  });

  it('groups the findings by the Service Studio element, the unknown ones by file after them', async () => {
    await page.selectOption('#f-show', 'open');
    const groups = await page.locator('h3.group').allTextContents();
    await page.selectOption('#f-show', '');
    expect(groups[0]).toBe('Fix in Service Studio: Billing › Invoices › Preparation › SQL node GetInvoiceLines — 10 finding(s)');
    expect(groups).toContain('Fix in Service Studio: Portal › MainFlow › Screen InvoiceDetail — 10 finding(s)');
    expect(groups).toContain('Fix in Service Studio: Orders › Exposed SOAP service PartnerService — 10 finding(s)');
    const firstUnknown = groups.findIndex((g) => g.startsWith('Unknown element'));
    expect(groups[firstUnknown]).toBe('Unknown element, file Shop/Orders/Global.asax.cs — 10 finding(s)');
    expect(groups.slice(firstUnknown).every((g) => g.startsWith('Unknown element'))).toBe(true);
  });

  it('renders help Markdown as text, emphasis, code, lists and http(s) links only', async () => {
    const sql = page
      .locator('#findings details.f')
      .filter({ has: page.locator('code.rule', { hasText: 'x.sql' }) })
      .first();
    await sql.locator('summary').click();
    const help = sql.locator('div.help');
    expect(await help.locator('strong').first().textContent()).toBe('Fix:');
    expect(await help.locator('code').textContent()).toBe('EncodeSql');
    expect(await help.locator('li').allTextContents()).toEqual(['never concatenate input', 'see OutSystems on SQL injection']);
    expect(await help.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['https://success.outsystems.com/documentation/']);
    expect(await help.locator('p').last().textContent()).toBe('<img src=x onerror="window.__pwned=9"> [not a link](javascript:window.__pwned=8)');
    expect(await help.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
    mkdirSync(shots, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shots, 'report-100.png') });
    await page.screenshot({ path: join(shots, 'report-100-full.png'), fullPage: true });
  });

  it('fits its width, wide or narrow, with long names and details open', async () => {
    for (const width of [1400, 1024, 390]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await overflow(), `horizontal overflow at ${width} px`).toBe(0);
    }
    await page.locator('#f-group').selectOption('none');
    await page.locator('#findings details.f').first().locator('summary').click();
    expect(await overflow()).toBe(0);
    await page.screenshot({ path: join(shots, 'report-100-narrow.png') });
    await page.setViewportSize({ width: 1400, height: 1000 });
    expect(errors).toEqual([]);
  });
});

describe('Content-Security-Policy', () => {
  const INJECTED = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><style>body{background:rgb(255,0,0)}</style><button id="inj" onclick="window.__pwned=3">x</button>';
  /** The page with markup injected at the top of <main> (as an escaping bug would put it), with or without its CSP. */
  async function injected(keepCsp: boolean) {
    let html = readFileSync(file, 'utf8').replace('<main>', `<main>${INJECTED}`);
    if (!keepCsp) html = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    const f = join(tempDir(), keepCsp ? 'injected.html' : 'control.html');
    writeFileSync(f, html);
    const p = await browser.newPage();
    const violations: string[] = [];
    p.on('console', (m) => {
      if (m.text().includes('Content Security Policy')) violations.push(m.text());
    });
    await p.goto(pathToFileURL(f).href);
    await p.waitForSelector('html[data-ready="1"]');
    await p.click('#inj');
    const state = await p.evaluate(() => ({ pwned: window.__pwned, bg: getComputedStyle(document.body).backgroundColor }));
    await p.close();
    return { ...state, violations };
  }

  it("allows the page's own script and style by hash, nothing inline that was injected", async () => {
    const html = readFileSync(file, 'utf8');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)![1]!;
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]{43}='; style-src 'sha256-[A-Za-z0-9+/]{43}='; img-src data:; base-uri 'none'; form-action 'none'$/);
    expect(html).not.toContain('unsafe-inline');
    const guarded = await injected(true);
    expect(guarded.pwned).toBeUndefined();
    expect(guarded.bg).not.toBe('rgb(255, 0, 0)');
    expect(guarded.violations.length).toBeGreaterThanOrEqual(3);
  });

  it('control: without the CSP the same injected markup runs (so the test above can fail)', async () => {
    const control = await injected(false);
    expect(control.pwned).toBeDefined();
    expect(control.bg).toBe('rgb(255, 0, 0)');
  });
});

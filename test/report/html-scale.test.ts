// The HTML report at 100,000 findings in headless Chromium: every finding embedded, first page drawn, filters and paging work; prints size and load time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, Result } from 'sarif';
import type { Browser, Page } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import { reportInput, accepted } from '../support/report-input.js';
import { tempDir } from '../support/tmp.js';
import { launch, shots } from './html-browser.js';

// The page's globals the page.evaluate callbacks use (they run in Chromium), declared for this file only: lib "dom" for
// the whole test program would also retype fetch's Response in src/util/network.ts, where it clashes with undici's.
declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };
declare const window: { scrollTo(x: number, y: number): void };
declare const location: { hash: string };

const N = 100_000;
const RULES = 60;

const ownedByPlatform = accepted.map((s) => ({ ...s, properties: { ...s.properties, 'ossast/platform-ownership': { owned: true, evidence: 'outsystems-client-runtime' } } }));

/** Service Studio elements the findings are in (one in ten in none the code names). */
const ELEMENTS = [
  { kind: 'serverAction', name: 'GetInvoices' },
  { kind: 'screenAction', name: 'OnPayClick', parent: 'Invoices' },
  { kind: 'aggregate', name: 'GetOrders', parent: 'Orders' },
  { kind: 'screen', name: 'InvoiceDetail', parent: 'MainFlow' },
  { kind: 'entity', name: 'Order' },
];

/** N findings over 12 modules, 60 rules and 8,000 files; one in ten suppressed, one in 25 in platform code, one in 50 new. */
function bigLog(): Log {
  const results: Result[] = new Array<Result>(N);
  for (let i = 0; i < N; i++) {
    const module = `M${i % 12}`;
    const file = i % 25 === 0 ? `Shop/${module}/scripts/OutSystems/Runtime${i % 40}.js` : `Shop/${module}/Actions/Action${i % 8000}.cs`;
    const line = 1 + (i % 997);
    results[i] = {
      ruleId: `bench.rule${i % RULES}`,
      ruleIndex: i % RULES,
      level: i % 3 === 0 ? 'error' : i % 3 === 1 ? 'warning' : 'note',
      message: { text: `Untrusted input reaches sink ${i % 300} without validation (variable v${i % 97})` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: file, uriBaseId: 'SRCROOT' },
            region: { startLine: line, endLine: line + 1, snippet: { text: `var q${i % 500} = Request["id"];\nDb.Execute("SELECT * FROM T WHERE Id = " + q${i % 500});` } },
          },
        },
      ],
      // Platform code is told by the ownership verdict its suppression recorded (content evidence), never by its path.
      suppressions: i % 25 === 0 ? ownedByPlatform : i % 10 === 0 ? accepted : [],
      ...(i % 50 === 0 ? { baselineState: 'new' as const } : {}),
      properties: { 'ossast/target': `Shop/${module}`, 'ossast/application': 'Shop', 'ossast/module': module, ...(i % 10 === 9 ? {} : { 'ossast/element': { ...ELEMENTS[i % 5]!, name: `${ELEMENTS[i % 5]!.name}${i % 700}` } }) },
    };
  }
  const rules = Array.from({ length: RULES }, (_, i) => ({
    id: `bench.rule${i}`,
    helpUri: `https://rules.example.com/bench/${i}`,
    help: { text: `Rule ${i}: validate input before use.`, markdown: `**Rule ${i}:** validate input before use; see [the guide](https://rules.example.com/bench/${i}).` },
    properties: { tags: [`CWE-${79 + i}`, 'security'] },
  }));
  return { version: '2.1.0', runs: [{ tool: { driver: { name: 'Semgrep OSS', rules } }, automationDetails: { id: 'ossast/semgrep/' }, invocations: [{ executionSuccessful: true }], results }] };
}

let browser: Browser;
let page: Page;
let url: string;
const errors: string[] = [];

beforeAll(async () => {
  const started = performance.now();
  const file = join(tempDir(), 'report.html');
  writeFileSync(file, [...renderHtml(reportInput([], {}, bigLog()))].join(''));
  const mb = statSync(file).size / 1024 ** 2;
  console.log(`HTML at ${N} findings: rendered in ${((performance.now() - started) / 1000).toFixed(1)} s, ${mb.toFixed(1)} MB`);
  // Bounded: 100,000 findings with their texts interned; the overview's charts do not grow with the findings.
  expect(mb).toBeLessThan(40);
  url = pathToFileURL(file).href;
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
}, 120_000);
afterAll(async () => browser?.close());

const rows = () => page.locator('#findings details.f');

describe(`HTML report at ${N} findings in Chromium`, () => {
  it('loads every finding and draws the first page only', async () => {
    const started = performance.now();
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForSelector('html[data-ready="1"]', { timeout: 120_000 });
    console.log(`Chromium: ${N} findings loaded and first page drawn in ${((performance.now() - started) / 1000).toFixed(2)} s`);
    expect(errors).toEqual([]);
    expect(await rows().count()).toBe(100);
    expect(await page.locator('#count').textContent()).toBe(`${N} of ${N} finding(s); 1–100 shown`);
    expect(await page.locator('#omitted').count()).toBe(0);
    expect(await page.locator('#pager-top .pageno').textContent()).toBe(' Page 1 of 1000 ');
    expect(await page.locator('h3.group').first().textContent()).toMatch(/^Fix in Service Studio: M\d+ › .+ — \d+ finding\(s\)$/);
    expect(await page.locator('#chart-module svg g').count()).toBe(10);
    expect(await page.locator('#chart-module svg g title').last().textContent()).toBe('3 more: 19998');
    expect(await page.locator('#chart-module svg rect').count()).toBe(9);
    expect(await page.locator('#chart-suppressed svg g title').allTextContents()).toEqual(["team's own entries: 8000", 'platform-owned code: 4000']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
  });

  it('filters, searches, groups and pages through the whole set', async () => {
    let t = performance.now();
    await page.selectOption('#f-module', 'Shop/M3');
    expect(await page.locator('#count').textContent()).toMatch(/^8334 of 100000 finding\(s\)/);
    await page.fill('#f-q', 'SINK 207 without');
    await expect.poll(() => page.locator('#count').textContent()).toBe('333 of 100000 finding(s); 1–100 shown');
    await page.fill('#f-q', '');
    await expect.poll(() => page.locator('#count').textContent()).toMatch(/^8334 of/);
    await page.selectOption('#f-module', '');
    console.log(`Chromium: module filter, search and clearing both in ${((performance.now() - t) / 1000).toFixed(2)} s`);
    t = performance.now();
    await page.selectOption('#f-group', 'file');
    const first = await page.locator('h3.group').first().textContent();
    expect(first).toMatch(/^File Shop\/M0\/Actions\/Action\d+\.cs — \d+ finding\(s\)$/);
    await page.click('#pager-top .next');
    expect(await page.evaluate(() => location.hash)).toBe('#group=file&page=2');
    expect(await page.locator('#count').textContent()).toBe(`${N} of ${N} finding(s); 101–200 shown`);
    console.log(`Chromium: grouping by file and the next page in ${((performance.now() - t) / 1000).toFixed(2)} s`);
    await page.selectOption('#f-group', 'rule');
    await page.selectOption('#f-show', 'platform');
    expect(await page.locator('h2.cat').allTextContents()).toEqual(['Platform code (owned by OutSystems) — 4000 finding(s)']);
    await page.selectOption('#f-show', '');
    await page.selectOption('#f-group', 'element');
    await rows().first().locator('summary').click();
    await rows().first().locator('pre.code').waitFor();
    expect(await rows().first().locator('pre.code .no').allTextContents()).toHaveLength(2);
    mkdirSync(shots, { recursive: true });
    await page.setViewportSize({ width: 1400, height: 1500 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shots, 'report-100k.png') });
    expect(errors).toEqual([]);
  }, 120_000);
});

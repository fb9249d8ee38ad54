// The HTML report in a real headless Chromium (Debian's package): loads cleanly, stays offline, filters work, nothing from the log runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderHtml } from '../../src/report/html.js';
import { reportInput, accepted } from '../support/report-input.js';
import { tempDir } from '../support/tmp.js';

const CHROMIUM = '/usr/bin/chromium';
const shots = join(import.meta.dirname, '../../test-output');
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];

beforeAll(async () => {
  const input = reportInput([
    { rule: 'x.sql', path: 'Shop/Core/Actions/ActionFind.cs', line: 12, level: 'error', snippet: 'string sql = "SELECT * FROM T WHERE N = \'" + q + "\'";', message: 'SQL built by concatenation' },
    { rule: 'x.eval', path: 'Shop/Core/scripts/OutSystems/rt.js', line: 3, level: 'error', suppressions: accepted, snippet: 'eval(code)' },
    { rule: 'x.eval', path: 'Shop/UI/scripts/UI.controller.js', line: 9, level: 'warning', snippet: '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2">' },
    { rule: 'x.sql', path: 'Shop/UI/Actions/ActionB.cs', line: 4, level: 'note', message: 'note-level finding' },
  ]);
  input.log.runs[0]!.results![3]!.baselineState = 'new';
  const file = join(tempDir(), 'report.html');
  writeFileSync(file, [...renderHtml(input)].join(''));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href);
});
afterAll(async () => browser?.close());

const visible = () => page.locator('#findings > details').count();

describe('HTML report in Chromium', () => {
  it('loads with no console errors and makes no network request', async () => {
    expect(await visible()).toBe(4);
    expect(consoleErrors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
  });
  it('never runs markup from the log (snippets are text)', async () => {
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('pre.snippet').filter({ hasText: '<script>window.__pwned = 1</script>' }).count()).toBe(1);
  });
  it('filters by level, module, rule, suppressed and new', async () => {
    await page.selectOption('#f-level', 'error');
    expect(await visible()).toBe(2);
    await page.selectOption('#f-level', '');
    await page.selectOption('#f-module', 'Shop/UI');
    expect(await visible()).toBe(2);
    await page.selectOption('#f-module', '');
    await page.selectOption('#f-rule', 'x.eval');
    expect(await visible()).toBe(2);
    await page.selectOption('#f-rule', '');
    await page.selectOption('#f-supp', 'only');
    expect(await visible()).toBe(1);
    await page.selectOption('#f-supp', 'hide');
    expect(await visible()).toBe(3);
    await page.selectOption('#f-supp', 'all');
    await page.check('#f-new');
    expect(await visible()).toBe(1);
    await page.uncheck('#f-new');
    expect(await page.locator('#count').textContent()).toBe('4 of 4 finding(s)');
  });
  it('shows the justification, owner and expiry of a suppressed finding, and writes a screenshot', async () => {
    await page.locator('details', { hasText: 'rt.js' }).locator('summary').click();
    const supp = await page.locator('.supp').textContent();
    expect(supp).toContain('Platform runtime evaluates code by design');
    expect(supp).toContain('Owner: appsec · expires: 2027-06-30');
    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'report.png'), fullPage: true });
  });
});

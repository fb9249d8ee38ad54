// A million results: peak memory (RSS) and time of `ossast merge` (5 tool logs), `ossast gate --output`, every
// reporter, and `ossast scan` with a scanner that prints a big log, at 200,000 and 1,000,000 results (goals: < 1 GB, < 2 GB).
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../src/util/version.js';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { measure, fmt, type Measured } from './measure.js';
import { writeBigLog } from './outputs-log.js';

const SIZES = (process.env['OSSAST_BENCH_RESULTS'] ?? '200000,1000000').split(',').map(Number);
const FILES = 5;
const root = packageRoot();
const cli = join(root, 'bin', 'ossast.js');
const GOAL_MB = (n: number) => (n <= 200_000 ? 1024 : 2048);

/** One tool's log of `n` results (40 rules, 12 modules, snippets, a message per result), streamed to `file`. */
async function writeToolLog(file: string, k: number, n: number): Promise<void> {
  const rules = Array.from({ length: 40 }, (_, i) => ({
    id: `tool${k}.rule${i}`,
    shortDescription: { text: `Rule ${i} of tool ${k}` },
    defaultConfiguration: { level: (['error', 'warning', 'note'] as const)[i % 3] },
    properties: { tags: [`CWE-${79 + i}`, 'security'] },
  }));
  await writeBigLog(file, n, {
    tool: { driver: { name: `Tool${k}`, version: '1.0.0', rules } },
    result: (i) => {
      const line = 10 + (i % 400);
      return {
        ruleId: `tool${k}.rule${i % 40}`,
        message: { text: `Value flows from request parameter p${i % 97} into a sensitive sink in Action${i % 500}.` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: `App/Module${i % 12}/Actions/Action${i % 5000}.cs` },
              region: { startLine: line, startColumn: 5, endLine: line, endColumn: 60, snippet: { text: `string sql${i} = "SELECT * FROM T WHERE C = '" + p${i % 97} + "'";` } },
            },
          },
        ],
      };
    },
  });
}

const mb = async (file: string) => (existsSync(file) ? `${((await stat(file)).size / 1024 ** 2).toFixed(0)} MB` : 'missing');
const row = (n: number, label: string, m: Measured, command: string, extra = '') =>
  console.log(
    `${String(n).padStart(8)}  ${label.padEnd(34)} exit ${m.exitCode}  ${fmt(m.seconds, 1).padStart(6)} s  peak RSS ${fmt(m.maxRssMB, 0).padStart(5)} MB  ${fmt((m.maxRssMB ?? Infinity) / GOAL_MB(n))} of the ${GOAL_MB(n)} MB goal${extra}\n          $ ${command}`,
  );
const shown = (file: string, args: string[]) => [file === process.execPath ? 'node' : file, ...args].join(' ');

for (const n of SIZES) {
  const dir = join(root, 'bench', 'out', 'scale', String(n));
  await mkdir(dir, { recursive: true });
  const inputs = Array.from({ length: FILES }, (_, k) => join(dir, `tool${k}.sarif`));
  for (const [k, file] of inputs.entries()) if (!existsSync(file)) await writeToolLog(file, k, n / FILES);
  console.log(`${n} results in ${FILES} tool logs of ${await mb(inputs[0]!)} each (${dir})`);

  const merged = join(dir, 'merged.sarif');
  const mergeArgs = [cli, 'merge', ...inputs, '--output', merged, '--source-root', dir];
  row(n, 'ossast merge', await measure(process.execPath, mergeArgs), shown(process.execPath, mergeArgs), `, ${await mb(merged)} written`);

  const gated = join(dir, 'gated.sarif');
  const gateArgs = [cli, 'gate', merged, '--output', gated];
  row(n, 'ossast gate --output', await measure(process.execPath, gateArgs), shown(process.execPath, gateArgs), `, ${await mb(gated)} written`);

  const reports = join(dir, 'reports');
  await rm(reports, { recursive: true, force: true });
  const renderArgs = [join(root, 'dist', 'bench', 'outputs-render.js'), merged, reports, 'sarif,markdown,html,junit,manifest,gitlab-sast,gitlab-codequality,console'];
  row(n, 'every reporter (outputs-render)', await measure(process.execPath, renderArgs), shown(process.execPath, renderArgs));

  // `ossast scan` with a `command` scanner that copies one tool log to {out}: the post-scan stages at this size.
  const src = join(dir, 'src', 'App');
  await mkdir(join(src, 'Module0'), { recursive: true });
  writeFileSync(join(src, 'Module0', 'A.cs'), '// one file, so that the folder is a module\n');
  const all = join(dir, 'all.sarif');
  if (!existsSync(all)) await writeToolLog(all, 9, n);
  const config = join(dir, 'scan.yml');
  writeFileSync(config, `version: 1\nscanners:\n  - type: command\n    name: big\n    command: [cp, ${JSON.stringify(all)}, "{out}"]\noutput:\n  formats: [sarif, markdown, html, junit, manifest]\ngate:\n  failOn: none\n`);
  const scanOut = join(dir, 'scan-out');
  await rm(scanOut, { recursive: true, force: true });
  const scanArgs = [cli, 'scan', join(dir, 'src'), '--config', config, '--out', scanOut];
  row(n, 'ossast scan (command scanner)', await measure(process.execPath, scanArgs), shown(process.execPath, scanArgs), `, ${await mb(join(scanOut, 'results.sarif'))} written`);
  const html = join(scanOut, 'report.html');
  if (existsSync('/usr/bin/chromium') && existsSync(html)) console.log(`${String(n).padStart(8)}  report.html (${await mb(html)}) loaded and first page drawn in headless Chromium in ${fmt(await loadSeconds(html))} s (goal < 5 s)`);
}

/** Seconds from navigation to the report's first page drawn (html[data-ready="1"]), in Debian's headless Chromium. */
async function loadSeconds(file: string): Promise<number> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  try {
    const page = await browser.newPage();
    const started = performance.now();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForSelector('html[data-ready="1"]', { timeout: 120_000 });
    return (performance.now() - started) / 1000;
  } finally {
    await browser.close();
  }
}

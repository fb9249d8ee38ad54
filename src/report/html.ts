// The HTML report: one self-contained triage page (no network): an overview in charts, then the findings with filters,
// counts, search, grouping (by Service Studio element first), sort and export, then modules, suppressions and exposure.
import { createHash } from 'node:crypto';
import type { Reporter, ReportInput } from './types.js';
import { exposureHtml } from './exposure-section.js';
import { controlsHtml } from './html-controls.js';
import { findingsOf } from './result-rows.js';
import { moduleTableHtml, skippedHtml, suppressedHtml } from './html-sections.js';
import { HTML_MAX_FINDINGS, inert, ownedByPlatform, pageData } from './html-data.js';
import { STYLE } from './html-page.js';
import { overviewHtml } from './html-charts.js';
import { SCRIPT } from './html-script.js';
import { jsonChunks } from '../util/json-chunks.js';
import { reiterable } from '../model/report-file.js';

const esc = (s: string) => inert(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** JSON inside <script> must not be able to close the element: escape "<" (and line separators). */
const scriptSafe = (json: string) =>
  json
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

/**
 * The page runs its own script and style only: each allowed by its SHA-256 (CSP Level 3 hash sources), so markup that
 * got into the page by mistake (an inline handler, a script element, a style) does nothing.
 */
const hashSource = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
export const CSP = `default-src 'none'; script-src ${hashSource(SCRIPT)}; style-src ${hashSource(STYLE)}; img-src data:; base-uri 'none'; form-action 'none'`;

function* htmlChunks(input: ReportInput): Generator<string, void, undefined> {
  const all = findingsOf(input.log);
  const data = pageData(input.log, all, (f) => f.baseline !== 'absent');
  const findings = all.filter((f) => f.baseline !== 'absent');
  const held = data.cols.lvl.length;
  const omitted = data.omitted;
  const g = input.gate;
  const cls = g.exitCode === 0 ? 'ok' : g.exitCode === 1 ? 'bad' : 'warn';
  const failed = input.record.targets
    .filter((t) => t.status === 'failed')
    .map((t) => `<p class="bad">Failed target ${esc(t.id)}: ${esc(t.error ?? '')}</p>`)
    .join('');
  const note = omitted
    ? `<p class="warn" id="omitted">This page holds the first ${held} of ${findings.length} findings (most severe first); the other ${omitted} are left out to keep the page loadable. Every finding is in the SARIF log (results.sarif, written with --format sarif).</p>`
    : '';
  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ossast report</title><style>${STYLE}</style></head>
<body><header><h1>ossast report</h1>
<div class="verdict ${cls}">${esc(g.summary)}</div>
<div>ossast ${esc(input.record.ossastVersion)} · ${esc(input.now.toISOString())} · ${input.record.targets.length} target(s) · scanners: ${esc(input.record.scanners.map((s) => `${s.name} ${s.version ?? ''}`.trim()).join(', ') || 'none')}${g.partial ? ' · <b>PARTIAL</b>' : ''}</div></header>
<main>${failed}${note}${overviewHtml(input.record, findings, ownedByPlatform(input.log, all), esc)}
<section id="triage"><h2>Findings</h2>
<div class="filters">
<label>Search<input type="search" id="f-q" placeholder="rule, file, message, code…" size="28"></label>
<label>Level<select id="f-level"></select></label>
<label>Module<select id="f-module"></select></label>
<label>Rule<select id="f-rule"></select></label>
<label>Show<select id="f-show"></select></label>
<label><span id="l-new">New only</span><input type="checkbox" id="f-new"></label>
<label>Group by<select id="f-group"><option value="element">Service Studio element</option><option value="none">nothing</option><option value="rule">rule</option><option value="file">file</option><option value="module">module</option></select></label>
<label>Sort by<select id="f-sort"><option value="severity">severity</option><option value="rule">rule</option><option value="file">file</option><option value="module">module</option></select></label>
<label>Export<span><button type="button" id="x-csv">CSV</button> <button type="button" id="x-json">JSON</button></span></label>
</div>
<div id="count" aria-live="polite"></div><div class="pager" id="pager-top"></div><div id="findings"></div><div class="pager" id="pager-bottom"></div></section>
<section id="modules-section"><h2>Modules</h2><div class="wide">`;
  yield* moduleTableHtml(input.record, findings, esc);
  yield `</div></section>${skippedHtml(input.record, esc)}${suppressedHtml(findings, input.record, esc)}${controlsHtml(input.record.controls, esc)}${input.record.exposure ? `<div class="wide">${exposureHtml(input.record.exposure, esc)}</div>` : ''}</main>
<script type="application/json" id="ossast-data">`;
  for (const chunk of jsonChunks(data)) yield scriptSafe(chunk);
  yield `</script>
<script>${SCRIPT}</script>
</body></html>
`;
}

/** The page as chunks (it is written without ever being one string). */
export function renderHtml(input: ReportInput): Iterable<string> {
  return reiterable(() => htmlChunks(input));
}

export { HTML_MAX_FINDINGS };

export const htmlReporter = {
  format: 'html',
  render: (input) => [{ name: 'report.html', content: renderHtml(input) }],
} satisfies Reporter;

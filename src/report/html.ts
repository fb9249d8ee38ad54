// The HTML report: one self-contained file (no network), filters by module, rule, level, suppressed and new.
import type { Reporter, ReportInput } from './types.js';
import { findingsOf, tally } from './facts.js';
import { SCRIPT, STYLE } from './html-page.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** JSON inside <script> must not be able to close the element: escape "<" (and line separators). */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export function renderHtml(input: ReportInput): string {
  const findings = findingsOf(input.log).filter((f) => f.baseline !== 'absent');
  const g = input.gate;
  const cls = g.exitCode === 0 ? 'ok' : g.exitCode === 1 ? 'bad' : 'warn';
  const sum = [...tally(findings, (f) => f.module)]
    .map(([m, t]) => `<tr><td>${esc(m)}</td><td>${t.error}</td><td>${t.warning}</td><td>${t.note}</td><td>${t.suppressed}</td><td>${t.new}</td></tr>`)
    .join('');
  const failed = input.record.targets.filter((t) => t.status === 'failed').map((t) => `<p class="bad">Failed target ${esc(t.id)}: ${esc(t.error ?? '')}</p>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ossast report</title><style>${STYLE}</style></head>
<body><header><h1>ossast report</h1>
<div class="verdict ${cls}">${esc(g.summary)}</div>
<div>ossast ${esc(input.record.ossastVersion)} · ${esc(input.now.toISOString())} · ${input.record.targets.length} target(s) · scanners: ${esc(input.record.scanners.map((s) => `${s.name} ${s.version ?? ''}`.trim()).join(', ') || 'none')}${g.partial ? ' · <b>PARTIAL</b>' : ''}</div></header>
<main>${failed}
<table class="sum"><tr><th>Module</th><th>Error</th><th>Warning</th><th>Note</th><th>Suppressed</th><th>New</th></tr>${sum}</table>
<div class="filters">
<label>Module<select id="f-module"><option value="">all</option></select></label>
<label>Rule<select id="f-rule"><option value="">all</option></select></label>
<label>Level<select id="f-level"><option value="">all</option><option>error</option><option>warning</option><option>note</option></select></label>
<label>Suppressed<select id="f-supp"><option value="all">show</option><option value="hide">hide</option><option value="only">only</option></select></label>
<label><span>New only</span><input type="checkbox" id="f-new"></label>
</div>
<div id="count"></div><div id="findings"></div></main>
<script type="application/json" id="ossast-data">${scriptJson({ findings })}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}

export const htmlReporter = {
  format: 'html',
  render: (input) => [{ name: 'report.html', content: renderHtml(input) }],
} satisfies Reporter;

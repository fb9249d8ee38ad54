// The HTML report: one self-contained file (no network), filters by module, rule, level, suppressed and new.
import type { Reporter, ReportInput } from './types.js';
import { exposureHtml } from './exposure-section.js';
import { findingsOf, tally, type Finding } from './facts.js';
import { SCRIPT, STYLE } from './html-page.js';
import { jsonChunks } from './json-chunks.js';
import { reiterable } from './content.js';
import { redact } from '../util/redact.js';

/** A browser parses the embedded findings as one string: the page holds at most this many (most severe first)... */
export const HTML_MAX_FINDINGS = 10_000;
/** ...at most this many characters of their texts in all, and each text (message, snippet, help) cut to this length. */
const TEXT_BUDGET = 32 * 1024 * 1024;
const TEXT_MAX = 10_000;

const esc = (s: string) => redact(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** JSON inside <script> must not be able to close the element: escape "<" (and line separators). */
const scriptSafe = (json: string) => json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
const cut = (s: string) => (s.length > TEXT_MAX ? `${s.slice(0, TEXT_MAX)}… (cut here; the whole text is in the SARIF log)` : s);

/** The findings the page embeds: unsuppressed errors, warnings, notes, then suppressed ones, in log order within each. */
export function findingsForPage(findings: Finding[], max = HTML_MAX_FINDINGS): Finding[] {
  const order = (f: Finding) => (f.suppressed ? 4 : f.level === 'error' ? 0 : f.level === 'warning' ? 1 : f.level === 'note' ? 2 : 3);
  const buckets: Finding[][] = [[], [], [], [], []];
  for (const f of findings) {
    const b = buckets[order(f)]!;
    if (b.length < max) b.push(f);
  }
  const page: Finding[] = [];
  let budget = TEXT_BUDGET;
  for (const f of buckets.flat()) {
    if (page.length >= max) break;
    const short = { ...f, message: cut(f.message), snippet: cut(f.snippet), help: cut(f.help) };
    budget -= short.message.length + short.snippet.length + short.help.length + short.path.length + 200;
    if (budget < 0) break;
    page.push(short);
  }
  return page;
}

function* htmlChunks(input: ReportInput): Generator<string, void, undefined> {
  const findings = findingsOf(input.log).filter((f) => f.baseline !== 'absent');
  const page = findingsForPage(findings);
  const omitted = findings.length - page.length;
  const g = input.gate;
  const cls = g.exitCode === 0 ? 'ok' : g.exitCode === 1 ? 'bad' : 'warn';
  const failed = input.record.targets.filter((t) => t.status === 'failed').map((t) => `<p class="bad">Failed target ${esc(t.id)}: ${esc(t.error ?? '')}</p>`).join('');
  const note = omitted
    ? `<p class="warn" id="omitted">This page holds the first ${page.length} of ${findings.length} findings (most severe first); the other ${omitted} are left out to keep the page loadable. Every finding is in the SARIF log (results.sarif, written with --format sarif).</p>`
    : '';
  yield `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ossast report</title><style>${STYLE}</style></head>
<body><header><h1>ossast report</h1>
<div class="verdict ${cls}">${esc(g.summary)}</div>
<div>ossast ${esc(input.record.ossastVersion)} · ${esc(input.now.toISOString())} · ${input.record.targets.length} target(s) · scanners: ${esc(input.record.scanners.map((s) => `${s.name} ${s.version ?? ''}`.trim()).join(', ') || 'none')}${g.partial ? ' · <b>PARTIAL</b>' : ''}</div></header>
<main>${failed}${note}${input.record.exposure ? exposureHtml(input.record.exposure, esc) : ''}
<table class="sum"><tr><th>Module</th><th>Error</th><th>Warning</th><th>Note</th><th>Suppressed</th><th>New</th></tr>`;
  let rows = '';
  for (const [m, t] of tally(findings, (f) => f.module)) {
    rows += `<tr><td>${esc(m)}</td><td>${t.error}</td><td>${t.warning}</td><td>${t.note}</td><td>${t.suppressed}</td><td>${t.new}</td></tr>`;
    if (rows.length > 64 * 1024) {
      yield rows;
      rows = '';
    }
  }
  yield `${rows}</table>
<div class="filters">
<label>Module<select id="f-module"><option value="">all</option></select></label>
<label>Rule<select id="f-rule"><option value="">all</option></select></label>
<label>Level<select id="f-level"><option value="">all</option><option>error</option><option>warning</option><option>note</option></select></label>
<label>Suppressed<select id="f-supp"><option value="all">show</option><option value="hide">hide</option><option value="only">only</option></select></label>
<label><span>New only</span><input type="checkbox" id="f-new"></label>
</div>
<div id="count"></div><div id="findings"></div></main>
<script type="application/json" id="ossast-data">`;
  for (const chunk of jsonChunks({ total: findings.length, omitted, findings: page }, { clean: redact })) yield scriptSafe(chunk);
  yield `</script>
<script>${SCRIPT}</script>
</body></html>
`;
}

/** The page as chunks (it is written without ever being one string). */
export function renderHtml(input: ReportInput): Iterable<string> {
  return reiterable(() => htmlChunks(input));
}

export const htmlReporter = {
  format: 'html',
  render: (input) => [{ name: 'report.html', content: renderHtml(input) }],
} satisfies Reporter;

// The "Exposed interfaces" section of the console, Markdown and HTML reports (from the run record's exposure inventory).
import type { ExposureRecord } from '../model/run-record.js';
import type { Endpoint } from '../model/exposure.js';
import { isUnlistedReachable } from '../exposure/evaluate.js';
import { mdCode, mdText } from './markdown-text.js';
import { shorten } from '../util/redact.js';

/** Rows shown per report (the whole inventory is in exposure.json). */
export const EXPOSURE_ROWS = { console: 30, markdown: 200, html: 5000 } as const;

/** Worth a look first: unlisted reachable, then open to Anonymous, then new, then the rest; application before platform. */
function ordered(endpoints: Endpoint[]): Endpoint[] {
  const rank = (e: Endpoint) => (isUnlistedReachable(e) ? 0 : e.roles?.includes('Anonymous') ? 1 : e.new ? 2 : 3) * 2 + (e.platform ? 1 : 0);
  return endpoints
    .map((e, i) => ({ e, i }))
    .sort((a, b) => rank(a.e) - rank(b.e) || a.i - b.i)
    .map((x) => x.e);
}

const probeText = (e: Endpoint) => (e.probe ? `${e.probe.verdict}${e.probe.status !== undefined ? ` ${e.probe.status}` : ''}` : e.kind === 'screen-service' ? 'not probed' : '-');
const allowText = (e: Endpoint) => (e.allowListed ? `yes (${e.allowEntry?.id ?? ''})` : 'no');
const flags = (e: Endpoint) => [isUnlistedReachable(e) ? 'REACHABLE, NOT ALLOW-LISTED' : '', e.roles?.includes('Anonymous') ? 'Anonymous' : '', e.platform ? 'platform' : '', e.new ? 'new' : ''].filter(Boolean).join(', ');

const cutText = (s: string, n: number) => shorten(s, n);

export function exposureSummary(x: ExposureRecord): string {
  const c = x.counts;
  return `${c.endpoints} endpoint(s) (${c.soap} SOAP, ${c.rest} REST, ${c.screenServices} screen service(s), ${c.platform} platform plumbing); ${c.allowListed} allow-listed; ${c.anonymous} open to Anonymous; ${x.probeUrl ? `probed: ${c.reachable} reachable, ${c.reachableUnlisted} reachable and not allow-listed` : 'not probed (exposure.probeUrl)'}${c.new ? `; ${c.new} new` : ''}`;
}

/** Console: one line per endpoint, `clean` makes each text one safe terminal line. */
export function exposureConsole(x: ExposureRecord, clean: (s: string) => string): string[] {
  const rows = ordered(x.report.endpoints);
  const shown = rows.slice(0, EXPOSURE_ROWS.console);
  return [
    `Exposed interfaces: ${clean(exposureSummary(x))}`,
    `  (paths, files and "Internal Access Only", which the source does not show, are in ${x.file})`,
    ...shown.flatMap((e) => [
      `  ${clean(e.name)} (${e.kind})  probe: ${clean(probeText(e))}  allow-listed: ${clean(allowText(e))}${flags(e) ? `  [${flags(e)}]` : ''}`,
      ...(e.allowEntry ? [`      reason: ${cutText(clean(e.allowEntry.justification), 110)}`] : []),
    ]),
    ...(rows.length > shown.length ? [`  … and ${rows.length - shown.length} more in ${x.file}`] : []),
    '',
  ];
}

export function exposureMarkdown(x: ExposureRecord): string[] {
  const rows = ordered(x.report.endpoints);
  const shown = rows.slice(0, EXPOSURE_ROWS.markdown);
  return [
    '',
    '### Exposed interfaces',
    '',
    mdText(exposureSummary(x), 500),
    '',
    '| Endpoint | Kind | Path | Internal only | Probe | Allow-listed | Notes |',
    '|---|---|---|---|---|---|---|',
    ...shown.map(
      (e) =>
        `| ${mdCode(e.name, { inTable: true })} | ${e.kind} | ${mdCode(e.path, { inTable: true })} | ${String(e.internalOnly)} | ${mdText(probeText(e))} | ${mdText(allowText(e))}${e.allowEntry ? `: ${mdText(e.allowEntry.justification, 160)}` : ''} | ${mdText(flags(e))} |`,
    ),
    ...(rows.length > shown.length ? ['', `… and ${rows.length - shown.length} more endpoint(s) in ${x.file}.`] : []),
  ];
}

export function exposureHtml(x: ExposureRecord, esc: (s: string) => string): string {
  const rows = ordered(x.report.endpoints);
  const shown = rows.slice(0, EXPOSURE_ROWS.html);
  const tr = (e: Endpoint) =>
    `<tr${isUnlistedReachable(e) ? ' class="bad"' : ''}><td>${esc(e.name)}</td><td>${esc(e.kind)}</td><td>${esc(e.path)}</td><td>${esc(String(e.internalOnly))}</td><td>${esc(probeText(e))}</td><td>${esc(allowText(e))}${e.allowEntry ? `<br><small>${esc(e.allowEntry.justification)}</small>` : ''}</td><td>${esc(flags(e))}</td></tr>`;
  return `<section id="exposure"><h2>Exposed interfaces</h2><p>${esc(exposureSummary(x))}</p>
<table class="sum"><tr><th>Endpoint</th><th>Kind</th><th>Path</th><th>Internal only</th><th>Probe</th><th>Allow-listed</th><th>Notes</th></tr>${shown.map(tr).join('')}</table>${
    rows.length > shown.length ? `<p>… and ${rows.length - shown.length} more endpoint(s) in ${esc(x.file)}.</p>` : ''
  }</section>`;
}

// The HTML report's summary sections: every module with its status, the files not fully scanned, and the
// suppressed findings' entries grouped (platform-owned code to forward to OutSystems, then the team's own).
import type { RunRecord } from '../model/run-record.js';
import type { Finding } from './result-rows.js';
import { moduleRows, nameList, skippedFiles, STATUS_LEGEND, STATUS_TEXT, type ModuleRow } from './modules.js';
import { groupLabel, PLATFORM_TITLE, suppressedGroups, TEAM_TITLE, type SuppressedEntry } from './groups.js';

type Esc = (s: string) => string;
/** Rows listed at most in the skipped-files and suppression sections (the manifest and the SARIF log hold them all). */
const MAX_LISTED = 200;
/** Text cells read left-aligned (the summary tables align numbers right); a class, as the page's CSP allows no style attribute. */
const LEFT = ' class="l"';
const STATUS_CLASS: Record<ModuleRow['status'], string> = { clean: 'ok', findings: '', partial: 'warn', failed: 'bad' };

/** The module table, in chunks of about 64 KiB (one row per target, whatever their number). */
export function* moduleTableHtml(record: RunRecord, findings: readonly Finding[], esc: Esc): Generator<string, void, undefined> {
  let out = `<table class="sum" id="modules"><tr><th>Module</th><th>Status</th><th>Error</th><th>Warning</th><th>Note</th><th>Suppressed</th><th>New</th></tr>`;
  for (const r of moduleRows(record, findings)) {
    const t = r.tally;
    const why = r.error ?? (r.skipped.length ? `not fully analysed: ${nameList(r.skipped, 5)}` : undefined);
    out += `<tr><td>${esc(r.id)}</td><td class="${STATUS_CLASS[r.status]}"${why ? ` title="${esc(why)}"` : ''}>${STATUS_TEXT[r.status]}</td><td>${t.error}</td><td>${t.warning}</td><td>${t.note}</td><td>${t.suppressed}</td><td>${t.new}</td></tr>`;
    if (out.length > 64 * 1024) {
      yield out;
      out = '';
    }
  }
  yield `${out}</table><p class="small muted">${esc(STATUS_LEGEND)}</p>`;
}

/** The files scanners skipped or did not fully analyse, each once (empty when none). */
export function skippedHtml(record: RunRecord, esc: Esc): string {
  const files = skippedFiles(record);
  if (!files.length) return '';
  const items = files
    .slice(0, MAX_LISTED)
    .map((f) => `<li><code>${esc(f.path)}</code> <span class="muted">${esc(f.reasons.join('; '))}</span></li>`)
    .join('');
  const more = files.length > MAX_LISTED ? `<p>… and ${files.length - MAX_LISTED} more (listed in the manifest).</p>` : '';
  return `<section id="skipped"><h2 class="warn">Not fully scanned: ${files.length} file(s)</h2><ul class="small">${items}</ul>${more}</section>`;
}

/** The suppressed findings' entries with counts and justifications, platform-owned code first (empty when none). */
export function suppressedHtml(findings: readonly Finding[], record: RunRecord, esc: Esc): string {
  const groups = suppressedGroups(findings, record);
  const link = (e: SuppressedEntry) => (e.reference && /^https:\/\/[^\s"<>]+$/.test(e.reference) ? ` <a href="${esc(e.reference)}" rel="noreferrer">source</a>` : '');
  const section = (id: string, title: string, entries: SuppressedEntry[], platform: boolean) => {
    if (!entries.length) return '';
    const total = entries.reduce((n, e) => n + e.count, 0);
    const rows = entries
      .slice(0, MAX_LISTED)
      .map((e) => `<tr><td>${esc(e.entry)}</td>${platform ? `<td${LEFT}>${esc(groupLabel(e.group))}</td>` : ''}<td>${e.count}</td><td${LEFT}>${esc(e.justification)}${link(e)}</td></tr>`)
      .join('');
    const more = entries.length > MAX_LISTED ? `<p>… and ${entries.length - MAX_LISTED} more entries (in the manifest).</p>` : '';
    return `<section id="${id}"><h2>${esc(title)}: ${total} finding(s)</h2><div class="wide"><table class="sum supp-entries"><tr><th>Entry</th>${platform ? `<th${LEFT}>Kind</th>` : ''}<th>Findings</th><th${LEFT}>Justification</th></tr>${rows}</table></div>${more}</section>`;
  };
  return section('suppressed-platform', PLATFORM_TITLE, groups.platform, true) + section('suppressed-team', TEAM_TITLE, groups.team, false);
}

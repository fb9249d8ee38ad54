// The HTML report's overview: bar charts drawn as inline SVG when the page is written (no script, no network):
// open findings by level and by module, suppressed findings by category, module coverage and skipped files.
import type { RunRecord } from '../model/run-record.js';
import type { Finding } from './result-rows.js';
import { moduleRows, skippedFiles, type ModuleStatus } from './modules.js';
import { groupLabel } from './groups.js';

type Esc = (s: string) => string;
interface Bar {
  label: string;
  value: number;
  color: string;
}

/** Bars drawn per chart at most; the rest are summed into one "… more" bar. */
const MAX_BARS = 10;
const W = 380;
const ROW = 22;
const LABEL_W = 170;
const LABEL_CHARS = 24;

const COLORS = { error: '#cf222e', warning: '#bf8700', note: '#0969da', none: '#8c959f', module: '#0969da', platform: '#8250df', team: '#bc4c00', clean: '#1a7f37', findings: '#0969da', partial: '#bf8700', failed: '#cf222e' };

const short = (s: string) => (s.length > LABEL_CHARS ? `${s.slice(0, LABEL_CHARS - 1)}…` : s);

/**
 * A horizontal bar chart (bars scaled to the largest value), or a line of text when every value is 0. Past MAX_BARS
 * the rest is one row of text without a bar, so their sum does not dwarf the bars drawn.
 */
export function barChart(id: string, title: string, bars: readonly Bar[], esc: Esc, empty: string): string {
  const cut = bars.length > MAX_BARS;
  const shown = cut ? [...bars.slice(0, MAX_BARS - 1), { label: `${bars.length - MAX_BARS + 1} more`, value: bars.slice(MAX_BARS - 1).reduce((n, b) => n + b.value, 0), color: '' }] : bars;
  const max = Math.max(0, ...(cut ? shown.slice(0, -1) : shown).map((b) => b.value));
  const head = `<figure class="chart" id="${id}"><figcaption>${esc(title)}</figcaption>`;
  if (max === 0) return `${head}<p class="muted">${esc(empty)}</p></figure>`;
  const h = shown.length * ROW + 4;
  const room = W - LABEL_W - 60;
  const rows = shown
    .map((b, k) => {
      const y = k * ROW + 2;
      const w = b.value && b.color ? Math.max(2, Math.round((b.value / max) * room)) : 0;
      return `<g><title>${esc(`${b.label}: ${b.value}`)}</title><text x="${LABEL_W - 6}" y="${y + 15}" text-anchor="end">${esc(short(b.label))}</text>${w ? `<rect x="${LABEL_W}" y="${y + 3}" width="${w}" height="${ROW - 6}" rx="3" fill="${b.color}"/>` : ''}<text x="${LABEL_W + w + 5}" y="${y + 15}" class="v">${b.value}</text></g>`;
    })
    .join('');
  return `${head}<svg viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${esc(title)}">${rows}</svg></figure>`;
}

const STATUS_WORDS: Record<ModuleStatus, string> = { clean: 'clean', findings: 'with findings', partial: 'partly scanned', failed: 'failed, not scanned' };

/** The overview section: headline counts and four charts, each bounded whatever the number of findings or modules. */
export function overviewHtml(record: RunRecord, findings: readonly Finding[], owned: ReadonlySet<Finding>, esc: Esc): string {
  const levels = { error: 0, warning: 0, note: 0, none: 0 };
  let suppressed = 0;
  let fresh = 0;
  for (const f of findings) {
    if (f.suppressed) suppressed++;
    else {
      levels[f.level]++;
      if (f.baseline === 'new') fresh++;
    }
  }
  const open = levels.error + levels.warning + levels.note + levels.none;
  const rows = moduleRows(record, findings);
  const byModule = rows
    .map((r) => ({ label: r.id, value: r.tally.error + r.tally.warning + r.tally.note, color: COLORS.module }))
    .filter((b) => b.value > 0)
    .sort((a, b) => b.value - a.value);
  // The categories the findings list uses: an entry's category, else platform code by the ownership verdict, else
  // a built-in entry, else the team's own.
  const builtin = new Set(record.suppressions.files.filter((f) => f.builtin).map((f) => f.path));
  const byCategory = new Map<string, Bar>();
  for (const f of findings) {
    const s = f.suppression;
    if (!f.suppressed) continue;
    const team = !s?.group && !owned.has(f) && !(s?.file !== undefined && builtin.has(s.file));
    const label = s?.group ? groupLabel(s.group) : owned.has(f) ? 'platform-owned code' : team ? "team's own entries" : groupLabel(undefined);
    const bar = byCategory.get(label) ?? { label, value: 0, color: team ? COLORS.team : COLORS.platform };
    bar.value++;
    byCategory.set(label, bar);
  }
  const status = { clean: 0, findings: 0, partial: 0, failed: 0 };
  for (const r of rows) status[r.status]++;
  const files = record.targets.reduce((n, t) => n + (t.scan?.files ?? 0), 0);
  const skipped = skippedFiles(record).length;
  const levelBars = (['error', 'warning', 'note', 'none'] as const).filter((l) => l !== 'none' || levels.none).map((l) => ({ label: l, value: levels[l], color: COLORS[l] }));
  const statusBars = (Object.keys(status) as ModuleStatus[]).map((s) => ({ label: STATUS_WORDS[s], value: status[s], color: COLORS[s] }));
  const numbers = `<p class="headline"><b>${open}</b> open finding(s)${fresh ? ` (<b>${fresh}</b> new)` : ''} · <b>${suppressed}</b> suppressed · <b>${rows.length}</b> module(s) · ${files ? `<b>${files}</b> file(s) scanned · ` : ''}<b class="${skipped ? 'warn' : ''}">${skipped}</b> file(s) skipped or not fully analysed${skipped ? ' (<a href="#skipped">list</a>)' : ''}</p>`;
  return `<section id="overview"><h2>Overview</h2>${numbers}<div class="charts">${[
    barChart('chart-level', 'Open findings by level', levelBars, esc, 'No open finding.'),
    barChart('chart-module', 'Open findings by module', [...byModule], esc, 'No open finding in any module.'),
    barChart(
      'chart-suppressed',
      'Suppressed findings by category',
      [...byCategory.values()].sort((a, b) => b.value - a.value),
      esc,
      'Nothing suppressed.',
    ),
    barChart('chart-coverage', 'Modules by coverage', statusBars, esc, 'No module.'),
  ].join('')}</div></section>`;
}

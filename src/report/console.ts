// Console summary (cli-table3): findings by module and level, by module and rule, and the gate's verdict; fits 80 columns.
import Table from 'cli-table3';
import type { Reporter, ReportInput } from './types.js';
import { findingsOf, tally, type Finding } from './result-rows.js';
import { moduleRows, skippedLine, STATUS_LEGEND, STATUS_TEXT } from './modules.js';
import { groupLabel, PLATFORM_TITLE, suppressedGroups, TEAM_TITLE } from './groups.js';
import type { RunRecord } from '../model/run-record.js';
import { redact, shorten } from '../util/redact.js';
import { exposureConsole } from './exposure-section.js';
import { scopeConsole } from './scope-section.js';
import { reiterable } from '../model/report-file.js';
import { compareText } from '../util/compare.js';
import { neutraliseLines, neutralisePiece, paint } from '../util/log.js';

/** A rule id (or module name) in lines of at most `n` characters, broken after '.', '-', '_', '/' or ':' so no part is cut mid-word; only a part longer than a line is split. */
export function breakAtSeparators(s: string, n: number): string {
  const parts = s.match(/[^./_:-]*[./_:-]*/g)?.filter(Boolean) ?? [s];
  const lines: string[] = [];
  let line = '';
  for (const part of parts) {
    if (line && line.length + part.length > n) {
      lines.push(line);
      line = '';
    }
    for (line += part; line.length > n; line = line.slice(n)) lines.push(line.slice(0, n));
  }
  if (line || !lines.length) lines.push(line);
  return lines.join('\n');
}
const cut = (s: string, n: number) => (s.length > n - 2 ? shorten(s, n - 2) : s);
/** Text from the log for the terminal: secrets out, control characters (escape sequences), line breaks and CI log
 *  commands escaped (src/util/log.ts), before ossast adds its own colours. */
const plain = (s: string) => neutralisePiece(redact(s));

export function renderConsole(input: ReportInput): string {
  const style = input.tty ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] };
  const findings = findingsOf(input.log);
  const width = Math.max(60, Math.min(input.columns ?? 80, 160));
  const modules = moduleRows(input.record, findings);
  // One application: show module names alone; several: "App/Module".
  const apps = new Set<string>();
  for (const x of modules) if (x.application) apps.add(plain(x.application));
  for (const x of findings) if (x.application) apps.add(plain(x.application));
  const one = apps.size === 1;
  const label = (f: (typeof findings)[number]) => plain(one ? f.moduleName : f.module);
  const nameWidth = width - 58;

  const byModule = new Table({
    head: [one && [...apps][0] ? `Module (${[...apps][0]})` : 'Module', 'Status', 'Error', 'Warning', 'Note', 'Suppr.', 'New'],
    style,
    colWidths: [nameWidth, 10, 7, 9, 6, 8, 5],
    wordWrap: true,
    wrapOnWordBoundary: false,
  });
  for (const r of modules) {
    const t = r.tally;
    byModule.push([breakAtSeparators(plain(one ? r.name : r.id), nameWidth - 2), STATUS_TEXT[r.status], t.error, t.warning, t.note, t.suppressed, t.new]);
  }
  if (modules.length === 0) byModule.push(['(no targets)', '', 0, 0, 0, 0, 0]);

  const ruleCols = [Math.floor((width - 21) * 0.4), Math.ceil((width - 21) * 0.6), 9, 7];
  const byRule = new Table({ head: ['Module', 'Rule', 'Level', 'Count'], style, colWidths: ruleCols, wordWrap: true, wrapOnWordBoundary: false });
  const rows = tally(
    findings.filter((f) => !f.suppressed),
    (f) => `${label(f)}\u0000${plain(f.ruleId)}\u0000${f.level}`,
  );
  const sorted = [...rows.entries()].map(([k, t]) => ({ k: k.split('\u0000'), n: t.error + t.warning + t.note })).filter((r) => r.n > 0);
  const order = (level: string | undefined) => ['error', 'warning', 'note'].indexOf(level ?? '') >>> 0;
  sorted.sort((a, b) => order(a.k[2]) - order(b.k[2]) || b.n - a.n || compareText(a.k[0] ?? '', b.k[0] ?? ''));
  const shown = sorted.slice(0, 20);
  // Cell text is pre-broken to the column's inner width (2 less, for padding), so cli-table3 never cuts an id mid-word.
  for (const r of shown) byRule.push([breakAtSeparators(r.k[0] ?? '', (ruleCols[0] ?? 20) - 2), breakAtSeparators(r.k[1] ?? '', (ruleCols[1] ?? 30) - 2), r.k[2] ?? '', r.n]);

  const red = (s: string) => paint(Boolean(input.tty), 31, s);
  const green = (s: string) => paint(Boolean(input.tty), 32, s);
  const skipped = skippedLine(input.record);
  const lines = [
    'Findings by module (unsuppressed by level; suppressed and new alongside)',
    byModule.toString(),
    ...wrap(STATUS_LEGEND, width),
    ...(skipped ? wrap(plain(skipped), width) : []),
    '',
    `Unsuppressed findings by module, rule and level${sorted.length > shown.length ? ` (top ${shown.length} of ${sorted.length})` : ''}`,
    sorted.length ? byRule.toString() : '  none',
    '',
    ...elementsConsole(findings, label, width),
    ...suppressedConsole(findings, input.record, plain, width),
    ...(input.record.exposure ? exposureConsole(input.record.exposure, plain) : []),
    ...scopeConsole(input.record, plain),
    ...input.record.targets.filter((t) => t.status === 'failed').map((t) => red(`FAILED target ${plain(t.id)}: ${plain(t.error ?? '')}`)),
    ...(input.gate.partial ? ['PARTIAL: some parts failed and partial results were accepted (--allow-partial)'] : []),
    input.gate.exitCode === 0 ? green(plain(input.gate.summary)) : red(plain(input.gate.summary)),
    '',
  ];
  return lines.join('\n');
}

/** Where to fix the unsuppressed findings: the Service Studio elements with the most of them (at most 10). */
function elementsConsole(findings: readonly Finding[], label: (f: Finding) => string, width: number): string[] {
  const counts = new Map<string, number>();
  for (const f of findings) {
    if (f.suppressed || f.baseline === 'absent' || f.level === 'none' || !f.element) continue;
    const k = `${label(f)} > ${plain(f.element)}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  if (counts.size === 0) return [];
  const top = [...counts.entries()].sort(([a, m], [b, n]) => n - m || compareText(a, b));
  return [`Fix in Service Studio: elements with the most unsuppressed findings${top.length > 10 ? ` (top 10 of ${top.length})` : ''}`, ...top.slice(0, 10).map(([k, n]) => cut(`  ${String(n).padStart(5)}  ${k}`, width + 1)), ''];
}

/** Text in lines of at most `width` characters, each indented by two spaces, broken at spaces (a longer word is cut). */
function wrap(text: string, width: number): string[] {
  const n = width - 2;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > n) {
      lines.push(line);
      line = '';
    }
    for (line += line ? ` ${word}` : word; line.length > n; line = line.slice(n)) lines.push(line.slice(0, n));
  }
  if (line) lines.push(line);
  return lines.map((l) => `  ${l}`);
}

/** The suppressed findings' entries, platform-owned code first (at most 10 entries a group), with counts and justifications. */
function suppressedConsole(findings: readonly Finding[], record: RunRecord, plain: (s: string) => string, width: number): string[] {
  const groups = suppressedGroups(findings, record);
  const section = (title: string, entries: typeof groups.platform, platform: boolean) =>
    entries.length === 0
      ? []
      : [
          `${title}: ${entries.reduce((n, e) => n + e.count, 0)} finding(s)`,
          ...entries.slice(0, 10).flatMap((e) => [cut(`  ${plain(e.entry)} (${e.count})${platform ? `  [${plain(groupLabel(e.group))}]` : ''}`, width + 1), `      ${cut(plain(e.justification), width - 4)}`]),
          ...(entries.length > 10 ? [`  … and ${entries.length - 10} more entr${entries.length - 10 === 1 ? 'y' : 'ies'} (see the manifest and results.sarif)`] : []),
          '',
        ];
  return [...section(PLATFORM_TITLE, groups.platform, true), ...section(TEAM_TITLE, groups.team, false), ...idleEntriesConsole(record, plain, width)];
}

/** The team's entries that suppressed nothing this run (0 findings: unused or expired), and the broad ones, by name. */
function idleEntriesConsole(record: RunRecord, plain: (s: string) => string, width: number): string[] {
  const builtin = new Set(record.suppressions.files.filter((f) => f.builtin).map((f) => f.path));
  const team = record.suppressions.entries.filter((e) => !builtin.has(e.file));
  const idle = team.filter((e) => e.matched === 0);
  const broad = team.filter((e) => e.broad);
  return [
    ...(idle.length
      ? [
          `Suppression entries that suppressed 0 findings: ${idle.length}`,
          ...idle.slice(0, 10).map((e) => cut(`  ${plain(e.id)} (${e.state})  ${plain(e.file)}${e.line ? `:${e.line}` : ''}`, width + 1)),
          ...(idle.length > 10 ? [`  … and ${idle.length - 10} more (see the manifest)`] : []),
          '',
        ]
      : []),
    ...(broad.length ? [`Broad suppression entries (broad: true): ${broad.map((e) => `${plain(e.id)} (${e.matched})`).join(', ')}`, ''] : []),
  ];
}

export const consoleReporter = {
  format: 'console',
  // Rendered when printed, after the files are written (see markdownReporter).
  // Its lines made inert as a whole too (ossast's colours kept), wherever it is printed or written.
  render: (input) => [{ name: '-', content: reiterable(() => [neutraliseLines(renderConsole(input), { colour: Boolean(input.tty) })][Symbol.iterator]()) }],
} satisfies Reporter;

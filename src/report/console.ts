// Console summary (cli-table3): findings by module and level, by module and rule, and the gate's verdict; fits 80 columns.
import Table from 'cli-table3';
import type { Reporter, ReportInput } from './types.js';
import { findingsOf, tally } from './facts.js';
import { redact } from '../util/redact.js';
import { exposureConsole } from './exposure-section.js';

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
const cut = (s: string, n: number) => (s.length > n - 2 ? `${s.slice(0, n - 3)}…` : s);
/** Text from the log for the terminal: secrets out, and no control characters (escape sequences) or line breaks. */
const plain = (s: string) => redact(s).replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');

export function renderConsole(input: ReportInput): string {
  const style = input.tty ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] };
  const findings = findingsOf(input.log);
  const width = Math.max(60, Math.min(input.columns ?? 80, 160));
  // One application: show module names alone; several: "App/Module".
  const apps = new Set(findings.map((f) => plain(f.application ?? '')));
  const label = (f: (typeof findings)[number]) => plain(apps.size > 1 ? f.module : f.moduleName);
  const nameWidth = width - 48;

  const byModule = new Table({ head: [apps.size === 1 && [...apps][0] ? `Module (${[...apps][0]})` : 'Module', 'Error', 'Warning', 'Note', 'Suppr.', 'New'], style, colWidths: [nameWidth, 7, 9, 6, 8, 5] });
  const modules = tally(findings, label);
  for (const [m, t] of modules) byModule.push([cut(m, nameWidth), t.error, t.warning, t.note, t.suppressed, t.new]);
  if (modules.size === 0) byModule.push(['(no findings)', 0, 0, 0, 0, 0]);

  const ruleCols = [Math.floor((width - 21) * 0.4), Math.ceil((width - 21) * 0.6), 9, 7];
  const byRule = new Table({ head: ['Module', 'Rule', 'Level', 'Count'], style, colWidths: ruleCols, wordWrap: true, wrapOnWordBoundary: false });
  const rows = tally(findings.filter((f) => !f.suppressed), (f) => `${label(f)}\u0000${plain(f.ruleId)}\u0000${f.level}`);
  const sorted = [...rows.entries()].map(([k, t]) => ({ k: k.split('\u0000'), n: t.error + t.warning + t.note })).filter((r) => r.n > 0);
  const order = (level: string | undefined) => ['error', 'warning', 'note'].indexOf(level ?? '') >>> 0;
  sorted.sort((a, b) => order(a.k[2]) - order(b.k[2]) || b.n - a.n || (a.k[0] ?? '').localeCompare(b.k[0] ?? ''));
  const shown = sorted.slice(0, 20);
  // Cell text is pre-broken to the column's inner width (2 less, for padding), so cli-table3 never cuts an id mid-word.
  for (const r of shown) byRule.push([breakAtSeparators(r.k[0] ?? '', (ruleCols[0] ?? 20) - 2), breakAtSeparators(r.k[1] ?? '', (ruleCols[1] ?? 30) - 2), r.k[2] ?? '', r.n]);

  const red = (s: string) => (input.tty ? `\x1b[31m${s}\x1b[0m` : s);
  const green = (s: string) => (input.tty ? `\x1b[32m${s}\x1b[0m` : s);
  const lines = [
    'Findings by module (unsuppressed by level; suppressed and new alongside)',
    byModule.toString(),
    '',
    `Unsuppressed findings by module, rule and level${sorted.length > shown.length ? ` (top ${shown.length} of ${sorted.length})` : ''}`,
    sorted.length ? byRule.toString() : '  none',
    '',
    ...(input.record.exposure ? exposureConsole(input.record.exposure, plain) : []),
    ...input.record.targets.filter((t) => t.status === 'failed').map((t) => red(`FAILED target ${plain(t.id)}: ${plain(t.error ?? '')}`)),
    ...(input.gate.partial ? ['PARTIAL: some parts failed and partial results were accepted (--allow-partial)'] : []),
    input.gate.exitCode === 0 ? green(plain(input.gate.summary)) : red(plain(input.gate.summary)),
    '',
  ];
  return lines.join('\n');
}

export const consoleReporter = {
  format: 'console',
  render: (input) => [{ name: '-', content: renderConsole(input) }],
} satisfies Reporter;

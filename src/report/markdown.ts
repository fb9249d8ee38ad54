// Markdown summary for pull-request comments and $GITHUB_STEP_SUMMARY, always under GitHub's 1 MiB limit.
import type { Reporter, ReportInput } from './types.js';
import { findingsOf, tally, type Finding } from './facts.js';
import { mdCode, mdText } from './markdown-text.js';
import { exposureMarkdown } from './exposure-section.js';

/** GitHub's step summary limit is 1 MiB; stay well below it whatever the number of findings. */
export const MARKDOWN_BUDGET = 900 * 1024;

export function renderMarkdown(input: ReportInput, budget = MARKDOWN_BUDGET): string {
  const findings = findingsOf(input.log);
  const g = input.gate;
  const icon = g.exitCode === 0 ? '✅' : g.exitCode === 1 ? '❌' : '⚠️';
  const head: string[] = [
    `## ${icon} ossast: ${mdText(g.summary, 1000)}`,
    '',
    `Fail level: \`${g.failOn}\`${g.newOnly ? ' (new findings only)' : ''} · ${g.counts.total} result(s), ${g.counts.suppressed} suppressed, ${g.counts.new} new`,
    ...(g.partial ? ['', '> **Partial results**: some parts failed and partial results were accepted.'] : []),
    ...input.record.targets.filter((t) => t.status === 'failed').map((t) => `\n> **Failed target** ${mdCode(t.id)}: ${mdText(t.error ?? '')}`),
    '',
    '| Module | Error | Warning | Note | Suppressed | New |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  let size = Buffer.byteLength(head.join('\n'));
  const fits = (line: string) => {
    if (size + Buffer.byteLength(line) + 400 > budget) return false;
    size += Buffer.byteLength(line) + 1;
    return true;
  };
  const modules = [...tally(findings, (f) => f.module)];
  const moduleRows: string[] = [];
  for (const [m, t] of modules) {
    const row = `| ${mdText(m)} | ${t.error} | ${t.warning} | ${t.note} | ${t.suppressed} | ${t.new} |`;
    if (!fits(row)) break;
    moduleRows.push(row);
  }
  const moreModules = modules.length - moduleRows.length;
  const middle = [
    ...(moreModules > 0 ? ['', `… and ${moreModules} more module(s) not shown here (size limit); see results.sarif or report.html.`] : []),
    '',
    '### Unsuppressed findings',
    '',
    '| Level | Rule | Location | Message |',
    '|---|---|---|---|',
  ];
  size += Buffer.byteLength(middle.join('\n'));
  const open = byLevelPathLine(findings.filter((f) => !f.suppressed && f.baseline !== 'absent'));
  const rows: string[] = [];
  for (const f of open) {
    const row = `| ${f.level} | ${mdCode(f.ruleId, { inTable: true })} | ${mdCode(`${f.path}:${f.line}`, { inTable: true })} | ${mdText(f.message)} |`;
    if (!fits(row)) break;
    rows.push(row);
  }
  const more = open.length - rows.length;
  // The exposure section (at most EXPOSURE_ROWS.markdown rows) takes what the budget leaves.
  const exposure: string[] = [];
  for (const line of input.record.exposure ? exposureMarkdown(input.record.exposure) : []) {
    if (!fits(line)) break;
    exposure.push(line);
  }
  return [...head, ...moduleRows, ...middle, ...rows, ...exposure, ...(more > 0 ? ['', `… and ${more} more finding(s) not shown here (size limit); see results.sarif or report.html.`] : []), ''].join('\n');
}

/** Sorted by level, path and line, through one sort key per finding (a million findings sort in a second, not ten). */
function byLevelPathLine(findings: Finding[]): Finding[] {
  const rank = (l: string) => (l === 'error' ? '0' : l === 'warning' ? '1' : '2');
  const keys = findings.map((f, i) => `${rank(f.level)}${f.path}\u0000${String(f.line).padStart(10, '0')}\u0000${i}`);
  keys.sort();
  return keys.map((k) => findings[Number(k.slice(k.lastIndexOf('\u0000') + 1))]!);
}

export const markdownReporter = {
  format: 'markdown',
  render: (input) => [{ name: 'summary.md', content: renderMarkdown(input) }],
} satisfies Reporter;

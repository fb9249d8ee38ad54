// Markdown summary for pull-request comments and $GITHUB_STEP_SUMMARY, always under GitHub's 1 MiB limit.
import type { Reporter, ReportInput } from './types.js';
import { findingsOf, tally } from './facts.js';

/** GitHub's step summary limit is 1 MiB; stay well below it whatever the number of findings. */
export const MARKDOWN_BUDGET = 900 * 1024;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ').replace(/</g, '&lt;').slice(0, 200);

export function renderMarkdown(input: ReportInput, budget = MARKDOWN_BUDGET): string {
  const findings = findingsOf(input.log);
  const g = input.gate;
  const icon = g.exitCode === 0 ? '✅' : g.exitCode === 1 ? '❌' : '⚠️';
  const head: string[] = [
    `## ${icon} ossast: ${cell(g.summary)}`,
    '',
    `Fail level: \`${g.failOn}\`${g.newOnly ? ' (new findings only)' : ''} · ${g.counts.total} result(s), ${g.counts.suppressed} suppressed, ${g.counts.new} new`,
    ...(g.partial ? ['', '> **Partial results**: some parts failed and partial results were accepted.'] : []),
    ...input.record.targets.filter((t) => t.status === 'failed').map((t) => `\n> **Failed target** \`${cell(t.id)}\`: ${cell(t.error ?? '')}`),
    '',
    '| Module | Error | Warning | Note | Suppressed | New |',
    '|---|---:|---:|---:|---:|---:|',
    ...[...tally(findings, (f) => f.module)].map(([m, t]) => `| ${cell(m)} | ${t.error} | ${t.warning} | ${t.note} | ${t.suppressed} | ${t.new} |`),
    '',
    '### Unsuppressed findings',
    '',
    '| Level | Rule | Location | Message |',
    '|---|---|---|---|',
  ];
  const rank = (l: string) => (l === 'error' ? 0 : l === 'warning' ? 1 : 2);
  const open = findings.filter((f) => !f.suppressed && f.baseline !== 'absent').sort((a, b) => rank(a.level) - rank(b.level) || a.path.localeCompare(b.path) || a.line - b.line);
  let size = Buffer.byteLength(head.join('\n'));
  const rows: string[] = [];
  for (const f of open) {
    const row = `| ${f.level} | \`${cell(f.ruleId)}\` | \`${cell(f.path)}:${f.line}\` | ${cell(f.message)} |`;
    if (size + Buffer.byteLength(row) + 200 > budget) break;
    rows.push(row);
    size += Buffer.byteLength(row) + 1;
  }
  const more = open.length - rows.length;
  return [...head, ...rows, ...(more > 0 ? ['', `… and ${more} more finding(s) not shown here (size limit); see results.sarif or report.html.`] : []), ''].join('\n');
}

export const markdownReporter = {
  format: 'markdown',
  render: (input) => [{ name: 'summary.md', content: renderMarkdown(input) }],
} satisfies Reporter;

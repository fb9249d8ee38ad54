// Markdown summary for pull-request comments and $GITHUB_STEP_SUMMARY, always under GitHub's 1 MiB limit.
import type { Reporter, ReportInput } from './types.js';
import { findingsOf, type Finding } from './result-rows.js';
import { moduleRows, skippedLine, STATUS_LEGEND, STATUS_TEXT } from './modules.js';
import { groupLabel, PLATFORM_TITLE, suppressedGroups, TEAM_TITLE } from './groups.js';
import type { RunRecord } from '../model/run-record.js';
import { mdCode, mdText } from './markdown-text.js';
import { exposureMarkdown } from './exposure-section.js';
import { controlsMarkdown } from './controls-section.js';
import { scopeMarkdown } from './scope-section.js';
import { reiterable } from '../model/report-file.js';
import { compareText } from '../util/compare.js';

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
    '| Module | Status | Error | Warning | Note | Suppressed | New |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  let size = Buffer.byteLength(head.join('\n'));
  const fits = (line: string) => {
    if (size + Buffer.byteLength(line) + 400 > budget) return false;
    size += Buffer.byteLength(line) + 1;
    return true;
  };
  const modules = moduleRows(input.record, findings);
  const rowsOfModules: string[] = [];
  for (const { id, status, tally: t } of modules) {
    const row = `| ${mdText(id)} | ${STATUS_TEXT[status]} | ${t.error} | ${t.warning} | ${t.note} | ${t.suppressed} | ${t.new} |`;
    if (!fits(row)) break;
    rowsOfModules.push(row);
  }
  const moreModules = modules.length - rowsOfModules.length;
  const skipped = skippedLine(input.record);
  const middle = [
    ...(moreModules > 0 ? ['', `… and ${moreModules} more module(s) not shown here (size limit); see results.sarif or report.html.`] : []),
    '',
    `<sub>${mdText(STATUS_LEGEND, 300)}</sub>`,
    ...(skipped ? ['', `> **Not fully scanned**: ${mdText(skipped, 2000)}`] : []),
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
    const fix = f.element ? `<br>fix in Service Studio: ${mdText(`${f.moduleName} > ${f.element}`, 300)}` : '';
    const row = `| ${f.level} | ${mdCode(f.ruleId, { inTable: true })} | ${mdCode(`${f.path}:${f.line}`, { inTable: true })}${fix} | ${mdText(f.message)} |`;
    if (!fits(row)) break;
    rows.push(row);
  }
  const more = open.length - rows.length;
  // The suppressed groups, then the exposure section (at most EXPOSURE_ROWS.markdown rows), take what the budget leaves.
  const groups: string[] = [];
  for (const line of suppressedMarkdown(findings, input.record)) {
    if (!fits(line)) break;
    groups.push(line);
  }
  const exposure: string[] = [];
  for (const line of input.record.exposure ? exposureMarkdown(input.record.exposure) : []) {
    if (!fits(line)) break;
    exposure.push(line);
  }
  exposure.push(...scopeMarkdown(input.record).filter(fits));
  // The controls section is bounded (one row per control) and always shown: an auditor reads it with the verdict.
  const controls = input.record.controls ? controlsMarkdown(input.record.controls) : [];
  return [...head, ...rowsOfModules, ...middle, ...rows, ...groups, ...exposure, ...controls, ...(more > 0 ? ['', `… and ${more} more finding(s) not shown here (size limit); see results.sarif or report.html.`] : []), ''].join('\n');
}

/** The suppressed findings' entries in two tables: platform-owned code (to forward to OutSystems), then the team's own. */
function suppressedMarkdown(findings: readonly Finding[], record: RunRecord): string[] {
  const groups = suppressedGroups(findings, record);
  const table = (title: string, entries: typeof groups.platform, platform: boolean) =>
    entries.length === 0
      ? []
      : [
          '',
          `### ${title}`,
          '',
          platform ? '| Entry | Kind | Findings | Justification |' : '| Entry | Findings | Justification |',
          platform ? '|---|---|---:|---|' : '|---|---:|---|',
          ...entries.map((e) => `| ${mdCode(e.entry, { inTable: true })} |${platform ? ` ${mdText(groupLabel(e.group))} |` : ''} ${e.count} | ${mdText(e.justification, 400)} |`),
        ];
  // The team's entries that suppressed nothing (unused or expired) are listed too, with 0, and broad ones are marked.
  const builtin = new Set(record.suppressions.files.filter((f) => f.builtin).map((f) => f.path));
  const team = record.suppressions.entries.filter((e) => !builtin.has(e.file));
  const idle = team.filter((e) => e.matched === 0);
  const broad = team.filter((e) => e.broad);
  return [
    ...table(PLATFORM_TITLE, groups.platform, true),
    ...table(TEAM_TITLE, groups.team, false),
    ...(idle.length
      ? [
          '',
          '### Suppression entries that suppressed 0 findings',
          '',
          '| Entry | State | File |',
          '|---|---|---|',
          ...idle.map((e) => `| ${mdCode(e.id, { inTable: true })} | ${e.state} | ${mdCode(`${e.file}${e.line ? `:${e.line}` : ''}`, { inTable: true })} |`),
        ]
      : []),
    ...(broad.length ? ['', `Broad suppression entries (\`broad: true\`): ${broad.map((e) => `${mdCode(e.id)} (${e.matched})`).join(', ')}`] : []),
  ];
}

/**
 * Sorted by level, path and line (then position), in the order of the text keys `${rank}${path}\0${line padded to 10}\0${i}`
 * compared code unit by code unit, without making a key per finding (a million keys took about 115 MB): positions
 * are sorted by a comparison that gives the same order, and a key is built only for two paths of which one is the
 * other followed by a NUL character (where comparing the paths alone would differ).
 */
function byLevelPathLine(findings: Finding[]): Finding[] {
  const rank = (l: string) => (l === 'error' ? '0' : l === 'warning' ? '1' : '2');
  const pad = (line: number) => String(line).padStart(10, '0');
  const key = (i: number) => `${rank(findings[i]!.level)}${findings[i]!.path}\u0000${pad(findings[i]!.line)}\u0000${i}`;
  /** Whether `long` is `short` followed by a NUL character and more. */
  const nulAfter = (long: string, short: string) => long.length > short.length && long.charCodeAt(short.length) === 0 && long.startsWith(short);
  /** Lines of 0 to 10 digits compare as their padded texts do. */
  const plain = (line: number) => Number.isSafeInteger(line) && line >= 0 && line < 1e10;
  const order = Array.from(findings.keys());
  order.sort((i, j) => {
    const a = findings[i]!;
    const b = findings[j]!;
    const byRank = compareText(rank(a.level), rank(b.level));
    if (byRank !== 0) return byRank;
    if (a.path !== b.path) return nulAfter(a.path, b.path) || nulAfter(b.path, a.path) ? compareText(key(i), key(j)) : compareText(a.path, b.path);
    const byLine = a.line === b.line ? 0 : plain(a.line) && plain(b.line) ? a.line - b.line : compareText(pad(a.line), pad(b.line));
    return byLine || compareText(String(i), String(j));
  });
  return order.map((i) => findings[i]!);
}

export const markdownReporter = {
  format: 'markdown',
  // Rendered when written, after the files before it are (their findings then are garbage, not held beside these).
  render: (input) => [{ name: 'summary.md', content: reiterable(() => [renderMarkdown(input)][Symbol.iterator]()) }],
} satisfies Reporter;

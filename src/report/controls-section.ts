// The "Controls" section of the Markdown report (from the run record's controls): per OWASP Top 10 2021 category and
// PCI DSS v4.0 6.2.4 attack class, the rules that ran, open and suppressed findings and who accepted them.
import type { ControlRow, ControlsRecord } from '../model/controls.js';
import { mdCode, mdText } from './markdown-text.js';

/** "owner (entry): n" for each acceptor of a row's suppressed findings. */
export const acceptedText = (r: ControlRow): string => r.acceptedBy.map((a) => `${a.by}${a.entry ? ` (${a.entry})` : ''}: ${a.count}`).join('; ');

/** NOT COVERED when no rule that ran maps to the control, else "covered". */
export const coverageText = (r: ControlRow): string => (r.covered ? 'covered' : 'NOT COVERED');

export function controlsMarkdown(c: ControlsRecord): string[] {
  const uncovered = c.controls.filter((r) => !r.covered);
  const row = (r: ControlRow) =>
    `| ${mdText(r.framework)} | ${mdText(`${r.id} ${r.title}`, 300)} | ${r.covered ? 'covered' : 'NOT COVERED'} | ${r.rules.map((x) => mdCode(x, { inTable: true })).join(' ') || '-'} | ${r.open} | ${r.suppressed} | ${mdText(acceptedText(r), 400) || '-'} |`;
  return [
    '',
    '### Controls',
    '',
    `${uncovered.length ? `${uncovered.length} control(s) NOT COVERED by any rule that ran: ${mdText(uncovered.map((r) => r.id).join(', '), 400)}.` : 'Every control is addressed by at least one rule that ran.'} A covered control has rules that look for some of its flaws; it is not proof that the class is absent. Mapping: ${mdCode(c.mapping.path)} (SHA-256 ${mdCode(c.mapping.sha256.slice(0, 12))}).`,
    '',
    '| Framework | Control | Coverage | Rules that ran | Open | Suppressed | Accepted by |',
    '|---|---|---|---|---:|---:|---|',
    ...c.controls.map(row),
  ];
}

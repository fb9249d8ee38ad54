// The "Controls" section of the HTML report, as escaped HTML: per OWASP Top 10 2021 category and PCI DSS v4.0 6.2.4
// attack class, the rules that ran, open and suppressed findings with who accepted them, NOT COVERED where none ran.
import type { ControlsRecord } from '../model/controls.js';
import { acceptedText } from './controls-section.js';

/** The section, every text passed through `esc` (the page's escaper); empty without a controls record. */
export function controlsHtml(c: ControlsRecord | undefined, esc: (s: string) => string): string {
  if (!c) return '';
  const uncovered = c.controls.filter((r) => !r.covered).length;
  const rows = c.controls
    .map(
      (r) =>
        `<tr${r.covered ? '' : ' class="bad"'}><td>${esc(r.framework)}</td><td>${esc(`${r.id} ${r.title}`)}</td><td>${r.covered ? 'covered' : '<b>NOT COVERED</b>'}</td><td>${esc(r.rules.join(', ') || '-')}</td><td>${r.open}</td><td>${r.suppressed}</td><td>${esc(acceptedText(r) || '-')}</td></tr>`,
    )
    .join('');
  return `<section id="controls"><h2>Controls</h2><p>${uncovered ? `<b>${uncovered} control(s) NOT COVERED</b> by any rule that ran.` : 'Every control is addressed by at least one rule that ran.'} A covered control has rules that look for some of its flaws; it is not proof that the class is absent. Mapping: ${esc(c.mapping.path)} (SHA-256 ${esc(c.mapping.sha256)}).</p>
<table class="sum"><tr><th>Framework</th><th>Control</th><th>Coverage</th><th>Rules that ran</th><th>Open</th><th>Suppressed</th><th>Accepted by</th></tr>${rows}</table></section>`;
}

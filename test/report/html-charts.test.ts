// The overview's SVG bar charts: bounded whatever the number of bars, labels escaped, empty charts as text.
import { describe, expect, it } from 'vitest';
import { barChart } from '../../src/report/html-charts.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('overview bar chart', () => {
  it('draws at most ten rows, the rest summed as text without a bar, scaled to the largest drawn bar', () => {
    const bars = Array.from({ length: 500 }, (_, i) => ({ label: `App/Module${i}`, value: 1000 - i, color: '#0969da' }));
    const svg = barChart('c', 'By module', bars, esc, 'none');
    expect(svg.match(/<g>/g)).toHaveLength(10);
    expect(svg.match(/<rect /g)).toHaveLength(9);
    expect(svg).toContain(`<title>491 more: ${bars.slice(9).reduce((n, b) => n + b.value, 0)}</title>`);
    expect(svg).toContain('<rect x="170" y="5" width="150"');
    expect(svg.length).toBeLessThan(4000);
  });

  it('escapes labels and titles, and cuts long labels (the whole one is in the tooltip)', () => {
    const svg = barChart('c', 'T <b>', [{ label: '<script>alert(1)</script>', value: 3, color: '#000' }], esc, 'none');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('<title>&lt;script&gt;alert(1)&lt;/script&gt;: 3</title>');
    expect(svg).toContain('>&lt;script&gt;alert(1)&lt;/scrip…</text>');
    expect(svg).toContain('aria-label="T &lt;b&gt;"');
  });

  it('says so in text when every value is 0', () => {
    expect(barChart('c', 'Open', [{ label: 'error', value: 0, color: '#000' }], esc, 'No open finding.')).toBe('<figure class="chart" id="c"><figcaption>Open</figcaption><p class="muted">No open finding.</p></figure>');
  });
});

// The "Exposed interfaces" sections stay inert whatever the inventory holds: HTML escaped, Markdown inert, no terminal escapes, secrets redacted.
import { describe, expect, it } from 'vitest';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { exposureConsole, exposureMarkdown } from '../../src/report/exposure-section.js';
import { exposureOutput } from '../../src/exposure/exposure-file.js';
import { registerSecret } from '../../src/util/redact.js';
import type { ExposureReport } from '../../src/model/exposure.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderConsole } from '../../src/report/console.js';
import { reportInput, record as baseRecord } from '../support/report-input.js';

const SECRET = 'sect-token-0123456789abcdef';
registerSecret(SECRET);
const evil = `<img src=x onerror=alert(1)>[click](http://evil.example) @admin \u001b[31mred ${SECRET}`;
const report: ExposureReport = {
  kind: 'ossast-exposure',
  version: 1,
  generatedAt: '2026-01-01T00:00:00.000Z',
  probeUrl: 'http://127.0.0.1:1',
  endpoints: [
    {
      name: `Orders.${evil}`,
      module: 'Orders',
      target: 'Shop/Orders',
      kind: 'soap',
      path: `/Orders/${evil}.asmx`,
      file: `Shop/Orders/${evil}`,
      platform: false,
      internalOnly: 'unknown',
      allowListed: true,
      allowEntry: { id: 'x', file: 'a.yml', justification: evil },
      probe: { url: 'http://127.0.0.1:1/x', status: 200, verdict: 'reachable' },
    },
  ],
  allowList: { unused: [], expired: [] },
};
const { record } = exposureOutput(report, []);
const input = reportInput([], { record: { ...baseRecord(), exposure: record } });

describe('exposure report sections with hostile text', () => {
  it('HTML: no markup from the inventory, secret redacted', () => {
    const html = [...renderHtml(input)].join('');
    const section = html.slice(html.indexOf('<section id="exposure">'), html.indexOf('</section>', html.indexOf('<section id="exposure">')));
    expect(section).toContain('Exposed interfaces');
    expect(section).not.toContain('<img');
    expect(section).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(SECRET);
  });
  it('Markdown: renders no link, image or HTML; secret redacted', () => {
    const md = renderMarkdown(input);
    expect(md).toContain('### Exposed interfaces');
    const html = micromark(md, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
    expect(html).not.toMatch(/<a |<img /);
    expect(md).not.toContain(SECRET);
    expect(exposureMarkdown(record).join('\n')).not.toContain(SECRET);
  });
  it('console: no escape sequences or line breaks from the inventory; secret redacted', () => {
    const text = renderConsole(input);
    expect(text).toContain('Exposed interfaces: 1 endpoint(s)');
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain(SECRET);
    expect(exposureConsole(record, (s) => s).length).toBeGreaterThan(1);
  });
  it('exposure.json: every string redacted, and its hash is of those bytes', async () => {
    const { file } = exposureOutput(report, []);
    const text = [...(file.content as Iterable<string>)].join('');
    expect(text).not.toContain(SECRET);
    const { createHash } = await import('node:crypto');
    expect(createHash('sha256').update(text).digest('hex')).toBe(record.sha256);
  });
});

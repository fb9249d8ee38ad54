// Every human-facing report names the Service Studio element of a finding where merge found one.
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../src/report/console.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { splitForGithub } from '../../src/report/github.js';
import { reportInput } from '../support/report-input.js';

const withElement = () => {
  const input = reportInput([
    { rule: 'x.sql', path: 'Shop/Core/Invoices.aspx.cs', line: 40, level: 'error', message: 'SQL built by concatenation' },
    { rule: 'x.sql', path: 'Shop/Core/Invoices.aspx.cs', line: 52, level: 'error', message: 'SQL built by concatenation' },
    { rule: 'x.eval', path: 'Shop/Core/Web.config', line: 3, level: 'warning' },
  ]);
  const [a, b] = input.log.runs[0]!.results!;
  const element = {
    kind: 'sqlNode',
    name: 'GetInvoiceLines',
    parent: 'Preparation',
    path: [
      { kind: 'screen', name: 'Invoices' },
      { kind: 'screenAction', name: 'Preparation' },
    ],
  };
  a!.properties!['ossast/element'] = element;
  b!.properties!['ossast/element'] = element;
  return input;
};

describe('the Service Studio element in reports', () => {
  it('markdown: under the location of each finding that has one', () => {
    const md = renderMarkdown(withElement());
    expect(md).toContain('| error | `x.sql` | `Shop/Core/Invoices.aspx.cs:40`<br>fix in Service Studio: Core &gt; Screen Invoices &gt; Preparation &gt; SQL GetInvoiceLines | SQL built by concatenation |');
    expect(md).toMatch(/\| warning \| `x\.eval` \| `Shop\/Core\/Web\.config:3` \| finding of x\.eval \|/);
  });
  it('console: the elements with the most open findings, within 80 columns', () => {
    const text = renderConsole(withElement());
    expect(text).toContain('Fix in Service Studio: elements with the most unsuppressed findings');
    expect(text).toMatch(/^ +2 {2}Core > Screen Invoices > Preparation > SQL GetInvoiceLines$/m);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
  });
  it('console: no section when no finding has an element', () => {
    expect(renderConsole(reportInput([{ rule: 'x.sql', path: 'Shop/Core/a.cs' }]))).not.toContain('Fix in Service Studio');
  });
  it('GitHub upload: after the message (the alert shows it); the full log keeps its message as the tool wrote it', () => {
    const input = withElement();
    const [part] = splitForGithub(input.log, { includeSuppressed: false });
    const texts = part!.log.runs[0]!.results!.map((r) => r.message.text);
    expect(texts).toEqual([
      'SQL built by concatenation\n\nfix in Service Studio: Core > Screen Invoices > Preparation > SQL GetInvoiceLines',
      'SQL built by concatenation\n\nfix in Service Studio: Core > Screen Invoices > Preparation > SQL GetInvoiceLines',
      'finding of x.eval',
    ]);
    expect(input.log.runs[0]!.results![0]!.message.text).toBe('SQL built by concatenation');
  });
});

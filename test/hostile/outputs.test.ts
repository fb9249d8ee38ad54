// Hostile text in the log (messages, paths, rule help, tool failures) reaches every report inert: Markdown renders no
// link, image, HTML or mention; JUnit stays well-formed XML; a registered secret is in no file and no stream.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { micromark } from 'micromark';
import { z } from 'zod';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { runCli } from '../support/cli.js';
import { tempDir, writeScript, writeTree } from '../support/tmp.js';
import { expectNoToken, guardedWorkspace } from '../support/hostile.js';
import { registerSecret } from '../../src/util/redact.js';

const base = tempDir();
let n = 0;
const FORMATS = 'sarif,console,markdown,html,junit,manifest';
const OUTPUTS = ['results.sarif', 'manifest.json', 'summary.md', 'report.html', 'junit.xml'];

/** A workspace with `files` to scan and a command scanner that writes `sarif` as its log. */
function workspace(files: Record<string, string>, sarif: unknown) {
  const root = join(base, `ws${++n}`);
  writeTree(root, { ...Object.fromEntries(Object.entries(files).map(([p, c]) => [`input/${p}`, c])), 'keep/canary.txt': 'must survive\n' });
  writeFileSync(join(root, 'tool.sarif'), JSON.stringify(sarif));
  const script = writeScript(root, 'tool.sh', `cp "${join(root, 'tool.sarif')}" "$2"`);
  writeFileSync(join(root, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: evil\n    command: [${JSON.stringify(script)}, "{src}", "{out}"]\n    coverage: unknown-accepted\n`);
  mkdirSync(join(root, 'out'), { recursive: true });
  return guardedWorkspace(root);
}
const scan = (ws: { root: string; out: string }) => runCli(['scan', join(ws.root, 'input'), '--config', join(ws.root, 'ossast.yml'), '--out', ws.out, '--format', FORMATS], { cwd: ws.root });
const read = (ws: { out: string }, name: string) => readFileSync(join(ws.out, name), 'utf8');

const sarifWith = (results: unknown[], opts: { help?: string; invocation?: Record<string, unknown> } = {}) => ({
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'EvilTool', rules: [{ id: 'evil.rule', defaultConfiguration: { level: 'error' }, help: { text: opts.help ?? 'no help' } }] } },
      invocations: [opts.invocation ?? { executionSuccessful: true }],
      results,
    },
  ],
});
const result = (uri: string, message: string, extra: Record<string, unknown> = {}) => ({
  ruleId: 'evil.rule',
  message: { text: message },
  locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 1, snippet: { text: message } } } }],
  ...extra,
});

const MARKDOWN_ATTACK = [
  'ping @octocat and @acme/security-team, see #123',
  '![pixel](https://evil.example/track.png)',
  '[click me](javascript:alert(1)) [ok](https://evil.example)',
  '<img src=x onerror=alert(1)><script>alert(2)</script><a href="https://evil.example">a</a>',
  'autolinks https://evil.example/x www.evil.example mail@evil.example <https://evil.example>',
  'entity &#64;octocat &lt;b&gt; **bold** _it_ ~~gone~~ `code` | pipe',
  'line\n# heading\n- item\r\n> quote \u202Eevil',
];
const TICK_PATH = 'Mod/Actions/we``ird`na|me.cs';

describe('Markdown summary (#9 defect 17)', () => {
  it('renders hostile messages as plain text and paths as whole code spans (checked with a CommonMark/GFM parser)', async () => {
    const ws = workspace({ 'Mod/Actions/ActionRun.cs': 'class A {}\n', [TICK_PATH]: 'class B {}\n' }, sarifWith([...MARKDOWN_ATTACK.map((m) => result('Mod/Actions/ActionRun.cs', m)), result(TICK_PATH, 'path with backticks')]));
    const r = await scan(ws);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`FAILED (exit 1): ${MARKDOWN_ATTACK.length + 1} unsuppressed finding(s) at or above error`);
    const md = read(ws, 'summary.md');
    const html = micromark(md, { extensions: [gfm()], htmlExtensions: [gfmHtml()] });
    // Nothing from the log turned into a link, an image or markup.
    expect(html).not.toMatch(/<a\s|<img|<script|<li|<blockquote|<strong|<em|<del/);
    // Only ossast's own headings: the verdict, the findings table, the exposed-interfaces and the controls sections.
    expect(html.match(/<h\d/g)).toEqual(['<h2', '<h3', '<h3', '<h3']);
    expect([...html.matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1])).toEqual(['Unsuppressed findings', 'Exposed interfaces', 'Controls']);
    // What a reader sees: the rendered text, HTML entities decoded.
    const text = html
      .replace(/<[^>]*>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    // No mention, team mention or issue reference: an @ or # is never directly followed by a name or number.
    expect(text).not.toMatch(/[@#][A-Za-z0-9]/);
    expect(text).toContain('@\u200Bocto');
    // The text reads as it was written (zero-width spaces aside; line breaks and bidi overrides become spaces).
    const visible = text.replace(/\u200B/g, '');
    expect(visible).toContain('![pixel](https://evil.example/track.png)');
    expect(visible).toContain('[click me](javascript:alert(1)) [ok](https://evil.example)');
    expect(visible).toContain('<img src=x onerror=alert(1)><script>alert(2)</script><a href="https://evil.example">a</a>');
    expect(visible).toContain('autolinks https://evil.example/x www.evil.example mail@evil.example <https://evil.example>');
    expect(visible).toContain('entity &#64;octocat &lt;b&gt; **bold** _it_ ~~gone~~ `code` | pipe');
    expect(visible).toContain('line # heading - item > quote  evil');
    // The path is one code span whose content is the path itself, backticks and pipe included.
    expect(html).toContain(`<code>${TICK_PATH}:1</code>`);
    expect(html).toContain('<code>evil.rule</code>');
    // The table kept its 4 columns on every row.
    const rows = html.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
    const findingRows = rows.filter((x) => x.includes('evil.rule'));
    expect(findingRows).toHaveLength(MARKDOWN_ATTACK.length + 1);
    for (const row of findingRows) expect(row.match(/<td/g)).toHaveLength(4);
    ws.unchanged();
  });
});

describe('JUnit XML (#9 defect 17)', () => {
  it('drops characters outside XML 1.0 (U+FFFE, U+FFFF, lone surrogates, controls) and stays well-formed', async () => {
    const nasty = `bad \uFFFE\uFFFF \uD800 \uDFFF \u0001\u001b[31m ok \u{1F600} é </failure><x a="1"> ]]> & "q" 'a'`;
    const ws = workspace({ 'Mod/Actions/ActionRun.cs': 'class A {}\n' }, sarifWith([result('Mod/Actions/ActionRun.cs', nasty)]));
    const r = await scan(ws);
    expect(r.code).toBe(1);
    const xml = read(ws, 'junit.xml');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', processEntities: true }).parse(xml);
    const suites = [doc.testsuites.testsuite].flat();
    const cases = z.array(z.looseObject({ name: z.string(), failure: z.looseObject({ '#text': z.string() }).optional() })).parse(suites.flatMap((s: { testcase: unknown }) => [s.testcase].flat()));
    const evil = cases.find((c) => c.name === 'evil.rule');
    expect(evil?.failure?.['#text']).toBe(`Mod/Actions/ActionRun.cs:1: bad    [31m ok \u{1F600} é </failure><x a="1"> ]]> & "q" 'a'`);
    ws.unchanged();
  });
});

describe('a registered secret with " and \\ (#9 defect 2, the reports\' half)', () => {
  const token = 'se"cr\\et-9b1d7e2a44c0';
  registerSecret(token);

  it('is in no output when the tool puts it in messages, snippets, rule help, property names and values', async () => {
    const ws = workspace(
      { 'Mod/Actions/ActionRun.cs': 'class A {}\n' },
      sarifWith([result('Mod/Actions/ActionRun.cs', `leaked ${token} here`, { properties: { [`key-${token}`]: `value-${token}` } })], {
        help: `rule help quoting ${token}`,
        invocation: { executionSuccessful: true, toolExecutionNotifications: [{ level: 'warning', message: { text: `warned about ${token}` } }] },
      }),
    );
    const r = await scan(ws);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAILED (exit 1): 1 unsuppressed finding(s) at or above error');
    expect(read(ws, 'results.sarif')).toContain('leaked *** here');
    expect(read(ws, 'report.html')).toContain('leaked *** here');
    expectNoToken(token, { texts: { stdout: r.stdout, stderr: r.stderr, ...Object.fromEntries(OUTPUTS.map((f) => [f, read(ws, f)])) } });
    ws.unchanged();
  });

  it('is in no output when a failing tool names it in its reason (the verdict quotes it): exit 3', async () => {
    const ws = workspace({ 'Mod/Actions/ActionRun.cs': 'class A {}\n' }, sarifWith([], { invocation: { executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: `auth failed for ${token}` } }] } }));
    const r = await scan(ws);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('INCOMPLETE (exit 3)');
    expect(r.stdout).toContain('auth failed for ***');
    for (const f of OUTPUTS) expect(read(ws, f), f).toContain(f === 'summary.md' ? 'auth failed for \\*\\*\\*' : 'auth failed for ***');
    expectNoToken(token, { texts: { stdout: r.stdout, stderr: r.stderr, ...Object.fromEntries(OUTPUTS.map((f) => [f, read(ws, f)])) } });
    ws.unchanged();
  });
});

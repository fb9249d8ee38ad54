// Paths with spaces, "%", "#" and non-ASCII: RFC 3986 URI references in every SARIF file ossast writes, plain paths on screen.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { contentText, renderReports } from '../../src/report/index.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { decodeLogUris, encodeLogUris, pathOfUri, uriReference } from '../../src/model/uri.js';
import { mergeRuns } from '../../src/merge/merge.js';
import { reportInput } from '../support/report-input.js';
import { log, run } from '../support/sarif.js';
import { validateSarif } from '../support/sarif-validate.js';
import { tempDir } from '../support/tmp.js';

const NAMES = ['Customer Portal/Core/Actions/ActionGet Invoices.cs', 'Customer Portal/Core/100%.cs', 'Customer Portal/Core/a#b.cs', 'Customer Portal/Core/Ação/é.js', 'Customer Portal/Core/q?x.cs', 'Customer Portal/Core/lit%20eral.cs'];

describe('uriReference', () => {
  it.each([
    ['Customer Portal/Core/a b.cs', 'Customer%20Portal/Core/a%20b.cs'],
    ['App/M/100%.cs', 'App/M/100%25.cs'],
    ['App/M/a#b.cs', 'App/M/a%23b.cs'],
    ['App/M/q?x.cs', 'App/M/q%3Fx.cs'],
    ['Ação/é.js', 'A%C3%A7%C3%A3o/%C3%A9.js'],
    ['a:b/c:d.cs', 'a%3Ab/c:d.cs'],
    ['App/M/plain-file_1.cs', 'App/M/plain-file_1.cs'],
  ])('%s -> %s', (path, uri) => {
    expect(uriReference(path)).toBe(uri);
    expect(pathOfUri(uri)).toBe(path);
  });
  it('round-trips every name, a literal "%20" in a file name too, and a lone surrogate as U+FFFD', () => {
    for (const p of NAMES) expect(pathOfUri(uriReference(p))).toBe(p);
    expect(pathOfUri(uriReference('a\uD800b'))).toBe('a\uFFFDb');
  });
});

describe('SARIF files ossast writes', () => {
  const input = () => reportInput(NAMES.map((path, i) => ({ rule: 'x.sql', path, line: i + 1 })));
  it('results.sarif and the GitHub upload hold URI references that sarif-multitool accepts; the summary shows paths', async () => {
    const files = await renderReports(['sarif', 'markdown'], input(), { sarifProfile: 'github', githubIncludeSuppressed: false });
    const dir = tempDir();
    for (const name of ['results.sarif', 'github/results.sarif']) {
      const text = await contentText(files.find((f) => f.name === name)!.content);
      const written: Log = JSON.parse(text);
      const uris = written.runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri);
      expect(uris).toEqual(NAMES.map(uriReference));
      expect(text).not.toMatch(/"uri": ?"Customer Portal/);
      const file = join(dir, name.replace('/', '-'));
      writeFileSync(file, text);
      const { errors, warnings } = await validateSarif(file);
      expect(errors).toEqual([]);
      expect(warnings.filter((w) => w.startsWith('SARIF1002'))).toEqual([]);
    }
    expect(renderMarkdown(input())).toContain('`Customer Portal/Core/a#b.cs:3`');
  });
  it('the log in memory is not changed, and a log needing no escapes is not copied', () => {
    const l = input().log;
    const encoded = encodeLogUris(l);
    expect(l.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe(NAMES[0]);
    const plain = log(run([{ rule: 'x.sql', path: 'Shop/Core/a.cs' }]));
    expect(encodeLogUris(plain).runs[0]!.results![0]).toBe(plain.runs[0]!.results![0]);
    expect(decodeLogUris(encoded).runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri)).toEqual(NAMES);
  });
  it('a written log merged again keeps its paths and fingerprints', () => {
    const l = input().log;
    const before = l.runs[0]!.results!.map((r) => r.partialFingerprints!['ossast/v2']);
    const again = mergeRuns({
      runs: [{ scanner: 'semgrep', sarif: encodeLogUris(l), invocation: { commandLine: 'x', exitCode: 0, startTimeUtc: '', endTimeUtc: '', executionSuccessful: true }, notifications: [], skipped: [], rules: [] }],
      sourceRoot: '/src',
      targets: [{ id: 'Customer Portal/Core', application: 'Customer Portal', module: 'Core', dir: '/src/Customer Portal/Core', origin: { kind: 'app-zip', path: 'a.zip' } }],
      ossastVersion: '0',
      keepMaskedFingerprints: true,
    });
    const results = again.runs[0]!.results!;
    expect(results.map((r) => r.locations![0]!.physicalLocation!.artifactLocation!.uri).sort()).toEqual([...NAMES].sort());
    expect(results.map((r) => r.partialFingerprints!['ossast/v2']).sort()).toEqual([...before].sort());
  });
});

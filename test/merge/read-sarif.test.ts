// Reading SARIF files: a big file is parsed as a stream (results compacted as they come) into the same log JSON.parse gives; broken text is refused.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSarifFile } from '../../src/merge/read-sarif.js';
import { parseSarif } from '../../src/model/sarif.js';
import { tempDir } from '../support/tmp.js';
import type { Log } from 'sarif';
import { contentText, renderReports } from '../../src/report/index.js';
import { reportInput } from '../support/report-input.js';

const dir = tempDir();
const STREAM = { streamFromBytes: 0 };

/** A log with what makes a JSON reader go wrong: escapes, non-ASCII text, numbers, nesting, a "__proto__" key. */
const text = JSON.stringify({
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'Tool "X"', rules: [{ id: 'r1', properties: { tags: ['CWE-79'], 'security-severity': '7.5' } }] } },
      invocations: [{ executionSuccessful: true }],
      results: Array.from({ length: 500 }, (_, i) => ({
        ruleId: 'r1',
        level: 'error',
        message: { text: `line ${i}: "quoted" \\ back\u00e9 \u{1F600} \n\t${'x'.repeat(i)}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: `a/b${i}.cs` }, region: { startLine: i + 1, startColumn: 1.5e3, endLine: -0 } } }],
        partialFingerprints: { 'ossast/v2': `h${i % 7}`, primaryLocationLineHash: `h${i % 7}`, other: 'x' },
        fingerprints: { a: 'same', b: 'same' },
        suppressions: i % 2 ? [{ kind: 'external', status: 'accepted', justification: `j${i}` }] : [],
        properties: { 'ossast/target': `App/M${i % 3}`, 'ossast/module': `M${i % 3}`, nested: { deeper: [[1, [2, [null, true, false]]]] } },
      })),
    },
  ],
}).replaceAll('"nested":', '"__proto__":{"polluted":true},"nested":');

describe('readSarifFile', () => {
  it('gives, as a stream, the log JSON.parse gives, without touching any prototype', async () => {
    const file = join(dir, 'log.sarif');
    writeFileSync(file, text);
    const streamed = await readSarifFile(file, 'log.sarif', STREAM);
    expect(streamed).toEqual(parseSarif(text, 'log.sarif'));
    expect(streamed.runs[0]!.results[499]!.message.text).toBe(JSON.parse(text).runs[0].results[499].message.text);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.keys(streamed.runs[0]!.results[0]!.properties ?? {})).toContain('__proto__');
  });

  it('gives every report, byte for byte, as from the log JSON.parse gives', async () => {
    const file = join(dir, 'reports.sarif');
    writeFileSync(file, text);
    const render = async (l: Log) => {
      const files = await renderReports(['sarif', 'markdown', 'html', 'junit', 'manifest', 'gitlab-sast', 'gitlab-codequality', 'console'], reportInput([], {}, l), { sarifProfile: 'github', githubIncludeSuppressed: true });
      return Promise.all(files.map(async (f) => `${f.name}\n${await contentText(f.content)}`));
    };
    const streamed = await render(await readSarifFile(file, 'reports.sarif', STREAM));
    expect(streamed).toEqual(await render(parseSarif(text, 'reports.sarif')));
    expect(streamed.join('').length).toBeGreaterThan(100_000);
  });

  it('refuses text that is not JSON, naming the file: cut short, trailing text, a stray brace', async () => {
    const cases = { 'cut.sarif': text.slice(0, 1000), 'trailing.sarif': `${text} x`, 'brace.sarif': '{"version":"2.1.0","runs":[}' };
    for (const [name, body] of Object.entries(cases)) {
      writeFileSync(join(dir, name), body);
      await expect(readSarifFile(join(dir, name), name, STREAM)).rejects.toThrow(new RegExp(`^${name.replace('.', '\\.')} is not JSON: `));
    }
  });

  it('refuses JSON that is not SARIF as parseSarif does, with the path of the problem', async () => {
    writeFileSync(join(dir, 'old.sarif'), '{"version":"1.0.0","runs":[]}');
    await expect(readSarifFile(join(dir, 'old.sarif'), 'old.sarif', STREAM)).rejects.toThrow('old.sarif is not a valid SARIF 2.1.0 log: version');
  });
});

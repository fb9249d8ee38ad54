// One million results: every reporter renders and every file is written, though the SARIF log is larger than any string.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { constants } from 'node:buffer';
import { join } from 'node:path';
import type { Log, Result } from 'sarif';
import { XMLValidator } from 'fast-xml-parser';
import { contentText, renderReports, writeReports } from '../../src/report/index.js';
import { formatSchema } from '../../src/report/config.js';
import { evaluateGate } from '../../src/gate/index.js';
import { record, accepted } from '../support/report-input.js';
import { tempDir } from '../support/tmp.js';
import { countInFile } from '../support/files.js';

const N = 1_000_000;

/** A merged-shaped log of N small results over 12 modules and 40 rules, one in ten suppressed. */
function bigLog(): Log {
  const results: Result[] = new Array<Result>(N);
  for (let i = 0; i < N; i++) {
    const module = `M${i % 12}`;
    results[i] = {
      ruleId: `bench.rule${i % 40}`,
      ruleIndex: i % 40,
      level: i % 3 === 0 ? 'error' : i % 3 === 1 ? 'warning' : 'note',
      // Messages of a real scanner's length: compact (as a log this big is written), the log is still larger than a string.
      message: { text: `finding ${i}: the value of a request parameter reaches this call without validation or encoding` },
      locations: [{ physicalLocation: { artifactLocation: { uri: `Shop/${module}/Actions/Action${i % 5000}.cs`, uriBaseId: 'SRCROOT' }, region: { startLine: 1 + (i % 997) } } }],
      partialFingerprints: { 'ossast/v1': i.toString(16).padStart(16, '0'), primaryLocationLineHash: `${i.toString(16).padStart(16, '0')}:1` },
      suppressions: i % 10 === 0 ? accepted : [],
      properties: { 'ossast/target': `Shop/${module}`, 'ossast/application': 'Shop', 'ossast/module': module },
    };
  }
  const rules = Array.from({ length: 40 }, (_, i) => ({ id: `bench.rule${i}`, properties: { tags: [`CWE-${79 + i}`, 'security'] } }));
  return { version: '2.1.0', runs: [{ tool: { driver: { name: 'Semgrep OSS', rules } }, automationDetails: { id: 'ossast/semgrep/' }, invocations: [{ executionSuccessful: true }], results }] };
}

describe('reports at 1,000,000 results', () => {
  it('renders and writes every format (SARIF with the github profile, HTML, JUnit, Markdown, manifest, console)', async () => {
    const log = bigLog();
    const out = tempDir();
    const started = Date.now();
    const files = await renderReports(
      formatSchema.options,
      { log, record: record(), gate: evaluateGate(log, { failOn: 'error', newOnly: false, max: 0, allowPartial: false }), tty: false, columns: 80, now: new Date() },
      { sarifProfile: 'github', githubIncludeSuppressed: false },
    );
    await writeReports(files, out);
    const seconds = (Date.now() - started) / 1000;

    // The log is bigger than the longest string V8 can hold: it could only have been written as a stream.
    const sarif = join(out, 'results.sarif');
    expect(statSync(sarif).size).toBeGreaterThan(constants.MAX_STRING_LENGTH);
    expect(await countInFile(sarif, '"ruleId":"bench.rule')).toBe(N);
    // Compact from 10,000 results on (docs/output-folder.md).
    expect(readFileSync(sarif).subarray(0, 64).toString()).toMatch(/^\{"version":"2\.1\.0","runs":\[\{/);
    const uploads = readdirSync(join(out, 'github'));
    expect(uploads.length).toBeGreaterThan(1);

    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain(`This page holds the first 100000 of ${N} findings (most severe first); the other ${N - 100000} are left out`);
    expect(statSync(join(out, 'report.html')).size).toBeLessThan(64 * 1024 * 1024);

    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(XMLValidator.validate(junit)).toBe(true);
    expect(junit).toMatch(/<testsuite name="Shop\/M0" tests="11" failures="\d+" errors="0">/);

    expect(statSync(join(out, 'summary.md')).size).toBeLessThan(1024 * 1024);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.results).toMatchObject({ total: N, suppressed: N / 10 });
    expect(await contentText(files.find((f) => f.name === '-')!.content)).toContain('FAILED (exit 1)');
    console.log(`1,000,000 results: rendered and written in ${seconds.toFixed(1)} s; results.sarif ${(statSync(sarif).size / 1024 ** 2).toFixed(0)} MB`);
    // A bound against a hang, not a speed goal (those are in bench/): every format, eleven now, at 1,000,000 results
    // takes 100 s alone on 2 cores and more beside other test files.
  }, 480_000);
});

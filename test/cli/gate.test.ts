// `ossast gate` and `ossast suppressions check` through the CLI, as CI would call them.
import { describe, expect, it } from 'vitest';
import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { constants } from 'node:buffer';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { countInFile } from '../support/files.js';

const dir = tempDir();
// A SARIF log from some other tool: no level on results (rule default applies), no fingerprints, no suppressions.
const foreign = {
  version: '2.1.0',
  runs: [
    {
      tool: { driver: { name: 'OtherTool', rules: [{ id: 'OT1', defaultConfiguration: { level: 'error' }, properties: { tags: ['CWE-79'] } }, { id: 'OT2' }] } },
      results: [
        { ruleId: 'OT1', message: { text: 'xss' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'App/Web/_osjs.js' }, region: { startLine: 3, snippet: { text: '$("<div>" + x)' } } } }] },
        { ruleId: 'OT2', level: 'warning', message: { text: 'meh' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'App/Web/a.js' }, region: { startLine: 1 } } }] },
      ],
    },
  ],
};
const file = join(dir, 'other.sarif');
writeFileSync(file, JSON.stringify(foreign));
const supp = join(dir, 'supp.yml');
writeFileSync(supp, 'version: 1\nsuppressions:\n  - id: osjs\n    match: { cwe: [79], paths: ["**/_osjs.js"] }\n    justification: platform jQuery wrapper is XSS-safe\n    owner: appsec\n    expires: 2099-12-31\n');

describe('ossast gate', () => {
  it('fails (1) on an error from a foreign tool, using the rule default level', async () => {
    const r = await runCli(['gate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAILED (exit 1): 1 unsuppressed finding(s) at or above error');
  });
  it('passes (0) once a suppression file accepts it, and writes the annotated log', async () => {
    const out = join(dir, 'annotated.sarif');
    const r = await runCli(['gate', file, '--suppressions', supp, '--output', out]);
    expect(r.code).toBe(0);
    const log = JSON.parse(readFileSync(out, 'utf8'));
    expect(log.runs[0].results[0].suppressions[0]).toMatchObject({ kind: 'external', status: 'accepted', properties: { owner: 'appsec', 'ossast/entry': 'osjs' } });
    expect(log.runs[0].results[1].suppressions).toEqual([]);
  });
  it('counts warnings with --fail-on warning and tolerates --max', async () => {
    expect((await runCli(['gate', file, '--suppressions', supp, '--fail-on', 'warning'])).code).toBe(1);
    expect((await runCli(['gate', file, '--suppressions', supp, '--fail-on', 'warning', '--max', '1'])).code).toBe(0);
  });
  it('with a baseline and --new-only, only new findings count', async () => {
    expect((await runCli(['gate', file, '--baseline', file, '--new-only'])).code).toBe(0);
  });
  it('exits 3 when a run failed, 0 with --allow-partial (and says partial)', async () => {
    const failed = join(dir, 'failed.sarif');
    writeFileSync(
      failed,
      JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'semgrep' } }, invocations: [{ executionSuccessful: false, toolExecutionNotifications: [{ level: 'error', message: { text: 'killed' } }] }], results: [] }] }),
    );
    const r = await runCli(['gate', failed]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('INCOMPLETE (exit 3)');
    const p = await runCli(['gate', failed, '--allow-partial']);
    expect(p.code).toBe(0);
    expect(p.stdout).toContain('PARTIAL');
  });
  it('exits 2 on a file that is not SARIF, naming it', async () => {
    const bad = join(dir, 'bad.sarif');
    writeFileSync(bad, '{"version": "1.0"}');
    const r = await runCli(['gate', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${bad} is not a valid SARIF 2.1.0 log: version`);
  });
  it('reads a log larger than a string can hold as a stream: what is not JSON in it is refused (exit 2), naming the file', async () => {
    const huge = join(dir, 'huge.sarif');
    writeFileSync(huge, '{"version": "2.1.0", "runs": [');
    truncateSync(huge, constants.MAX_STRING_LENGTH + 1024);
    const r = await runCli(['gate', huge]);
    rmSync(huge);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`ossast: ${huge} is not JSON: `);
    expect(r.stderr).not.toContain('RangeError');
  });
  it('exits 2 on --new-only without a baseline', async () => {
    const r = await runCli(['gate', file, '--new-only']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--new-only needs --baseline FILE');
  });
});

describe('ossast gate --output', () => {
  it('replaces the output only when complete, leaving no temporary file', async () => {
    const out = join(dir, 'replaced.sarif');
    writeFileSync(out, 'the previous log');
    const r = await runCli(['gate', file, '--output', out]);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8')).runs[0].results).toHaveLength(2);
    expect(readdirSync(dir).filter((f) => f.startsWith('.ossast-tmp-'))).toEqual([]);
  });
  it('exits 3 naming the path when --output cannot be written, and leaves nothing behind', async () => {
    const target = join(dir, 'a-folder.sarif');
    mkdirSync(join(target, 'inside'), { recursive: true });
    const r = await runCli(['gate', file, '--output', target]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`cannot write ${target}:`);
    expect(r.stderr).toContain('hint: choose an --output path that is not a folder');
    expect(readdirSync(dir).filter((f) => f.startsWith('.ossast-tmp-'))).toEqual([]);
  });
  it("keeps the log's URI references as written, and drops a tool's own baselineState", async () => {
    const uris = ['My%20App/Web/a%20b.js', 'App/Web/100%25.js', 'App/Web/lit%2520eral.js', 'App/Web/plain.js'];
    const input = {
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'OtherTool', rules: [{ id: 'OT1', defaultConfiguration: { level: 'error' } }] } },
          invocations: [{ executionSuccessful: true, toolExecutionNotifications: [{ message: { text: 'slow' }, locations: [{ physicalLocation: { artifactLocation: { uri: uris[0] } } }] }] }],
          results: uris.map((uri, i) => ({
            ...(i % 2 ? { baselineState: 'unchanged' } : {}),
            ruleId: 'OT1',
            message: { text: `m${i}` },
            locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 + i } } }],
            ...(i === 3 ? { baselineState: 'absent' } : {}),
          })),
        },
      ],
    };
    const inFile = join(dir, 'uris.sarif');
    writeFileSync(inFile, JSON.stringify(input));
    const out = join(dir, 'uris-annotated.sarif');
    const r = await runCli(['gate', inFile, '--output', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAILED (exit 1): 4 unsuppressed finding(s) at or above error');
    const written = JSON.parse(readFileSync(out, 'utf8'));
    const results = written.runs[0].results as { baselineState?: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[]; partialFingerprints: Record<string, string> }[];
    expect(results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(uris);
    expect(written.runs[0].invocations[0].toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri).toBe(uris[0]);
    expect(results.filter((x) => x.baselineState !== undefined)).toEqual([]);
    expect(results.every((x) => /^[0-9a-f]{32}:0$/.test(x.partialFingerprints['ossast/v2']!))).toBe(true);
  });
  it('writes an annotated log of 1,000,000 results, larger than any string, and still gives the verdict', async () => {
    const big = join(dir, 'big.sarif');
    await writeLog(big, 1_000_000);
    const out = join(dir, 'big-annotated.sarif');
    const r = await runCli(['gate', big, '--output', out]);
    expect(r.stderr).not.toContain('RangeError');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAILED (exit 1): 333334 unsuppressed finding(s) at or above error');
    expect(statSync(out).size).toBeGreaterThan(constants.MAX_STRING_LENGTH);
    expect(await countInFile(out, '"ruleId":"r')).toBe(1_000_000);
    expect(readdirSync(dir).filter((f) => f.startsWith('.ossast-tmp-'))).toEqual([]);
  });
});

/** A message of a real scanner's length (the compact output of a million results is then larger than a string). */
const REASON =
  'a value from the request reaches a SQL query built by concatenation, with no parameter or validation between them; use a query parameter (an input parameter of the SQL node) instead of concatenating the value into the statement';

/** A foreign tool's log of n small results, written as a stream. */
async function writeLog(path: string, n: number): Promise<void> {
  const stream = createWriteStream(path);
  const write = async (s: string) => {
    if (!stream.write(s)) await once(stream, 'drain');
  };
  await write('{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"BigTool","rules":[{"id":"r0"},{"id":"r1"},{"id":"r2"}]}},"results":[');
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += `${i ? ',' : ''}{"ruleId":"r${i % 3}","level":"${['error', 'warning', 'note'][i % 3]}","message":{"text":"finding ${i}: ${REASON}"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"App/M${i % 12}/f${i % 5000}.cs"},"region":{"startLine":${1 + (i % 997)}}}}]}`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(`${chunk}]}]}\n`);
  stream.end();
  await once(stream, 'finish');
}

describe('ossast suppressions check', () => {
  it('lists expired and soon-expiring entries and exits 1 when any expired', async () => {
    const soon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const f = join(dir, 'check.yml');
    writeFileSync(
      f,
      `version: 1\nsuppressions:\n  - id: old\n    match: { ruleId: a }\n    justification: accepted risk, reviewed with the payments team in SEC-12\n    owner: bob\n    expires: 2020-01-01\n  - id: soon\n    match: { ruleId: b }\n    justification: accepted risk, reviewed with the payments team in SEC-12\n    owner: carol\n    expires: ${soon}\n  - id: forever\n    match: { ruleId: c }\n    justification: accepted risk, reviewed with the payments team in SEC-12\n    owner: dave\n`,
    );
    const r = await runCli(['suppressions', 'check', f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`EXPIRED   old  expired 2020-01-01  owner bob  (${f}:3)`);
    expect(r.stdout).toContain(`EXPIRING  soon  expires ${soon}`);
    expect(r.stdout).toContain('3 entries in 1 file(s) are valid; 1 expired, 1 expiring within 30 days');
  });
  it('exits 0 for the built-in list, and 2 for an invalid file', async () => {
    expect((await runCli(['suppressions', 'check', supp, '--builtin'])).code).toBe(0);
    const bad = join(import.meta.dirname, '../suppress/invalid/empty-match.yml');
    const r = await runCli(['suppressions', 'check', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('at least one match criterion');
  });
  it('exits 2 on a --within that is not a number of days (it used to crash with RangeError)', async () => {
    const r = await runCli(['suppressions', 'check', supp, '--within', 'abc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--within: expected a whole number of days from 0 to 36500, received "abc"');
  });
});

// `ossast merge` of logs from different tools: a secret one tool's secret rule found is masked in the other tools'
// runs too (each run is merged in its own worker, so this is done while the runs are written), at any place of the
// text (chunk boundaries included) and whatever characters the value holds; the log stays valid JSON.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';
import { runCli } from '../support/cli.js';
import { JsonTextMasker, maskValue } from '../../src/merge/secret-text.js';

const root = tempDir('ossast-mask-across-');

function log(tool: string, rule: object, results: object[]): string {
  return JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: tool, rules: [rule] } }, results }] });
}
function result(ruleId: string, line: number, snippet: string, context: string): object {
  return {
    ruleId,
    level: 'error',
    message: { text: `finding at line ${line}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: 'App/Mod/Actions/A.cs' }, region: { startLine: line, snippet: { text: snippet } }, contextRegion: { startLine: line - 1, snippet: { text: context } } } }],
  };
}

describe('ossast merge masks a found secret in every tool’s run', () => {
  // Plain, with JSON escapes (quote, backslash), and non-ASCII: the escaped form is what the text holds.
  const values = ['hunter2-live-Q9x7Zk3vP0', 'pa\\ss"w0rd-Zq81LmN', 'clé-secrète-Ω-4471xyz'];
  for (const [i, value] of values.entries()) {
    it(`value ${i + 1} of ${values.length}, in 3,000 contexts of another tool (chunk boundaries crossed)`, async () => {
      const dir = join(root, `v${i}`);
      const secretLine = `string apiKey = ${JSON.stringify(value)};`;
      // What the code holds between the quotes (escapes included): the text a secret rule reports and ossast masks.
      const literal = JSON.stringify(value).slice(1, -1);
      const a = log('SecretsTool', { id: 'secret.rule', properties: { tags: ['CWE-798: Use of Hard-coded Credentials'] } }, [result('secret.rule', 10, secretLine, secretLine)]);
      // Padding of every length mod 64 KiB shifts the value across the reader's chunk boundaries.
      const others = Array.from({ length: 3000 }, (_, n) => result('other.rule', 11 + n, `Call(x${'y'.repeat(n % 97)});`, `${'z'.repeat((n * 7) % 131)} ${secretLine}`));
      const b = log('OtherTool', { id: 'other.rule', properties: { tags: ['CWE-295'] } }, others);
      writeFileSync(join(root, `a${i}.sarif`), a);
      writeFileSync(join(root, `b${i}.sarif`), b);
      const out = join(dir, 'merged.sarif');
      const r = await runCli(['merge', join(root, `a${i}.sarif`), join(root, `b${i}.sarif`), '--output', out, '--source-root', root]);
      expect(r.code, r.stderr).toBe(0);
      const text = readFileSync(out, 'utf8');
      const merged = JSON.parse(text) as { runs: { tool: { driver: { name: string } }; results: { locations: { physicalLocation: { contextRegion: { snippet: { text: string } } } }[] }[] }[] };
      expect(text).not.toContain(JSON.stringify(literal).slice(1, -1));
      expect(JSON.stringify(merged)).not.toContain(JSON.stringify(literal).slice(1, -1));
      const other = merged.runs.find((run) => run.tool.driver.name === 'OtherTool')!;
      expect(other.results).toHaveLength(3000);
      for (const res of other.results) expect(res.locations[0]!.physicalLocation.contextRegion.snippet.text).toContain(`apiKey = "${maskValue(literal)}"`);
      // Without masking the value stays, so the check above can fail.
      const raw = join(dir, 'raw.sarif');
      expect((await runCli(['merge', join(root, `a${i}.sarif`), join(root, `b${i}.sarif`), '--output', raw, '--source-root', root, '--no-redact-secrets'])).code).toBe(0);
      expect(JSON.stringify(JSON.parse(readFileSync(raw, 'utf8')))).toContain(JSON.stringify(literal).slice(1, -1));
    }, 120_000);
  }

  it('the streaming masker finds a value cut at every position of a chunk boundary', () => {
    const value = 'sk_live_abcdef123456';
    const text = `{"a":"x ${value} y","b":"${value}"}`;
    const want = text.replaceAll(value, maskValue(value));
    for (let cut = 0; cut <= text.length; cut++) {
      const m = new JsonTextMasker([value]);
      expect(m.push(text.slice(0, cut)) + m.push(text.slice(cut)) + m.end()).toBe(want);
    }
  });
});

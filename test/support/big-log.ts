// A SARIF log of many results of a realistic shape (about 480 bytes each, from another tool: no ossast fingerprints),
// written result by result, for the tests that stop ossast mid-work on a big log.
import { createWriteStream } from 'node:fs';

export async function writeBigLog(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  const write = (t: string) => (out.write(t) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write('{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Big","rules":[{"id":"r0"},{"id":"r1"}]}},"results":[');
  for (let i = 0; i < n; i++) {
    const r = {
      ruleId: `r${i % 2}`,
      level: 'warning',
      message: { text: `Value flows from request parameter p${i % 97} into a sensitive sink in Action${i}.` },
      locations: [
        { physicalLocation: { artifactLocation: { uri: `App/Module${i % 12}/Actions/Action${i}.cs` }, region: { startLine: 10 + (i % 400), startColumn: 5, snippet: { text: `string sql${i} = "SELECT * FROM T WHERE C = '" + p + "'";` } } } },
      ],
    };
    await write((i ? ',' : '') + JSON.stringify(r));
  }
  await write(']}]}\n');
  await new Promise<void>((r) => out.end(r));
}

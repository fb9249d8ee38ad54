// Big SARIF logs of several shapes for the benches (read-sarif.ts, big-logs.ts), written result by result.
import { createWriteStream } from 'node:fs';

export type Shape = 'plain' | 'long-messages' | 'many-rules' | 'code-flows';
export const SHAPES: Record<Shape, { results: number; rules: number; result: (i: number) => unknown }> = {
  // About 480 bytes a result: 1,000,000 results make a log of about 480 MB.
  plain: { results: 1_000_000, rules: 40, result: (i) => plainResult(i) },
  // Messages of about 2 KB (a scanner that explains each finding at length).
  'long-messages': { results: 200_000, rules: 40, result: (i) => ({ ...plainResult(i), message: { text: `Tainted value ${i}: ${'the value flows from an untrusted request parameter through several helpers into a sink; '.repeat(22)}` } }) },
  // 20,000 rules with long help, 1,000,000 short results.
  'many-rules': {
    results: 1_000_000,
    rules: 20_000,
    result: (i) => ({
      ruleId: `r${i % 20_000}`,
      ruleIndex: i % 20_000,
      message: { text: `m${i % 1000}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: `M${i % 50}/F${i % 3000}.js` }, region: { startLine: 1 + (i % 900) } } }],
    }),
  },
  // A code flow of 6 steps a result.
  'code-flows': {
    results: 250_000,
    rules: 40,
    result: (i) => ({
      ...plainResult(i),
      codeFlows: [
        {
          threadFlows: [
            {
              locations: Array.from({ length: 6 }, (_, k) => ({
                location: {
                  physicalLocation: { artifactLocation: { uri: `App/Module${i % 12}/Actions/Action${(i + k) % 500}.cs` }, region: { startLine: 10 + k, startColumn: 3, endColumn: 40 } },
                  message: { text: `step ${k}: value assigned to v${k}` },
                },
              })),
            },
          ],
        },
      ],
    }),
  },
};

/** A scanner's result with a location, a snippet and a fingerprint of its own (rule ids `<rulePrefix><0..39>`). */
export function plainResult(i: number, rulePrefix = 'rule'): Record<string, unknown> {
  return {
    ruleId: `${rulePrefix}${i % 40}`,
    ruleIndex: i % 40,
    message: { text: `Value flows from request parameter p${i % 97} into a sensitive sink in Action${i % 500}.` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: `App/Module${i % 12}/Actions/Action${i % 500}.cs`, uriBaseId: '%SRCROOT%' },
          region: { startLine: 10 + (i % 400), startColumn: 5, endLine: 10 + (i % 400), endColumn: 60, snippet: { text: `string sql${i} = "SELECT * FROM T WHERE C = '" + p${i % 97} + "'";` } },
        },
      },
    ],
    fingerprints: { 'matchBasedId/v1': 'requires login' },
    properties: {},
  };
}

const rule = (i: number, long: boolean) => ({
  id: long ? `r${i}` : `rule${i}`,
  shortDescription: { text: `Rule ${i}` },
  fullDescription: { text: `Finds weakness ${i}` },
  help: { text: long ? `How to fix weakness ${i}. ${'Validate the input, encode the output, use the safe API. '.repeat(8)}` : `Fix ${i}.` },
  defaultConfiguration: { level: (['error', 'warning', 'note'] as const)[i % 3] },
  properties: { tags: [`CWE-${79 + (i % 400)}`, 'security'] },
});

/** Writes the log result by result (never one string of it all). */
export async function generate(shape: Shape, file: string, scale: number): Promise<void> {
  const s = SHAPES[shape];
  const out = createWriteStream(file);
  const write = (t: string) => (out.write(t) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  const rules = Array.from({ length: s.rules }, (_, i) => rule(i, shape === 'many-rules'));
  await write(
    `{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[{"tool":{"driver":{"name":"Bench","version":"1.0.0","rules":${JSON.stringify(rules)}}},"invocations":[{"executionSuccessful":true}],"results":[`,
  );
  const n = Math.round(s.results * scale);
  for (let i = 0; i < n; i++) await write((i ? ',' : '') + JSON.stringify(s.result(i)));
  await write(']}]}\n');
  await new Promise<void>((r) => out.end(r));
}

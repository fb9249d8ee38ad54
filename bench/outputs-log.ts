// A SARIF log of N small results (one run, 40 rules, 12 modules) for the output benchmarks, written compactly to a file.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** One small result, in the shape a foreign tool writes (no fingerprints, no suppressions). */
export function smallResult(i: number): object {
  return {
    ruleId: `bench.rule${i % 40}`,
    level: (['error', 'warning', 'note'] as const)[i % 3],
    message: { text: `finding ${i}` },
    locations: [{ physicalLocation: { artifactLocation: { uri: `App/Module${i % 12}/Actions/Action${i % 5000}.cs` }, region: { startLine: 1 + (i % 997) } } }],
  };
}

/** Streams the log to `file` (never one string), result by result; `tool` names the driver and its rules, `result` makes the i-th result. */
export async function writeBigLog(file: string, n: number, opts: { tool?: object; result?: (i: number) => object } = {}): Promise<void> {
  const out = createWriteStream(file);
  const rules = Array.from({ length: 40 }, (_, i) => ({ id: `bench.rule${i}`, properties: { tags: [`CWE-${79 + i}`, 'security'] } }));
  const result = opts.result ?? smallResult;
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(`{"version":"2.1.0","runs":[{"tool":${JSON.stringify(opts.tool ?? { driver: { name: 'BenchTool', rules } })},"invocations":[{"executionSuccessful":true}],"results":[`);
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += (i ? ',' : '') + JSON.stringify(result(i));
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk + ']}]}\n');
  out.end();
  await once(out, 'finish');
}

// Validation of tools' SARIF: a run of many results is checked by zod's compiled schema, a short one by its parser; both
// refuse the same inputs with the same message.
import { describe, expect, it } from 'vitest';
import { parseSarif } from '../../src/model/sarif.js';

const ok = (i: number) => ({
  ruleId: `R${i % 3}`,
  level: 'warning',
  message: { text: `m${i}` },
  locations: [{ physicalLocation: { artifactLocation: { uri: `A/M/f${i}.cs` }, region: { startLine: i + 1, snippet: { text: 'x' } } } }],
  properties: { extra: [i] },
  unknownKey: { kept: true },
});
const log = (results: unknown[]) => JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, results }] });
const broken: [what: string, change: (r: ReturnType<typeof ok>) => void, message: string][] = [
  ['a fractional line', (r) => void (r.locations[0]!.physicalLocation.region.startLine = 1.5), 'locations.0.physicalLocation.region.startLine: Invalid input: expected int, received number'],
  ['an unknown level', (r) => void (r.level = 'fatal'), 'level: Invalid option: expected one of "none"|"note"|"warning"|"error"'],
  ['a message that is a string', (r) => void ((r as { message: unknown }).message = 'text'), 'message: Invalid input: expected object, received string'],
];

describe('parseSarif on results', () => {
  for (const n of [10, 5000]) {
    it(`keeps every field of ${n} valid results, unknown ones too, as the same objects`, () => {
      const parsed = parseSarif(log(Array.from({ length: n }, (_, i) => ok(i))), 'x.sarif');
      expect(parsed.runs[0]!.results).toHaveLength(n);
      expect(parsed.runs[0]!.results[n - 1]).toEqual(ok(n - 1));
    });
    for (const [what, change, message] of broken) {
      it(`refuses ${what} in result ${n - 2} of ${n}, naming the field`, () => {
        const results = Array.from({ length: n }, (_, i) => ok(i));
        change(results[n - 2]!);
        expect(() => parseSarif(log(results), 'x.sarif')).toThrow(`x.sarif is not a valid SARIF 2.1.0 log: runs.0.results.${n - 2}.${message}`);
      });
    }
  }
});

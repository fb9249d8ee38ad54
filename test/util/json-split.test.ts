// The SARIF splitter gives what JSON.parse gives for any way the bytes are cut into chunks, and refuses what it refuses.
import { describe, expect, it } from 'vitest';
import { SarifSplitter, JsonSyntaxError } from '../../src/util/json-split.js';

/** Feeds `text` in chunks of `size` bytes (a multi-byte character may be cut in two). */
function split(text: string, size: number): unknown {
  const bytes = Buffer.from(text, 'utf8');
  const s = new SarifSplitter('t.sarif');
  for (let i = 0; i < bytes.length; i += size) s.feed(bytes.subarray(i, i + size));
  return s.finish();
}

const result = (i: number) => ({
  ruleId: `r${i}`,
  message: { text: `"q" \\ é \u{1F600} \n ${'x'.repeat(i % 5)}` },
  locations: [{ physicalLocation: { region: { startLine: i, startColumn: -1.5e3 } } }],
  properties: { a: [[[], {}], null, true] },
});

const VALID: Record<string, string> = {
  plain: JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, results: Array.from({ length: 30 }, (_, i) => result(i)) }] }),
  pretty: JSON.stringify({ runs: [{ results: [result(1), result(2)] }, { results: [] }, { results: [result(3)] }] }, null, 2),
  'escaped keys': '{"\\u0072uns":[{"re\\u0073ults":[{"ruleId":"a"},{"ruleId":"b"}]}]}',
  'duplicate results key': '{"runs":[{"results":[{"ruleId":"old"}],"x":1,"results":[{"ruleId":"new"}]}]}',
  'duplicate runs key': '{"runs":[{"results":[{"ruleId":"old"}]}],"runs":[{"results":[{"ruleId":"new"}]}]}',
  'results not an array': '{"runs":[{"results":{"a":[1,2]}},{"results":null},{"results":[1,"2",[3],{"4":4}]}]}',
  'runs not an array': '{"runs":{"results":[{"a":1}]},"x":{"runs":[{"results":[5]}]}}',
  'results deeper down': '{"runs":[{"tool":{"results":[1,2]},"results":[{"results":[3]}]}],"results":[4]}',
  'empty results with blanks': '{ "runs" : [ { "results" : [ \n\t ] } ] }',
  'proto key': '{"runs":[{"results":[{"__proto__":{"polluted":true},"ruleId":"a"}]}],"__proto__":{"p":1}}',
  'not an object': '[{"runs":[{"results":[1]}]}]',
  'a string': '"runs"',
  'long key': `{"${'k'.repeat(600)}":1,"runs":[{"${'r'.repeat(700)}":[1],"results":[{"a":"${'\\"'.repeat(300)}"}]}]}`,
};

const INVALID: Record<string, string> = {
  'trailing comma in results': '{"runs":[{"results":[{"a":1},]}]}',
  'leading comma in results': '{"runs":[{"results":[,{"a":1}]}]}',
  'double comma in results': '{"runs":[{"results":[{"a":1},,{"a":2}]}]}',
  'cut short in a result': '{"runs":[{"results":[{"a":"x',
  'cut short after results': '{"runs":[{"results":[{"a":1}]',
  'trailing text': '{"runs":[]} x',
  'stray brace': '{"version":"2.1.0","runs":[}',
  'bad result': '{"runs":[{"results":[{"a":tru}]}]}',
  'two values': '{"runs":[]}{"runs":[]}',
  empty: '',
};

describe('SarifSplitter', () => {
  for (const [name, text] of Object.entries(VALID)) {
    it(`gives what JSON.parse gives: ${name}, whatever the chunks`, () => {
      const expected: unknown = JSON.parse(text);
      for (const size of [1, 2, 3, 7, 64, 1 << 20]) expect(split(text, size)).toEqual(expected);
      const got = split(text, 5);
      // Same keys in the same order, "__proto__" an own key, no prototype touched.
      expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    });
  }

  for (const [name, text] of Object.entries(INVALID)) {
    it(`refuses what JSON.parse refuses: ${name}`, () => {
      expect(() => JSON.parse(text)).toThrow();
      for (const size of [1, 3, 1 << 20]) expect(() => split(text, size)).toThrow(JsonSyntaxError);
    });
  }

  it('refuses nesting deeper than 64 inside a result and outside, at the byte where it goes too deep', () => {
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    expect(() => split(`{"runs":[{"results":[${deep(61)}]}]}`, 3)).toThrow(/more than 64 deep \(at byte 82\)/);
    expect(() => split(`{"x":${deep(64)}}`, 3)).toThrow(/more than 64 deep/);
    expect(split(`{"runs":[{"results":[${deep(60)}]}]}`, 3)).toEqual(JSON.parse(`{"runs":[{"results":[${deep(60)}]}]}`));
  });
});

// Output size stays in proportion to input size: JSON nested deeper than MAX_JSON_DEPTH is refused where it is read
// (naming the file and the limit), and what is accepted is written with indentation only down to MAX_INDENT_LEVELS.
// Generated shapes (chains of arrays, of objects, of both; wide arrays, escaped strings) at generated depths, through
// every command that reads a SARIF log and writes one (gate --output, merge --output, scan with a command scanner).
import { describe, expect, it } from 'vitest';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir, writeScript, writeTree } from '../support/tmp.js';
import { MAX_JSON_DEPTH } from '../../src/util/json-depth.js';

const base = tempDir();
let n = 0;

/** JSON text nesting `depth` levels of `kind` around `leaf`. */
function nest(kind: 'array' | 'object' | 'mixed', depth: number, leaf: string): string {
  const open = { array: '[', object: '{"k":', mixed: '[{"k":' }[kind];
  const close = { array: ']', object: '}', mixed: '}]' }[kind];
  const levels = kind === 'mixed' ? Math.floor(depth / 2) : depth;
  return open.repeat(levels) + leaf + close.repeat(levels);
}

const LEAVES: Record<string, string> = {
  number: '0',
  wide: `[${Array(200).fill('0').join(',')}]`,
  string: JSON.stringify('\u0001"\\'.repeat(100)),
  'many keys': `{${Array.from({ length: 100 }, (_, i) => `"k${i}":1`).join(',')}}`,
};

/**
 * A SARIF log whose result property bag holds `copies` copies of a nested value: the log itself nests 6 levels before
 * the bag (log, runs, run, results, result, properties), so the value may nest MAX_JSON_DEPTH - 6 - 1.
 */
function sarifWith(value: string, copies = 1): string {
  const bag = `{"deep":[${Array(copies).fill(value).join(',')}]}`;
  return `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"T","rules":[{"id":"r"}]}},"results":[{"ruleId":"r","level":"note","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"Mod/a.cs"},"region":{"startLine":1}}}],"properties":${bag}}]}]}`;
}

function file(text: string): { dir: string; path: string; bytes: number } {
  const dir = join(base, `n${++n}`);
  writeTree(dir, { 'Mod/a.cs': 'class A { }\n' });
  const path = join(dir, 'in.sarif');
  writeFileSync(path, text);
  return { dir, path, bytes: Buffer.byteLength(text) };
}

/** How many times the input's size the output may be (the output adds a constant header, negligible at 20 KB and more). */
const K = 30;
const COMMANDS: [string, (dir: string) => string[], string][] = [
  ['gate --output', () => ['gate', 'in.sarif', '--fail-on', 'none', '--output', 'out.sarif'], 'out.sarif'],
  ['merge --output', () => ['merge', 'in.sarif', '--output', 'out.sarif'], 'out.sarif'],
];

describe(`accepted nesting (up to ${MAX_JSON_DEPTH}) is written in proportion: output bytes <= ${K} x input bytes`, () => {
  const allowed = MAX_JSON_DEPTH - 8;
  for (const [cmd, args, output] of COMMANDS) {
    for (const kind of ['array', 'object', 'mixed'] as const) {
      for (const depth of [4, 24, allowed]) {
        for (const [leafName, leaf] of Object.entries(LEAVES)) {
          it(`${cmd}: ${kind} ${depth} deep around ${leafName}`, async () => {
            const value = nest(kind, depth, leaf);
            const copies = Math.max(1, Math.ceil(20_000 / value.length));
            const f = file(sarifWith(value, copies));
            const r = await runCli(args(f.dir), { cwd: f.dir });
            expect(r.stderr).not.toContain('nests arrays and objects');
            expect([0, 1]).toContain(r.code);
            const out = statSync(join(f.dir, output)).size;
            expect(out).toBeLessThanOrEqual(K * f.bytes);
          });
        }
      }
    }
  }
});

describe(`nesting deeper than ${MAX_JSON_DEPTH} is refused where it is read, naming the file and the limit`, () => {
  for (const [cmd, args, output] of COMMANDS) {
    for (const kind of ['array', 'object', 'mixed'] as const) {
      for (const depth of [MAX_JSON_DEPTH, 1_000, 10_000]) {
        // A log given on the command line is the user's input (exit 2, as any invalid log there); a scanner's, exit 3 (below).
        it(`${cmd}: ${kind} ${depth} deep (exit 2, nothing written)`, async () => {
          const f = file(sarifWith(nest(kind, depth, '0')));
          const r = await runCli(args(f.dir), { cwd: f.dir });
          expect(r.code).toBe(2);
          expect(r.stderr).toContain(`nests arrays and objects more than ${MAX_JSON_DEPTH} deep`);
          expect(r.stderr).toContain('in.sarif');
          expect(() => statSync(join(f.dir, output))).toThrow();
        });
      }
    }
  }

  it('inside strings, brackets do not count (a string of 100,000 "[" is read)', async () => {
    const f = file(sarifWith(JSON.stringify('['.repeat(100_000))));
    const r = await runCli(['gate', 'in.sarif', '--fail-on', 'none', '--output', 'out.sarif'], { cwd: f.dir });
    expect(r.code).toBe(0);
    expect(statSync(join(f.dir, 'out.sarif')).size).toBeLessThanOrEqual(K * f.bytes);
  });

  it('a scanner whose log nests too deep fails its target (exit 3), and the reports stay small', async () => {
    const f = file(sarifWith(nest('array', 10_000, '0')));
    const tool = writeScript(f.dir, 'deep.sh', `cp "${f.path}" "$2"`);
    writeFileSync(join(f.dir, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: deep\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n`);
    const r = await runCli(['scan', 'Mod', '--config', 'ossast.yml', '--out', 'out', '--format', 'sarif,manifest'], { cwd: f.dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`nests arrays and objects more than ${MAX_JSON_DEPTH} deep`);
    expect(statSync(join(f.dir, 'out', 'results.sarif')).size).toBeLessThan(1024 ** 2);
  });
});

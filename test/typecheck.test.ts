// Types of the tests: tsc checks test/ with the code it exercises (tsconfig.test.json), so test data cannot drift from the schemas.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { execa } from 'execa';

const root = join(import.meta.dirname, '..');
// With the Node.js running the tests: the `node` on PATH may be one ossast does not support.
const TSC = join(root, 'node_modules/typescript/bin/tsc');

describe('tsc -p tsconfig.test.json', () => {
  it('finds no type error in src, the tests and their fixtures', { timeout: 180_000 }, async () => {
    const r = await execa(process.execPath, [TSC, '-p', 'tsconfig.test.json', '--pretty', 'false'], { cwd: root, reject: false, all: true });
    const errors = r.all.split('\n').filter((line) => /\berror TS\d+:/.test(line));
    expect({ exitCode: r.exitCode, errors }, `${r.all}\nSee them with \`npm run typecheck\`.`).toEqual({ exitCode: 0, errors: [] });
  });
});

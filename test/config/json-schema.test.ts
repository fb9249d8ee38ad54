import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configJsonSchema } from '../../src/config/json-schema.js';
import { suppressionsJsonSchema } from '../../src/suppress/json-schema.js';
import { manifestJsonSchema } from '../../src/model/manifest.js';
import { allowListJsonSchema } from '../../src/exposure/json-schema.js';

const file = join(import.meta.dirname, '../../config/ossast.schema.json');

describe('config/ossast.schema.json', () => {
  it('is up to date with the zod schema (run with UPDATE_SCHEMAS=1 to regenerate)', () => {
    const generated = configJsonSchema();
    if (process.env.UPDATE_SCHEMAS === '1') writeFileSync(file, generated);
    expect(readFileSync(file, 'utf8')).toBe(generated);
  });
  it('describes the fields users write', () => {
    const schema = JSON.parse(configJsonSchema());
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['version', 'lifetime', 'sources', 'scanners', 'suppressions', 'gate', 'output']));
    expect(schema.required).toEqual(['version']);
  });
});

describe.each([
  ['allow-list.schema.json', allowListJsonSchema],
  ['suppressions.schema.json', suppressionsJsonSchema],
  ['manifest.schema.json', manifestJsonSchema],
])('config/%s', (name, generate) => {
  const path = join(import.meta.dirname, '../../config', name);
  it('is up to date with its zod schema (UPDATE_SCHEMAS=1 regenerates)', () => {
    const generated = generate();
    if (process.env.UPDATE_SCHEMAS === '1') writeFileSync(path, generated);
    expect(readFileSync(path, 'utf8')).toBe(generated);
  });
});

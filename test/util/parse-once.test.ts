// PARSE_ONCE (zod's generic path instead of its compiled parser) must give what the compiled parser gives: the same
// values in the same key order, and the same issues for invalid input.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configSchema } from '../../src/config/schema.js';
import { buildManifest } from '../../src/report/manifest.js';
import { manifestSchema } from '../../src/model/manifest.js';
import { PARSE_ONCE } from '../../src/util/parse-once.js';
import { reportInput, accepted } from '../support/report-input.js';

const repo = join(import.meta.dirname, '../..');
const both = (schema: { safeParse: (v: unknown, p?: typeof PARSE_ONCE) => unknown }, value: unknown) => [JSON.stringify(schema.safeParse(value)), JSON.stringify(schema.safeParse(value, PARSE_ONCE))];

describe('parsing once without zod\'s compiled parser', () => {
  it('gives the same config, defaults and key order included, for the examples and the empty config', () => {
    for (const file of ['ossast.example.yml', 'local-scan.example.yml']) {
      const [compiled, generic] = both(configSchema, parse(readFileSync(join(repo, 'config', file), 'utf8')));
      expect(compiled, file).toContain('"success":true');
      expect(generic, file).toBe(compiled);
    }
    const [compiled, generic] = both(configSchema, { version: 1 });
    expect(generic).toBe(compiled);
  });

  it('gives the same issues for an invalid config', () => {
    const bad = { version: 1, gate: { failOn: 'loud', extra: 1 }, scanners: [{ type: 'semgrep', rules: 'x' }], lifetime: { url: 'ftp://x' } };
    const [compiled, generic] = both(configSchema, bad);
    expect(compiled).toContain('"success":false');
    expect(generic).toBe(compiled);
  });

  it('gives the manifest the compiled parser gives', () => {
    const m = buildManifest(
      reportInput([
        { rule: 'x.sql', path: 'Shop/Core/Actions/ActionFind.cs', line: 12, level: 'error', message: 'SQL' },
        { rule: 'x.eval', path: 'Shop/Core/scripts/OutSystems/rt.js', line: 3, level: 'error', suppressions: accepted },
      ]),
    );
    expect(JSON.stringify(manifestSchema.parse(m))).toBe(JSON.stringify(m));
    expect(JSON.stringify(manifestSchema.safeParse({ ...m, gate: { ...m.gate, exitCode: 'x' } }, PARSE_ONCE))).toBe(JSON.stringify(manifestSchema.safeParse({ ...m, gate: { ...m.gate, exitCode: 'x' } })));
  });
});

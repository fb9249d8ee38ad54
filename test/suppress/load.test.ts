import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSuppressionFile, loadSuppressionFiles, builtinSuppressionsFile } from '../../src/suppress/load.js';
import { ConfigError } from '../../src/util/errors.js';
import { tempDir } from '../support/tmp.js';

const invalidDir = join(import.meta.dirname, 'invalid');

describe('invalid suppression files', () => {
  const files = readdirSync(invalidDir).filter((f) => f.endsWith('.yml'));
  it.each(files)('%s fails with its exact message and line', (f) => {
    const text = readFileSync(join(invalidDir, f), 'utf8');
    const expected = /^# expect: (.*)$/m.exec(text)?.[1];
    expect(expected).toBeTruthy();
    let caught: unknown;
    try {
      parseSuppressionFile(text, f);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).message).toContain(expected);
  });
});

describe('loading', () => {
  const dir = tempDir();
  it('reads the built-in list first, with file hashes and entry lines', async () => {
    const mine = join(dir, 'team.yml');
    writeFileSync(mine, 'version: 1\nsuppressions:\n  - id: team-1\n    match: { ruleId: "custom.*" }\n    justification: reviewed by the team in SEC-1\n    owner: alice\n    expires: 2027-01-31\n    ticket: SEC-1\n');
    const set = await loadSuppressionFiles([mine], { builtin: true });
    expect(set.files.map((f) => f.builtin)).toEqual([true, false]);
    expect(set.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    const team = set.entries.find((e) => e.id === 'team-1');
    expect(team).toMatchObject({ file: mine, line: 3, expires: '2027-01-31', owner: 'alice', ticket: 'SEC-1' });
  });
  it('refuses two entries with the same id', async () => {
    const a = join(dir, 'a.yml');
    writeFileSync(a, 'version: 1\nsuppressions:\n  - id: os-platform-js-eval\n    match: { cwe: [95] }\n    justification: same id as a built-in entry\n');
    await expect(loadSuppressionFiles([a], { builtin: true })).rejects.toThrow(`${a}:3: suppression id "os-platform-js-eval" is already used`);
  });
  it('names a missing file', async () => {
    await expect(loadSuppressionFiles([join(dir, 'nope.yml')], { builtin: false })).rejects.toThrow(`suppression file ${join(dir, 'nope.yml')} not found`);
  });
});

describe('the built-in list', () => {
  const entries = parseSuppressionFile(readFileSync(builtinSuppressionsFile(), 'utf8'), 'builtin');
  it('covers every false-positive category of DOMAIN.md §3 plus the EncodeSql exception', () => {
    expect(entries.map((e) => e.id).sort()).toEqual([
      'os-cordova-inappbrowser-test-page',
      'os-osjs-jquery-xss',
      'os-platform-bundled-jquery',
      'os-platform-db-connector-password',
      'os-platform-dialogs',
      'os-platform-encodesql-concatenation',
      'os-platform-js-eval',
      'os-platform-runtime-weak-crypto',
      'os-shred-bundle-postmessage',
    ]);
  });
  it('matches every entry by category AND by location, never by path alone', () => {
    for (const e of entries) {
      expect(e.match.cwe?.length, e.id).toBeGreaterThan(0);
      expect(Boolean(e.match.paths?.length) || e.match.platformOwned === true, e.id).toBe(true);
    }
  });
});

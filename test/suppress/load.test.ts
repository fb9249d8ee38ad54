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
    writeFileSync(
      mine,
      'version: 1\nsuppressions:\n  - id: team-1\n    match: { ruleId: "custom.*" }\n    justification: reviewed by the team in SEC-1, custom rules flag generated wrappers\n    owner: alice\n    expires: 2027-01-31\n    ticket: SEC-1\n',
    );
    const set = await loadSuppressionFiles([mine], { builtin: true });
    expect(set.files.map((f) => f.builtin)).toEqual([true, false]);
    expect(set.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    const team = set.entries.find((e) => e.id === 'team-1');
    expect(team).toMatchObject({ file: mine, line: 3, expires: '2027-01-31', owner: 'alice', ticket: 'SEC-1' });
  });
  it('refuses two entries with the same id', async () => {
    const a = join(dir, 'a.yml');
    writeFileSync(a, 'version: 1\nsuppressions:\n  - id: os-platform-js-eval\n    match: { cwe: [95] }\n    justification: same id as a built-in entry, which loading refuses\n    owner: appsec@example.com\n');
    await expect(loadSuppressionFiles([a], { builtin: true })).rejects.toThrow(`${a}:3: suppression id "os-platform-js-eval" is already used`);
  });
  it('refuses two entries with the same id in one file', async () => {
    const a = join(dir, 'twice.yml');
    writeFileSync(
      a,
      'version: 1\nsuppressions:\n  - id: same\n    match: { cwe: [95] }\n    justification: the first entry of the two sharing an id\n    owner: appsec@example.com\n  - id: same\n    match: { cwe: [79] }\n    justification: the second entry of the two sharing an id\n    owner: appsec@example.com\n',
    );
    await expect(loadSuppressionFiles([a], { builtin: false })).rejects.toThrow(`${a}:7: suppression id "same" is already used in ${a}`);
  });
  it('refuses a file over 1 MiB, naming the limit', async () => {
    const big = join(dir, 'big.yml');
    writeFileSync(big, `version: 1\nsuppressions: []\n# ${'x'.repeat(1024 * 1024)}\n`);
    await expect(loadSuppressionFiles([big], { builtin: false })).rejects.toThrow(`${big}: the file is 1048607 bytes; ossast reads YAML files of at most 1 MiB (1048576 bytes)`);
  });
  it('accepts real leap days and refuses days the calendar does not have', () => {
    const text = (d: string) => `version: 1\nsuppressions:\n  - id: d\n    match: { ruleId: "x.*" }\n    justification: accepted until the given day while the rewrite lands\n    owner: appsec@example.com\n    expires: ${d}\n`;
    expect(parseSuppressionFile(text('2024-02-29'), 'f.yml')[0]?.expires).toBe('2024-02-29');
    expect(parseSuppressionFile(text('2000-02-29'), 'f.yml')[0]?.expires).toBe('2000-02-29');
    expect(() => parseSuppressionFile(text('1900-02-29'), 'f.yml')).toThrow('f.yml:7: suppressions.0.expires: no such date: February 1900 has 28 days');
    expect(() => parseSuppressionFile(text('2027-00-10'), 'f.yml')).toThrow('f.yml:7: suppressions.0.expires: no such date: there is no month 00');
    expect(() => parseSuppressionFile(text('2027-06-00'), 'f.yml')).toThrow('f.yml:7: suppressions.0.expires: no such date: June 2027 has 30 days');
  });
  it('names a missing file', async () => {
    await expect(loadSuppressionFiles([join(dir, 'nope.yml')], { builtin: false })).rejects.toThrow(`suppression file ${join(dir, 'nope.yml')} not found`);
  });
});

describe('the built-in list', () => {
  const entries = parseSuppressionFile(readFileSync(builtinSuppressionsFile(), 'utf8'), 'builtin');
  it('covers every false positive OutSystems documents, bundled libraries, EncodeSql in platform code, and vendor code', () => {
    expect(entries.map((e) => e.id).sort()).toEqual([
      'os-cordova-inappbrowser-test-page',
      'os-osjs-jquery-xss',
      'os-platform-db-connector-password',
      'os-platform-dialogs',
      'os-platform-jquery-1.8.3',
      'os-platform-js-eval',
      'os-runtimecommon-weak-crypto',
      'os-shred-bundle-postmessage',
      'os-vendor-code',
      'os-vendor-encodesql-concatenation',
      'os-vendor-jquery-ui-1.8.24',
    ]);
  });
  it('requires the platform-ownership verdict in every entry (never a path alone); only the vendor-code catch-all matches every category, and says it is broad', () => {
    for (const e of entries) {
      expect(e.match.platformOwned, e.id).toBe(true);
      if (e.id !== 'os-vendor-code') expect(e.match.cwe?.length, e.id).toBeGreaterThan(0);
      expect(Boolean(e.broad), e.id).toBe(e.id === 'os-vendor-code');
    }
    expect(entries.at(-1)!.id, 'the catch-all comes last, so documented false positives are named first').toBe('os-vendor-code');
  });
  it('states something true: documented false positives cite the OutSystems article, vendor code says who can fix it', () => {
    for (const e of entries) {
      expect(e.category, e.id).toMatch(/^(platform-false-positive|vendor-code)$/);
      if (e.category === 'platform-false-positive') expect(e.reference, e.id).toMatch(/^https:\/\/success\.outsystems\.com\/Support\/Security\//);
      else expect(e.justification, e.id).toMatch(/^Vendor code: not changeable by the application team; report to OutSystems\./);
      // "Not used for security" is OutSystems' statement about OutSystems.RuntimeCommon only.
      if (/not used for (security|cryptographic)/i.test(e.justification)) expect(e.match.paths, e.id).toEqual(['**/OutSystems.RuntimeCommon/**']);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { tempDir } from '../support/tmp.js';
import { loadAllowLists, parseAllowListFile, allowMatcher, splitExpired, BUILTIN_ALLOW_DISPLAY } from '../../src/exposure/allow-list.js';
import { ConfigError } from '../../src/util/errors.js';

const dir = tempDir();
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('built-in allow-list', () => {
  it('holds the five platform endpoints, each with its reason', async () => {
    const list = await loadAllowLists([], { builtin: true });
    expect(list.entries.map((e) => e.endpoint).sort()).toEqual(['LifeTimeServices.DeploymentManagementService', 'NativeAppBuilder.Download', 'OutSystemsNowService.OutSystemsExpected', 'SecurityUtils.Report', 'lifetimeapi.v1'].sort());
    for (const e of list.entries) {
      expect(e.file).toBe(BUILTIN_ALLOW_DISPLAY);
      expect(e.justification).toMatch(/public by design/i);
    }
    expect(list.entries.find((e) => e.endpoint === 'SecurityUtils.Report')?.justification).toMatch(/Content-Security-Policy/);
  });
  it('is left out with builtin: false', async () => {
    expect((await loadAllowLists([], { builtin: false })).entries).toEqual([]);
  });
});

describe('allow-list files', () => {
  it('name the file, line and field of every problem', () => {
    const text = [
      'version: 1',
      'allow:',
      '  - id: a',
      '    endpoint: Orders.API',
      '    justification: short',
      '    owner: team',
      '  - id: b c',
      '    endpoint: Orders/API',
      '    justification: long enough text here',
      '    colour: red',
    ].join('\n');
    expect(message(() => parseAllowListFile(text, 'my.yml'))).toBe(
      [
        'invalid allow-list file:',
        '  my.yml:5: allow.0.justification: a justification of at least 10 characters (auditors read it) (received "short")',
        '  my.yml:7: allow.1.id: letters, digits, dot, dash and underscore only (received "b c")',
        '  my.yml:8: allow.1.endpoint: a glob on <Module>.<Interface> (e.g. "Orders.OrdersAPI" or "Orders.*"), without spaces or slashes (received "Orders/API")',
        '  my.yml:7: allow.1.owner: required field is missing (expected string)',
        '  my.yml:10: allow.1: unknown field "colour" (check the spelling; see config/allow-list.schema.json)',
      ].join('\n'),
    );
  });
  it('refuses a date that does not exist and a wrong version', () => {
    const text = 'version: 2\nallow:\n  - {id: a, endpoint: X.Y, justification: long enough text, owner: me, expires: 2025-02-30}\n';
    const m = message(() => parseAllowListFile(text, 'f.yml'));
    expect(m).toContain('f.yml:1: version: expected one of 1, received 2');
    expect(m).toContain('f.yml:3: allow.0.expires: no such date: February 2025 has 28 days (a date written YYYY-MM-DD)');
  });
  it('refuses duplicate ids, naming both places', async () => {
    const a = write('a.yml', 'version: 1\nallow:\n  - {id: same, endpoint: A.B, justification: long enough text, owner: me}\n');
    const b = write('b.yml', 'version: 1\nallow:\n  - {id: x, endpoint: A.C, justification: long enough text, owner: me}\n  - {id: same, endpoint: A.D, justification: long enough text, owner: me}\n');
    await expect(loadAllowLists([a, b], { builtin: false })).rejects.toThrow(`${b}:4: allow-list id "same" is already used in ${a}:3`);
  });
  it('refuses a missing file with the flag to fix', async () => {
    await expect(loadAllowLists([join(dir, 'nope.yml')], { builtin: false })).rejects.toThrow(/allow-list file .*nope\.yml not found/);
  });
  it('refuses an alias bomb before building data', () => {
    const bomb = [
      'version: 1',
      'a: &a [x,x,x,x,x,x,x,x,x,x]',
      ...Array.from(
        { length: 7 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ),
      'allow: []',
    ].join('\n');
    expect(message(() => parseAllowListFile(bomb, 'bomb.yml'))).toMatch(/bomb\.yml.*alias/i);
  });
});

describe('matching and expiry', () => {
  const entry = (endpoint: string) => ({ id: 'x', endpoint, justification: 'long enough text', owner: 'me' });
  it('globs on <Module>.<Interface>: "*" stays within a part', () => {
    expect(allowMatcher(entry('Orders.*'))('Orders.OrdersAPI')).toBe(true);
    expect(allowMatcher(entry('Orders.*'))('Orders.MainFlow.Home.GetData')).toBe(false);
    expect(allowMatcher(entry('Orders.**'))('Orders.MainFlow.Home.GetData')).toBe(true);
    expect(allowMatcher(entry('Orders.OrdersAPI'))('orders.OrdersAPI')).toBe(false);
    expect(allowMatcher(entry('*.Report'))('SecurityUtils.Report')).toBe(true);
    expect(allowMatcher(entry('Orders.Get?rder'))('Orders.GetOrder')).toBe(true);
    // The same glob syntax as suppression paths (classes, braces); regex syntax is literal.
    expect(allowMatcher(entry('Orders.[A-Z]*'))('Orders.OrdersAPI')).toBe(true);
    expect(allowMatcher(entry('Orders.(a|b)'))('Orders.(a|b)')).toBe(true);
    expect(allowMatcher(entry('Orders.{A,B}'))('Orders.A')).toBe(true);
  });
  it('matches in linear time: a hostile glob cannot stall the run (a backtracking engine would not finish within the test timeout)', () => {
    expect(allowMatcher(entry(`${'*a'.repeat(40)}b`))('a'.repeat(5000))).toBe(false);
  });
  it('expired entries (after their last day, UTC) allow nothing', () => {
    const list = {
      files: [],
      entries: [
        { ...entry('A.B'), id: 'old', expires: '2026-01-31', file: 'f' },
        { ...entry('A.C'), id: 'today', expires: '2026-02-01', file: 'f' },
      ],
    };
    const { active, expired } = splitExpired(list, new Date('2026-02-01T23:00:00Z'));
    expect(active.map((e) => e.id)).toEqual(['today']);
    expect(expired.map((e) => e.id)).toEqual(['old']);
  });
});

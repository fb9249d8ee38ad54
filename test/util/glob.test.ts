// Globs as RE2 patterns: the usual glob meanings, linear time on hostile patterns.
import { describe, expect, it } from 'vitest';
import { globMatcher } from '../../src/util/glob.js';

const paths = (glob: string) => globMatcher([glob], { separator: '/' });

describe('globMatcher (paths)', () => {
  const cases: [string, string, boolean][] = [
    ['**/_osjs.js', '_osjs.js', true],
    ['**/_osjs.js', 'App/Mod/_osjs.js', true],
    ['**/_osjs.js', 'App/Mod/x_osjs.js', false],
    ['**/scripts/OutSystems/**', 'App/Mod/scripts/OutSystems/a/b.js', true],
    ['**/scripts/OutSystems/**', 'App/Mod/scripts/OutSystems', true],
    ['**/scripts/OutSystems/**', 'App/Mod/scripts/OutSystemsX/a.js', false],
    ['Shop/*.cs', 'Shop/a.cs', true],
    ['Shop/*.cs', 'Shop/x/a.cs', false],
    ['Shop/?.cs', 'Shop/a.cs', true],
    ['**/plugins/cordova-*/**', 'M/plugins/cordova-plugin-x/www/a.js', true],
    ['**/*.{js,ts}', 'a/b.ts', true],
    ['**/*.{js,ts}', 'a/b.cs', false],
    ['**/[ab].js', 'x/a.js', true],
    ['**/[!ab].js', 'x/a.js', false],
    ['**/[!ab].js', 'x/c.js', true],
    ['a+b(c)/x.js', 'a+b(c)/x.js', true],
    ['**/.hidden/*', 'x/.hidden/y', true],
  ];
  it.each(cases)('%s ~ %s: %s', (glob, path, expected) => {
    expect(paths(glob)(path)).toBe(expected);
  });

  it('is case-sensitive unless nocase', () => {
    expect(paths('Semgrep*')('semgrep OSS')).toBe(false);
    expect(globMatcher(['Semgrep*'], { separator: '/', nocase: true })('semgrep OSS')).toBe(true);
  });

  it('answers a hostile pattern on a long failing text (a backtracking glob engine would not finish within the test timeout)', () => {
    expect(paths(`${'*a'.repeat(30)}*b`)('a'.repeat(5000))).toBe(false);
  });
});

describe('globMatcher (names with "." between parts)', () => {
  const names = (glob: string) => globMatcher([glob], { separator: '.' });
  it('keeps * within one part and ** across parts', () => {
    expect(names('CustomerPortal.*')('CustomerPortal.CustomerService')).toBe(true);
    expect(names('CustomerPortal.*')('CustomerPortal.MainFlow.Orders.GetOrders')).toBe(false);
    expect(names('CustomerPortal.**')('CustomerPortal.MainFlow.Orders.GetOrders')).toBe(true);
  });
});

describe('globMatcher (many globs, joined into few patterns)', () => {
  const many = Array.from({ length: 150 }, (_, i) => `Mod${i}/**/*.cs`);
  it('matches any glob of a long list, each anchored on its own, case as asked', () => {
    const m = globMatcher(many, { separator: '/' });
    for (const i of [0, 63, 64, 127, 128, 149]) expect(m(`Mod${i}/a/b.cs`)).toBe(true);
    expect(m('Mod150/a/b.cs')).toBe(false);
    expect(m('x/Mod1/a/b.cs')).toBe(false);
    expect(m('Mod1/a/b.cs.bak')).toBe(false);
    expect(m('mod1/a/b.cs')).toBe(false);
    expect(globMatcher(many, { separator: '/', nocase: true })('MOD149/A/B.CS')).toBe(true);
  });
});

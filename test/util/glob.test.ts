// Globs as RE2 patterns: the usual glob meanings, linear time on hostile patterns.
import { describe, expect, it } from 'vitest';
import { globMatcher, globToRe2, requiredLiteral, type GlobOptions } from '../../src/util/glob.js';
import { compileRegex } from '../../src/util/regex.js';
import { PLATFORM_PATH_SHAPES } from '../../src/suppress/platform.js';

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

describe("globMatcher (a text without the glob's required literal is refused before any pattern runs)", () => {
  it('names the longest literal run every match holds, or none when the glob cannot promise one', () => {
    const p: GlobOptions = { separator: '/' };
    expect(requiredLiteral('**/scripts/OutSystems/**', p)).toBe('scripts/OutSystems');
    expect(requiredLiteral('*/RichWidgets/**', p)).toBe('RichWidgets');
    expect(requiredLiteral('**/plugins/cordova-*/**', p)).toBe('plugins/cordova-');
    expect(requiredLiteral('**/_osjs.js', { ...p, nocase: true })).toBe('_osjs.js');
    expect(requiredLiteral('**/OutSystemsUI/**', { ...p, nocase: true })).toBe('outsystemsui');
    expect(requiredLiteral('**/*.{js,ts}', p)).toBeUndefined();
    expect(requiredLiteral('**/[ab].js', p)).toBeUndefined();
    expect(requiredLiteral('**', p)).toBeUndefined();
    expect(requiredLiteral('**/ſcripts/**', { ...p, nocase: true })).toBeUndefined();
    expect(requiredLiteral('CustomerPortal.**', { separator: '.' })).toBe('CustomerPortal');
  });

  // The answer with the literal test must be the plain RE2 pattern's answer, for every glob and text: the literal may
  // only save work, never change a decision (a suppression or allow-list entry that stops matching fails open or shut).
  const globs = [...PLATFORM_PATH_SHAPES, 'Shop/*.cs', 'a/**/b', 'x/**', '**/y', '/abs/**', 'Semgrep*', 'ossast.csharp.*', 'CustomerPortal.**', '**/*.{js,ts}', '**/[ab].js', '**'];
  const texts = [
    '',
    'a/b',
    'a/x/y/b',
    'x',
    'x/',
    'x/y',
    'y',
    'q/y',
    '/abs',
    '/abs/z',
    'abs/z',
    'Shop/a.cs',
    'shop/a.cs',
    'Semgrep OSS',
    'SEMGREP',
    'ossast.csharp.sqli',
    'App/Mod/_osjs.js',
    'app/mod/_OSJS.JS',
    'M/scripts/OutSystems/a.js',
    'M/scripts/outsystems',
    'M/scripts/OutSystemsX/a.js',
    'M/Blocks/RichWidgets/x.js',
    'RichWidgets/x',
    'A/RichWidgets/x',
    'M/plugins/cordova-plugin-x/www/a.js',
    'M/plugins/outsystems-x/a.js',
    'M/require.js',
    'M/jquery-1.8.3.min.js',
    'M/WebWidgets/a/b.cs',
    'M/FooDatabaseProvider/a.cs',
    // Letters RE2's (?i) folds onto ASCII ones: the literal test must leave these to RE2.
    'M/ſcripts/OutSystems/a.js',
    'M/_oſjs.js',
    'M/RichWidgetſ/x',
    'M/\u212Aeep/cordova.js',
    'CustomerPortal.Svc',
    'CustomerPortal',
    'Other.Svc',
    'M/x.ts',
    'M/a.js',
  ];
  for (const nocase of [false, true]) {
    for (const separator of ['/', '.'] as const) {
      it(`gives the plain pattern's answer (separator "${separator}", ${nocase ? 'case-insensitive' : 'case-sensitive'})`, () => {
        const opts: GlobOptions = { separator, nocase };
        for (const glob of globs) {
          const plain = compileRegex(globToRe2(glob, opts));
          const matcher = globMatcher([glob], opts);
          for (const text of texts) expect(`${glob} ~ ${text}: ${matcher(text)}`).toBe(`${glob} ~ ${text}: ${plain.test(text)}`);
        }
        const joined = globMatcher(globs, opts);
        for (const text of texts) expect(`all ~ ${text}: ${joined(text)}`).toBe(`all ~ ${text}: ${globs.some((g) => compileRegex(globToRe2(g, opts)).test(text))}`);
      });
    }
  }

  it('finds a platform path whose letters RE2 folds case-insensitively (U+017F long s for s)', () => {
    const sure = globMatcher(PLATFORM_PATH_SHAPES, { separator: '/', nocase: true });
    expect(sure('M/ſcripts/OutSystems/a.js')).toBe(true);
    expect(sure('M/scripts/OUTSYSTEMS/a.js')).toBe(true);
    expect(sure('M/scripts/Mine/a.js')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { compileRegex, maxRegexInput, regexProblem } from '../../src/util/regex.js';

describe('suppression regexes', () => {
  it('match in linear time: ^(a+)+$ on a hostile snippet returns at once', () => {
    const re = compileRegex('^(a+)+$');
    expect(re.test(`${'a'.repeat(40)}!`)).toBe(false);
    expect(re.test('a'.repeat(40))).toBe(true);
    // A backtracking engine needs about 2^n steps here; RE2 a few per character, even on a megabyte.
    expect(re.test(`${'a'.repeat(maxRegexInput - 1)}!`)).toBe(false);
  });

  it('keep a leading (?i) as case-insensitive, and are case-sensitive without it', () => {
    expect(compileRegex('(?i)md5').test('MD5.Create()')).toBe(true);
    expect(compileRegex('md5').test('MD5.Create()')).toBe(false);
    expect(compileRegex('\\b(alert|confirm|prompt)\\s*\\(').test('window.confirm ("x")')).toBe(true);
  });

  it('never match text longer than maxRegexInput (the result stays unsuppressed)', () => {
    const re = compileRegex('a');
    expect(re.test('a'.repeat(maxRegexInput))).toBe(true);
    expect(re.test('a'.repeat(maxRegexInput + 1))).toBe(false);
  });

  it.each([
    ['(\\w+)=\\1', 'a backreference "\\1" cannot be matched in linear time'],
    ['(?<q>x)\\k<q>', 'a backreference "\\k<...>" cannot be matched in linear time'],
    ['foo(?=bar)', 'a lookahead "(?=...)" cannot be matched in linear time'],
    ['(?<!x)y', 'a lookbehind "(?<!...)" cannot be matched in linear time'],
    ['eval(', 'not a valid regular expression (RE2 syntax, https://github.com/google/re2/wiki/Syntax; a leading (?i) makes it case-insensitive): missing closing ): `eval(`'],
  ])('refuse %s and say why', (pattern, why) => {
    expect(regexProblem(pattern)).toContain(why);
    expect(() => compileRegex(pattern)).toThrow();
  });

  it('accept the patterns of the built-in list', () => {
    for (const p of ['(?i)pass(word)?|pwd', '\\b(alert|confirm|prompt)\\s*\\(', '(jQuery|jquery)[^\\n]*1\\.8\\.(3|24)\\b', 'BuiltInFunction\\.EncodeSql\\(']) expect(regexProblem(p)).toBeUndefined();
  });
});

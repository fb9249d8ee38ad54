// checkOutputDir alone, for the cases no test may try for real ("/" as output folder).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checkOutputDir, within } from '../../src/pipeline/output-dir.js';
import { UsageError } from '../../src/util/errors.js';
import { tempDir, writeTree } from '../support/tmp.js';

const dir = tempDir();
writeTree(dir, { 'proj/a.cs': 'x' });
const check =
  (out: string, extra: Partial<Parameters<typeof checkOutputDir>[0]> = {}) =>
  () =>
    checkOutputDir({ out, field: '--out', scanned: [join(dir, 'proj')], read: [], emptied: [], cwd: join(dir, 'proj'), home: undefined, ...extra });

describe('checkOutputDir', () => {
  it('refuses the file system root', () => {
    expect(check('/')).toThrow(UsageError);
    expect(check('/')).toThrow('--out /: the output folder is the file system root; nothing was changed');
  });
  it('refuses the home folder, even written another way', () => {
    expect(check(join(dir, 'home', '..', 'home'), { home: join(dir, 'home') })).toThrow('the output folder is your home folder');
  });
  it('accepts a folder of its own beside the inputs', () => {
    expect(check(join(dir, 'ossast-out'), { cwd: dir })).not.toThrow();
  });
  it('within() is true for the folder itself and what lies below it, false for siblings sharing a prefix', () => {
    expect(within('/a/b', '/a/b')).toBe(true);
    expect(within('/a/b', '/a/b/c')).toBe(true);
    expect(within('/a/b', '/a/bc')).toBe(false);
    expect(within('/a/b', '/a')).toBe(false);
  });
});

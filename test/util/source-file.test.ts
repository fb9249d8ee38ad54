// The bounded reader merge takes snippets from: regular files inside the source root, up to a size.
import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { sourceFileReader } from '../../src/util/source-file.js';
import { tempDir, writeTree } from '../support/tmp.js';

describe('sourceFileReader', () => {
  const root = tempDir();
  writeTree(root, { 'App/M/a.js': '\ufeffeval(x);\r', 'App/M/big.js': 'x'.repeat(101), 'outside.txt': 'secret' });
  mkdirSync(join(root, 'App/M/dir'));
  const read = sourceFileReader(join(root, 'App'), 100);

  it('reads a file as UTF-8 text, BOM and line endings kept', () => {
    expect(read('M/a.js')).toBe('\ufeffeval(x);\r');
  });
  it('gives nothing for a file over the bound, a folder, a missing file or a path out of the root', () => {
    expect(read('M/big.js')).toBeUndefined();
    expect(read('M/dir')).toBeUndefined();
    expect(read('M/missing.js')).toBeUndefined();
    expect(read('../outside.txt')).toBeUndefined();
  });
  it('follows no link out of the root', () => {
    symlinkSync(join(root, 'outside.txt'), join(root, 'App/M/link.js'));
    expect(read('M/link.js')).toBeUndefined();
  });
});

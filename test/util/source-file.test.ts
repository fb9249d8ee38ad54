// The bounded reader merge takes snippets from: regular files inside the source root, up to a size.
import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { FolderListings, sourceFileReader, withSourceFile } from '../../src/util/source-file.js';
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

describe('FolderListings', () => {
  const root = tempDir();
  writeTree(root, { 'App/M/Actions/ActionRun.cs': 'class A {}\n', 'App/M/Main.js': 'eval(x);\n', 'App/N/Web.config': '<c/>\n', 'App/Big/a.js': '1', 'App/Big/b.js': '2', 'App/Big/c.js': '3', 'App/Big/d.js': '4' });
  mkdirSync(join(root, 'App/M/Empty'));
  const names = ['App/M/Actions/ActionRun.cs', 'App/M/Main.js', 'App/N/Web.config', 'App/Big/c.js', 'App/M/Empty'];
  // Generated variants of every kind of path a log may name: present, missing beside present files, under a missing
  // folder or under a file, spelled in another case, with `.` and `//` segments, a trailing slash, leaving the root.
  const variants = (name: string): string[] => {
    const dir = name.slice(0, name.lastIndexOf('/'));
    const base = name.slice(name.lastIndexOf('/') + 1);
    return [
      name,
      `${dir}/x${base}`,
      `${dir}/${base}.bak`,
      `${dir}/Missing/${base}`,
      `Nope/${name}`,
      `${name}/${base}`,
      name.toUpperCase(),
      name.toLowerCase(),
      `${dir}/./${base}`,
      `${dir}//${base}`,
      `${name}/`,
      `./${name}`,
      `../${name}`,
      `${dir}/../${base}`,
    ];
  };
  const paths = [...new Set(names.flatMap(variants))];
  const read = (fd: number) => fd >= 0;

  it('answers every generated path as opening it does, folders too big to list included', () => {
    expect(paths.length).toBeGreaterThan(60);
    for (const limit of [100_000, 3, 0]) {
      const listings = new FolderListings(limit);
      for (const rel of paths) expect(withSourceFile(root, rel, 1024, read, listings), `${rel} (limit ${limit})`).toBe(withSourceFile(root, rel, 1024, read));
    }
    expect(withSourceFile(root, 'App/M/Main.js', 1024, read, new FolderListings())).toBe(true);
  });

  it('says a file is missing without opening it when its folder lacks it, and "may exist" otherwise', () => {
    const listings = new FolderListings();
    expect(listings.mayExist(join(root, 'App/M/Main.js'))).toBe(true);
    expect(listings.mayExist(join(root, 'App/M/main.JS'))).toBe(true);
    expect(listings.mayExist(join(root, 'App/M/Other.js'))).toBe(false);
    expect(listings.mayExist(join(root, 'App/Z/Main.js'))).toBe(false);
    expect(listings.mayExist(join(root, 'App/M/Main.js/x'))).toBe(false);
    // Over the limit the folder is not listed: every name in it may exist (it is opened to find out).
    expect(new FolderListings(3).mayExist(join(root, 'App/Big/zz.js'))).toBe(true);
  });

  it('lists at most its number of folders, then opens files in other folders', () => {
    const listings = new FolderListings(100_000, 2);
    expect(listings.mayExist(join(root, 'App/Z1/a.js'))).toBe(false);
    expect(listings.mayExist(join(root, 'App/Z2/a.js'))).toBe(false);
    expect(listings.mayExist(join(root, 'App/Z3/a.js'))).toBe(true);
    expect(listings.mayExist(join(root, 'App/Z1/b.js'))).toBe(false);
    for (const rel of paths) expect(withSourceFile(root, rel, 1024, read, listings), rel).toBe(withSourceFile(root, rel, 1024, read));
  });
});

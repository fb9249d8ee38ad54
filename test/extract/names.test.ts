// Names on disk: the one sanitiser for folder names, unique folders per output root, and entries that would land on
// the same file (twice, by case, by Unicode normalisation, file against folder) or are no files at all.
import { describe, expect, it } from 'vitest';
import { MARKER_FILE } from '../../src/util/output-root.js';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { extractSources, FolderNames } from '../../src/extract/index.js';
import { folderName, MAX_FOLDER_NAME } from '../../src/extract/layout.js';
import { createMemoryLogger } from '../../src/util/log.js';
import { PipelineError } from '../../src/util/errors.js';
import { tempDir, writeTree } from '../support/tmp.js';
import { writeAppPackage, writeZip } from '../support/zip.js';

const root = tempDir();
let n = 0;

/** A fresh case folder holding `out/`; nothing may ever appear beside `out/`. */
function place() {
  const base = join(root, `case-${++n}`);
  mkdirSync(base, { recursive: true });
  writeFileSync(join(base, 'canary.txt'), 'x');
  return {
    base,
    out: join(base, 'out'),
    besideOut: () =>
      readdirSync(base)
        .filter((f) => f !== 'out')
        .sort(),
  };
}

async function outcome(p: Promise<unknown>): Promise<{ error?: unknown; message: string }> {
  try {
    await p;
    return { message: '' };
  } catch (error) {
    return { error, message: error instanceof Error ? error.message : String(error) };
  }
}

describe('folderName: the one sanitiser', () => {
  it.each([
    [' ..', '_'],
    [' . ', '_'],
    ['..', '_'],
    ['...', '_'],
    ['.hidden', '_hidden'],
    ['', '_'],
    ['   ', '_'],
    ['a/b', 'a_b'],
    ['a\\b', 'a_b'],
    ['../../etc', '__.._etc'],
    ['x\u0000y\u001fz', 'x_y_z'],
    ['C:x', 'C_x'],
    ['CON', '_CON'],
    ['con.txt', '_con.txt'],
    ['Lpt9.zip', '_Lpt9.zip'],
    ['NUL .cs', '_NUL .cs'],
    ['COM1', '_COM1'],
    ['Console', 'Console'],
    ['name. . ', 'name'],
    ['Café Ünïcode', 'Caf_ _n_code'],
    ['CustomerPortal_Core', 'CustomerPortal_Core'],
    ['My App-2.1', 'My App-2.1'],
  ])('%j → %j', (name, folder) => {
    expect(folderName(name)).toBe(folder);
  });

  it('bounds the length', () => {
    expect(folderName('x'.repeat(500))).toBe('x'.repeat(MAX_FOLDER_NAME));
    expect(folderName(`${'x'.repeat(MAX_FOLDER_NAME - 1)}. .tail`)).toBe('x'.repeat(MAX_FOLDER_NAME - 1));
  });
});

describe('FolderNames: unique folders under one output root', () => {
  it('names that give the same folder, also only by case, get "~2", "~3" and a warning naming both', () => {
    const names = new FolderNames();
    expect(names.claim('', 'A/B', 'input')).toEqual({ folder: 'A_B' });
    expect(names.claim('', 'A\\B', 'input')).toEqual({ folder: 'A_B~2', warning: 'input names "A/B" and "A\\B" both make the folder "A_B" (names are made safe and compared ignoring case): "A\\B" is written to "A_B~2"' });
    expect(names.claim('', 'a_b', 'input').folder).toBe('a_b~3');
    expect(names.claim('Shop', 'A/B', 'module')).toEqual({ folder: 'A_B' });
  });
  it('an application folder is shared by its modules, never by another name', () => {
    const names = new FolderNames();
    expect(names.claim('', 'Shop', 'application', true)).toEqual({ folder: 'Shop' });
    expect(names.claim('', 'Shop', 'application', true)).toEqual({ folder: 'Shop' });
    expect(names.claim('', 'shop', 'application', true).folder).toBe('shop~2');
    expect(names.claim('', 'Shop', 'input').folder).toBe('Shop~3');
  });
});

describe('LifeTime names become folders only through the sanitiser', () => {
  it('application " .." and module " . " land in out/_/_, and nothing beside out/ is touched', async () => {
    const p = place();
    const mod = await writeZip(join(root, `mod-${n}.zip`), { 'M.csproj': 'x' });
    const r = await extractSources([{ path: mod, application: ' ..', module: ' . ' }], p.out, { log: createMemoryLogger() });
    expect(r.targets.map((t) => [t.id, t.application, t.module, t.dir])).toEqual([['_/_', ' ..', ' . ', join(p.out, '_', '_')]]);
    expect(readFileSync(join(p.out, '_/_/M.csproj'), 'utf8')).toBe('x');
    expect(p.besideOut()).toEqual(['canary.txt']);
  });

  it('an inner ZIP " ...zip" does not replace the application folder\'s siblings', async () => {
    const p = place();
    const pkg = await writeAppPackage(join(root, `app-${n}.zip`), { ' ..': { 'A.csproj': 'a' }, Real: { 'R.csproj': 'r' } });
    const names = new FolderNames();
    const log = createMemoryLogger();
    const first = await extractSources([{ path: await writeZip(join(root, `Other-${n}.v1.zip`), { 'O.csproj': 'o' }), module: 'Other' }], p.out, { log, names });
    const second = await extractSources([{ path: pkg, application: 'App' }], p.out, { log, names });
    expect([...first.targets, ...second.targets].map((t) => t.id)).toEqual(['Other', 'App/_', 'App/Real']);
    expect(readFileSync(join(p.out, 'Other/O.csproj'), 'utf8')).toBe('o');
    expect(p.besideOut()).toEqual(['canary.txt']);
  });

  it('calls that share FolderNames never share a folder; an application keeps one folder for its modules', async () => {
    const p = place();
    const names = new FolderNames();
    const log = createMemoryLogger();
    const zip = (name: string) => writeZip(join(root, `${name}-${n}.zip`), { [`${name}.csproj`]: name });
    const ids: string[] = [];
    for (const input of [
      { path: await zip('a'), module: 'Shop' },
      { path: await zip('b'), module: 'shop' },
      { path: await zip('c'), application: 'Billing', module: 'Core' },
      { path: await zip('d'), application: 'Billing', module: 'UI' },
    ]) {
      ids.push(...(await extractSources([input], p.out, { log, names })).targets.map((t) => t.id));
    }
    expect(ids).toEqual(['Shop', 'shop~2', 'Billing/Core', 'Billing/UI']);
    expect(readFileSync(join(p.out, 'Shop/a.csproj'), 'utf8')).toBe('a');
    expect(readFileSync(join(p.out, 'shop~2/b.csproj'), 'utf8')).toBe('b');
    expect(log.lines.join('\n')).toContain('input names "Shop" and "shop" both make the folder "Shop"');
  });
});

/** A .tar.gz written entry by entry, so a name can appear twice. */
function tarGz(path: string, entries: [name: string, content: string][]): string {
  const blocks: Buffer[] = [];
  for (const [name, content] of entries) {
    const header = Buffer.alloc(512);
    const type = name.endsWith('/') ? 'Directory' : 'File';
    new Header({ path: name, size: type === 'File' ? Buffer.byteLength(content) : 0, type, mode: 0o644, mtime: new Date(0) }).encode(header, 0);
    blocks.push(header);
    if (type === 'File') {
      const data = Buffer.alloc(Math.ceil(Buffer.byteLength(content) / 512) * 512);
      data.write(content);
      blocks.push(data);
    }
  }
  blocks.push(Buffer.alloc(1024));
  writeFileSync(path, gzipSync(Buffer.concat(blocks)));
  return path;
}

describe('entries that would land on the same file are refused before anything is written', () => {
  it.each([
    [
      'twice',
      [
        ['a.cs', '1'],
        ['a.cs', '2'],
      ],
      'entry "a.cs" appears twice in the archive',
    ],
    [
      'twice, once spelled "./a.cs"',
      [
        ['a.cs', '1'],
        ['./a.cs', '2'],
      ],
      'entry "./a.cs" appears twice in the archive',
    ],
    [
      'by case',
      [
        ['src/A.cs', '1'],
        ['SRC/a.cs', '2'],
      ],
      'entry "SRC/a.cs" and "src/A.cs" are the same file once case and Unicode normalisation are ignored',
    ],
    [
      'by Unicode normalisation',
      [
        ['caf\u00e9.cs', '1'],
        ['cafe\u0301.cs', '2'],
      ],
      'entry "cafe\u0301.cs" and "caf\u00e9.cs" are the same file',
    ],
    [
      'a folder entry where a file is',
      [
        ['x', '1'],
        ['X/', ''],
      ],
      'entry "X/" needs a folder where "x" is a file',
    ],
    [
      'a file where a folder is',
      [
        ['d/y.cs', '1'],
        ['D', '2'],
      ],
      'entry "D" is a file, but "d/y.cs" needs a folder of the same name',
    ],
  ] as [string, [string, string][], string][])('tar.gz: %s', async (_kind, entries, message) => {
    const p = place();
    const tgz = tarGz(join(root, `t${n}.tar.gz`), entries);
    const r = await outcome(extractSources([{ path: tgz }], p.out, { log: createMemoryLogger() }));
    expect(r.error).toBeInstanceOf(PipelineError);
    expect(r.message).toContain(`refused to extract t${n}.tar.gz: ${message}`);
    expect(existsSync(join(p.out, `t${n}`)) ? readdirSync(join(p.out, `t${n}`)) : []).toEqual([]);
  });

  it('a ZIP: by case, before any entry is written', async () => {
    const p = place();
    const zip = await writeZip(join(root, `z${n}.zip`), { 'Actions/Run.cs': 'a', 'Z/late.cs': 'b', 'actions/run.cs': 'c' });
    const r = await outcome(extractSources([{ path: zip }], p.out, { log: createMemoryLogger() }));
    expect(r.message).toBe(`refused to extract z${n}.zip: entry "actions/run.cs" and "Actions/Run.cs" are the same file once case and Unicode normalisation are ignored`);
    expect(readdirSync(p.out)).toEqual([MARKER_FILE]);
  });

  it('a ZIP: legitimate names that only share folders pass', async () => {
    const p = place();
    const zip = await writeZip(join(root, `ok${n}.zip`), { 'A/x.cs': 'a', 'a/y.cs': 'b', 'A/B/z.cs': 'c', 'Web.config': 'w' });
    const r = await extractSources([{ path: zip }], p.out, { log: createMemoryLogger() });
    expect(r.files).toBe(4);
  });

  it('a folder: by case', async () => {
    const p = place();
    const dir = join(root, `folder-${n}`);
    writeTree(dir, { 'Actions/Run.cs': 'a', 'Actions/run.cs': 'b' });
    const r = await outcome(extractSources([{ path: dir }], p.out, { log: createMemoryLogger() }));
    expect(r.error).toBeInstanceOf(PipelineError);
    expect(r.message).toMatch(new RegExp(`^refused to extract folder-${n}: entry "Actions/(R|r)un\\.cs" and "Actions/(r|R)un\\.cs" are the same file once case and Unicode normalisation are ignored$`));
  });
});

describe('folder inputs hold files and folders only', () => {
  it.each([
    ['a FIFO (named pipe)', (p: string) => execFileSync('mkfifo', [p])],
    ['a character device', (p: string) => execFileSync('mknod', [p, 'c', '1', '3'])],
  ])('%s is refused by path and type, never opened, before anything is copied', async (kind, make) => {
    const p = place();
    const dir = join(root, `special-${n}`);
    writeTree(dir, { 'A.cs': 'a', 'sub/B.cs': 'b' });
    make(join(dir, 'sub/odd.cs'));
    const r = await outcome(extractSources([{ path: dir }], p.out, { log: createMemoryLogger() }));
    expect(r.error).toBeInstanceOf(PipelineError);
    expect(r.message).toBe(`refused to copy special-${n}: ${join(dir, 'sub/odd.cs')} is ${kind}, which a folder of source code never holds (it was not opened)`);
    expect(readdirSync(join(p.out, `special-${n}`))).toEqual([]);
  });

  it('a folder is still copied byte for byte, links skipped with a warning', async () => {
    const p = place();
    const dir = join(root, `plain-${n}`);
    writeTree(dir, { 'A.cs': 'a', 'sub/deeper/B.cs': 'b'.repeat(100_000), 'empty/.keep': '' });
    execFileSync('ln', ['-s', '/etc/passwd', join(dir, 'link.cs')]);
    const log = createMemoryLogger();
    const r = await extractSources([{ path: dir }], p.out, { log });
    expect(r.files).toBe(3);
    expect(readFileSync(join(p.out, `plain-${n}/sub/deeper/B.cs`), 'utf8')).toBe('b'.repeat(100_000));
    expect(existsSync(join(p.out, `plain-${n}/link.cs`))).toBe(false);
    expect(log.lines.join('\n')).toContain(`${join(dir, 'link.cs')}: symlink not copied (links are never followed)`);
  });
});

// Hostile packages, archives and folders through the CLI: names that try to leave the output folder, names that
// collide, entries that are no files. Each run must keep everything outside its output folder as it was.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import { runCli } from '../support/cli.js';
import { tempDir, writeScript, writeTree } from '../support/tmp.js';
import { guardedWorkspace } from '../support/hostile.js';
import { MARKER_FILE } from '../../src/util/output-root.js';
import { writeAppPackage, writeZip, zipBuffer } from '../support/zip.js';
import { startLifetimeSimulator, simKey } from '../../src/demo/lifetime-simulator/index.js';

const base = tempDir('ossast-hostile-archives-');
let n = 0;

/**
 * A CI workspace two levels below the temp folder (so even a name that climbs two levels stays in this test's
 * folder) with a canary file and a sibling folder; beside it the inputs (`in/`) and a config with a stand-in scanner.
 */
function workspace() {
  const root = join(base, `case${++n}`, 'ws');
  writeTree(root, { 'canary.txt': 'must survive\n', 'sibling/keep.cs': 'class Keep {}\n' });
  mkdirSync(join(base, `case${n}`, 'in'));
  const tool = writeScript(join(base, `case${n}`), 'tool.sh', `echo '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"stub"}},"results":[]}]}' > "$2"`);
  const config = join(base, `case${n}`, 'ossast.yml');
  writeFileSync(config, `version: 1\nscanners:\n  - type: command\n    name: stub\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n    coverage: unknown-accepted\n`);
  const ws = guardedWorkspace(root);
  return { ...ws, input: (name: string) => join(base, `case${n}`, 'in', name), config };
}

const extract = (ws: { out: string; root: string }, input: string) => runCli(['extract', input, '--out', ws.out], { cwd: ws.root });
const scan = (ws: { out: string; root: string; config: string }, ...inputs: string[]) => runCli(['scan', ...inputs, '--config', ws.config, '--out', ws.out, '--format', 'sarif'], { cwd: ws.root });

const module = (name: string) => ({ [`${name}.csproj`]: '<Project />', 'Actions/A.cs': `class ${name.replace(/\W/g, '_')} {}\n` });

/** A .tar.gz built entry by entry (node-tar's own writer would not write a name twice). */
function tarGz(path: string, entries: [name: string, content: string][]): string {
  const blocks: Buffer[] = [];
  for (const [name, content] of entries) {
    const header = Buffer.alloc(512);
    new Header({ path: name, size: Buffer.byteLength(content), type: 'File', mode: 0o644, mtime: new Date(0) }).encode(header, 0);
    const data = Buffer.alloc(Math.ceil(Buffer.byteLength(content) / 512) * 512);
    data.write(content);
    blocks.push(header, data);
  }
  blocks.push(Buffer.alloc(1024));
  writeFileSync(path, gzipSync(Buffer.concat(blocks)));
  return path;
}

describe('names that try to leave the output folder (#9 defect 3)', () => {
  it('an application package " ...zip" with modules " .." and " . " stays in --out, in folders "_" and "_~2"', async () => {
    const ws = workspace();
    const pkg = await writeAppPackage(ws.input(' ...zip'), { ' ..': module('Dots'), ' . ': module('Dot') });
    const r = await extract(ws, pkg);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`_/_\t${join(ws.out, '_', '_')}\n_/_~2\t${join(ws.out, '_', '_~2')}\n`);
    expect(r.stderr).toContain('module names " . " and " .." both make the folder "_" in _/');
    expect(readFileSync(join(ws.out, '_', '_~2', 'Actions/A.cs'), 'utf8')).toBe('class Dots {}\n');
    ws.unchanged();
  });

  it('an inner ZIP " ...zip" in a package scanned after another target leaves that sibling target in out/src', async () => {
    const ws = workspace();
    const other = await writeZip(ws.input('Other.v1.zip'), module('Other'));
    const inner: Record<string, Buffer> = { ' ...zip': await zipBuffer(module('Dots')), 'Real.v1.zip': await zipBuffer(module('Real')) };
    const app = await writeZip(ws.input('App.zip'), inner);
    const r = await scan(ws, other, app);
    expect(r.stderr).not.toContain('refused');
    expect(r.code).toBe(0);
    expect(readFileSync(join(ws.out, 'src/Other/Other.csproj'), 'utf8')).toBe('<Project />');
    expect(existsSync(join(ws.out, 'src/App/_/Dots.csproj'))).toBe(true);
    expect(existsSync(join(ws.out, 'src/App/Real/Real.csproj'))).toBe(true);
    ws.unchanged();
  });

  it('a LifeTime application and module named " .." are fetched into out/src/_/_', async () => {
    const ws = workspace();
    const pkgs = join(base, `case${n}`, 'lifetime');
    mkdirSync(pkgs, { recursive: true });
    const sim = await startLifetimeSimulator({
      token: 'tok-123',
      catalog: {
        environments: [{ Key: simKey('env', 'Prod'), Name: 'Production' }],
        applications: [
          {
            Key: simKey('app', 'Dots'),
            Name: ' ..',
            zip: await writeAppPackage(join(pkgs, 'dots.zip'), { ' ..': module('Dots') }),
            modules: [{ Key: simKey('mod', 'Dots'), Name: ' ..', Kind: 'eSpace', zip: await writeZip(join(pkgs, 'dots-mod.zip'), module('Dots')) }],
          },
        ],
      },
    });
    try {
      const r = await runCli(['fetch', '--lifetime-url', sim.url, '--environment', 'Production', '--app', ' ..', '--out', ws.out], { env: { LIFETIME_TOKEN: 'tok-123' }, cwd: ws.root });
      expect(r.stderr).not.toContain('refused');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`_/_\t`);
      expect(existsSync(join(ws.out, 'src/_/_/Dots.csproj'))).toBe(true);
    } finally {
      await sim.close();
    }
    ws.unchanged();
  });

  it('modules whose folder names collide (also only by case) get unique folders and a warning', async () => {
    const ws = workspace();
    // "mod.v2.zip" is another entry than "Mod.v1.zip" even ignoring case, but the same module folder.
    const pkg = await writeZip(ws.input('App.zip'), {
      'A*B.v1.zip': await zipBuffer(module('AB1')),
      'A?B.v1.zip': await zipBuffer(module('AB2')),
      'Mod.v1.zip': await zipBuffer(module('Mod1')),
      'mod.v2.zip': await zipBuffer(module('Mod2')),
    });
    const r = await extract(ws, pkg);
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]),
    ).toEqual(['App/A_B', 'App/A_B~2', 'App/Mod', 'App/mod~2']);
    expect(r.stderr).toContain('module names "A*B" and "A?B" both make the folder "A_B" in App/ (names are made safe and compared ignoring case): "A?B" is written to "A_B~2"');
    expect(r.stderr).toContain('module names "Mod" and "mod" both make the folder "Mod" in App/');
    expect(readFileSync(join(ws.out, 'App/A_B~2/Actions/A.cs'), 'utf8')).toBe('class AB2 {}\n');
    expect(readFileSync(join(ws.out, 'App/mod~2/Actions/A.cs'), 'utf8')).toBe('class Mod2 {}\n');
    ws.unchanged();
  });

  it('two inputs of the same name are both scanned, in "Shop" and "Shop~2"', async () => {
    const ws = workspace();
    mkdirSync(ws.input('x'));
    mkdirSync(ws.input('y'));
    const a = await writeZip(ws.input('x/Shop.v1.zip'), module('ShopA'));
    const b = await writeZip(ws.input('y/Shop.v1.zip'), module('ShopB'));
    const r = await scan(ws, a, b);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('input names "Shop" and "Shop" both make the folder "Shop"');
    expect(readFileSync(join(ws.out, 'src/Shop/Actions/A.cs'), 'utf8')).toBe('class ShopA {}\n');
    expect(readFileSync(join(ws.out, 'src/Shop~2/Actions/A.cs'), 'utf8')).toBe('class ShopB {}\n');
    ws.unchanged();
  });

  it('a symlink inside the output folder that points out of it is never written through', async () => {
    const ws = workspace();
    const pkg = await writeAppPackage(ws.input('App.zip'), { Mod: module('Mod') });
    mkdirSync(ws.out, { recursive: true });
    // An output folder ossast made (marked), where a link was put later: refused (exit 2), never followed.
    writeFileSync(join(ws.out, MARKER_FILE), '');
    symlinkSync(join(ws.root, 'sibling'), join(ws.out, 'App'));
    const r = await extract(ws, pkg);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`refused to create the folder ${join(ws.out, 'App')}: ${join(ws.out, 'App')} is a symlink (to ${join(ws.root, 'sibling')}) inside the output folder ${ws.out}`);
    expect(r.stderr).toContain('hint: ossast never follows or removes a symlink in its output folder');
    ws.unchanged();
  });
});

describe('entries that would overwrite each other, and entries that are no files (#9 defect 18)', () => {
  it('a .tar.gz with a name twice is refused', async () => {
    const ws = workspace();
    const tgz = tarGz(ws.input('dup.tar.gz'), [
      ['src/a.cs', 'first'],
      ['src/a.cs', 'second'],
    ]);
    const r = await extract(ws, tgz);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('refused to extract dup.tar.gz: entry "src/a.cs" appears twice in the archive');
    expect(existsSync(join(ws.out, 'dup/src/a.cs'))).toBe(false);
    ws.unchanged();
  });

  it.each([
    ['case', { 'Actions/A.cs': 'one', 'actions/a.cs': 'two' }, 'entry "actions/a.cs" and "Actions/A.cs" are the same file once case and Unicode normalisation are ignored'],
    ['Unicode normalisation', { 'caf\u00e9.cs': 'nfc', 'cafe\u0301.cs': 'nfd' }, 'entry "caf\u00e9.cs" and "cafe\u0301.cs" are the same file once case and Unicode normalisation are ignored'],
    ['a file and a folder', { x: 'file', 'X/y.cs': 'below a folder' }, 'entry "x" is a file, but "X/y.cs" needs a folder of the same name'],
    // (the test ZIPs hold their entries sorted by name: "X/y.cs" before "x", the decomposed "e\u0301" before "\u00e9")
  ])('a ZIP whose names collide by %s is refused', async (_kind, files, message) => {
    const ws = workspace();
    const zip = await writeZip(ws.input('Clash.v1.zip'), files);
    const r = await extract(ws, zip);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`refused to extract Clash.v1.zip: ${message}`);
    ws.unchanged();
  });

  it('a module inside an application package whose names collide by case is refused, naming the chain', async () => {
    const ws = workspace();
    const pkg = await writeAppPackage(ws.input('App.zip'), { Mod: { 'Web.config': '<a/>', 'web.config': '<b/>' } });
    const r = await extract(ws, pkg);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('refused to extract App.zip > Mod.v1.zip: entry "web.config" and "Web.config" are the same file');
    ws.unchanged();
  });

  it('a .tar.gz whose names collide by case is refused', async () => {
    const ws = workspace();
    const tgz = tarGz(ws.input('case.tar.gz'), [
      ['src/Main.java', 'one'],
      ['src/main.java', 'two'],
    ]);
    const r = await extract(ws, tgz);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('refused to extract case.tar.gz: entry "src/main.java" and "src/Main.java" are the same file once case and Unicode normalisation are ignored');
    ws.unchanged();
  });

  it('a folder whose file names collide by case is refused', async () => {
    const ws = workspace();
    const dir = ws.input('Folder');
    writeTree(dir, { 'Actions/A.cs': 'one', 'Actions/a.cs': 'two' });
    const r = await scan(ws, dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/refused to extract Folder: entry "Actions\/(a|A)\.cs" and "Actions\/(A|a)\.cs" are the same file once case and Unicode normalisation are ignored/);
    ws.unchanged();
  });

  it('a FIFO in a folder is refused by name and type, never opened', async () => {
    const ws = workspace();
    const dir = ws.input('WithFifo');
    writeTree(dir, { 'Actions/A.cs': 'class A {}' });
    execFileSync('mkfifo', [join(dir, 'Actions/pipe.cs')]);
    const r = await scan(ws, dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`refused to copy WithFifo: ${join(dir, 'Actions/pipe.cs')} is a FIFO (named pipe), which a folder of source code never holds (it was not opened)`);
    expect(r.stderr).toContain('hint: remove it from the folder');
    ws.unchanged();
  });

  it('a socket in a folder is refused by name and type', async () => {
    const ws = workspace();
    const dir = ws.input('WithSocket');
    writeTree(dir, { 'A.cs': 'class A {}' });
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(join(dir, 'agent.sock'), resolve));
    try {
      const r = await extract(ws, dir);
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`refused to copy WithSocket: ${join(dir, 'agent.sock')} is a socket`);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    ws.unchanged();
  });

  it('a device file in a folder is refused by name and type, not copied as an empty file', async () => {
    const ws = workspace();
    const dir = ws.input('WithDevice');
    writeTree(dir, { 'A.cs': 'class A {}' });
    // Same device as /dev/null (needs root, as this test environment has).
    execFileSync('mknod', [join(dir, 'null.cs'), 'c', '1', '3']);
    const r = await extract(ws, dir);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`refused to copy WithDevice: ${join(dir, 'null.cs')} is a character device`);
    expect(existsSync(join(ws.out, 'WithDevice/null.cs'))).toBe(false);
    ws.unchanged();
  });

  it('a FIFO given as the package itself is refused without being opened', async () => {
    const ws = workspace();
    const fifo = ws.input('App.zip');
    execFileSync('mkfifo', [fifo]);
    const r = await extract(ws, fifo);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`${fifo} is a FIFO (named pipe), not a file or folder: it was not opened`);
    ws.unchanged();
  }, 10_000);
});

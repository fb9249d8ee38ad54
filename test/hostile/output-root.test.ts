// The output folder: ossast never follows a symlink for it or for anything it removes in it, and empties only a folder
// it made (or adopted while empty, marked with .ossast-output). Every command that writes is tried against generated
// output folders: links to the workspace, to a parent, to a folder elsewhere, to a file, dangling; unmarked folders with
// user files; paths with ".." and links in the middle; links at src/, work/, downloads/, the reports and the lock inside
// a marked folder. Each refusal exits 2 naming the folder, and nothing outside the output folder changes.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir, writeTree } from '../support/tmp.js';
import { snapshotTree } from '../support/hostile.js';
import { writeZip } from '../support/zip.js';
import { LOCK_FILE, MARKER_FILE } from '../../src/util/output-root.js';

const base = tempDir();
let n = 0;

/** The user's files: a workspace (the current folder) with a project holding src/, work/ and downloads/, and a folder elsewhere. */
async function world() {
  const top = join(base, `w${++n}`);
  const ws = join(top, 'ws');
  const elsewhere = join(top, 'elsewhere');
  const user = { 'src/Main.cs': 'class Main { }\n', 'work/notes.txt': 'keep\n', 'downloads/App.zip': 'not a zip\n', 'summary.md': '# my own notes\n', 'results.sarif': '{}\n' };
  writeTree(ws, { ...Object.fromEntries(Object.entries(user).map(([p, c]) => [`proj/${p}`, c])), 'in/Mod/Actions/ActionRun.cs': 'class A { }\n', 'allow.yml': 'version: 1\nallow: []\n' });
  writeTree(elsewhere, { ...user, 'file.txt': 'a file\n' });
  mkdirSync(join(top, 'empty-elsewhere'));
  await writeZip(join(ws, 'Mod.v1.zip'), { 'Mod.csproj': '<Project />', 'Actions/ActionRun.cs': 'class A { }\n' });
  writeFileSync(join(ws, 'in.sarif'), JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, results: [] }] }));
  const before = snapshotTree(top);
  return {
    top,
    ws,
    elsewhere,
    /** Nothing under the world changed, except below `allowed` (paths relative to the world). */
    unchanged(allowed: string[] = []) {
      const skip = (p: string) => allowed.some((a) => p === a || p.startsWith(`${a}/`));
      const after = snapshotTree(top);
      const diff: string[] = [];
      for (const [p, v] of before) if (!skip(p) && after.get(p) !== v) diff.push(`${after.has(p) ? 'changed' : 'removed'}: ${p}`);
      for (const p of after.keys()) if (!skip(p) && !before.has(p)) diff.push(`added: ${p}`);
      expect(diff).toEqual([]);
    },
  };
}
type World = Awaited<ReturnType<typeof world>>;

/** Every command that writes an output folder, given that folder (as typed on the command line). */
const COMMANDS: Record<string, (out: string) => string[]> = {
  scan: (out) => ['scan', 'in', '--out', out],
  run: (out) => ['run', '--lifetime-url', 'https://127.0.0.1:9', '--environment', 'Dev', '--app', 'X', '--out', out],
  extract: (out) => ['extract', 'Mod.v1.zip', '--out', out],
  exposure: (out) => ['exposure', 'in', '--out', out, '--allow', 'allow.yml'],
  fetch: (out) => ['fetch', '--lifetime-url', 'https://127.0.0.1:9', '--environment', 'Dev', '--app', 'X', '--out', out],
};
const ENV = { LIFETIME_TOKEN: 'tok-output-root-1234567890' };

/** The output folder each case makes, relative to the workspace; the message the refusal must hold. */
const LINKED: [string, (w: World) => string][] = [
  ['the workspace', (w) => w.ws],
  ['a parent of the workspace', (w) => w.top],
  ['a project in the workspace', (w) => join(w.ws, 'proj')],
  ['a folder elsewhere', (w) => w.elsewhere],
  ['an empty folder elsewhere', (w) => join(w.top, 'empty-elsewhere')],
  ['a file', (w) => join(w.elsewhere, 'file.txt')],
  ['nothing (dangling)', (w) => join(w.top, 'missing')],
  ['a relative path up', () => '../elsewhere'],
];

describe('--out is a symlink: refused (exit 2) by every command, wherever it points', () => {
  for (const [cmd, args] of Object.entries(COMMANDS)) {
    it.each(LINKED)(`${cmd}: a link to %s`, async (_what, target) => {
      const w = await world();
      symlinkSync(target(w), join(w.ws, 'ossast-out'));
      const r = await runCli(args('ossast-out'), { cwd: w.ws, env: ENV });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`ossast-out: it is a symlink (to ${target(w)}), and ossast never follows a symlink for its output folder`);
      expect(r.stderr).toContain('nothing was changed');
      w.unchanged(['ws/ossast-out']);
      expect(snapshotTree(w.ws).get('ossast-out')).toBe(`link:${target(w)}`);
    });
  }
});

describe('--out is an existing folder ossast did not make: refused (exit 2) unless empty', () => {
  const SHAPES: [string, (w: World) => string][] = [
    ['a project with src/, work/, downloads/', () => 'proj'],
    ['the same through ".."', () => 'in/../proj'],
    ['a folder elsewhere, absolute', (w) => w.elsewhere],
    [
      'a folder elsewhere through a link in the middle',
      (w) => {
        symlinkSync(w.top, join(w.ws, 'up'));
        return 'up/elsewhere';
      },
    ],
    [
      'a folder holding only a hidden file',
      (w) => {
        writeTree(join(w.ws, 'hidden'), { '.keep': '' });
        return 'hidden';
      },
    ],
  ];
  for (const [cmd, args] of Object.entries(COMMANDS)) {
    it.each(SHAPES)(`${cmd}: %s`, async (_what, shape) => {
      const w = await world();
      const out = shape(w);
      const again = snapshotTree(w.top);
      const r = await runCli(args(out), { cwd: w.ws, env: ENV });
      expect(r.code).toBe(2);
      // Named as typed, or resolved (commands that resolve it first): either way it ends with the folder's name.
      expect(r.stderr).toContain(`${out.split('/').pop()}: the folder exists, is not empty`);
      expect(r.stderr).toContain(`was not made by ossast (there is no ${MARKER_FILE} in it)`);
      expect(r.stderr).toContain('hint: choose a new or empty folder for --out');
      expect(snapshotTree(w.top)).toEqual(again);
    });
  }

  it('a new folder (through ".." and through a link in the middle) is made, marked and used; nothing else changes', async () => {
    const w = await world();
    symlinkSync(w.top, join(w.ws, 'up'));
    const r = await runCli(['extract', 'Mod.v1.zip', '--out', 'up/fresh/../made'], { cwd: w.ws });
    expect(r.code).toBe(0);
    expect(existsSync(join(w.top, 'made', MARKER_FILE))).toBe(true);
    expect(existsSync(join(w.top, 'made', LOCK_FILE))).toBe(false);
    // The folder is ossast's now: a second run empties and rewrites it.
    const again = await runCli(['extract', 'Mod.v1.zip', '--out', join(w.top, 'made')], { cwd: w.ws });
    expect(again.code).toBe(0);
    w.unchanged(['made', 'ws/up']);
  });

  it('an empty folder is adopted (marked) and used', async () => {
    const w = await world();
    const r = await runCli(['extract', 'Mod.v1.zip', '--out', join(w.top, 'empty-elsewhere')], { cwd: w.ws });
    expect(r.code).toBe(0);
    expect(existsSync(join(w.top, 'empty-elsewhere', MARKER_FILE))).toBe(true);
    w.unchanged(['empty-elsewhere']);
  });
});

/** Inside an output folder ossast made: a link at each name it removes or writes, to a folder or a file elsewhere. */
describe('a symlink inside a marked output folder is never followed nor removed (exit 2)', () => {
  const NAMES: [string, string[]][] = [
    ['src', ['scan', 'run', 'exposure', 'fetch']],
    ['work', ['scan', 'run']],
    ['downloads', ['scan', 'run', 'exposure', 'fetch']],
    ['summary.md', ['scan', 'run']],
    ['results.sarif', ['scan', 'run']],
    ['github', ['scan', 'run']],
    ['exposure.json', ['scan', 'run', 'exposure']],
    [LOCK_FILE, ['scan', 'run', 'extract', 'exposure', 'fetch']],
  ];
  const TARGETS: [string, (w: World, name: string) => string][] = [
    ["the project's folder of that name", (w, name) => join(w.ws, 'proj', name === LOCK_FILE ? 'src' : name)],
    ['a folder elsewhere', (w) => w.elsewhere],
    ['a file elsewhere', (w) => join(w.elsewhere, 'file.txt')],
  ];
  for (const [name, cmds] of NAMES) {
    for (const cmd of cmds) {
      it.each(TARGETS)(`${cmd}: ${name} links to %s`, async (_what, target) => {
        const w = await world();
        const out = join(w.ws, 'ossast-out');
        writeTree(out, { [MARKER_FILE]: '' });
        symlinkSync(target(w, name), join(out, name));
        const r = await runCli(COMMANDS[cmd]!('ossast-out'), { cwd: w.ws, env: ENV });
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(name === LOCK_FILE ? `the lock file ${join(out, LOCK_FILE)} is a symlink` : `${join(out, name)} is a symlink (to ${target(w, name)}) inside the output folder ${out}`);
        expect(r.stderr).toContain('nothing was');
        expect(readFileSync(join(out, MARKER_FILE), 'utf8')).toBe('');
        w.unchanged(['ws/ossast-out']);
        expect(snapshotTree(out).get(name)).toBe(`link:${target(w, name)}`);
      });
    }
  }

  it('the marker itself as a link is refused', async () => {
    const w = await world();
    const out = join(w.ws, 'ossast-out');
    mkdirSync(out);
    symlinkSync(join(w.elsewhere, 'file.txt'), join(out, MARKER_FILE));
    const r = await runCli(COMMANDS['scan']!('ossast-out'), { cwd: w.ws });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`its ${MARKER_FILE} is not a regular file`);
    w.unchanged(['ws/ossast-out']);
  });
});

describe('gate --output and merge --output: a symlink or a folder at the path is neither written through nor replaced (exit 2)', () => {
  const CASES: [string, (out: string) => string[]][] = [
    ['gate', (out) => ['gate', 'in.sarif', '--output', out]],
    ['merge', (out) => ['merge', 'in.sarif', '--output', out]],
  ];
  for (const [cmd, args] of CASES) {
    it.each([
      ['a file elsewhere', (w: World) => join(w.elsewhere, 'file.txt'), 'a symlink'],
      ['a folder elsewhere', (w: World) => w.elsewhere, 'a symlink'],
      ['nothing (dangling)', (w: World) => join(w.elsewhere, 'new.sarif'), 'a symlink'],
    ])(`${cmd}: --output links to %s`, async (_what, target, kind) => {
      const w = await world();
      symlinkSync(target(w), join(w.ws, 'linked.sarif'));
      const r = await runCli(args('linked.sarif'), { cwd: w.ws });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`refused to write ${join(w.ws, 'linked.sarif')}: it is ${kind}, which ossast neither writes through nor replaces`);
      w.unchanged(['ws/linked.sarif']);
      expect(snapshotTree(w.ws).get('linked.sarif')).toBe(`link:${target(w)}`);
    });
  }

  it('merge --output: a link at <output>.partial is not written through', async () => {
    const w = await world();
    symlinkSync(join(w.elsewhere, 'file.txt'), join(w.ws, 'm.sarif.partial'));
    const r = await runCli(['merge', 'in.sarif', '--output', 'm.sarif'], { cwd: w.ws });
    expect(r.code).toBe(3);
    expect(readFileSync(join(w.elsewhere, 'file.txt'), 'utf8')).toBe('a file\n');
    w.unchanged(['ws/m.sarif.partial', 'ws/m.sarif']);
  });
});

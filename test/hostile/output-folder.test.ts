// Careless output folders: ossast refuses (exit 2) an output folder whose clean-up would remove an input, the folder it
// runs in, the home folder or "/", before it removes or writes anything.
import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir, writeTree } from '../support/tmp.js';
import { guardedWorkspace } from '../support/hostile.js';
import { writeZip } from '../support/zip.js';

const base = tempDir();
let n = 0;

/** A workspace holding a project to scan (with its own src/ folder, which a careless --out would remove). */
function workspace() {
  const root = join(base, `ws${++n}`);
  writeTree(root, {
    'proj/src/Main.cs': 'class Main { }\n',
    'proj/Mod/Actions/ActionRun.cs': 'class A { }\n',
    'proj/ossast-supp.yml': 'version: 1\nsuppressions: []\n',
    'home/.profile': 'x\n',
  });
  // Nothing in the workspace may change, wherever --out points.
  return guardedWorkspace(root, '(no output folder)');
}

const refused = async (args: string[], cwd: string, why: string, env: NodeJS.ProcessEnv = {}) => {
  const r = await runCli(args, { cwd, env });
  expect(r.code).toBe(2);
  expect(r.stderr.split(cwd + '/').join('')).toContain(why);
  expect(r.stderr).toContain('nothing was changed');
  expect(r.stderr).toContain('hint: ossast empties parts of its output folder');
  return r;
};

describe('an output folder that would destroy an input', () => {
  it('refuses --out equal to the scanned folder, and proj/src survives', async () => {
    const ws = workspace();
    await refused(['scan', 'proj', '--out', 'proj'], ws.root, 'output folder (--out or output.dir) proj: the output folder is the input proj;');
    ws.unchanged();
  });

  it('refuses an output folder inside the scanned folder', async () => {
    const ws = workspace();
    await refused(['scan', 'proj', '--out', 'proj/ossast-out'], ws.root, 'the output folder lies inside the input proj');
    ws.unchanged();
  });

  it('refuses an output folder that contains the scanned folder', async () => {
    const ws = workspace();
    await refused(['scan', 'proj/Mod', '--out', 'proj'], ws.root, 'the output folder contains the input proj/Mod');
    ws.unchanged();
  });

  it('never follows a symlink to the input (a symlinked output folder is refused as such)', async () => {
    const ws = workspace();
    symlinkSync(join(ws.root, 'proj'), join(ws.root, 'link'));
    const again = guardedWorkspace(ws.root, '(none)');
    const r = await runCli(['scan', 'proj', '--out', 'link'], { cwd: ws.root });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`output folder (--out or output.dir) ${join(ws.root, 'link')}: it is a symlink (to ${join(ws.root, 'proj')}), and ossast never follows a symlink for its output folder`);
    expect(r.stderr).toContain('nothing was changed');
    again.unchanged();
  });

  it('refuses a suppression file in a folder the run empties', async () => {
    const ws = workspace();
    writeTree(join(ws.root, 'out/src'), { 'supp.yml': 'version: 1\nsuppressions: []\n' });
    const again = guardedWorkspace(ws.root, '(none)');
    await refused(['scan', 'proj/Mod', '--out', 'out', '--suppressions', 'out/src/supp.yml'], ws.root, 'out/src/supp.yml, which ossast reads, lies in');
    again.unchanged();
  });
});

describe('an output folder that would destroy the workspace', () => {
  it('refuses the current folder', async () => {
    const ws = workspace();
    await refused(['scan', 'proj/Mod', '--out', '.'], ws.root, 'the output folder is the current folder');
    ws.unchanged();
  });

  it('refuses a folder above the current one and the home folder ("/" is tested on checkOutputDir alone: a regression must not empty /work)', async () => {
    const ws = workspace();
    await refused(['scan', join(ws.root, 'proj/Mod'), '--out', '..'], join(ws.root, 'proj'), 'is the current folder');
    await refused(['scan', join(ws.root, 'proj/Mod'), '--out', join(ws.root, 'home')], join(ws.root, 'proj'), 'the output folder is your home folder', { HOME: join(ws.root, 'home') });
    ws.unchanged();
  });

  it('ossast extract and ossast fetch refuse the same way', async () => {
    const ws = workspace();
    mkdirSync(join(ws.root, 'pkgs'));
    await writeZip(join(ws.root, 'pkgs/Mod.v1.zip'), { 'Mod.csproj': '<Project />' });
    const again = guardedWorkspace(ws.root, '(none)');
    const r = await runCli(['extract', 'pkgs/Mod.v1.zip', '--out', 'pkgs'], { cwd: ws.root });
    expect(r.code).toBe(2);
    expect(r.stderr.split(ws.root + '/').join('')).toContain('--out pkgs: the output folder contains the input pkgs/Mod.v1.zip');
    const f = await runCli(['fetch', '--lifetime-url', 'https://127.0.0.1:9', '--environment', 'Dev', '--app', 'X', '--out', '.'], { cwd: ws.root, env: { LIFETIME_TOKEN: 'tok-123456789' } });
    expect(f.code).toBe(2);
    expect(f.stderr).toContain(`--out ${ws.root}: the output folder is the current folder`);
    again.unchanged();
  });
});

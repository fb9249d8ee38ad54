// The npm package as a user gets it: `npm pack`, installed into an empty folder, then run from there (not from this
// checkout): --version, a scan of a package with the real Semgrep, and the demo.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { execa } from 'execa';
import { tempDir } from '../support/tmp.js';
import { writeShopPackage } from '../support/shop.js';
import { pinnedSemgrep } from '../../src/scan/semgrep/version.js';

const pinned = pinnedSemgrep();

const ROOT = join(import.meta.dirname, '../..');
const npm = (args: string[], cwd: string) => execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the npm package', () => {
  it('holds what a user needs and nothing else, and works installed in an empty folder', async () => {
    const dir = tempDir('ossast-pack-');
    // The suite's own build is the one packed (--ignore-scripts: prepack would rebuild dist/ under running tests).
    const packed = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], ROOT)) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]!.files.map((f) => f.path);
    const tops = [...new Set(files.map((f) => (f.includes('/') ? `${f.slice(0, f.indexOf('/'))}/` : f)))].sort();
    expect(tops).toEqual(['LICENSE', 'README.md', 'bin/', 'config/', 'demo/', 'dist/', 'package.json', 'scanners/']);
    expect(files.filter((f) => f.startsWith('dist/') && !f.startsWith('dist/src/'))).toEqual([]);
    expect(files.filter((f) => /\.map$|^test\/|^fixtures\/|^bench\//.test(f))).toEqual([]);
    for (const need of [
      'bin/ossast.js',
      'dist/src/cli/bin.js',
      'dist/src/index.d.ts',
      'scanners/semgrep/rules/csharp.yml',
      'scanners/contain.py',
      'config/suppressions/outsystems-generated.yml',
      'config/exposure/platform-allow.yml',
      'config/ossast.schema.json',
      'demo/app/CustomerPortal',
    ])
      expect(
        files.some((f) => f === need || f.startsWith(`${need}/`)),
        need,
      ).toBe(true);

    // Installed from the tarball into an empty project: its dependencies come from the registry (or npm's cache).
    const project = join(dir, 'project');
    mkdirSync(project);
    npm(['init', '-y'], project);
    npm(['install', '--prefer-offline', join(dir, packed[0]!.filename)], project);
    const installed = join(project, 'node_modules', 'ossast');
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(readdirSync(join(project, 'node_modules', '.bin'))).toContain('ossast');
    const bin = join(installed, 'bin', 'ossast.js');
    // No Semgrep on PATH and none of this checkout's: the one `ossast setup` installs in a per-user folder is used.
    const home = join(dir, 'ossast-home');
    // The Node.js running this suite first: `npx` and the global bin run `node` from PATH.
    const path = [dirname(process.execPath), ...(process.env['PATH'] ?? '').split(delimiter)].filter((d) => !existsSync(join(d, 'semgrep'))).join(delimiter);
    const env = { ...process.env, PATH: path, OSSAST_HOME: home, OSSAST_SEMGREP: '', NO_COLOR: '1' };

    const version = await execa(process.execPath, [bin, '--version'], { cwd: project, env, reject: false });
    expect(version.exitCode).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);

    const before = await execa(process.execPath, [bin, 'doctor'], { cwd: project, env, reject: false });
    expect(before.exitCode, before.stdout).toBe(3);
    expect(before.stdout).toMatch(/^FAIL +scanner semgrep +no Semgrep found \(looked for semgrep, from PATH\)$/m);
    const setup = await execa(process.execPath, [bin, 'setup'], { cwd: project, env, reject: false });
    expect(setup.exitCode, setup.stderr).toBe(0);
    const venv = join(home, `semgrep-${pinned}`);
    expect(setup.stdout.trim()).toBe(`installed: Semgrep ${pinned} at ${join(venv, 'bin', 'semgrep')}`);
    const again = await execa(process.execPath, [bin, 'setup'], { cwd: project, env, reject: false });
    expect(again.stdout.trim()).toBe(`already installed: Semgrep ${pinned} at ${join(venv, 'bin', 'semgrep')}`);
    const after = await execa(process.execPath, [bin, 'doctor'], { cwd: project, env, reject: false });
    expect(after.exitCode, after.stdout).toBe(0);
    expect(after.stdout).toContain(`Semgrep ${pinned} at ${join(venv, 'bin', 'semgrep')} (from ossast setup (${venv}))`);

    await writeShopPackage(join(project, 'Shop.zip'));
    const scan = await execa(process.execPath, [bin, 'scan', 'Shop.zip', '--out', 'out'], { cwd: project, env, reject: false });
    expect([0, 1], scan.stderr).toContain(scan.exitCode);
    expect(scan.stderr).toContain(`semgrep: using ${join(venv, 'bin', 'semgrep')} (Semgrep ${pinned}) (from ossast setup (${venv}))`);
    const log = JSON.parse(readFileSync(join(project, 'out', 'results.sarif'), 'utf8')) as { runs: { tool: { driver: { name: string } }; results: unknown[] }[] };
    expect(log.runs.map((r) => r.tool.driver.name)).toContain('Semgrep OSS');
    expect(log.runs.flatMap((r) => r.results).length).toBeGreaterThan(0);

    const demo = await execa(process.execPath, [bin, 'demo'], { cwd: project, env, reject: false });
    expect(demo.exitCode, demo.stderr).toBe(0);
    expect(demo.stderr + demo.stdout).toContain('the gate would fail this build (exit 1) because of the planted weaknesses');

    // The other two ways a team installs it: globally (here under a prefix of its own) and through npx.
    const global = join(dir, 'global');
    npm(['install', '-g', '--prefix', global, '--prefer-offline', join(dir, packed[0]!.filename)], dir);
    const g = await execa(join(global, 'bin', 'ossast'), ['--version'], { cwd: dir, env, reject: false });
    expect(g.exitCode, g.stderr).toBe(0);
    expect(g.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    const clean = join(dir, 'clean');
    mkdirSync(clean);
    const x = await execa('npx', ['--yes', '--prefer-offline', '--package', join(dir, packed[0]!.filename), 'ossast', 'doctor'], { cwd: clean, env, reject: false });
    expect(x.exitCode, x.stdout + x.stderr).toBe(0);
    expect(x.stdout).toContain('(from ossast setup');
  }, 900_000);
});

// Signals: SIGINT/SIGTERM stop every scanner's process group, remove partial files and write nothing that looks
// complete; ossast exits 130/143. Runs the real executable as a child process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { tempDir, writeScript, writeTree } from '../support/tmp.js';
import { filesUnder, expectNoToken } from '../support/hostile.js';
import { testCatalog } from '../support/lifetime.js';
import { startLifetimeSimulator, type Simulator } from '../../src/demo/lifetime-simulator/index.js';
import { alive, waitFor } from '../support/processes.js';

const BIN = join(import.meta.dirname, '../../bin/ossast.js');
const base = tempDir();
const TOKEN = 'sig-token-7c1e99a0b2';

const start = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): ResultPromise => execa(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, ...env }, reject: false, all: false });

const REPORTS = ['results.sarif', 'manifest.json', 'report.html', 'junit.xml', 'summary.md'];

describe('a signal while a scanner runs', () => {
  for (const [signal, code] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const) {
    it(`${signal}: stops the scanner and what it started, writes no report, exits ${code}`, async () => {
      const root = join(base, signal);
      writeTree(root, { 'input/Mod/Actions/ActionRun.cs': 'class A { }\n' });
      // A scanner that starts a child of its own and waits: both must be gone after the signal.
      const tool = writeScript(root, 'tool.sh', `sleep 300 &\necho $! > "${root}/grandchild.pid"\necho $$ > "${root}/tool.pid"\nwait`);
      writeFileSync(join(root, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: slow\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n`);
      const child = start(['scan', 'input', '--config', 'ossast.yml', '--out', 'out', '--format', 'sarif,manifest,html,junit,markdown'], root);
      await waitFor(() => existsSync(join(root, 'grandchild.pid')) && existsSync(join(root, 'tool.pid')));
      const pids = ['tool.pid', 'grandchild.pid'].map((f) => Number(readFileSync(join(root, f), 'utf8')));
      child.kill(signal);
      const r = await child;
      expect(r.exitCode).toBe(code);
      expect(r.stderr).toContain(`stopped by ${signal}: scanners were stopped and partial files removed; no results or reports were written`);
      await waitFor(() => pids.every((p) => !alive(p)), 10_000);
      for (const f of REPORTS) expect(existsSync(join(root, 'out', f))).toBe(false);
      expect(filesUnder(join(root, 'out')).filter((f) => /\.unpack-|\.partial|ossast-tmp/.test(f))).toEqual([]);
    });
  }
});

describe('a signal during a download', () => {
  let sim: Simulator;
  beforeAll(async () => {
    mkdirSync(join(base, 'catalog'));
    sim = await startLifetimeSimulator({ catalog: await testCatalog(join(base, 'catalog')), token: TOKEN, packagingPolls: 0, faults: [{ endpoint: 'download', action: { kind: 'trickle', bytesPerSecond: 64 * 1024 } }] });
  });
  afterAll(async () => sim.close());

  it('SIGINT removes the partial package and exits 130, with no token anywhere', async () => {
    const root = join(base, 'download');
    writeTree(root, { 'keep.txt': 'x' });
    const child = start(['run', '--lifetime-url', sim.url, '--environment', 'Production', '--app', 'Shop', '--out', 'out', '--format', 'sarif,manifest'], root, { LIFETIME_TOKEN: TOKEN });
    const downloads = join(root, 'out', 'downloads');
    await waitFor(() => existsSync(downloads) && readdirSync(downloads).length > 0);
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toContain('stopped by SIGINT');
    expect(readdirSync(downloads)).toEqual([]);
    for (const f of REPORTS) expect(existsSync(join(root, 'out', f))).toBe(false);
    expectNoToken(TOKEN, { dirs: [root], texts: { stdout: String(r.stdout), stderr: String(r.stderr) } });
  });
});

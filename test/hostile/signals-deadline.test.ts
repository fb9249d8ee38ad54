// "A signal always stops ossast within 2 s": SIGINT and SIGTERM sent at generated points of runs whose phases do not
// stop by themselves (a scanner and its child that ignore SIGTERM, one in a session of its own; a LifeTime package
// that is never ready; a large extraction). The run must end with 130/143 within the promise (plus a margin for a
// machine the test shares), and no process the scanner started may be left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { tempDir, writeScript, writeTree } from '../support/tmp.js';
import { testCatalog } from '../support/lifetime.js';
import { writeZip } from '../support/zip.js';
import { startLifetimeSimulator, type Simulator } from '../../src/demo/lifetime-simulator/index.js';
import { alive, waitFor } from '../support/processes.js';

const BIN = join(import.meta.dirname, '../../bin/ossast.js');
const base = tempDir();
const TOKEN = 'sigdl-token-4b7a11c9e0';
/** The promise itself (ossast stops tools 1.2 s after the signal at the latest). */
const WITHIN_MS = 2_000;

let catalog: Awaited<ReturnType<typeof testCatalog>>;
const sims: Simulator[] = [];
beforeAll(async () => {
  mkdirSync(join(base, 'catalog'));
  catalog = await testCatalog(join(base, 'catalog'));
  const files: Record<string, string> = { 'Big.csproj': '<Project/>' };
  for (let i = 0; i < 20_000; i++) files[`Actions/Action${i}.cs`] = `class A${i} { }\n`.repeat(20);
  await writeZip(join(base, 'big.zip'), files);
});
afterAll(async () => {
  for (const s of sims) await s.close();
});

interface Phase {
  name: string;
  /** Prepares `root`; returns the arguments, and when the phase has been reached. */
  setup(root: string): Promise<{ args: string[]; env?: NodeJS.ProcessEnv; reached: () => boolean; pids?: () => number[] }>;
}

const stubConfig = (root: string, body: string, lifetime = '') => {
  const tool = writeScript(root, 'tool.sh', `${body}\necho ready > "${root}/ready"\nwait`);
  writeFileSync(join(root, 'ossast.yml'), `version: 1\n${lifetime}scanners:\n  - type: command\n    name: stub\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n`);
};
const pidsIn = (root: string) => () => (existsSync(join(root, 'pids')) ? readFileSync(join(root, 'pids'), 'utf8').trim().split('\n').filter(Boolean).map(Number) : []);

const phases: Phase[] = [
  {
    name: 'a scanner that ignores SIGTERM',
    setup: async (root) => {
      writeTree(root, { 'input/Mod/Actions/ActionRun.cs': 'class A { }\n' });
      stubConfig(root, `trap '' TERM\necho $$ >> "${root}/pids"\nsleep 300 &`);
      return { args: ['scan', 'input', '--config', 'ossast.yml', '--out', 'out'], reached: () => existsSync(join(root, 'ready')), pids: pidsIn(root) };
    },
  },
  {
    name: 'a scanner whose child ignores SIGTERM in a session of its own',
    setup: async (root) => {
      writeTree(root, { 'input/Mod/Actions/ActionRun.cs': 'class A { }\n' });
      stubConfig(root, `setsid sh -c 'trap "" TERM; echo $$ >> "${root}/pids"; while :; do sleep 1; done' &\nsleep 0.2`);
      return { args: ['scan', 'input', '--config', 'ossast.yml', '--out', 'out'], reached: () => existsSync(join(root, 'ready')), pids: pidsIn(root) };
    },
  },
  {
    name: 'waiting on LifeTime packaging',
    setup: async (root) => {
      // Packaging that is never done: the run polls LifeTime until stopped (a simulator of its own, so that only this
      // run's requests say it got there).
      const sim = await startLifetimeSimulator({ catalog, token: TOKEN, packagingPolls: 1_000_000 });
      sims.push(sim);
      stubConfig(root, 'sleep 300 &', `lifetime:\n  url: ${sim.url}\n  environment: Production\n  pollIntervalSeconds: 0.2\n`);
      let seen = false;
      return {
        args: ['run', '--config', 'ossast.yml', '--app', 'Shop', '--out', 'out'],
        env: { LIFETIME_TOKEN: TOKEN },
        reached: () => (seen ||= sim.requests.some((r) => /\/status$/.test(r.path))),
      };
    },
  },
  {
    name: 'extracting a package of 20,000 files',
    setup: async (root) => {
      mkdirSync(root, { recursive: true });
      stubConfig(root, 'sleep 300 &');
      return { args: ['scan', join(base, 'big.zip'), '--config', 'ossast.yml', '--out', 'out'], reached: () => existsSync(join(root, 'out')) };
    },
  },
];

/** Generated points: this long after the phase is reached. */
const DELAYS_MS = [0, 150, 600];

describe.concurrent('a signal at any point of a run', () => {
  let n = 0;
  for (const phase of phases) {
    for (const delay of DELAYS_MS) {
      for (const [signal, code] of [
        ['SIGTERM', 143],
        ['SIGINT', 130],
      ] as const) {
        it(`${phase.name}, ${signal} ${delay} ms in: exit ${code} within 2 s`, async () => {
          const root = join(base, `case-${n++}`);
          mkdirSync(root, { recursive: true });
          const { args, env, reached, pids } = await phase.setup(root);
          const child: ResultPromise = execa(process.execPath, [BIN, ...args], { cwd: root, reject: false, env: { ...process.env, ...env }, timeout: 120_000 });
          await waitFor(reached, 60_000, 20);
          await new Promise((r) => setTimeout(r, delay));
          const sent = Date.now();
          child.kill(signal);
          const r = await child;
          const took = Date.now() - sent;
          expect(r.exitCode, String(r.stderr)).toBe(code);
          console.log(`signal-to-exit ms: ${took} (${phase.name}, ${signal}, ${delay} ms in)`);
          expect(took, `${phase.name}: stopped ${took} ms after ${signal}`).toBeLessThan(WITHIN_MS);
          const started = pids?.() ?? [];
          await waitFor(() => started.every((p) => !alive(p)), 3_000).catch(() => undefined);
          expect(started.filter(alive)).toEqual([]);
        });
      }
    }
  }
});

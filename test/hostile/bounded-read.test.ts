// Every file ossast reads is a regular file, opened without blocking and read no further than its bound: generated
// over every input kind x every hostile file (FIFOs with and without a writer, devices, a link to a device, a folder,
// a socket, a sparse file over the bound, a file growing while read, a /proc file). Each run must end at once with
// the input's exit code and a message naming the file; none may hang (execa's timeout would fail the test).
import { afterAll, describe, expect, it } from 'vitest';
import { closeSync, existsSync, mkdirSync, openSync, symlinkSync, writeFileSync, ftruncateSync } from 'node:fs';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { tempDir, writeScript, writeTree } from '../support/tmp.js';

const BIN = join(import.meta.dirname, '../../bin/ossast.js');
const base = tempDir();
const MiB = 1024 ** 2;

const SARIF = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'stub' } }, results: [] }] });

/** A hostile file: made at `path`; `found` is what the message says about it (undefined: only the file's name). */
interface Hostile {
  name: string;
  make(path: string, limit: number): void;
  found?: string;
  /** A regular file: what is refused is its content (or its size), not its type. */
  regular?: boolean;
}

const children: ChildProcess[] = [];
const servers: Server[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  for (const s of servers) s.close();
});

const hostiles: Hostile[] = [
  { name: 'a FIFO with no writer', make: (p) => execFileSync('mkfifo', [p]), found: 'FIFO' },
  {
    name: 'a FIFO with a slow writer',
    make: (p) => {
      execFileSync('mkfifo', [p]);
      children.push(spawn('sh', ['-c', `exec 3>"${p}"; while :; do echo "a: 1" >&3 || exit 0; sleep 1; done`], { stdio: 'ignore' }));
    },
    found: 'FIFO',
  },
  { name: '/dev/zero', make: (p) => symlinkSync('/dev/zero', p), found: 'character device' },
  { name: '/dev/urandom', make: (p) => symlinkSync('/dev/urandom', p), found: 'character device' },
  {
    name: 'a link to a link to /dev/zero',
    make: (p) => {
      symlinkSync('/dev/zero', `${p}.hop`);
      symlinkSync(`${p}.hop`, p);
    },
    found: 'character device',
  },
  { name: 'a folder', make: (p) => mkdirSync(p), found: 'folder' },
  {
    name: 'a socket',
    make: (p) => {
      const s = createServer().listen(p);
      servers.push(s);
    },
    found: 'socket',
  },
  {
    name: 'a sparse file one byte over the bound',
    make: (p, limit) => {
      const fd = openSync(p, 'w');
      ftruncateSync(fd, limit + 1);
      closeSync(fd);
    },
  },
  {
    name: 'a file growing while read',
    regular: true,
    make: (p) => {
      writeFileSync(p, '');
      // Appends 64 KiB every 5 ms for as long as the test runs: the file's size is never what it was at open.
      children.push(spawn(process.execPath, ['-e', `const fs=require('fs');const fd=fs.openSync(${JSON.stringify(p)},'a');const b=Buffer.alloc(65536,120);setInterval(()=>fs.writeSync(fd,b),5)`], { stdio: 'ignore' }));
    },
  },
  { name: 'a /proc file (size 0, content unknown in advance)', make: (p) => symlinkSync('/proc/self/status', p), regular: true },
];

/** An input kind: how a run reads a file there, its bound, the exit code a refusal gives, and the name in messages. */
interface Kind {
  name: string;
  limit: number;
  exit: number;
  /** The exit code when the file is a regular file whose content is refused (a parse error), if not `exit`. */
  exitContent?: number;
  /** Sets up the run for the hostile file at `path` in `root`; returns the arguments and the name the message uses. */
  setup(root: string, path: string): { args: string[]; shown: string };
}

const commandConfig = (root: string, tool: string) => {
  writeFileSync(join(root, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: stub\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n`);
  return join(root, 'ossast.yml');
};
const okTool = (root: string) => writeScript(root, 'ok.sh', `printf '%s' '${SARIF}' > "$2"`);

const kinds: Kind[] = [
  { name: 'config file', limit: MiB, exit: 2, setup: (_root, p) => ({ args: ['scan', 'input', '--config', p, '--out', 'out'], shown: p }) },
  { name: 'suppression file', limit: MiB, exit: 2, setup: (root, p) => ({ args: ['scan', 'input', '--config', commandConfig(root, okTool(root)), '--suppressions', p, '--out', 'out'], shown: p }) },
  { name: 'exposure allow-list', limit: MiB, exit: 2, setup: (root, p) => ({ args: ['scan', 'input', '--config', commandConfig(root, okTool(root)), '--allow', p, '--out', 'out'], shown: p }) },
  { name: 'baseline', limit: 512 * MiB, exit: 2, setup: (root, p) => ({ args: ['scan', 'input', '--config', commandConfig(root, okTool(root)), '--baseline', p, '--out', 'out'], shown: p }) },
  { name: 'gate input', limit: 8 * 1024 * MiB, exit: 2, setup: (_root, p) => ({ args: ['gate', p], shown: p }) },
  { name: 'merge input', limit: 8 * 1024 * MiB, exit: 3, exitContent: 2, setup: (_root, p) => ({ args: ['merge', p, '-o', 'out/merged.sarif'], shown: p }) },
  {
    name: 'shard manifest',
    limit: 256 * MiB,
    exit: 3,
    setup: (root, p) => {
      writeFileSync(join(root, 'a.sarif'), SARIF);
      return { args: ['merge', 'a.sarif', '--manifest', p, '-o', 'out/merged.sarif'], shown: 'hostile.file' };
    },
  },
  {
    name: 'scanner output',
    limit: 512 * MiB,
    exit: 3,
    // The tool leaves a link to the hostile file where its SARIF log should be.
    setup: (root, p) => ({ args: ['scan', 'input', '--config', commandConfig(root, writeScript(root, 'tool.sh', `ln -s "${p}" "$2"`)), '--out', 'out'], shown: 'stub.sarif' }),
  },
];

describe.concurrent('a file ossast reads that is not a bounded regular file', () => {
  let n = 0;
  for (const kind of kinds) {
    for (const hostile of hostiles) {
      // A sparse file of 8 GiB is cheap, but no growing file can pass a bound that large during a test.
      it(`${kind.name}: ${hostile.name} is refused at once (exit ${kind.exit}), naming the file`, async () => {
        const root = join(base, `case-${n++}`);
        writeTree(root, { 'input/Mod/Actions/ActionRun.cs': 'class A { }\n' });
        const path = join(root, 'hostile.file');
        hostile.make(path, kind.limit);
        const { args, shown } = kind.setup(root, path);
        const started = Date.now();
        const r = await execa(process.execPath, [BIN, ...args], { cwd: root, reject: false, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
        const seconds = (Date.now() - started) / 1000;
        expect(r.timedOut, `${kind.name} / ${hostile.name}: hung`).toBe(false);
        expect(r.exitCode, r.stderr).toBe(hostile.regular ? (kind.exitContent ?? kind.exit) : kind.exit);
        expect(r.stderr).toContain(shown);
        if (hostile.found) expect(r.stderr).toContain(hostile.found);
        // The promise is "at once": generous, since six test runs share two cores.
        expect(seconds).toBeLessThan(30);
      });
    }
  }
});

it('the bounded-read cases cover every hostile kind', () => {
  expect(existsSync('/dev/zero')).toBe(true);
  expect(kinds.length * hostiles.length).toBeGreaterThanOrEqual(80);
});

// One run per output folder: a second ossast run on the same --out is refused (exit 2) with a message naming the run
// that holds it, instead of two runs emptying each other's folders. Two real processes; then the lock's own states
// (stale on this host, another host, unreadable, a link) on every command that writes an output folder.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { runCli } from '../support/cli.js';
import { tempDir, writeScript, writeTree } from '../support/tmp.js';
import { writeZip } from '../support/zip.js';
import { snapshotTree } from '../support/hostile.js';
import { LOCK_FILE, MARKER_FILE } from '../../src/util/output-root.js';

const BIN = join(import.meta.dirname, '../../bin/ossast.js');
const base = tempDir();
let n = 0;

async function waitFor(check: () => boolean, ms = 120_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A workspace whose command scanner waits for the file `release` before writing its (empty) log. */
function workspace() {
  const root = join(base, `ws${++n}`);
  writeTree(root, { 'in/Mod/Actions/ActionRun.cs': 'class A { }\n' });
  const sarif = JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'slow' } }, results: [] }] });
  const tool = writeScript(root, 'slow.sh', `touch "${root}/started"\nwhile [ ! -e "${root}/release" ]; do sleep 0.05; done\ncat > "$2" <<'J'\n${sarif}\nJ`);
  writeFileSync(join(root, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: slow\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n`);
  return root;
}
const scanArgs = (out: string) => ['scan', 'in', '--config', 'ossast.yml', '--out', out, '--format', 'sarif,markdown'];

describe('two real runs on one --out', () => {
  it('the second is refused (exit 2) naming the first (pid, start); the first finishes and releases the lock', async () => {
    const root = workspace();
    const out = join(root, 'out');
    const first = execa(process.execPath, [BIN, ...scanArgs('out')], { cwd: root, reject: false });
    await waitFor(() => existsSync(join(root, 'started')));
    const lock = JSON.parse(readFileSync(join(out, LOCK_FILE), 'utf8')) as { pid: number; startedAt: string; host: string };
    expect(lock.pid).toBe(first.pid);
    expect(lock.host).toBe(hostname());
    const held = snapshotTree(join(out, 'src'));
    expect(held.size).toBeGreaterThan(0);
    const second = await execa(process.execPath, [BIN, ...scanArgs('out')], { cwd: root, reject: false });
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toContain(`another ossast run (pid ${first.pid}, started ${lock.startedAt}) is using ${out}; nothing was changed`);
    expect(second.stderr).toContain('hint: wait for it to finish, or choose another --out');
    // The first run's folders were left alone by the second.
    expect(snapshotTree(join(out, 'src'))).toEqual(held);
    writeFileSync(join(root, 'release'), '');
    const done = await first;
    expect(done.exitCode).not.toBe(2);
    expect(existsSync(join(out, 'results.sarif'))).toBe(true);
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
    // And the folder is free again.
    const third = await execa(process.execPath, [BIN, ...scanArgs('out')], { cwd: root, reject: false });
    expect(third.exitCode).not.toBe(2);
  });

  it('while one run holds the folder, extract, exposure and fetch on it are refused too', async () => {
    const root = workspace();
    await writeZip(join(root, 'Mod.v1.zip'), { 'Mod.csproj': '<Project />' });
    const first = execa(process.execPath, [BIN, ...scanArgs('out')], { cwd: root, reject: false });
    await waitFor(() => existsSync(join(root, 'started')));
    for (const args of [
      ['extract', 'Mod.v1.zip', '--out', 'out'],
      ['exposure', 'in', '--out', 'out'],
      ['fetch', '--lifetime-url', 'https://127.0.0.1:9', '--environment', 'Dev', '--app', 'X', '--out', 'out'],
    ]) {
      const r = await runCli(args, { cwd: root, env: { LIFETIME_TOKEN: 'tok-lock-test-1234567890' } });
      expect(r.code, args[0]).toBe(2);
      expect(r.stderr).toContain(`another ossast run (pid ${first.pid}, started `);
    }
    writeFileSync(join(root, 'release'), '');
    expect((await first).exitCode).not.toBe(2);
  });
});

/** A pid that was just in use and is not any more. */
async function deadPid(): Promise<number> {
  const p = execa('node', ['-e', '']);
  const pid = p.pid!;
  await p;
  return pid;
}

describe('the lock a run finds', () => {
  const lockText = (o: Record<string, unknown>) => JSON.stringify({ tool: 'ossast', startedAt: '2026-01-02T03:04:05.000Z', nonce: 'abc', host: hostname(), ...o });
  /** A marked output folder (as a run left it) holding `lock`. */
  async function folder(lock: string) {
    const root = join(base, `lk${++n}`);
    const out = join(root, 'out');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, MARKER_FILE), '');
    writeFileSync(join(out, LOCK_FILE), lock);
    await writeZip(join(root, 'Mod.v1.zip'), { 'Mod.csproj': '<Project />' });
    return { root, out, extract: () => runCli(['extract', 'Mod.v1.zip', '--out', 'out'], { cwd: root }) };
  }

  it('left by a dead process on this host: taken over with a warning', async () => {
    const pid = await deadPid();
    const f = await folder(lockText({ pid }));
    const r = await f.extract();
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`took over the lock of an ossast run that is no longer running (pid ${pid}, started 2026-01-02T03:04:05.000Z)`);
    expect(existsSync(join(f.out, LOCK_FILE))).toBe(false);
  });

  it('left by an earlier run in this same process (which no longer holds it): taken over', async () => {
    const f = await folder(lockText({ pid: process.pid }));
    const r = await f.extract();
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`(pid ${process.pid}, started 2026-01-02T03:04:05.000Z)`);
  });

  it.each([
    ['a live process on this host', () => lockText({ pid: 1 }), 'another ossast run (pid 1, started 2026-01-02T03:04:05.000Z) is using'],
    ['another host (cannot be checked)', () => lockText({ pid: 4242, host: 'build-agent-7' }), 'another ossast run (pid 4242 on host build-agent-7, started 2026-01-02T03:04:05.000Z) is using'],
    ['unreadable text', () => 'not a lock', 'its lock file'],
    ['JSON of another shape', () => JSON.stringify({ pid: 'x' }), 'cannot be read as one'],
    ['a huge file', () => 'x'.repeat(1 << 20), 'cannot be read as one'],
  ])('held by %s: refused (exit 2), the lock and the folder left as they were', async (_what, lock, message) => {
    const text = lock();
    const f = await folder(text);
    const r = await f.extract();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(f.out);
    expect(readFileSync(join(f.out, LOCK_FILE), 'utf8')).toBe(text);
    expect(existsSync(join(f.out, 'Mod'))).toBe(false);
  });
});

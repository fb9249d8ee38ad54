// The output folder's lock: one run at a time per folder. Created atomically (a complete file hard-linked into place,
// which fails when anything, a symlink included, is already there); a lock left by a dead process on this host is
// taken over with a warning; any other is a refusal naming the run that holds it.
import { unlinkSync } from 'node:fs';
import { FileRefused, readRegularFile, readRegularFileSync } from './read-file.js';
import { link, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { UsageError } from './errors.js';

const lockSchema = z.object({ tool: z.literal('ossast'), pid: z.number().int().positive(), host: z.string().max(255), startedAt: z.string().max(64), nonce: z.string().max(64) });
type LockInfo = z.infer<typeof lockSchema>;

export interface HeldLock {
  path: string;
  /** The lock file's exact text: released only while the file still holds it. */
  text: string;
}

/** Most bytes read from a lock file (ours are about 150). */
const MAX_LOCK_BYTES = 4096;

/** Whether process `pid` is running on this host (EPERM: it is, under another user). */
export function processRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err instanceof Error && 'code' in err && err.code === 'EPERM';
  }
}

/** The locks this process holds, by path: a lock naming this process that is not among them was left by an earlier run in it. */
const mine = new Set<string>();

/** Reads a lock file without following a link or blocking on a FIFO; undefined when it is missing. */
async function readLock(path: string, folder: string): Promise<{ text: string; info: LockInfo | undefined } | undefined> {
  const remove = `remove ${path} yourself once no ossast run is using ${folder}`;
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path, { maxBytes: MAX_LOCK_BYTES, noFollow: true });
  } catch (err) {
    if (!(err instanceof FileRefused) || err.why === 'missing' || err.why === 'unreadable') return undefined;
    // A lock ossast never writes (over its size): unreadable, so refused like garbage.
    if (err.why === 'too-large') return { text: '', info: undefined };
    throw new UsageError(`the lock file ${path} is ${err.found === 'a symbolic link' ? 'a symlink' : 'not a regular file'}: ossast neither follows nor removes it; nothing was changed`, remove);
  }
  const text = bytes.toString('utf8');
  let info: LockInfo | undefined;
  try {
    info = lockSchema.parse(JSON.parse(text));
  } catch {
    info = undefined;
  }
  return { text, info };
}

/**
 * Takes the lock at `path` for `folder`. Refused (exit 2) while another live ossast run holds it, or when the holder
 * cannot be checked (another host, an unreadable lock): the message names the pid, host and start time.
 */
export async function acquireLock(path: string, folder: string, warn: (m: string) => void = () => undefined): Promise<HeldLock> {
  const info: LockInfo = { tool: 'ossast', pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), nonce: randomBytes(8).toString('hex') };
  const text = `${JSON.stringify(info)}\n`;
  const temp = `${path}.${process.pid}-${info.nonce}`;
  await writeFile(temp, text, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        await link(temp, path);
        mine.add(path);
        return { path, text };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const other = await readLock(path, folder);
      if (!other) continue;
      const o = other.info;
      const wait = `wait for it to finish, or choose another --out`;
      if (!o) throw new UsageError(`another ossast run may be using ${folder}: its lock file ${path} cannot be read as one; nothing was changed`, `${wait}; if no ossast run is using the folder, remove ${path} yourself`);
      const staleHere = o.host === info.host && (!processRunning(o.pid) || (o.pid === process.pid && !mine.has(path)));
      if (!staleHere) {
        throw new UsageError(
          `another ossast run (pid ${o.pid}${o.host === info.host ? '' : ` on host ${o.host}`}, started ${o.startedAt}) is using ${folder}; nothing was changed`,
          `${wait}${o.host === info.host ? '' : `; if that run is over, remove ${path} yourself`}`,
        );
      }
      await takeOver(path, other.text);
      warn(`${folder}: took over the lock of an ossast run that is no longer running (pid ${o.pid}, started ${o.startedAt}); its partial outputs are replaced by this run's`);
    }
    throw new UsageError(`could not take the lock ${path} of ${folder}: other ossast runs kept taking it; nothing was changed`, 'wait for the other runs to finish, or choose another --out');
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * Removes a stale lock whose text is `stale`: moved aside first (atomic), so that a lock another run took in the
 * meantime is put back instead of removed.
 */
async function takeOver(path: string, stale: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch {
    return;
  }
  const moved = await readLock(aside, path).catch(() => undefined);
  if (moved && moved.text !== stale) await link(aside, path).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

/** Releases a lock this process holds, if the file is still the one it wrote. */
export async function releaseLock(lock: HeldLock): Promise<void> {
  mine.delete(lock.path);
  const now = await readLock(lock.path, lock.path).catch(() => undefined);
  if (now?.text === lock.text) await unlink(lock.path).catch(() => undefined);
}

/** The same, synchronous, for the process's exit. */
export function releaseLockSync(lock: HeldLock): void {
  try {
    if (readRegularFileSync(lock.path, { maxBytes: MAX_LOCK_BYTES, noFollow: true }).toString('utf8') === lock.text) unlinkSync(lock.path);
  } catch {
    // gone already, or not ours
  }
}

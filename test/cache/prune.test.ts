// The cache bound (cache.maxBytes) on real files: least recently used entries go with their blobs, this run's stay,
// links are never followed nor removed, files ossast did not write are left alone, and a read touches its entry.
import { describe, expect, it } from 'vitest';
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { pruneCache } from '../../src/cache/prune.js';
import { CacheStore, CACHE_VERSION } from '../../src/cache/store.js';
import { cacheConfigSchema } from '../../src/cache/config.js';
import { tempDir } from '../support/tmp.js';

const DAY = 24 * 3600 * 1000;
const NOW = Date.now();
const key = (n: number) => n.toString(16).padStart(64, '0');

/** Writes entry `n` of `kind` (`bytes` long, plus a blob when asked), last used `daysAgo` days ago. */
function entry(dir: string, kind: string, n: number, bytes: number, daysAgo: number, blob = 0): string[] {
  const k = key(n);
  const folder = join(dir, kind, k.slice(0, 2));
  mkdirSync(folder, { recursive: true });
  const files = [join(folder, `${k}.json`), ...(blob ? [join(folder, `${k}.zip`)] : [])];
  writeFileSync(files[0]!, 'x'.repeat(bytes));
  if (blob) writeFileSync(files[1]!, 'z'.repeat(blob));
  const t = new Date(NOW - daysAgo * DAY);
  for (const f of files) utimesSync(f, t, t);
  return files;
}

describe('pruneCache', () => {
  it('removes the least recently used entries, each with its blob, until the cache fits; keeps the rest', async () => {
    const dir = tempDir();
    const oldest = entry(dir, 'package', 1, 100, 30, 5000);
    const old = entry(dir, 'file', 2, 1000, 20);
    const recent = entry(dir, 'file', 3, 1000, 2);
    const newest = entry(dir, 'file', 4, 1000, 1);
    const warnings: string[] = [];
    const outcome = await pruneCache({ dir, maxBytes: 2500, usedSince: NOW - 3600_000, warn: (m) => warnings.push(m) });
    expect(outcome).toEqual({ before: 8100, after: 2000, removed: 2, removedBytes: 6100 });
    for (const f of [...oldest, ...old]) expect(existsSync(f)).toBe(false);
    for (const f of [...recent, ...newest]) expect(existsSync(f)).toBe(true);
    expect(warnings).toEqual([]);
  });

  it('does nothing when the cache fits', async () => {
    const dir = tempDir();
    const files = [...entry(dir, 'file', 1, 100, 400), ...entry(dir, 'run', 2, 100, 300)];
    expect(await pruneCache({ dir, maxBytes: 200, usedSince: NOW, warn: () => undefined })).toMatchObject({ before: 200, after: 200, removed: 0 });
    for (const f of files) expect(existsSync(f)).toBe(true);
  });

  it('keeps the entries this run used even over the bound, and says so', async () => {
    const dir = tempDir();
    const old = entry(dir, 'file', 1, 500, 10);
    const used = entry(dir, 'file', 2, 500, 0);
    const warnings: string[] = [];
    const outcome = await pruneCache({ dir, maxBytes: 100, usedSince: NOW - 3600_000, warn: (m) => warnings.push(m) });
    expect(outcome).toMatchObject({ after: 500, removed: 1 });
    expect(existsSync(old[0]!)).toBe(false);
    expect(existsSync(used[0]!)).toBe(true);
    expect(warnings).toEqual([`cache ${dir} holds 500 bytes, over cache.maxBytes (100): every entry left was used by this run; raise cache.maxBytes to keep them all`]);
  });

  it('never follows nor removes a link, and leaves files it did not write; each link is named in a warning', async () => {
    const dir = tempDir();
    const outside = tempDir();
    const victim = join(outside, `${key(9)}.json`);
    writeFileSync(victim, 'precious'.repeat(1000));
    utimesSync(victim, new Date(NOW - 400 * DAY), new Date(NOW - 400 * DAY));
    mkdirSync(join(outside, '00'));
    writeFileSync(join(outside, '00', `${key(8)}.json`), 'also precious');
    // A link in place of an entry, of a prefix folder, of a kind folder; and files ossast never names so.
    entry(dir, 'file', 1, 10, 100);
    const fileLink = join(dir, 'file', '00', `${key(9)}.json`);
    symlinkSync(victim, fileLink);
    mkdirSync(join(dir, 'run'));
    symlinkSync(outside, join(dir, 'run', '00'));
    symlinkSync(outside, join(dir, 'package'));
    const notOurs = [join(dir, 'README.txt'), join(dir, 'file', '00', 'notes.json'), join(dir, 'file', '00', `ab${'0'.repeat(62)}.json`)];
    for (const f of notOurs) writeFileSync(f, 'y'.repeat(10_000));
    for (const f of notOurs) utimesSync(f, new Date(NOW - 500 * DAY), new Date(NOW - 500 * DAY));
    const warnings: string[] = [];
    const outcome = await pruneCache({ dir, maxBytes: 0, usedSince: NOW, warn: (m) => warnings.push(m) });
    expect(outcome).toMatchObject({ before: 10, after: 0, removed: 1 });
    expect(readFileSync(victim, 'utf8')).toBe('precious'.repeat(1000));
    expect(readFileSync(join(outside, '00', `${key(8)}.json`), 'utf8')).toBe('also precious');
    for (const f of [fileLink, join(dir, 'run', '00'), join(dir, 'package')]) expect(lstatSync(f).isSymbolicLink()).toBe(true);
    for (const f of notOurs) expect(existsSync(f)).toBe(true);
    // In the order the folders are read (the file system's).
    expect(warnings.sort()).toEqual([
      `cache: ${join(dir, 'file', '00', `${key(9)}.json`)} left as it is (a symbolic link)`,
      `cache: ${join(dir, 'package')} left as it is (a symbolic link)`,
      `cache: ${join(dir, 'run', '00')} left as it is (a symbolic link)`,
    ]);
  });
});

describe('CacheStore', () => {
  const schema = z.object({ ossastCache: z.literal(CACHE_VERSION), kind: z.literal('tool'), key: z.string(), version: z.string() });

  it('a read touches the entry, so that the bound removes it last', async () => {
    const dir = tempDir();
    const store = await CacheStore.open(dir, () => undefined);
    await store.put({ ossastCache: CACHE_VERSION, kind: 'tool', key: key(1), version: '1.0' });
    const file = join(store.dir, 'tool', '00', `${key(1)}.json`);
    const long = new Date(NOW - 100 * DAY);
    utimesSync(file, long, long);
    expect(await store.get('tool', key(1), schema)).toMatchObject({ version: '1.0' });
    expect(statSync(file).mtimeMs).toBeGreaterThan(NOW - 60_000);
  });

  it('prune keeps what this run wrote and read, removes what it did not', async () => {
    const dir = tempDir();
    const store = await CacheStore.open(dir, () => undefined);
    const stale = entry(store.dir, 'file', 7, 3000, 50);
    const started = Date.now();
    await store.put({ ossastCache: CACHE_VERSION, kind: 'tool', key: key(1), version: '1.0' });
    const lines: string[] = [];
    const outcome = await store.prune(100, started, (m) => lines.push(m));
    expect(outcome.removed).toBe(1);
    expect(existsSync(stale[0]!)).toBe(false);
    expect(await store.get('tool', key(1), schema)).toMatchObject({ version: '1.0' });
    expect(lines).toEqual([expect.stringMatching(/^cache: removed 1 least recently used entry \(0\.0 MB\); it holds 0\.0 MB of its 0\.0 MB \(cache\.maxBytes\)$/)]);
  });

  it('cache.maxBytes defaults to 2 GiB and is a whole number of bytes', () => {
    expect(cacheConfigSchema.parse({}).maxBytes).toBe(2 * 1024 ** 3);
    expect(cacheConfigSchema.safeParse({ maxBytes: 1.5 }).success).toBe(false);
    expect(cacheConfigSchema.safeParse({ maxBytes: -1 }).success).toBe(false);
  });
});

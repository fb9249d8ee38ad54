import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { tempDir } from '../support/tmp.js';
import { CacheStore, CACHE_VERSION, MAX_ENTRY_BYTES } from '../../src/cache/store.js';
import { toolEntrySchema } from '../../src/scan/cache-entries.js';

const root = tempDir();
const key = 'a'.repeat(64);
const other = 'b'.repeat(64);
const entry = { ossastCache: CACHE_VERSION, kind: 'tool' as const, key, version: '1.2.3' };

async function storeWith(name: string, write?: (file: string) => void) {
  const warnings: string[] = [];
  const store = await CacheStore.open(join(root, name), (m) => warnings.push(m));
  const file = join(store.dir, 'tool', key.slice(0, 2), `${key}.json`);
  mkdirSync(join(store.dir, 'tool', key.slice(0, 2)), { recursive: true });
  write?.(file);
  return { store, file, warnings, got: await store.get('tool', key, toolEntrySchema) };
}

describe('cache store', () => {
  it('reads back what it wrote, atomically replaced', async () => {
    const { store, warnings } = await storeWith('ok');
    await store.put(entry);
    await store.put({ ...entry, version: '1.2.4' });
    expect(await store.get('tool', key, toolEntrySchema)).toEqual({ ...entry, version: '1.2.4' });
    expect(await store.get('tool', other, toolEntrySchema)).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  const bad: [string, (file: string) => void, RegExp][] = [
    ['corrupt', (f) => writeFileSync(f, '{"ossastCache": 1, "kind": "tool", "ke'), /is not valid JSON/],
    ['truncated to nothing', (f) => writeFileSync(f, ''), /is not valid JSON/],
    ['of another cache version', (f) => writeFileSync(f, JSON.stringify({ ...entry, ossastCache: CACHE_VERSION + 1 })), /written by another cache version/],
    ['foreign (another key)', (f) => writeFileSync(f, JSON.stringify({ ...entry, key: other })), /not the tool entry for key a{64} \(a foreign or moved entry\)/],
    ['of the wrong shape', (f) => writeFileSync(f, JSON.stringify({ ...entry, version: 7 })), /does not have the expected shape \(version: /],
    ['with unknown fields', (f) => writeFileSync(f, JSON.stringify({ ...entry, results: [] })), /does not have the expected shape/],
    [
      'oversized',
      (f) => {
        writeFileSync(f, '');
        truncateSync(f, MAX_ENTRY_BYTES + 1);
      },
      /holds \d+ bytes, over the \d+ ossast reads/,
    ],
    [
      'a symbolic link',
      (f) => {
        writeFileSync(join(root, 'elsewhere.json'), JSON.stringify(entry));
        symlinkSync(join(root, 'elsewhere.json'), f);
      },
      /is a symbolic link/,
    ],
    ['a folder', (f) => mkdirSync(f), /is not a regular file/],
  ];
  it.each(bad)('ignores an entry that is %s, with a warning naming it', async (name, write, why) => {
    const { got, warnings, file } = await storeWith(name.replace(/\W+/g, '-'), write);
    expect(got).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`cache entry ${file} ignored: `);
    expect(warnings[0]).toMatch(why);
  });

  it('ignores an entry reached through a linked folder outside the cache', async () => {
    const outside = join(root, 'outside');
    mkdirSync(join(outside, key.slice(0, 2)), { recursive: true });
    writeFileSync(join(outside, key.slice(0, 2), `${key}.json`), JSON.stringify(entry));
    const warnings: string[] = [];
    const store = await CacheStore.open(join(root, 'linked'), (m) => warnings.push(m));
    symlinkSync(outside, join(store.dir, 'tool'));
    expect(await store.get('tool', key, toolEntrySchema)).toBeUndefined();
    expect(warnings[0]).toMatch(/ignored: it lies outside the cache folder/);
  });

  it('refuses keys that are not hashes (no path can be built from them)', async () => {
    const { store } = await storeWith('keys');
    await expect(store.get('tool', '../x', z.object({ ossastCache: z.number(), kind: z.string(), key: z.string() }))).rejects.toThrow('invalid cache key');
  });
});

describe('cache store with a key (cache.keyEnv)', () => {
  const secret = 'k'.repeat(40);
  const open = async (name: string, withKey?: string) => {
    const warnings: string[] = [];
    const store = await CacheStore.open(join(root, name), (m) => warnings.push(m), withKey);
    return { store, warnings, file: join(store.dir, 'tool', key.slice(0, 2), `${key}.json`) };
  };

  it('writes each entry after its HMAC-SHA256 and reads it back; a store without the key reads it unchecked', async () => {
    const { store, warnings, file } = await open('keyed', secret);
    expect(store.authenticated).toBe(true);
    await store.put(entry);
    const text = readFileSync(file, 'utf8');
    const json = JSON.stringify(entry);
    expect(text).toBe(`ossast-hmac-sha256:${createHmac('sha256', secret).update(json).digest('hex')}\n${json}`);
    expect(await store.get('tool', key, toolEntrySchema)).toEqual(entry);
    const plain = await open('keyed');
    expect(plain.store.authenticated).toBe(false);
    expect(await plain.store.get('tool', key, toolEntrySchema)).toEqual(entry);
    expect([...warnings, ...plain.warnings]).toEqual([]);
  });

  const forged: [string, (text: string) => string, RegExp][] = [
    ['without a code', (t) => t.slice(t.indexOf('\n') + 1), /it carries no authentication code \(written without a cache key\), so it may be forged/],
    ['with its JSON changed', (t) => t.replace('1.2.3', '9.9.9'), /its authentication code does not match \(written with another cache key, or changed since\), so it may be forged/],
    ['with another code', (t) => t.replace(/^ossast-hmac-sha256:[0-9a-f]{64}/, `ossast-hmac-sha256:${'0'.repeat(64)}`), /its authentication code does not match/],
    ['with a malformed code line', (t) => t.replace(/^ossast-hmac-sha256:[0-9a-f]{8}/, 'ossast-hmac-sha256:XYZ'), /its authentication line is malformed/],
  ];
  it.each(forged)('ignores an entry %s, with a warning naming it', async (name, change, why) => {
    const { store, warnings, file } = await open(`forged-${name.replace(/\W+/g, '-')}`, secret);
    await store.put(entry);
    writeFileSync(file, change(readFileSync(file, 'utf8')));
    expect(await store.get('tool', key, toolEntrySchema)).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`cache entry ${file} ignored: `);
    expect(warnings[0]).toMatch(why);
  });
});

// Every file ossast reads goes through src/util/read-file.ts (a regular file, opened without blocking, bounded): this
// checker fails when code under src/ or scanners/ reads a file any other way.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

/** Functions of node:fs that open or read a file by name, or read a descriptor. */
const READERS = ['readFile', 'readFileSync', 'createReadStream', 'open', 'openSync', 'read', 'readSync', 'readv', 'readvSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync', 'openAsBlob'];

/** The few places allowed to use them, each with its reason. Keys are "file: name". */
const ALLOWED: Record<string, string> = {
  'src/util/read-file.ts: open': 'the reader itself',
  'src/util/read-file.ts: openSync': 'the reader itself',
  'src/util/read-file.ts: readSync': 'the reader itself',
  'src/util/version.ts: readFileSync': "ossast's own package.json, part of the installation (trusted as its code is)",
  'src/extract/folder.ts: open': 'copies a folder input: opened with O_NOFOLLOW | O_NONBLOCK and checked with fstat, as the reader does, and every byte counted by the extraction budget',
  'src/merge/merge-files.ts: open': 'opens the merged log for writing',
  'src/suppress/markers.ts: readSync': 'reads a descriptor withSourceFile opened through the reader',
  'src/scan/staging-root.ts: copyFileSync': 'copies files extraction wrote itself in this run (never a link: extraction creates none)',
  'src/cache/store.ts: copyFile': 'copies the package ossast downloaded in this run into the cache',
  'src/demo/build-package.ts: readFile': "the demo application's own files (demo/app/), part of the installation",
  'src/demo/exposure-check.ts: readFile': 'the exposure.json the demo run itself wrote, in its own output folder',
  'src/demo/lifetime-simulator/bystander.ts: createReadStream': 'the simulated download serves a package the demo or test built itself',
  'src/demo/lifetime-simulator/index.ts: createReadStream': 'the simulated download serves a package the demo or test built itself',
  'src/demo/lifetime-simulator/index.ts: readFileSync': 'the simulated slow download serves a package the demo or test built itself',
};

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

/** "file: name" for every reading function a file imports from node:fs or node:fs/promises (or calls on fs/fsp). */
function readersUsed(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const found = new Set<string>();
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'(?:node:)?fs(?:\/promises)?'/g)) {
    for (const part of m[1]!.split(',')) {
      const name = part
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0]!
        .trim();
      if (READERS.includes(name) && !/^\s*type\s/.test(part)) found.add(name);
    }
  }
  // Namespace imports (import * as fs from 'node:fs') and the promises object.
  for (const m of text.matchAll(/import\s+\*\s+as\s+(\w+)\s+from\s*'(?:node:)?fs(?:\/promises)?'/g)) {
    for (const c of text.matchAll(new RegExp(`\\b${m[1]}\\.(?:promises\\.)?(\\w+)\\(`, 'g'))) if (READERS.includes(c[1]!)) found.add(c[1]!);
  }
  // Libraries that open a file by name themselves.
  if (/\byauzl\.open\(/.test(text)) found.add('yauzl.open');
  if (/\b(?:list|extract|t|x)\(\{\s*file\b/.test(text)) found.add('tar file:');
  return [...found].map((n) => `${file}: ${n}`);
}

describe('file reads', () => {
  const used = [...sources('src'), ...sources('scanners')].flatMap(readersUsed);

  it('go through src/util/read-file.ts, except the allow-listed places', () => {
    expect(used.filter((u) => !(u in ALLOWED))).toEqual([]);
  });

  it('the allow-list names no place that no longer reads a file', () => {
    expect(Object.keys(ALLOWED).filter((k) => !used.includes(k))).toEqual([]);
  });
});

// `ossast scan` with cache.maxBytes: after the run the cache holds at most that many bytes, the stale entries gone and
// this run's kept (the next run takes every file from the cache).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tempDir } from '../support/tmp.js';
import { writeAppPackage } from '../support/zip.js';
import { runCli } from '../support/cli.js';

const dir = tempDir();
const cache = join(dir, 'cache');
const out = join(dir, 'out');

/** Bytes of the regular files under a folder. */
const bytesUnder = (folder: string) =>
  readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((n, e) => n + statSync(join(e.parentPath, e.name)).size, 0);

describe('scan with cache.maxBytes', () => {
  it('removes the least recently used entries after the run, keeps what the run used', async () => {
    const zip = await writeAppPackage(join(dir, 'Shop.zip'), {
      ShopCore: { 'ShopCore.csproj': '<Project />', 'Actions/A.cs': `namespace ssShopCore { class A { void F(string q) { string sql = "SELECT * FROM T WHERE N = '" + q + "'"; } } }\n` },
    });
    // Entries of earlier runs, unused for months: 3 MB.
    const stale = [1, 2, 3].map((n) => join(cache, 'file', 'ee', `ee${String(n).padStart(62, '0')}.json`));
    mkdirSync(join(cache, 'file', 'ee'), { recursive: true });
    for (const f of stale) {
      writeFileSync(f, 'x'.repeat(1024 ** 2));
      utimesSync(f, new Date(Date.now() - 90 * 86_400_000), new Date(Date.now() - 90 * 86_400_000));
    }
    const config = join(dir, 'ossast.yml');
    writeFileSync(config, `version: 1\ncache:\n  dir: cache\n  maxBytes: 1048576\n`);
    const scan = () => runCli(['scan', zip, '--config', config, '--out', out, '--format', 'sarif,manifest'], { cwd: dir });

    const first = await scan();
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toMatch(/cache: removed 3 least recently used entries \(3\.0 MB\); it holds 0\.0 MB of its 1\.0 MB \(cache\.maxBytes\)/);
    for (const f of stale) expect(existsSync(f)).toBe(false);
    expect(bytesUnder(cache)).toBeLessThanOrEqual(1024 ** 2);
    expect(bytesUnder(cache)).toBeGreaterThan(0);

    const second = await scan();
    expect(second.code).toBe(1);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.scanners[0].cache).toMatchObject({ scanned: 0, fromCache: manifest.scanners[0].cache.files });
    expect(second.stderr).not.toContain('least recently used');
  });
});

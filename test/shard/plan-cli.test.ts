// `ossast plan` refusals: bad counts and limits (exit 2), nothing to plan (exit 2), a source that cannot be read (exit 3).
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { writeShopPackage } from '../support/shop.js';

const dir = tempDir();

describe('ossast plan refuses', () => {
  it.each([
    [['--shards', '0'], '--shards: expected a whole number >= 1, received "0"'],
    [['--max-per-shard', 'many'], '--max-per-shard: expected a whole number >= 1, received "many"'],
    [['--shards', '201', '--format', 'gitlab'], '201 shards are more than a gitlab matrix may hold (200 jobs)'],
    [['--shards', '257', '--format', 'github'], '257 shards are more than a github matrix may hold (256 jobs)'],
    [[], 'give either --shards N or --max-per-shard N'],
    [['--shards', '2', '--format', 'azure'], "argument 'azure' is invalid. Allowed choices are github, gitlab, json"],
  ])('%j: exit 2', async (flags, message) => {
    const shop = await writeShopPackage(join(dir, 'Shop.zip'));
    const r = await runCli(['plan', shop, ...flags], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });

  it('nothing to plan (no paths, no config): exit 2', async () => {
    const r = await runCli(['plan', '--shards', '2'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing to plan');
  });

  it('a source that cannot be extracted: exit 3, naming it, no matrix printed', async () => {
    const bad = join(dir, 'Broken.zip');
    writeFileSync(bad, 'PK\u0003\u0004 this is not a zip');
    const r = await runCli(['plan', bad, '--shards', '2', '--format', 'github'], { cwd: dir });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('cannot plan:');
    expect(r.stderr).toContain('Broken.zip');
    expect(r.stdout).toBe('');
  });
});

describe('ossast run --shard', () => {
  it('with a config that names nothing to scan: exit 2, as without --shard', async () => {
    const cfg = join(dir, 'empty.yml');
    writeFileSync(cfg, 'version: 1\n');
    const r = await runCli(['run', '--config', cfg, '--shard', '1/2', '--out', join(dir, 'empty-out')], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing to scan');
  });
});

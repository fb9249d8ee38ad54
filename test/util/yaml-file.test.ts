import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/util/errors.js';
import { tempDir } from '../support/tmp.js';

describe('reading a config file', () => {
  const dir = tempDir();
  const refusal = async (file: string): Promise<ConfigError> => {
    const err: unknown = await loadConfig(file, {}, dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    if (!(err instanceof ConfigError)) throw new Error('unreachable');
    expect(err.exitCode).toBe(2);
    return err;
  };

  it('refuses a file over 1 MiB before reading it, naming its size', async () => {
    writeFileSync(join(dir, 'big.yml'), `version: 1\n# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const err = await refusal('big.yml');
    expect(err.message).toBe('big.yml: the file is 2097166 bytes; ossast reads YAML files of at most 1 MiB (1048576 bytes)');
    expect(err.hint).toContain('check that the path names the right file');
  });

  it.runIf(existsSync('/dev/zero'))('refuses a device that never ends without reading it', async () => {
    expect((await refusal('/dev/zero')).message).toBe('config file /dev/zero is a character device, not a file');
  });

  it('refuses bytes that are not UTF-8', async () => {
    writeFileSync(join(dir, 'latin1.yml'), Buffer.from('version: 1\nsources: ["caf\xe9.zip"]\n', 'latin1'));
    const err = await refusal('latin1.yml');
    expect(err.message).toBe('latin1.yml: the file is not UTF-8 text');
    expect(err.hint).toBe('save the file as UTF-8');
  });

  it('names a folder given as the config file', async () => {
    mkdirSync(join(dir, 'folder.yml'));
    expect((await refusal('folder.yml')).message).toBe('config file folder.yml is a folder, not a file');
  });

  it('names a missing file', async () => {
    expect((await refusal('nope.yml')).message).toBe('config file nope.yml not found');
  });

  it('hashes the bytes of the file it read', async () => {
    writeFileSync(join(dir, 'ok.yml'), 'version: 1\n');
    expect((await loadConfig('ok.yml', {}, dir)).sha256).toBe(createHash('sha256').update('version: 1\n').digest('hex'));
  });
});

// Reads a YAML file ossast is given (config, suppressions) as UTF-8 text, never more than yamlLimits.maxBytes.
import { open } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { ConfigError } from '../util/errors.js';
import { tooLarge, yamlLimits } from './yaml.js';

export interface ReadYaml {
  text: string;
  /** SHA-256 of the file's bytes. */
  sha256: string;
}

/**
 * Reads at most maxBytes + 1 bytes (so /dev/zero, a pipe or a huge file cannot exhaust memory) and refuses more.
 * `display` names the file in messages; `missing` says what to do when it does not exist or cannot be read.
 */
export async function readYamlFile(path: string, display: string, missing: { what: string; hint: string }): Promise<ReadYaml> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : '';
    throw new ConfigError(code === 'ENOENT' ? `${missing.what} ${display} not found` : `cannot read ${missing.what} ${display}: ${String(err)}`, missing.hint, err);
  }
  let bytes: Buffer;
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new ConfigError(`${missing.what} ${display} is a folder, not a file`, missing.hint);
    if (stat.isFile() && stat.size > yamlLimits.maxBytes) throw tooLarge(display, stat.size);
    // Not zero-filled: only the bytes read are ever looked at, and most files are far below the bound.
    const buf = Buffer.allocUnsafe(yamlLimits.maxBytes + 1);
    let filled = 0;
    while (filled < buf.length) {
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > yamlLimits.maxBytes) throw tooLarge(display, stat.isFile() ? Math.max(stat.size, filled) : undefined);
    bytes = buf.subarray(0, filled);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`cannot read ${missing.what} ${display}: ${String(err)}`, missing.hint, err);
  } finally {
    await handle.close();
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw new ConfigError(`${display}: the file is not UTF-8 text`, 'save the file as UTF-8', err);
  }
  return { text, sha256: createHash('sha256').update(bytes).digest('hex') };
}

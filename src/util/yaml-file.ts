// Reads a YAML file ossast is given (config, suppressions) as UTF-8 text, never more than yamlLimits.maxBytes.
import { ConfigError } from './errors.js';
import { tooLarge, yamlLimits } from './yaml.js';
import { FileRefused, readRegularFile } from './read-file.js';
import { sha256Hex } from './hash.js';

export interface ReadYaml {
  text: string;
  /** SHA-256 of the file's bytes. */
  sha256: string;
}

/**
 * A regular file only (a FIFO, a device, a folder or a socket is refused at once, never opened for reading), read no
 * further than maxBytes + 1 bytes (so a growing or /proc file cannot exhaust memory).
 * `display` names the file in messages; `missing` says what to do when it does not exist or cannot be read.
 */
export async function readYamlFile(path: string, display: string, missing: { what: string; hint: string }): Promise<ReadYaml> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path, { maxBytes: yamlLimits.maxBytes });
  } catch (err) {
    if (!(err instanceof FileRefused)) throw new ConfigError(`cannot read ${missing.what} ${display}: ${String(err)}`, missing.hint, err);
    if (err.why === 'missing') throw new ConfigError(`${missing.what} ${display} not found`, missing.hint, err);
    if (err.why === 'too-large') throw tooLarge(display, err.bytes);
    if (err.why === 'not-a-file') throw new ConfigError(`${missing.what} ${display} is ${err.found ?? 'not a regular file'}, not a file`, missing.hint, err);
    throw new ConfigError(`cannot read ${missing.what} ${display}: ${err.message}`, missing.hint, err);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (err) {
    throw new ConfigError(`${display}: the file is not UTF-8 text`, 'save the file as UTF-8', err);
  }
  return { text, sha256: sha256Hex(bytes) };
}

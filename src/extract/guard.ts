// The rules every archive entry must pass before a byte is written: safe names, and budgets against ZIP bombs.
import { isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';
import { PipelineError } from '../util/errors.js';
import type { ExtractLimits } from './limits.js';

/** Thrown for an entry that breaks a rule; message names the archive chain and the entry. */
export class RefusedEntry extends PipelineError {}

/** Human name of an archive inside others: "App.zip > Mod.v3.zip". */
export type Chain = string[];
const show = (chain: Chain) => chain.join(' > ');

export function refuse(chain: Chain, entry: string, rule: string, hint: string): never {
  throw new RefusedEntry(`refused to extract ${show(chain)}: entry "${entry}" ${rule}`, hint);
}

const UNSAFE_HINT = 'the archive is malformed or malicious; get a fresh package from LifeTime and do not unpack it by hand';

/** Resolves an entry name below dir, or refuses it (absolute, drive letter, "..", backslash tricks, NUL, control chars). */
export function safeEntryPath(dir: string, name: string, chain: Chain): string {
  if (name.includes('\0') || /[\u0001-\u001f]/.test(name)) refuse(chain, name.replace(/[\u0000-\u001f]/g, '?'), 'has control characters in its name', UNSAFE_HINT);
  // Some Windows tools write "\\" separators: read them as "/" so "..\\x" is caught like "../x".
  const posix = name.replace(/\\/g, '/');
  if (/^[A-Za-z]:/.test(posix)) refuse(chain, name, 'has a drive letter (absolute Windows path)', UNSAFE_HINT);
  if (posix.startsWith('/') || isAbsolute(posix)) refuse(chain, name, 'has an absolute path', UNSAFE_HINT);
  if (posix.split('/').includes('..')) refuse(chain, name, 'contains ".." and would be written outside the target folder', UNSAFE_HINT);
  const target = resolve(dir, normalize(posix));
  const rel = relative(dir, target);
  if (rel.startsWith('..') || isAbsolute(rel)) refuse(chain, name, 'would be written outside the target folder', UNSAFE_HINT);
  return target;
}

/** Whether a symlink at `linkPath` pointing to `linkTarget` stays inside `root`. */
export function linkStaysInside(root: string, linkPath: string, linkTarget: string): boolean {
  if (isAbsolute(linkTarget) || /^[A-Za-z]:/.test(linkTarget) || linkTarget.includes('\\')) return false;
  const dest = resolve(join(linkPath, '..'), linkTarget);
  const rel = relative(root, dest);
  return !(rel.startsWith('..') || isAbsolute(rel)) && !rel.split(sep).includes('..');
}

/** Shared across an archive and everything nested in it: counts entries and bytes actually written. */
export class Budget {
  entries = 0;
  bytes = 0;
  /** Sum of declared sizes, so the limit is hit at the same entry however writes interleave. */
  private reserved = 0;
  constructor(readonly limits: ExtractLimits) {}

  entry(chain: Chain, name: string): void {
    if (++this.entries > this.limits.maxEntries) {
      refuse(chain, name, `goes over the limit of ${this.limits.maxEntries} entries`, 'if the package is legitimately this large, raise extract.maxEntries in the config');
    }
  }

  /** Declared sizes: refuse early when the ratio or the total cannot fit. */
  declared(chain: Chain, name: string, compressed: number, uncompressed: number): void {
    // Tiny files compress extremely well legitimately; only a large expansion is a bomb.
    if (uncompressed > 1024 * 1024 && uncompressed / Math.max(compressed, 1) > this.limits.maxRatio) {
      refuse(chain, name, `expands ${Math.round(uncompressed / Math.max(compressed, 1))}x (limit ${this.limits.maxRatio}x): looks like a ZIP bomb`, 'if this file is legitimate, raise extract.maxRatio in the config');
    }
    this.reserved += uncompressed;
    if (this.reserved > this.limits.maxTotalBytes) this.overTotal(chain, name);
  }

  /** Bytes really written (declared sizes can lie). */
  wrote(chain: Chain, name: string, n: number): void {
    this.bytes += n;
    if (this.bytes > this.limits.maxTotalBytes) this.overTotal(chain, name);
  }

  /**
   * A counter for the bytes a decompressor gives out of `compressedBytes` of input, called as each chunk comes: it
   * refuses (throws RefusedEntry) as soon as they pass the ratio or what is left of the total, so a bomb stops while it
   * streams and memory stays bounded whatever the input claims. The bytes are not added to the total: what is
   * written is counted by `wrote`.
   */
  inflating(chain: Chain, name: string, compressedBytes: number, kind: string): (n: number) => void {
    const byRatio = Math.max(1024 * 1024, compressedBytes * this.limits.maxRatio);
    const left = Math.max(0, this.limits.maxTotalBytes - this.bytes);
    let seen = 0;
    return (n) => {
      seen += n;
      if (seen > byRatio) {
        refuse(
          chain,
          name,
          `expands more than ${this.limits.maxRatio}x (over ${Math.round(seen / 1024 ** 2)} MB from ${compressedBytes} bytes; stopped while decompressing): looks like a ${kind} bomb`,
          'if this archive is legitimate, raise extract.maxRatio in the config',
        );
      }
      if (seen > left) this.overTotal(chain, name);
    };
  }

  private overTotal(chain: Chain, name: string): never {
    refuse(chain, name, `goes over the limit of ${Math.round(this.limits.maxTotalBytes / 1024 ** 2)} MB extracted in total`, 'if the package is legitimately this large, raise extract.maxTotalMB in the config');
  }
}

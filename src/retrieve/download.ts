// Streams a package to disk (never held in memory) with a size cap, an idle timeout, SHA-256 on the fly and a ZIP check.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { LifetimeError } from './errors.js';
import type { LifetimeClient } from './http.js';

export interface Downloaded {
  path: string;
  sha256: string;
  bytes: number;
}

/** A download that broke for a reason a retry may fix (dropped, truncated, stalled). */
export class RetryableDownload extends LifetimeError {}

export async function downloadTo(client: LifetimeClient, url: string, file: string, opts: { maxBytes: number; what: string; onBytes: (n: number, total?: number) => void; auth: 'bearer' | 'bare' }): Promise<Downloaded> {
  const ac = new AbortController();
  const res = await client.send('GET', url, opts.what, { auth: opts.auth, stream: ac });
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new LifetimeError(`package for ${opts.what} is ${(declared / 1024 ** 2).toFixed(0)} MB, over the cap of ${(opts.maxBytes / 1024 ** 2).toFixed(0)} MB`, { url, hint: 'raise lifetime.maxPackageMB if this size is expected' });
  }
  if (!res.body) throw new RetryableDownload(`download of ${opts.what} returned no body`, { url });
  const hash = createHash('sha256');
  let bytes = 0;
  let idle: NodeJS.Timeout | undefined;
  let stalled = false;
  const arm = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      stalled = true;
      ac.abort(new Error('stalled'));
    }, client.opts.timeoutMs);
  };
  const meter = new Transform({
    transform(chunk: Buffer, _e, cb) {
      arm();
      bytes += chunk.length;
      if (bytes > opts.maxBytes) return cb(new LifetimeError(`package for ${opts.what} is over the cap of ${(opts.maxBytes / 1024 ** 2).toFixed(0)} MB; download stopped`, { url, hint: 'raise lifetime.maxPackageMB if this size is expected' }));
      hash.update(chunk);
      opts.onBytes(bytes, Number.isFinite(declared) ? declared : undefined);
      cb(null, chunk);
    },
  });
  arm();
  try {
    await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), meter, createWriteStream(file));
  } catch (err) {
    await rm(file, { force: true });
    if (err instanceof LifetimeError) throw err;
    const why = stalled ? `no data for ${client.opts.timeoutMs / 1000} s` : `connection dropped after ${bytes} bytes (${err instanceof Error ? err.message : String(err)})`;
    throw new RetryableDownload(`download of ${opts.what} failed: ${why}`, { url, cause: err });
  } finally {
    clearTimeout(idle);
  }
  if (Number.isFinite(declared) && bytes !== declared) {
    await rm(file, { force: true });
    throw new RetryableDownload(`download of ${opts.what} was truncated: got ${bytes} of ${declared} bytes`, { url });
  }
  if (!(await looksLikeZip(file))) {
    await rm(file, { force: true });
    throw new RetryableDownload(`download of ${opts.what} is not a complete ZIP file (${bytes} bytes)`, { url, hint: 'the package may be truncated; ossast retries, then gives up' });
  }
  return { path: file, sha256: hash.digest('hex'), bytes };
}

/** A ZIP starts with a local header (or is empty) and ends with an end-of-central-directory record. */
async function looksLikeZip(file: string): Promise<boolean> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    if (size < 22) return false;
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    if (!head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04])) && !head.equals(Buffer.from([0x50, 0x4b, 0x05, 0x06]))) return false;
    const tailLen = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    return tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) !== -1;
  } finally {
    await fh.close();
  }
}

// Streams a package to disk (never held in memory) within a size cap, an idle timeout and a deadline, with SHA-256 on
// the fly and a ZIP check.
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { openRegularFile } from '../util/read-file.js';
import { sha256Hasher } from '../util/hash.js';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { LifetimeError } from './errors.js';
import type { LifetimeClient } from './http.js';
import { Deadline } from './deadline.js';
import { BodyCut, formatBytes, streamBody } from './body.js';
import { shownUrl } from './origin.js';

export interface Downloaded {
  path: string;
  sha256: string;
  bytes: number;
}

/** A download that broke for a reason a retry may fix (dropped, truncated, stalled). */
export class RetryableDownload extends LifetimeError {}

export interface DownloadOptions {
  /** Cap on the package's bytes, counted after any Content-Encoding is decoded. */
  maxBytes: number;
  /** Overall limit for this download, however slowly bytes keep arriving. */
  deadlineSeconds: number;
  what: string;
  onBytes: (n: number, total?: number) => void;
  auth: 'bearer' | 'bare';
}

export async function downloadTo(client: LifetimeClient, url: string, file: string, opts: DownloadOptions): Promise<Downloaded> {
  const deadline = new Deadline(opts.deadlineSeconds, 'lifetime.downloadDeadlineSeconds');
  const shown = shownUrl(url);
  const capped = () =>
    new LifetimeError(`package for ${opts.what} from ${shown} is over the cap of ${formatBytes(opts.maxBytes)} (lifetime.maxPackageMB, counted after decoding); download stopped`, {
      url: shown,
      hint: 'raise lifetime.maxPackageMB if this size is expected',
    });
  const { res, abort } = await client.send('GET', url, opts.what, { auth: opts.auth, accept: 'zip', deadline });
  // With a Content-Encoding, Content-Length counts the encoded bytes: only the decoded count is checked then.
  const encoded = !/^(identity)?$/i.test(res.headers.get('content-encoding')?.trim() ?? '');
  const declared = encoded ? NaN : Number(res.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    abort.abort(new Error('over the cap'));
    throw capped();
  }
  const hash = sha256Hasher();
  const out = createWriteStream(file);
  // Write errors surface through write/drain/finished below; this listener keeps a late one (after destroy) quiet.
  out.on('error', () => undefined);
  let bytes = 0;
  try {
    await streamBody(res, abort, { maxBytes: opts.maxBytes, idleMs: client.opts.timeoutMs, deadline }, async (chunk) => {
      hash.update(chunk);
      bytes += chunk.byteLength;
      opts.onBytes(bytes, Number.isFinite(declared) ? declared : undefined);
      if (!out.write(chunk)) await once(out, 'drain');
    });
    out.end();
    await finished(out);
  } catch (err) {
    out.destroy();
    await rm(file, { force: true });
    if (client.opts.signal?.aborted) throw client.opts.signal.reason;
    if (!(err instanceof BodyCut))
      throw new LifetimeError(`download of ${opts.what} could not be written to ${file}: ${err instanceof Error ? err.message : String(err)}`, { url: shown, hint: 'check the free space and permissions of the output folder', cause: err });
    switch (err.why) {
      case 'cap':
        throw capped();
      case 'deadline':
        throw new LifetimeError(`download of ${opts.what} from ${shown} did not finish ${deadline.describe()}: ${err.bytes} bytes had arrived`, { url: shown, hint: `raise ${deadline.field} if the link to LifeTime is this slow` });
      case 'idle':
        throw new RetryableDownload(`download of ${opts.what} failed: no data for ${client.opts.timeoutMs / 1000} s`, { url: shown, cause: err });
      default:
        throw new RetryableDownload(`download of ${opts.what} failed: connection dropped after ${err.bytes} bytes (${err.cause instanceof Error ? err.cause.message : String(err.cause)})`, { url: shown, cause: err });
    }
  }
  if (Number.isFinite(declared) && bytes !== declared) {
    await rm(file, { force: true });
    throw new RetryableDownload(`download of ${opts.what} was truncated: got ${bytes} of ${declared} bytes`, { url: shown });
  }
  if (!(await looksLikeZip(file))) {
    await rm(file, { force: true });
    throw new RetryableDownload(`download of ${opts.what} is not a complete ZIP file (${bytes} bytes)`, { url: shown, hint: 'the package may be truncated; ossast retries, then gives up' });
  }
  return { path: file, sha256: hash.hex(), bytes };
}

/** A ZIP starts with a local header (or is empty) and ends with an end-of-central-directory record. */
async function looksLikeZip(file: string): Promise<boolean> {
  const { handle: fh, stats } = await openRegularFile(file, { maxBytes: Number.MAX_SAFE_INTEGER });
  try {
    const { size } = stats;
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

// Inflates ZIP entries out of an archive held in memory and writes them, synchronously: the one routine the entry
// writers run, on the main thread for a small package and in worker threads for a large one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { EntryFailure, WriteJob } from './write-protocol.js';

function bytesOf(archive: Buffer, job: WriteJob): Buffer | string {
  const raw = archive.subarray(job.start, job.start + job.compressedSize);
  if (job.method === 0) return raw.length === job.size ? raw : `is ${raw.length} bytes, its header says ${job.size}`;
  let data: Buffer;
  try {
    // Never inflate past the declared size: a header that lies about it cannot make us allocate more.
    data = inflateRawSync(raw, { maxOutputLength: Math.max(1, job.size) });
  } catch (err) {
    return `cannot be inflated: ${err instanceof Error ? err.message : String(err)}`;
  }
  return data.length === job.size ? data : `is ${data.length} bytes, its header says ${job.size}`;
}

/** Writes the jobs in order; stops at the first entry that cannot be written. `made`: folders known to exist. */
export function writeEntries(archive: Buffer, jobs: readonly WriteJob[], made: Set<string>): EntryFailure | undefined {
  for (const job of jobs) {
    const data = bytesOf(archive, job);
    if (typeof data === 'string') return { kind: 'corrupt', name: job.name, target: job.target, message: `entry "${job.name}" ${data}` };
    try {
      const dir = dirname(job.target);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(job.target, data);
    } catch (err) {
      return { kind: 'write', name: job.name, target: job.target, message: err instanceof Error ? err.message : String(err) };
    }
  }
  return undefined;
}

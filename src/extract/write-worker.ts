// Worker thread of EntryWriters: inflates ZIP entries out of the shared archive and writes them, synchronously.
import { parentPort } from 'node:worker_threads';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { writerMessageSchema, type WriteJob, type WriterReply } from './write-protocol.js';

const port = parentPort;
if (!port) throw new Error('src/extract/write-worker.ts runs as a worker thread of EntryWriters, not on its own');
const archives = new Map<number, Buffer>();
const made = new Set<string>();

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

function run(archive: Buffer, id: number, jobs: WriteJob[]): WriterReply {
  for (const job of jobs) {
    const data = bytesOf(archive, job);
    if (typeof data === 'string') return { kind: 'corrupt', id, name: job.name, target: job.target, message: `entry "${job.name}" ${data}` };
    try {
      const dir = dirname(job.target);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      writeFileSync(job.target, data);
    } catch (err) {
      return { kind: 'write', id, name: job.name, target: job.target, message: err instanceof Error ? err.message : String(err) };
    }
  }
  return { kind: 'done', id };
}

port.on('message', (message: unknown) => {
  const m = writerMessageSchema.parse(message);
  if (m.kind === 'archive') {
    archives.clear();
    archives.set(m.id, Buffer.from(m.bytes));
    return;
  }
  const archive = archives.get(m.archive);
  port.postMessage(archive ? run(archive, m.id, m.jobs) : ({ kind: 'write', id: m.id, name: '', target: '', message: `archive ${m.archive} was never shared with this worker` } satisfies WriterReply));
});

// Worker thread of EntryWriters: inflates ZIP entries out of the shared archive and writes them, synchronously.
import { parentPort } from 'node:worker_threads';
import { writerMessageSchema, type WriterReply } from './write-protocol.js';
import { writeEntries } from './write-entries.js';

const port = parentPort;
if (!port) throw new Error('src/extract/write-worker.ts runs as a worker thread of EntryWriters, not on its own');
const archives = new Map<number, Buffer>();
const made = new Set<string>();

port.on('message', (message: unknown) => {
  const m = writerMessageSchema.parse(message);
  if (m.kind === 'archive') {
    archives.clear();
    archives.set(m.id, Buffer.from(m.bytes));
    return;
  }
  const archive = archives.get(m.archive);
  if (!archive) {
    port.postMessage({ kind: 'write', id: m.id, name: '', target: '', message: `archive ${m.archive} was never shared with this worker` } satisfies WriterReply);
    return;
  }
  const failure = writeEntries(archive, m.jobs, made);
  port.postMessage((failure ? { ...failure, id: m.id } : { kind: 'done', id: m.id }) satisfies WriterReply);
});

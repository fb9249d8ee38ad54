// Messages between the entry writers and their worker threads (zod, like every value that crosses a boundary).
import * as z from 'zod';

/** One ZIP entry to inflate (method 8) or copy (method 0) out of the shared archive and write to `target`. */
export const writeJobSchema = z.object({
  /** Offset of the entry's compressed bytes in the archive. */
  start: z.number().int().nonnegative(),
  compressedSize: z.number().int().nonnegative(),
  /** Declared uncompressed size: inflating stops there, and any other length is an error. */
  size: z.number().int().nonnegative(),
  method: z.union([z.literal(0), z.literal(8)]),
  target: z.string(),
  name: z.string(),
});
export type WriteJob = z.infer<typeof writeJobSchema>;

export const writerMessageSchema = z.discriminatedUnion('kind', [
  /** The archive's bytes, shared (not copied) with every worker. */
  z.object({ kind: z.literal('archive'), id: z.number().int(), bytes: z.instanceof(SharedArrayBuffer) }),
  z.object({ kind: z.literal('batch'), id: z.number().int(), archive: z.number().int(), jobs: z.array(writeJobSchema) }),
]);
export type WriterMessage = z.infer<typeof writerMessageSchema>;

export const writerReplySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('done'), id: z.number().int() }),
  /** corrupt: the entry's bytes are bad (the archive's fault); write: the disk refused (ours). */
  z.object({ kind: z.enum(['corrupt', 'write']), id: z.number().int(), name: z.string(), target: z.string(), message: z.string() }),
]);
export type WriterReply = z.infer<typeof writerReplySchema>;
/** Why an entry was not written (a failed reply without its message id). */
export type EntryFailure = Omit<Extract<WriterReply, { kind: 'corrupt' | 'write' }>, 'id'>;

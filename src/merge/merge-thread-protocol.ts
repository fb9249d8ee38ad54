// Messages between mergeRunsOffThread and its worker thread (zod, like every value that crosses a boundary).
import * as z from 'zod';

/** A batch of one source run's results, as JSON text (cheaper to pass and to parse than a structured clone). */
const batch = z.object({ kind: z.literal('results'), run: z.number().int(), json: z.string() });

export const toWorkerSchema = z.discriminatedUnion('kind', [
  /** The merge's input, every scanner run's SARIF without its results (they follow in batches). */
  z.object({ kind: z.literal('input'), input: z.looseObject({ runs: z.array(z.unknown()), sourceRoot: z.string() }) }),
  /** `run` counts the source runs in input order (each scanner run's sarif.runs, one after the other). */
  batch,
  /** Merge, and write the merged log to `file` (created: never through what is there). */
  z.object({ kind: z.literal('merge'), file: z.string() }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;

export const fromWorkerSchema = z.discriminatedUnion('kind', [
  /** The merged log is complete in the file: `results` counts each run's results (null: the run has no result set). */
  z.object({ kind: z.literal('written'), results: z.array(z.number().int().nonnegative().nullable()) }),
  /** `rule-reference`: a result names a rule its run does not have (the log is refused, as in the merge on the main thread). */
  z.object({ kind: z.literal('failed'), reason: z.enum(['rule-reference', 'other']), message: z.string(), hint: z.string().optional() }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;

/** The merged log's shape, checked when it is read back (its values are kept as the worker wrote them, keys in order). */
export const mergedLogSchema = z.looseObject({ $schema: z.string().optional(), version: z.literal('2.1.0'), runs: z.array(z.looseObject({ results: z.array(z.unknown()).optional() })) });

/** Results per batch: a few tens of milliseconds of JSON work on either side, so the main thread never waits long. */
export const BATCH_RESULTS = 5_000;

/**
 * Takes the results out of `results` batch by batch, each as JSON text of at most BATCH_RESULTS results: the sender
 * does not keep what the other thread now holds (a log of a million results is some GB as objects).
 */
export function* takeBatches(results: unknown[]): Generator<string> {
  while (results.length) yield JSON.stringify(results.splice(0, BATCH_RESULTS));
}

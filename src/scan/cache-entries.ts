// zod schemas of the scan cache's entries: one per scanned file, one per rule set (the tool's rules), one per tool
// executable, one per rule set's path patterns.
import * as z from 'zod';
import { sarifResultSchema } from '../model/sarif.js';
import { envelope } from '../cache/envelope.js';

const notification = z.object({
  level: z.enum(['error', 'warning', 'note']),
  message: z.string().max(100_000),
  descriptor: z.string().max(200).optional(),
});

const sarifNotification = z.looseObject({ message: z.looseObject({ text: z.string().max(100_000) }), level: z.enum(['none', 'note', 'warning', 'error']).optional() });

/** What a scanner said about one file, its path left out: every mention of it is FILE_PLACEHOLDER, so the outcome
 *  can be rebased to the path of any file with the same key. */
export const fileOutcomeSchema = z
  .object({
    /** False when the tool did not scan the file (then `skipped` says why). */
    scanned: z.boolean(),
    /** Why the tool skipped the file or did not fully analyse it (each reason once per report of it). */
    skipped: z.array(z.string().max(10_000)).max(100),
    /** ossast's notifications about the file (from the tool's own error list). */
    notifications: z.array(notification).max(10_000),
    /** The tool's SARIF toolExecutionNotifications about the file. */
    toolNotifications: z.array(sarifNotification).max(10_000),
    /** The tool's SARIF results in the file. */
    results: z.array(sarifResultSchema).max(1_000_000),
  })
  .strict();

export const fileEntrySchema = fileOutcomeSchema.extend(envelope('file')).strict();

/** The parts of a tool's SARIF run that do not depend on the files: its driver (name, version, rules). */
export const runEntrySchema = z
  .object({
    ...envelope('run'),
    toolVersion: z.string().max(100).optional(),
    driver: z.looseObject({ name: z.string(), rules: z.array(z.looseObject({ id: z.string() })).optional() }),
    rulesRun: z.number().int().min(0),
  })
  .strict();

/** A tool executable's version, keyed by the executable's identity (path, inode, size, times). */
export const toolEntrySchema = z.object({ ...envelope('tool'), version: z.string().min(1).max(100) }).strict();

export type FileOutcome = z.infer<typeof fileOutcomeSchema>;
export type FileEntry = z.infer<typeof fileEntrySchema>;
export type RunEntry = z.infer<typeof runEntrySchema>;
export type ToolEntry = z.infer<typeof toolEntrySchema>;

/** Stands for the file's own path inside a cached result. */
export const FILE_PLACEHOLDER = 'ossast-cache:file';

/** The path patterns (`paths: include/exclude`) of a rule set, keyed by the rule files' hashes: read once per rule set. */
export const rulePathsEntrySchema = z.object({ ...envelope('rules'), patterns: z.array(z.string().max(10_000)).max(100_000) }).strict();

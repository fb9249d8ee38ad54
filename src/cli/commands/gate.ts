// `ossast gate <results.sarif>`: gates any SARIF 2.1.0 file with the same exit codes as scan.
import { decodeLogUris, encodeLogUris } from '../../model/uri.js';
import type { Command } from 'commander';
import { Option } from 'commander';
import { constants } from 'node:buffer';
import { resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { collect } from '../collect.js';
import { readSarifFile } from '../../merge/read-sarif.js';
import { statSync } from 'node:fs';
import { platformOwnership } from '../../suppress/platform.js';
import { contentReader } from '../../suppress/markers.js';
import { loadBaseline, clearBaselineState, ensureFingerprintsPausing } from '../../baseline/index.js';
import { levelSchema } from '../../gate/level.js';
import { judgeLog } from '../../pipeline/judge.js';
import { RuleReferenceError } from '../../model/sarif-rules.js';
import { ConfigError, OssastError, PipelineError, UsageError, throwIfInterrupted } from '../../util/errors.js';
import { checkpoint } from '../../util/yield.js';

export function registerGate(program: Command, ctx: CommandContext): void {
  program
    .command('gate')
    .description('gate any SARIF 2.1.0 log: exit 0 pass, 1 findings at or above the fail level, 2 usage error, 3 a run failed')
    .argument('<sarif>', 'SARIF log (from ossast or any tool)')
    .addOption(new Option('--fail-on <level>', 'lowest level that fails').choices(levelSchema.options).default('error'))
    .option('--baseline <sarif>', 'previous log: sets baselineState on every result')
    .option('--new-only', 'count only results new against the baseline')
    .option('--suppressions <file>', 'suppression file (repeatable)', collect)
    .option('--builtin-suppressions', 'also apply the built-in list for generated OutSystems code')
    .option('--accept-in-source', "accept the scanners' in-source suppressions (nosemgrep comments)")
    .option('--source-root <dir>', "the scanned sources (the log's paths are relative to it): platform ownership (platformOwned entries) is read from their content; without it no file counts as platform-owned")
    .option('--max <n>', 'findings tolerated before failing', '0')
    .option('--allow-partial', 'do not fail when a run says its tool failed (the summary says partial)')
    .option('-o, --output <file>', 'write the annotated log (suppressions, baselineState) here')
    .option('--no-redact-secrets', 'keep hard-coded secrets unmasked in the --output log')
    .action(
      async (
        file: string,
        flags: {
          failOn: string;
          baseline?: string;
          newOnly?: boolean;
          suppressions?: string[];
          builtinSuppressions?: boolean;
          acceptInSource?: boolean;
          sourceRoot?: string;
          max: string;
          allowPartial?: boolean;
          output?: string;
          redactSecrets: boolean;
        },
      ) => {
        const max = Number(flags.max);
        if (!Number.isInteger(max) || max < 0) throw new UsageError(`--max: expected a whole number >= 0, received "${flags.max}"`);
        if (flags.newOnly && !flags.baseline) throw new UsageError('--new-only needs --baseline FILE');
        const path = resolve(ctx.cwd, file);
        let parsed;
        try {
          // Read as a stream when big: a log of a million results is more text than one string can hold.
          parsed = await readSarifFile(path, file, ctx.signal ? { signal: ctx.signal } : {});
        } catch (err) {
          if (ctx.signal?.aborted) throw err;
          // A rule reference that resolves to nothing is a broken run, not a usage error (exit 3).
          if (err instanceof RuleReferenceError) throw err;
          if (err instanceof OssastError) throw new ConfigError(err.message, 'pass a SARIF 2.1.0 log');
          throw unreadable(file, err);
        }
        // Every step below is synchronous over every result: a turn of the event loop between steps lets a signal stop them.
        const signal = ctx.signal;
        await checkpoint(signal);
        let log;
        try {
          // A tool's own baselineState ("absent", "unchanged") is not trusted: only --baseline sets it.
          // Paths as ossast matches and shows them: the log's URI references decoded (src/model/uri.ts).
          // Both in place: the log was just read, and copies of a million results cost seconds of garbage collection.
          const cleared = clearBaselineState(decodeLogUris(parsed, { owned: true }), { owned: true });
          await checkpoint(signal);
          // The log was just read: its results are this command's own, fingerprinted in place.
          log = await ensureFingerprintsPausing(cleared, () => checkpoint(signal), { owned: true });
        } catch (err) {
          if (signal?.aborted) throw err;
          throw new ConfigError(err instanceof Error ? err.message : String(err), 'pass a SARIF 2.1.0 log');
        }
        const files = (flags.suppressions ?? []).map((s) => resolve(ctx.cwd, s));
        const builtin = Boolean(flags.builtinSuppressions);
        // The YAML reader and the suppression schemas load only when there is a suppression file to read.
        const set = files.length || builtin ? await (await import('../../suppress/load.js')).loadSuppressionFiles(files, { builtin }) : { files: [], entries: [] };
        // Platform ownership only from content: without --source-root no verdict is made and platformOwned entries match nothing.
        const ownership = gateOwnership(set, flags.sourceRoot === undefined ? undefined : resolve(ctx.cwd, flags.sourceRoot), (m) => ctx.log.warn(m));
        const baseline = flags.baseline ? resolve(ctx.cwd, flags.baseline) : undefined;
        // The scan's order: secrets masked, suppressions applied, the baseline (read when its step comes), the gate.
        const { log: final, gate } = await judgeLog(
          log,
          {
            redactSecrets: flags.redactSecrets,
            suppressions: set,
            acceptInSource: Boolean(flags.acceptInSource),
            ...(ownership ? { platformOwned: ownership } : {}),
            ...(baseline ? { baseline: async () => (await loadBaseline(baseline)).log } : {}),
            gate: { failOn: levelSchema.parse(flags.failOn), newOnly: Boolean(flags.newOnly), max, allowPartial: Boolean(flags.allowPartial) },
            ...(signal ? { signal } : {}),
          },
          ctx.log,
        );
        // Streamed run by run and result by result to a temporary name, renamed when complete: no log is too big to write.
        // The writer (streams, garbage collection) loads only when there is a log to write.
        if (flags.output) {
          const [{ writeFileAtomic }, { contentChunks, jsonFile, sarifIndent }] = await Promise.all([import('../../util/atomic-write.js'), import('../../model/report-file.js')]);
          await checkpoint(signal);
          // In place: the judged log is this command's own, and nothing reads it after it is written.
          const encoded = encodeLogUris(final, { owned: true });
          await checkpoint(signal);
          try {
            // Stopped between chunks on a signal: the temporary file is removed and no log is renamed into place.
            // No full garbage collection first: the heap is the judged log, live until written, and the steps before
            // leave little garbage (a collection walked some 700 MB at 1,000,000 results, 0.3-0.5 s, to free 60 MB).
            await writeFileAtomic(resolve(ctx.cwd, flags.output), untilAborted(contentChunks(jsonFile(encoded, sarifIndent(encoded))), signal), { collectGarbage: false });
          } catch (err) {
            throwIfInterrupted(signal);
            throw err;
          }
        }
        throwIfInterrupted(signal);
        ctx.stdout.write(`${gate.summary}\n`);
        ctx.log.info(`${gate.counts.total} result(s): ${gate.counts.error} error, ${gate.counts.warning} warning, ${gate.counts.note} note unsuppressed; ${gate.counts.suppressed} suppressed; ${gate.counts.new} new`);
        ctx.exitCode = gate.exitCode;
      },
    );
}

/** The chunks, in order, until `signal` fires: then the InterruptedError is thrown (the writer removes its temporary file). */
async function* untilAborted<T>(chunks: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T, void, undefined> {
  for await (const chunk of chunks) {
    throwIfInterrupted(signal);
    yield chunk;
  }
}

/** The ownership reader for the gate: from the files under --source-root, or none (with a warning when an entry needs it). */
function gateOwnership(set: { entries: { match: { platformOwned?: boolean } }[] }, root: string | undefined, warn: (m: string) => void) {
  if (root === undefined) {
    const need = set.entries.filter((e) => e.match.platformOwned !== undefined).length;
    if (need) warn(`${need} suppression entr${need === 1 ? 'y needs' : 'ies need'} platform ownership, which is read from the files' content: without --source-root DIR (the scanned sources) they suppress nothing`);
    return undefined;
  }
  let dir = false;
  try {
    dir = statSync(root).isDirectory();
  } catch {
    dir = false;
  }
  if (!dir) throw new UsageError(`--source-root ${root} is not a folder`, "pass the folder the log's paths are relative to (the run's src/ folder)");
  return platformOwnership(contentReader(root));
}

/** Why the SARIF file could not be read, and what to do. */
function unreadable(file: string, err: unknown): Error {
  const code = err instanceof Error && 'code' in err ? err.code : undefined;
  if (code === 'ENOENT') return new UsageError(`SARIF file ${file} not found`, 'check the path');
  if (err instanceof RangeError) {
    return new PipelineError(
      `SARIF file ${file} is too large to read: one string in it is longer than the ${constants.MAX_STRING_LENGTH} characters a Node.js string can hold`,
      "gate each tool's log on its own (ossast merge writes one run per tool), or split the log by run",
    );
  }
  return new UsageError(`cannot read SARIF file ${file}: ${err instanceof Error ? err.message : String(err)}`, 'pass a readable SARIF 2.1.0 file');
}

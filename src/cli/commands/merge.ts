// `ossast merge <sarif>...`: merges SARIF logs from any tools into one log, the way scan does (one run per tool).
import { type Command, Option } from 'commander';
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, relative, resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { collect } from '../collect.js';
import { mergeFiles } from '../../merge/merge-files.js';
import { isWindowsPath } from '../../model/locations.js';
import { PipelineError, UsageError } from '../../util/errors.js';
import { ossastVersion } from '../../util/version.js';
import { prepareShardJoin } from '../../shard/join-shards.js';
import { writeJoinedManifest } from '../../shard/join-outputs.js';
import type { SigningKey } from '../../evidence/keys.js';
import { readRegularFile } from '../../util/read-file.js';
import { manifestSchema } from '../../model/manifest.js';
import { writeGithubUploads } from '../../shard/join-github.js';

export function registerMerge(program: Command, ctx: CommandContext): void {
  program
    .command('merge')
    .description('merge SARIF 2.1.0 logs into one: one run per tool, paths relative to the source root, explicit levels, ossast fingerprints, duplicates removed')
    .argument('<sarif...>', 'SARIF logs (from any tools)')
    .option('-o, --output <file>', 'the merged log', 'ossast-out/results.sarif')
    .option('--source-root <dir>', 'folder the scanned files are in; absolute paths are made relative to it, results outside it are dropped (with a notification)', '.')
    .option('--jobs <n>', `files merged at once, in worker threads (default: cores, here ${availableParallelism()})`)
    .option('--no-redact-secrets', 'keep hard-coded secrets found by secret rules unmasked in the merged log')
    .addOption(
      new Option('--sarif-profile <profile>', 'full: the merged log only; github: also github/results.sarif beside it for upload-sarif, without suppressed findings (GitHub ignores SARIF suppressions)')
        .choices(['full', 'github'])
        .default('full'),
    )
    .option('--github-include-suppressed', 'with --sarif-profile github: keep suppressed findings in the upload files (GitHub shows them as open alerts)')
    .option(
      '--manifest <file>',
      "a shard's audit manifest (repeatable; default: the manifest each ossast log names beside it); shards of one plan are joined into manifest.json (and their exposure.json into one) beside --output, and refused (exit 3) when one is missing, doubled, from another plan or run, or changed (with OSSAST_SHARD_KEY set, each shard's manifest must carry a valid HMAC under it)",
      collect,
    )
    .option('--sign-key <file>', 'Ed25519 private key (PEM) that signs evidence.dsse.json beside --output: a DSSE envelope over the merged log (and joined manifest and inventory); check it with `ossast verify`')
    .action(async (files: string[], flags: { output: string; sourceRoot: string; jobs?: string; redactSecrets: boolean; manifest?: string[]; signKey?: string; sarifProfile: string; githubIncludeSuppressed?: boolean }) => {
      const jobs = flags.jobs === undefined ? undefined : Number(flags.jobs);
      if (jobs !== undefined && (!Number.isInteger(jobs) || jobs < 1)) throw new UsageError(`--jobs: expected a whole number >= 1, received "${flags.jobs}"`);
      const output = resolve(ctx.cwd, flags.output);
      const sign = flags.signKey ? await mergeSigning(resolve(ctx.cwd, flags.signKey), dirname(output)) : undefined;
      const startedAt = new Date().toISOString();
      await mkdir(dirname(output), { recursive: true }).catch((err: unknown) => {
        throw new PipelineError(`cannot create the folder for ${output}: ${err instanceof Error ? err.message : String(err)}`, 'choose an --output in a folder you can write to');
      });
      // Shards of a plan: authenticated and checked before anything is merged, joined after (src/shard/join-shards.ts).
      const logs = files.map((f) => resolve(ctx.cwd, f));
      const join = await prepareShardJoin({ logs, manifests: (flags.manifest ?? []).map((m) => resolve(ctx.cwd, m)), output, outputFlag: flags.output, env: ctx.env, log: ctx.log, shown: (p) => shown(ctx.cwd, p) });
      const started = Date.now();
      const runs = await mergeFiles({
        files: logs,
        sourceRoot: isWindowsPath(flags.sourceRoot) ? flags.sourceRoot : resolve(ctx.cwd, flags.sourceRoot),
        output,
        ...(jobs === undefined ? {} : { jobs }),
        ossastVersion: ossastVersion(),
        redactSecrets: flags.redactSecrets,
        log: ctx.log,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        ...(join ? { join: join.log } : {}),
      });
      for (const run of runs) {
        ctx.stdout.write(`${run.tool}\t${run.results} result(s)\t${run.files.map((f) => shown(ctx.cwd, f)).join(', ')}\n`);
        if (!run.executionSuccessful) ctx.log.warn(`${run.tool}: its log says the tool did not run successfully (executionSuccessful: false); \`ossast gate\` fails on this log unless --allow-partial`);
      }
      const total = runs.reduce((n, r) => n + r.results, 0);
      ctx.log.info(`merged ${files.length} file(s) into ${runs.length} run(s), ${total} result(s): ${output} (${Date.now() - started} ms)`);
      let joinedOut: Awaited<ReturnType<typeof writeJoinedManifest>> | undefined;
      if (join) {
        const joined = await writeJoinedManifest(join, output);
        joinedOut = joined;
        ctx.log.info(`joined the manifests of ${join.shards.length} shard(s) into ${shown(ctx.cwd, joined.path)}${joined.exposure ? ` and their exposure inventories into ${shown(ctx.cwd, joined.exposure)}` : ''}: ${joined.gate.summary}`);
      }
      let uploads: string[] = [];
      if (flags.sarifProfile === 'github') {
        const up = await writeGithubUploads(output, { includeSuppressed: Boolean(flags.githubIncludeSuppressed) });
        uploads = up.files;
        ctx.log.info(
          `GitHub upload: ${up.files.map((f) => shown(ctx.cwd, f)).join(', ')} with ${up.uploaded} result(s); ${up.leftOut} ${flags.githubIncludeSuppressed ? 'marked absent by a baseline' : 'suppressed or marked absent'} left out (they stay in ${shown(ctx.cwd, output)})`,
        );
      }
      if (sign) await signMerge(ctx, sign, output, startedAt, runs, uploads, joinedOut);
    });
}

/** A path as the user would write it: relative to the working folder when inside it. */
function shown(cwd: string, file: string): string {
  const rel = relative(cwd, file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/** --sign-key of merge: read and checked before anything is merged (exit 2). */
async function mergeSigning(path: string, folder: string): Promise<SigningKey> {
  const { checkKeyPlacement, loadSigningKey } = await import('../../evidence/keys.js');
  checkKeyPlacement(path, { out: folder, scanned: [] });
  return loadSigningKey(path);
}

/**
 * Signs the merged log (and, for shards of one plan, the joined manifest and inventory) into evidence.dsse.json beside
 * it. The verdict is the joined gate's; logs that are not one plan's shards have none ("not-gated").
 */
async function signMerge(
  ctx: CommandContext,
  key: SigningKey,
  output: string,
  startedAt: string,
  runs: { tool: string }[],
  uploads: string[],
  joined?: { path: string; gate: { exitCode: number; summary: string; partial: boolean }; exposure?: string },
): Promise<void> {
  const { predicateOf, writeEvidence } = await import('../../evidence/bundle.js');
  const folder = dirname(output);
  const finishedAt = new Date().toISOString();
  // The GitHub upload files (--sarif-profile github) are outputs too: each is signed by its path under the folder.
  const files = [basename(output), ...uploads.map((f) => relative(folder, f)), ...(joined ? [basename(joined.path), ...(joined.exposure ? [basename(joined.exposure)] : [])] : [])];
  const source = joined
    ? manifestSchema.parse(JSON.parse((await readRegularFile(joined.path, { maxBytes: 1024 ** 3 })).toString('utf8')))
    : { ossastVersion: ossastVersion(), startedAt, targets: [], scanners: [], suppressions: { files: [], entries: [] } };
  const verdict = joined ? { exitCode: joined.gate.exitCode, summary: joined.gate.summary, partial: joined.gate.partial, gated: true } : { exitCode: 0, gated: false };
  const predicate = predicateOf(source, verdict, 'merge', folder, finishedAt);
  // A merge of plain logs knows its tools only by the runs' names.
  if (!joined) predicate.scanners = [...new Set(runs.map((r) => r.tool))].map((name) => ({ name }));
  const ev = await writeEvidence(folder, files, predicate, key);
  ctx.log.info(`signed ${ev.subjects} file(s) into ${shown(ctx.cwd, ev.path)}`);
}

// The orchestrator: config → retrieve → extract → scan → merge → suppress → baseline → gate → report. No logic of its own.
import type { Log } from 'sarif';
import type { Config } from '../config/schema.js';
import type { OutputFormat } from '../report/config.js';
import type { Logger } from '../util/log.js';
import type { RunRecord } from '../model/run-record.js';
import type { GateResult } from '../gate/types.js';
import { gatherShard, gatherSources, outputDirs } from './sources.js';
import type { ShardSpec } from '../model/shard.js';
import { createScanners } from '../scan/registry.js';
import { runScanners } from '../scan/run.js';
import { runCache } from '../cache/store.js';
import { checkCacheKey } from '../cache/config.js';
import { scannerRecord } from '../scan/record.js';
import { mergeRunsOffThread } from '../merge/merge-thread.js';
import { addPipelineFailures } from '../merge/pipeline-failures.js';
import { judgeCoverage } from '../scan/coverage.js';
import { checkOutputDir } from './output-dir.js';
import { loadSuppressionFiles, toRecord } from '../suppress/index.js';
import { platformOwnership } from '../suppress/platform.js';
import { contentReader } from '../suppress/markers.js';
import { loadBaseline } from '../baseline/index.js';
import { judgeLog } from './judge.js';
import { clearReports, renderOutputs, writeReports } from '../report/index.js';
import type { ReportFile } from '../model/report-file.js';
import { crossReferences, logAndManifestNames } from '../report/output-names.js';
import { ossastVersion } from '../util/version.js';
import { throwIfInterrupted } from '../util/errors.js';
import { sha256File } from '../util/hash.js';
import { OutputRoot } from '../util/output-root.js';
import { exposureFiles, exposureStage, loadExposureInputs } from '../exposure/index.js';
import { checkShardKey, sealShardFiles, shardFormats } from '../shard/shard-run.js';
import type { SigningKey } from '../evidence/keys.js';
import { controlsOf, loadControlMap, rulesOfLogs } from '../evidence/controls.js';
import { addEvidenceFailures, lifetimeEvidence } from './evidence-failures.js';

export interface PipelineOptions {
  log: Logger;
  env: NodeJS.ProcessEnv;
  /** Where the config came from (for evidence); "(command line)" when there was no file. */
  configMeta?: { path: string; sha256: string };
  tty: boolean;
  columns?: number;
  /** The folder ossast runs in (default: the process's): the output folder may not be it or above it. */
  cwd?: string;
  /** Aborted on SIGINT/SIGTERM (with an InterruptedError as reason): every stage stops, nothing is reported. */
  signal?: AbortSignal;
  /** A chosen name for a format's main file (relative to the output folder), or "-" for standard output. */
  names?: Partial<Record<OutputFormat, string>>;
  /** Scan one shard of the plan (--shard I/N): only its targets, recorded in the manifest. */
  shard?: ShardSpec;
  /** --sign-key: write the signed evidence bundle (evidence.dsse.json) over the outputs, for this command. */
  sign?: { key: SigningKey; command: 'scan' | 'run' };
}

export interface PipelineOutcome {
  exitCode: number;
  log: Log;
  record: RunRecord;
  gate: GateResult;
  files: ReportFile[];
}

export async function runPipeline(config: Config, opts: PipelineOptions): Promise<PipelineOutcome> {
  const { log } = opts;
  const record: RunRecord = {
    ossastVersion: ossastVersion(),
    ...(opts.configMeta ? { config: opts.configMeta } : {}),
    startedAt: new Date().toISOString(),
    targets: [],
    scanners: [],
    suppressions: { files: [], entries: [] },
    partial: false,
  };
  const dirs = outputDirs(config.output.dir);
  checkOutputDir({
    out: config.output.dir,
    field: 'output folder (--out or output.dir)',
    scanned: config.sources,
    read: [
      ...(config.cache.dir ? [config.cache.dir] : []),
      ...config.suppressions.files,
      ...config.exposure.allow,
      ...(config.baseline ? [config.baseline] : []),
      ...config.scanners.flatMap((s) => (s.type === 'semgrep' ? s.rules : [])),
      ...(opts.configMeta ? [opts.configMeta.path] : []),
    ],
    emptied: [dirs.src, dirs.work, dirs.downloads],
    cwd: opts.cwd ?? process.cwd(),
    home: opts.env['HOME'],
  });
  // Load everything that can be wrong in the user's files before doing long work.
  const suppressionSet = await loadSuppressionFiles(config.suppressions.files, { builtin: config.suppressions.builtin });
  const baseline = config.baseline ? await loadBaseline(config.baseline) : undefined;
  // Hashed now: the baseline may be a previous run's results.sarif, which is removed below.
  const baselineSha = config.baseline ? await sha256File(config.baseline) : undefined;
  const scanners = createScanners(config.scanners, opts.env);
  const controlMap = await loadControlMap();
  const exposureInputs = await loadExposureInputs(config.exposure, config.baseline ? { baseline: config.baseline } : {});
  // The cache key (cache.keyEnv): a key too short stops the run here, before anything is fetched or scanned.
  checkCacheKey(config.cache, opts.env, (m) => log.warn(m));
  // A shard's artifacts are authenticated for the join (OSSAST_SHARD_KEY); a key too short stops the run here.
  const shardKey = opts.shard ? checkShardKey(opts.env, (m) => log.warn(m)) : undefined;

  // Refused unless ossast made the folder (or it is new or empty), and locked against a second run until the end.
  const outRoot = await OutputRoot.open(config.output.dir, { field: 'output folder (--out or output.dir)', warn: (m) => log.warn(m) });
  try {
    // The previous run's reports go before anything else: a failure at any later point leaves none that reads as a verdict.
    await clearReports(outRoot, opts.names);
    for (const d of [dirs.src, dirs.work, dirs.downloads]) await outRoot.fresh(d);

    // One shard of a plan (--shard I/N) fetches and scans only its part, and records which part of which plan it was.
    const configFile = opts.configMeta?.path ?? '(command line)';
    // One cache store for the run, opened when first used (by the LifeTime client, else by the scanners).
    const openCache = runCache(config.cache, opts.env, (m) => log.warn(m));
    const sharded = opts.shard ? await gatherShard(config, opts.shard, dirs, opts.env, log, configFile, opts.signal, openCache) : undefined;
    const sources = sharded?.sources ?? (await gatherSources(config, dirs, opts.env, log, configFile, opts.signal, undefined, openCache));
    if (sharded) record.shard = sharded.record;
    record.targets = sources.records;
    throwIfInterrupted(opts.signal);

    const cache = await openCache();
    const scan = sources.targets.length
      ? await runScanners(scanners, { sourceRoot: sources.sourceRoot, targets: sources.targets, workRoot: dirs.work, log, ...(opts.signal ? { signal: opts.signal } : {}), ...(cache ? { cache } : {}) })
      : undefined;
    throwIfInterrupted(opts.signal);
    // The cache bound (cache.maxBytes): once the run has read and written its entries, the least recently used go.
    if (cache) await cache.prune(config.cache.maxBytes, Date.parse(record.startedAt), (m) => log.info(m));
    const runs = scan?.runs ?? [];
    record.scanners = runs.map(scannerRecord);
    record.targets = scan ? judgeCoverage(sources.records, sources.sourceRoot, sources.targets, runs, scan.inventory) : sources.records;
    for (const t of record.targets) if (t.status === 'failed' && t.error?.startsWith('scan: ')) log.error(`${t.id}: ${t.error}`);
    // LifeTime: the version that runs, read twice, and the modules each application lists against those scanned.
    const evidence = lifetimeEvidence(sources.lifetime, record.targets, config.scope.acceptMissing);
    if (evidence.provenance) record.provenance = evidence.provenance;
    if (evidence.scope) record.scope = evidence.scope;
    for (const line of [...evidence.failures.provenance, ...evidence.failures.scope]) log.error(line);

    // The exposure inventory (exposure.json); when probed, one more run in the merged log (rule ossast.exposure.unlisted-endpoint), before suppression and gate.
    const exposure = sources.targets.length
      ? await exposureStage({ sourceRoot: sources.sourceRoot, targets: sources.targets, config: config.exposure, inputs: exposureInputs, log, ...(opts.signal ? { signal: opts.signal } : {}) })
      : undefined;
    throwIfInterrupted(opts.signal);
    if (exposure?.record) record.exposure = exposure.record;

    // The rules each tool loaded, kept before the merge (which keeps only rules with results), for the controls section.
    const ranRules = rulesOfLogs([...runs.map((r) => r.sarif), exposure?.run?.sarif]);
    // The scanners' logs are handed over to the merge, which rewrites their results in place (no copy of a log that
    // may hold a million results); nothing reads runs[].sarif after this. A big merge runs in a worker thread, so a
    // signal is handled at once.
    const merged = addPipelineFailures(
      await mergeRunsOffThread(
        { runs: [...runs, ...(exposure?.run ? [exposure.run] : [])], sourceRoot: sources.sourceRoot, targets: sources.targets, ossastVersion: record.ossastVersion, startedAt: record.startedAt },
        { scratchDir: dirs.work, ...(opts.signal ? { signal: opts.signal } : {}) },
      ),
      record.targets,
    );
    // Provenance that changed and listed modules missing fail the run as a failed target does.
    const withEvidence = addEvidenceFailures(merged, evidence.failures);
    // Masked, suppressed, compared and gated in the one order `ossast gate` also follows (judge.ts). Platform ownership
    // is a verdict read from each file's content (banners, runtime signatures, hashes), never its path.
    const judged = await judgeLog(
      withEvidence,
      {
        redactSecrets: config.output.redactSecrets,
        suppressions: suppressionSet,
        acceptInSource: config.suppressions.acceptInSource,
        platformOwned: platformOwnership(contentReader(sources.sourceRoot)),
        ...(baseline ? { baseline: async () => baseline.log } : {}),
        gate: config.gate,
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
      log,
    );
    const { log: compared, gate } = judged;
    record.suppressions = toRecord(judged.suppressions);
    record.controls = controlsOf(compared, controlMap, ranRules);
    if (config.output.formats.includes('cyclonedx')) {
      // The platform libraries bundled in each module, found by content, for the CycloneDX SBOM and VEX.
      const { librariesOf, vexStatementsFor } = await import('../evidence/libraries.js');
      const found = await Promise.all(sources.targets.map(async (t) => ({ id: t.id, module: t.module, ...(t.application ? { application: t.application } : {}), libraries: await librariesOf(t) })));
      record.libraries = { targets: found, statements: await vexStatementsFor(found.flatMap((t) => t.libraries)) };
    }
    if (baseline && baselineSha) record.baseline = { path: baseline.path, sha256: baselineSha };
    record.partial = gate.partial;
    record.finishedAt = new Date().toISOString();

    throwIfInterrupted(opts.signal);
    // The log and the manifest name each other relative to their own folders, also under chosen names.
    const names = logAndManifestNames(opts.names);
    const formats = opts.shard ? shardFormats(config.output.formats, opts.shard, names.manifest, (m) => log.info(m)) : config.output.formats;
    const input = { log: compared, record, gate, tty: opts.tty, ...(opts.columns ? { columns: opts.columns } : {}), outputNames: crossReferences(names, formats) };
    const files = [...(await renderOutputs(formats, input, { sarifProfile: config.output.sarifProfile, githubIncludeSuppressed: config.output.githubIncludeSuppressed }, opts.names)), ...exposureFiles(exposure, config.output.formats)];
    const written = opts.shard ? sealShardFiles(files, names, shardKey, opts.env) : files;
    await writeReports(written, config.output.dir, opts.signal ? { signal: opts.signal } : {});
    if (opts.sign) {
      // Signed last, over the files as they lie on disk (and the downloaded packages): see src/evidence/.
      const { predicateOf, writeEvidence } = await import('../evidence/bundle.js');
      const verdict = { exitCode: gate.exitCode, summary: gate.summary, partial: gate.partial, gated: true };
      const ev = await writeEvidence(
        config.output.dir,
        written.map((f) => f.name),
        predicateOf({ ...record, scopeAcceptMissing: config.scope.acceptMissing }, verdict, opts.sign.command, config.output.dir, record.finishedAt),
        opts.sign.key,
      );
      log.info(`signed ${ev.subjects} file(s) into ${ev.path}`);
    }
    return { exitCode: gate.exitCode, log: compared, record, gate, files: written };
  } finally {
    await outRoot.close();
  }
}

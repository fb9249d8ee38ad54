// The generic `command` scanner: any tool that writes SARIF, run from a command template with {src}, {targets} and {out}.
import { rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Scanner, ScanRequest, ScannerRun } from './types.js';
import type { CommandScannerConfig } from './config.js';
import { runTool } from './process.js';
import { ScannerError } from './errors.js';
import type { ArtifactLocation, Log } from 'sarif';
import { scanRoot } from './staging-root.js';
import { toolVerdict } from './verdict.js';
import { readToolSarif } from './read-tool-output.js';
import { relativeUri } from '../model/locations.js';
import { redact } from '../util/redact.js';

export function createCommandScanner(cfg: CommandScannerConfig): Scanner {
  return {
    name: cfg.name,
    ignoreFiles: cfg.ignoreFiles,
    async scan(req: ScanRequest): Promise<ScannerRun> {
      const out = join(req.workDir, `${cfg.name}.sarif`);
      // The tool is given a root holding exactly this run's targets (one shard's, when sharded): the source root when
      // it holds nothing else, else a staging folder with the targets' files at the same relative paths. It never
      // sees another target's files, whatever it does with {src}.
      const root = await scanRoot({ sourceRoot: req.sourceRoot, files: req.files, whole: req.onlyTargets, stageDir: join(req.workDir, 'stage') });
      const targetDirs = req.targets.map((t) => join(root, relative(req.sourceRoot, t.dir)));
      const fill = (a: string) => a.split('{src}').join(root).split('{out}').join(out);
      // "{targets}" alone as an argument: one argument per target folder (under {src}).
      const [file, ...rest] = cfg.command.flatMap((a) => (a === '{targets}' ? targetDirs : [fill(a)]));
      await rm(out, { force: true }); // a stale file from an earlier run must never pass as this run's output
      if (file === undefined) throw new Error('command scanner without a command');
      const exit = await runTool({ scanner: cfg.name, file, args: rest, cwd: root, timeoutMs: cfg.timeoutSeconds * 1000, ...(req.signal ? { signal: req.signal } : {}) });
      const fail = (kind: 'exit-code' | 'invalid-output', message: string, hint: string, cause?: unknown) =>
        new ScannerError(
          message,
          { scanner: cfg.name, commandLine: exit.commandLine, exitCode: exit.exitCode, durationMs: exit.durationMs, stderrTail: exit.stderrTail, startTimeUtc: exit.startTimeUtc, endTimeUtc: exit.endTimeUtc, kind },
          hint,
          cause,
        );
      if (!cfg.okExitCodes.includes(exit.exitCode)) {
        throw fail('exit-code', `exited with ${exit.exitCode}, which is not one of okExitCodes [${cfg.okExitCodes.join(', ')}]`, 'read the stderr lines; if this exit code means success for the tool, add it to okExitCodes');
      }
      // A big log is streamed, and a signal stops the reading (it is seconds of parsing at 250,000 results).
      const read = await readToolSarif(
        out,
        (message, cause) => fail('invalid-output', message, /wrote no/.test(message) ? 'make the command write its SARIF log to the {out} placeholder' : 'make the tool write a SARIF 2.1.0 log', cause),
        req.signal ? { signal: req.signal } : {},
      );
      const sarif = fromRoot(read, root, req.sourceRoot);
      if (sarif.runs.length === 0) {
        throw fail(
          'invalid-output',
          `wrote a SARIF log with no runs (${out}): no evidence that anything was scanned`,
          'make the tool write one run with its results (an empty results array when it found nothing) and the files it analysed in run.artifacts',
        );
      }
      const driver = sarif.runs[0]?.tool.driver;
      const toolVersion = driver?.semanticVersion ?? driver?.version;
      // The tool's own "executionSuccessful: false" is kept: ossast never overrules a tool that says it failed.
      const verdict = toolVerdict(sarif);
      const failure = verdict.ok ? undefined : redact(`scanner ${cfg.name}: the tool reported that its run failed: ${verdict.reasons.join('; ')}`);
      return {
        scanner: cfg.name,
        ...(toolVersion ? { toolVersion } : {}),
        sarif,
        invocation: { commandLine: exit.commandLine, exitCode: exit.exitCode, startTimeUtc: exit.startTimeUtc, endTimeUtc: exit.endTimeUtc, executionSuccessful: verdict.ok },
        notifications: failure ? [{ level: 'error', message: failure, descriptor: 'ossast/tool-reported-failure' }] : [],
        skipped: [],
        rules: [],
        ...scannedArtifacts(sarif, req.sourceRoot),
        ...(cfg.coverage === 'unknown-accepted' ? { coverageUnknownAccepted: true } : {}),
        ...(driver?.rules ? { rulesRun: driver.rules.length } : {}),
        ...(failure ? { failure } : {}),
      };
    },
  };
}

/**
 * A log written over a staging root, with its paths under that root made relative (the same paths under the source
 * root); paths elsewhere are left for merge to judge. Nothing changes when the tool ran over the source root itself.
 */
function fromRoot<L extends Log>(sarif: L, root: string, sourceRoot: string): L {
  if (root === sourceRoot) return sarif;
  const place = (al: ArtifactLocation | undefined) => {
    if (!al?.uri) return;
    const rel = relativeUri(al.uri, al.uriBaseId, root);
    if (rel === undefined || rel === al.uri) return;
    al.uri = rel;
    delete al.uriBaseId;
  };
  for (const run of sarif.runs) {
    for (const a of run.artifacts ?? []) place(a.location);
    for (const r of run.results ?? []) for (const l of r.locations ?? []) place(l.physicalLocation?.artifactLocation);
  }
  return sarif;
}

/**
 * The files a tool lists in `run.artifacts` (SARIF 2.1.0 §3.14.15), as its own account of what it scanned; none
 * (undefined: coverage unknown) when no run has the property. An empty list, or files outside the sources, is an
 * account that it scanned nothing of them.
 */
function scannedArtifacts(sarif: Log, sourceRoot: string): { scannedFiles?: string[] } {
  if (!sarif.runs.some((r) => r.artifacts !== undefined)) return {};
  const artifacts = sarif.runs.flatMap((r) => r.artifacts ?? []);
  const files = artifacts.flatMap((a) => (a.location?.uri ? [relativeUri(a.location.uri, a.location.uriBaseId, sourceRoot)] : [])).filter((u): u is string => u !== undefined);
  return { scannedFiles: [...new Set(files)] };
}

// The generic `command` scanner: any tool that writes SARIF, run from a command template with {src} and {out}.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scanner, ScanRequest, ScannerRun } from '../../src/scan/types.js';
import type { CommandScannerConfig } from '../../src/scan/config.js';
import { runTool } from '../../src/scan/process.js';
import { ScannerError } from '../../src/scan/errors.js';
import { parseSarif } from '../../src/merge/sarif-schema.js';
import type { Log } from 'sarif';
import { toolVerdict } from '../../src/scan/verdict.js';
import { readToolOutput } from '../../src/scan/output.js';
import { relativeUri } from '../../src/merge/locations.js';
import { redact } from '../../src/util/redact.js';

export function createCommandScanner(cfg: CommandScannerConfig): Scanner {
  return {
    name: cfg.name,
    ignoreFiles: cfg.ignoreFiles,
    async scan(req: ScanRequest): Promise<ScannerRun> {
      const out = join(req.workDir, `${cfg.name}.sarif`);
      const fill = (a: string) => a.split('{src}').join(req.sourceRoot).split('{out}').join(out);
      const [file, ...rest] = cfg.command.map(fill);
      await rm(out, { force: true }); // a stale file from an earlier run must never pass as this run's output
      if (file === undefined) throw new Error('command scanner without a command');
      const exit = await runTool({ scanner: cfg.name, file, args: rest, cwd: req.sourceRoot, timeoutMs: cfg.timeoutSeconds * 1000, ...(req.signal ? { signal: req.signal } : {}) });
      const fail = (kind: 'exit-code' | 'invalid-output', message: string, hint: string, cause?: unknown) =>
        new ScannerError(message, { scanner: cfg.name, commandLine: exit.commandLine, exitCode: exit.exitCode, durationMs: exit.durationMs, stderrTail: exit.stderrTail, startTimeUtc: exit.startTimeUtc, endTimeUtc: exit.endTimeUtc, kind }, hint, cause);
      if (!cfg.okExitCodes.includes(exit.exitCode)) {
        throw fail('exit-code', `exited with ${exit.exitCode}, which is not one of okExitCodes [${cfg.okExitCodes.join(', ')}]`, 'read the stderr lines; if this exit code means success for the tool, add it to okExitCodes');
      }
      const sarif = await readToolOutput(out, 'SARIF log', (text) => parseSarif(text, out), (message, cause) =>
        fail('invalid-output', message, /wrote no/.test(message) ? 'make the command write its SARIF log to the {out} placeholder' : 'make the tool write a SARIF 2.1.0 log', cause),
      );
      if (sarif.runs.length === 0) {
        throw fail('invalid-output', `wrote a SARIF log with no runs (${out}): no evidence that anything was scanned`, 'make the tool write one run with its results (an empty results array when it found nothing) and the files it analysed in run.artifacts');
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

// The Semgrep adapter: one offline Semgrep process over every target, its exit code and output judged by ossast.
import { existsSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { scanRoot } from '../../src/scan/stage.js';
import type { Scanner, ScanRequest, ScannerRun, ToolNotification, SkippedFile } from '../../src/scan/types.js';
import type { SemgrepScannerConfig } from '../../src/scan/config.js';
import { runTool } from '../../src/scan/process.js';
import { ScannerError } from '../../src/scan/errors.js';
import { parseSarif } from '../../src/merge/sarif-schema.js';
import { packageRoot } from '../../src/util/version.js';
import { semgrepExit } from './exit-codes.js';
import { errorTypeName, semgrepJsonSchema, type SemgrepJson } from './output-schema.js';
import { resolveRules } from './rules-files.js';
import { toolVerdict } from '../../src/scan/verdict.js';
import { readToolOutput } from '../../src/scan/output.js';

/** What Semgrep would skip by default (.semgrepignore defaults skip tests/, vendor/, build/, *.min.js ...).
 *  Generated OutSystems code can live under such names, so ossast writes its own ignore file: nothing is skipped
 *  except binaries (skipped by Semgrep itself), and every skip Semgrep does make is reported. */
const SEMGREPIGNORE = '# written by ossast: scan everything that was extracted; skipped files are reported in the SARIF log\n/.semgrepignore\n';
const OWN_IGNORE = '.semgrepignore';

export function semgrepExecutable(cfg: SemgrepScannerConfig): string {
  if (cfg.executable) return cfg.executable;
  const venv = join(packageRoot(), '.venv', 'bin', 'semgrep');
  return existsSync(venv) ? venv : 'semgrep';
}

export function createSemgrepScanner(cfg: SemgrepScannerConfig): Scanner {
  return {
    name: cfg.name,
    // Semgrep reads .semgrepignore in every folder of the project (Semgrepignore v2); ossast writes its own at the root.
    ignoreFiles: ['.semgrepignore'],
    async scan(req: ScanRequest): Promise<ScannerRun> {
      const rules = await resolveRules({ bundled: cfg.bundledRules, rules: cfg.rules, allowRegistry: cfg.allowRegistry });
      const sarifFile = join(req.workDir, 'semgrep.sarif');
      const jsonFile = join(req.workDir, 'semgrep.json');
      // One Semgrep process over one root (`.`): far cheaper than a folder argument per module. The root is the
      // source root when it holds only the targets' files, else a staging root with exactly those files.
      const root = await scanRoot({ sourceRoot: req.sourceRoot, files: req.files, whole: req.onlyTargets, stageDir: join(req.workDir, 'stage') });
      // The root is Semgrep's project root (--project-root), so our .semgrepignore there replaces Semgrep's defaults
      // even when the output folder sits inside a git repository. Stale outputs are never read as this run's.
      await writeFile(join(root, OWN_IGNORE), SEMGREPIGNORE);
      await rm(sarifFile, { force: true });
      await rm(jsonFile, { force: true });
      const args = [
        'scan',
        '--metrics=off',
        '--disable-version-check',
        '--no-rewrite-rule-ids',
        '--no-git-ignore',
        '--project-root=.',
        '--verbose',
        `--sarif-output=${sarifFile}`,
        `--json-output=${jsonFile}`,
        `--timeout=${cfg.ruleTimeoutSeconds}`,
        `--max-target-bytes=${cfg.maxTargetBytes}`,
        ...(cfg.jobs ? [`--jobs=${cfg.jobs}`] : []),
        ...rules.configs.flatMap((c) => ['--config', c]),
        '.',
      ];
      const exit = await runTool({
        scanner: cfg.name,
        file: semgrepExecutable(cfg),
        args,
        cwd: root,
        env: { SEMGREP_ENABLE_VERSION_CHECK: '0', SEMGREP_SEND_METRICS: 'off' },
        timeoutMs: cfg.timeoutSeconds * 1000,
        ...(req.signal ? { signal: req.signal } : {}),
      });
      const failure = (kind: 'exit-code' | 'invalid-output', message: string, hint?: string, cause?: unknown) =>
        new ScannerError(message, { scanner: cfg.name, commandLine: exit.commandLine, exitCode: exit.exitCode, durationMs: exit.durationMs, stderrTail: exit.stderrTail, startTimeUtc: exit.startTimeUtc, endTimeUtc: exit.endTimeUtc, kind }, hint, cause);
      const meaning = semgrepExit(exit.exitCode);
      if (!meaning.ok) throw failure('exit-code', `semgrep exited with ${exit.exitCode}: ${meaning.meaning}`, meaning.hint);

      const invalid = (m: string, c?: unknown) => failure('invalid-output', m, 'check that the pinned Semgrep version is installed (bash scripts/setup.sh)', c);
      const json = await readToolOutput(jsonFile, 'JSON output', (text) => semgrepJsonSchema.parse(JSON.parse(text)), invalid);
      const sarif = await readToolOutput(sarifFile, 'SARIF log', (text) => parseSarif(text, sarifFile), invalid);
      const { notifications, skipped } = judgeOutput(json);
      const verdict = toolVerdict(sarif);
      if (!verdict.ok) throw failure('invalid-output', `semgrep reported that its run failed: ${verdict.reasons.join('; ')}`);
      const toolVersion = json.version ?? sarif.runs[0]?.tool.driver.semanticVersion ?? sarif.runs[0]?.tool.driver.version;
      return {
        scanner: cfg.name,
        ...(toolVersion ? { toolVersion } : {}),
        sarif,
        invocation: { commandLine: exit.commandLine, exitCode: exit.exitCode, startTimeUtc: exit.startTimeUtc, endTimeUtc: exit.endTimeUtc, executionSuccessful: true },
        notifications,
        skipped,
        rules: rules.files,
        scannedFiles: json.paths.scanned,
        rulesRun: sarif.runs[0]?.tool.driver.rules?.length ?? 0,
      };
    },
  };
}

/** Semgrep's own errors become notifications; files it skipped or could not fully analyse are reported as skipped. */
export function judgeOutput(json: SemgrepJson): { notifications: ToolNotification[]; skipped: SkippedFile[] } {
  const notifications: ToolNotification[] = [];
  // ossast's own ignore file lists itself, so Semgrep reports it skipped: it is no file of the sources.
  const skipped: SkippedFile[] = json.paths.skipped.filter((s) => s.path !== OWN_IGNORE).map((s) => ({ path: s.path, reason: s.reason }));
  for (const e of json.errors) {
    const type = errorTypeName(e);
    const level = e.level === 'error' ? 'error' : 'warning';
    const message = `${type}${e.rule_id ? ` (rule ${e.rule_id})` : ''}: ${(e.message ?? '').trim()}`;
    notifications.push({ level, message, descriptor: `semgrep/${type}`, ...(e.path ? { uri: e.path } : {}) });
    if (e.path && /Timeout|OutOfMemory|Syntax|Parse|Lexical/i.test(type)) {
      skipped.push({ path: e.path, reason: `not fully analysed: ${type}` });
    }
  }
  return { notifications, skipped };
}

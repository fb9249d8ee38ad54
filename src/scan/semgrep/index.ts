// The Semgrep adapter: one offline Semgrep process over one root holding the files to scan, its exit code and output
// judged by ossast; with a result cache, only files without a cached outcome are scanned.
import { rm, writeFile } from 'node:fs/promises';
import { openRegularFile } from '../../util/read-file.js';
import { join } from 'node:path';
import type { Notification } from 'sarif';
import type { Scanner, ScanRequest, ScannerRun, ToolNotification, SkippedFile } from '../types.js';
import type { SemgrepScannerConfig } from '../config.js';
import { displayCommand, runTool } from '../process.js';
import { ScannerError } from '../errors.js';
import { semgrepExit } from './exit-codes.js';
import { errorTypeName, semgrepJsonSchema, type SemgrepJson } from './output-schema.js';
import { resolveRules } from './rules-files.js';
import { toolVerdict } from '../verdict.js';
import { PARTIALLY_PARSED } from '../skips.js';
import { readToolOutput, readToolSarif } from '../read-tool-output.js';
import { scanRoot } from '../staging-root.js';
import { assemble, emptyPieces, splitByFile, type RunPieces } from '../cache-outcomes.js';
import { runEntrySchema, type FileOutcome, type RunEntry } from '../cache-entries.js';
import { SemgrepCache, dedupedPlan, uncachedPlan } from './cache.js';
import { shorten } from '../../util/redact.js';
import { locateSemgrep, type SemgrepChoice } from './locate.js';
import { checkSemgrepVersion, locate, semgrepVersion } from './version.js';

/** What Semgrep would skip by default (.semgrepignore defaults skip tests/, vendor/, build/, *.min.js ...).
 *  Generated OutSystems code can live under such names, so ossast writes its own ignore file: nothing is skipped
 *  except binaries (skipped by Semgrep itself) and the ignore file itself, and every skip Semgrep does make is reported. */
const SEMGREPIGNORE = '# written by ossast: scan everything that was extracted; skipped files are reported in the SARIF log\n/.semgrepignore\n';
const OWN_IGNORE = '.semgrepignore';

/** The Semgrep this scanner runs (see locate.ts); a bad OSSAST_SEMGREP is a ConfigError. */
export function semgrepExecutable(cfg: SemgrepScannerConfig, env: NodeJS.ProcessEnv = process.env): string {
  return locateSemgrep(cfg, env).exe;
}

/** Says once which Semgrep runs, where it came from and its version; refuses an unsupported version (exit 2). The
 *  version comes from pip's install metadata when readable (no process), else `--version` (cached per executable). */
async function checkedSemgrep(cfg: SemgrepScannerConfig, choice: SemgrepChoice, req: Pick<ScanRequest, 'log' | 'cache'>): Promise<string | undefined> {
  const file = await locate(choice.exe, process.env);
  if (!file) return undefined; // the scan reports it missing, with what to do
  const version = await semgrepVersion(choice.exe, { ...(req.cache ? { store: req.cache } : {}), timeoutMs: Math.min(120_000, cfg.timeoutSeconds * 1000) });
  if (version) checkSemgrepVersion(version, file, choice.source);
  req.log.info(`${cfg.name}: using ${file}${version ? ` (Semgrep ${version})` : ''} (from ${choice.source})`);
  if (!version) req.log.warn(`${cfg.name}: the version of ${file} could not be told before the scan; checked against the supported range from what it reports`);
  return version;
}

type Driver = RunEntry['driver'];

/** What one Semgrep process produced, split from its files' outcomes. */
interface Fresh {
  pieces: RunPieces;
  driver: Driver;
  toolVersion: string | undefined;
  invocation: ScannerRun['invocation'];
}

/**
 * `env`: where OSSAST_SEMGREP and the per-user install are looked up. `everyCopy`: scan every file even when identical
 * copies share an outcome; `unlimitedFromBytes`: the size from which a file goes straight to the run with no per-rule
 * timeout (UNLIMITED_FROM_BYTES; Infinity: no file, minified or not). Both only for tests and benches.
 */
export function createSemgrepScanner(cfg: SemgrepScannerConfig, env: NodeJS.ProcessEnv = process.env, opts: { everyCopy?: boolean; unlimitedFromBytes?: number } = {}): Scanner {
  // Located now, so that a bad OSSAST_SEMGREP stops the run before anything is fetched.
  const choice = locateSemgrep(cfg, env);
  let checked: Promise<string | undefined> | undefined;
  const check = (req: Pick<ScanRequest, 'log' | 'cache'>) => (checked ??= checkedSemgrep(cfg, choice, req));
  return {
    name: cfg.name,
    prepare: async (req) => {
      await check(req);
    },
    // Semgrep reads .semgrepignore in every folder of the project (Semgrepignore v2); ossast writes its own at the root.
    ignoreFiles: [OWN_IGNORE],
    async scan(req: ScanRequest): Promise<ScannerRun> {
      const rules = await resolveRules({ bundled: cfg.bundledRules, rules: cfg.rules, allowRegistry: cfg.allowRegistry });
      const exe = choice.exe;
      await check(req);
      const sarifFile = join(req.workDir, 'semgrep.sarif');
      const jsonFile = join(req.workDir, 'semgrep.json');
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
        // One process over one root (`.`): far cheaper than a folder argument per module.
        '.',
      ];
      const cache = req.cache ? await SemgrepCache.open(req.cache, { cfg, rules, exe, warn: (m) => req.log.warn(m) }) : undefined;
      if (typeof cache === 'string') req.log.warn(`${cfg.name}: results not cached: ${cache}`);
      const cached = typeof cache === 'object' ? cache : undefined;
      // Identical files (same content and path signature) are scanned once per run, with or without a cache.
      const plan = cached ? await cached.plan(req.sourceRoot, req.files) : opts.everyCopy ? uncachedPlan(req.files) : await dedupedPlan(req.sourceRoot, req.files, rules);
      if (plan.toScan.length + plan.cached.size < req.files.length) req.log.info(`${cfg.name}: ${req.files.length} files, ${plan.toScan.length + plan.cached.size} distinct: identical copies are scanned once`);

      let fresh: Fresh | undefined;
      const started = Date.now();
      if (plan.toScan.length > 0 || !plan.run) {
        // Large or minified files go straight to a run with no per-rule timeout: on them a rule would time out, and a
        // first pass with the timeout would only be paid again by the rescan.
        const { big, small } =
          cfg.ruleTimeoutSeconds === 0 || opts.unlimitedFromBytes === Number.POSITIVE_INFINITY ? { big: [], small: plan.toScan } : await splitLarge(req.sourceRoot, plan.toScan, opts.unlimitedFromBytes ?? UNLIMITED_FROM_BYTES);
        if (small.length > 0 || big.length === 0) {
          // The source root when it holds exactly the files to scan, else a staging root with only them.
          const whole = req.onlyTargets && small.length === req.files.length;
          const root = await scanRoot({ sourceRoot: req.sourceRoot, files: small, whole, stageDir: join(req.workDir, 'stage') });
          fresh = await runSemgrep(cfg, req, { exe, args, root, sarifFile, jsonFile });
        }
        if (big.length > 0) {
          const dir = join(req.workDir, 'unlimited');
          const root = await scanRoot({ sourceRoot: req.sourceRoot, files: big, whole: false, stageDir: join(dir, 'stage') });
          const left = Math.max(1000, started + cfg.timeoutSeconds * 1000 - Date.now());
          const u = await runSemgrep(cfg, req, { exe, args: unlimitedArgs(args, dir), root, sarifFile: join(dir, 'semgrep.sarif'), jsonFile: join(dir, 'semgrep.json'), timeoutMs: left });
          req.log.info(
            `${cfg.name}: ${big.length} file(s) of ${Math.round((opts.unlimitedFromBytes ?? UNLIMITED_FROM_BYTES) / 1000)} KB or more, or minified, scanned with no per-rule timeout in a run of their own: \`${u.invocation.commandLine}\``,
          );
          fresh = fresh ? combine(fresh, u) : u;
        }
      }
      const { byFile, rest } = fresh ? splitByFile(fresh.pieces, plan.toScan) : { byFile: new Map<string, FileOutcome>(), rest: emptyPieces() };
      if (fresh) {
        const again = await rescanTimedOut(cfg, req, { exe, args, byFile, deadline: started + cfg.timeoutSeconds * 1000 });
        if (again) rest.notifications.push(again);
      }
      const driver = fresh?.driver ?? plan.run?.driver;
      const toolVersion = fresh ? fresh.toolVersion : plan.run?.toolVersion;
      // What the tool itself reports is checked too: install metadata can be wrong, and a wrapper may run another.
      if (toolVersion) checkSemgrepVersion(toolVersion, exe, choice.source);
      if (cached && fresh) {
        if (!isEmpty(rest)) req.log.warn(`${cfg.name}: results not cached this run: Semgrep reported something about no single file (${describe(rest)})`);
        else if (fresh.toolVersion !== cached.toolVersion) req.log.warn(`${cfg.name}: results not cached this run: Semgrep reported version ${fresh.toolVersion ?? '(none)'}, \`--version\` said ${cached.toolVersion}`);
        else await cached.save(plan, byFile, { ...(toolVersion ? { toolVersion } : {}), driver: fresh.driver, rulesRun: fresh.driver.rules?.length ?? 0 });
      }
      // Each file's outcome, in path order: its own scan's, an identical file's, or the cache's.
      const firstOf = new Map<string, string>();
      for (const f of plan.toScan) firstOf.set(plan.keyOf.get(f)!, f);
      let fromCache = 0;
      let resultsFromCache = 0;
      const outcomes = req.files.flatMap((f): [string, FileOutcome][] => {
        const key = plan.keyOf.get(f)!;
        const first = firstOf.get(key);
        const own = first === undefined ? undefined : byFile.get(first);
        const reused = own ? undefined : plan.cached.get(key);
        if (reused) {
          fromCache++;
          resultsFromCache += reused.results.length;
        }
        const o = own ?? reused;
        return o ? [[f, o]] : [];
      });
      const pieces = assemble(rest, outcomes);
      const now = new Date().toISOString();
      return {
        scanner: cfg.name,
        ...(toolVersion ? { toolVersion } : {}),
        sarif: {
          version: '2.1.0',
          runs: [{ tool: { driver: driver ?? { name: 'Semgrep' } }, invocations: [{ executionSuccessful: true, toolExecutionNotifications: pieces.toolNotifications }], results: pieces.results }],
        },
        // When every file came from the cache, the command whose results these are, run earlier.
        invocation: fresh?.invocation ?? { commandLine: displayCommand(exe, args), exitCode: 0, startTimeUtc: now, endTimeUtc: now, executionSuccessful: true },
        notifications: pieces.notifications,
        skipped: pieces.skipped,
        rules: rules.files,
        scannedFiles: pieces.scannedFiles,
        rulesRun: driver?.rules?.length ?? 0,
        ...(cached ? { cache: { files: req.files.length, scanned: plan.toScan.length, fromCache, resultsFromCache, authenticated: cached.authenticated } } : {}),
      };
    },
  };
}

/**
 * From this size a file is scanned with no per-rule timeout straight away: platform scripts of 0.5-1 MB (OutSystems.js,
 * OutSystemsUI.controller.js) take a rule longer than any per-rule timeout worth having, so a first pass with it only
 * paid for the same work twice (the rescan). Minified files (a line of MINIFIED_LINE characters in their first 64 KB)
 * from MINIFIED_FROM_BYTES on are treated alike.
 */
export const UNLIMITED_FROM_BYTES = 200_000;
const MINIFIED_FROM_BYTES = 20_000;
const MINIFIED_LINE = 2_000;

/** The files to scan split into the large or minified ones and the rest (each list in the order given). */
async function splitLarge(sourceRoot: string, files: readonly string[], fromBytes: number): Promise<{ big: string[]; small: string[] }> {
  const big: string[] = [];
  const small: string[] = [];
  const head = Buffer.alloc(64 * 1024);
  for (const f of files) {
    // Through the bounded reader (a regular file, not followed through a link); only the first 64 KB are read.
    const fh = await openRegularFile(join(sourceRoot, f), { maxBytes: Number.MAX_SAFE_INTEGER, noFollow: true }).then(
      (o) => o.handle,
      () => undefined,
    );
    let large = false;
    if (fh) {
      try {
        const { size } = await fh.stat();
        large = size >= fromBytes;
        if (!large && size >= Math.min(fromBytes, MINIFIED_FROM_BYTES)) {
          const { bytesRead } = await fh.read(head, 0, head.length, 0);
          large = longestLine(head.subarray(0, bytesRead)) >= MINIFIED_LINE;
        }
      } finally {
        await fh.close();
      }
    }
    (large ? big : small).push(f);
  }
  return { big, small };
}

function longestLine(bytes: Buffer): number {
  let longest = 0;
  let from = 0;
  for (;;) {
    const nl = bytes.indexOf(0x0a, from);
    const end = nl === -1 ? bytes.length : nl;
    longest = Math.max(longest, end - from);
    if (nl === -1) return longest;
    from = nl + 1;
  }
}

/** The first pass's arguments for the run with no per-rule timeout, its outputs in `dir`. */
const unlimitedArgs = (args: readonly string[], dir: string) =>
  args.map((a) => (a.startsWith('--timeout=') ? '--timeout=0' : a.startsWith('--sarif-output=') ? `--sarif-output=${join(dir, 'semgrep.sarif')}` : a.startsWith('--json-output=') ? `--json-output=${join(dir, 'semgrep.json')}` : a));

/** Two Semgrep runs over disjoint files as one: their pieces together, the first's driver and invocation (ending when the second ended). */
function combine(a: Fresh, b: Fresh): Fresh {
  const pieces: RunPieces = {
    results: [...a.pieces.results, ...b.pieces.results],
    toolNotifications: [...a.pieces.toolNotifications, ...b.pieces.toolNotifications],
    notifications: [...a.pieces.notifications, ...b.pieces.notifications],
    skipped: [...a.pieces.skipped, ...b.pieces.skipped],
    scannedFiles: [...a.pieces.scannedFiles, ...b.pieces.scannedFiles],
  };
  return { ...a, pieces, invocation: { ...a.invocation, endTimeUtc: b.invocation.endTimeUtc } };
}

/** Paths of files some rule gave up on because of Semgrep's per-rule timeout. */
export function timedOutFiles(byFile: ReadonlyMap<string, FileOutcome>): string[] {
  return [...byFile].filter(([, o]) => o.skipped.some((reason) => /Timeout/i.test(reason))).map(([path]) => path);
}

/**
 * Files on which a rule hit the per-rule timeout (`--timeout`, e.g. a 1 MB platform script whose parse alone takes
 * seconds) are scanned once more, on their own, with no per-rule timeout, within what is left of the scanner's
 * whole-run timeout: so no bundled rule silently skips a big file. Their outcomes replace the first pass's in
 * `byFile`. Returns a note for the log, or nothing when no file timed out.
 */
async function rescanTimedOut(cfg: SemgrepScannerConfig, req: ScanRequest, run: { exe: string; args: string[]; byFile: Map<string, FileOutcome>; deadline: number }): Promise<ToolNotification | undefined> {
  const files = timedOutFiles(run.byFile);
  if (files.length === 0 || cfg.ruleTimeoutSeconds === 0) return undefined;
  const left = run.deadline - Date.now();
  if (left < 1000) return undefined;
  req.log.info(`${cfg.name}: ${files.length} file(s) timed out at --timeout=${cfg.ruleTimeoutSeconds}; scanning them again with no per-rule timeout (${Math.round(left / 1000)} s left of timeoutSeconds)`);
  const dir = join(req.workDir, 'timeouts');
  const root = await scanRoot({ sourceRoot: req.sourceRoot, files, whole: false, stageDir: join(dir, 'stage') });
  const sarifFile = join(dir, 'semgrep.sarif');
  const jsonFile = join(dir, 'semgrep.json');
  const args = run.args.map((a) => (a.startsWith('--timeout=') ? '--timeout=0' : a.startsWith('--sarif-output=') ? `--sarif-output=${sarifFile}` : a.startsWith('--json-output=') ? `--json-output=${jsonFile}` : a));
  const again = await runSemgrep(cfg, req, { exe: run.exe, args, root, sarifFile, jsonFile, timeoutMs: left });
  const { byFile } = splitByFile(again.pieces, files);
  for (const f of files) {
    const o = byFile.get(f);
    if (o) run.byFile.set(f, o);
  }
  return { level: 'note', message: `scanned again with no per-rule timeout (\`${again.invocation.commandLine}\`) after the per-rule timeout of ${cfg.ruleTimeoutSeconds} s: ${files.join(', ')}`, descriptor: 'ossast/semgrep-timeout-rescan' };
}

const isEmpty = (p: RunPieces) => p.results.length + p.toolNotifications.length + p.notifications.length + p.skipped.length + p.scannedFiles.length === 0;
const describe = (p: RunPieces) => shorten(p.notifications[0]?.message ?? p.toolNotifications[0]?.message.text ?? p.skipped[0]?.path ?? p.results[0]?.ruleId ?? p.scannedFiles[0] ?? '', 200);

/** Runs Semgrep over `.` in `root` and reads, validates and judges its outputs. */
async function runSemgrep(cfg: SemgrepScannerConfig, req: ScanRequest, run: { exe: string; args: string[]; root: string; sarifFile: string; jsonFile: string; timeoutMs?: number }): Promise<Fresh> {
  // The root is Semgrep's project root (--project-root), so our .semgrepignore there replaces Semgrep's defaults
  // even when the output folder sits inside a git repository. Stale outputs are never read as this run's.
  await writeFile(join(run.root, OWN_IGNORE), SEMGREPIGNORE);
  await rm(run.sarifFile, { force: true });
  await rm(run.jsonFile, { force: true });
  const exit = await runTool({
    scanner: cfg.name,
    file: run.exe,
    args: run.args,
    cwd: run.root,
    env: { SEMGREP_ENABLE_VERSION_CHECK: '0', SEMGREP_SEND_METRICS: 'off' },
    timeoutMs: run.timeoutMs ?? cfg.timeoutSeconds * 1000,
    ...(req.signal ? { signal: req.signal } : {}),
  });
  const failure = (kind: 'exit-code' | 'invalid-output', message: string, hint?: string, cause?: unknown) =>
    new ScannerError(
      message,
      { scanner: cfg.name, commandLine: exit.commandLine, exitCode: exit.exitCode, durationMs: exit.durationMs, stderrTail: exit.stderrTail, startTimeUtc: exit.startTimeUtc, endTimeUtc: exit.endTimeUtc, kind },
      hint,
      cause,
    );
  const meaning = semgrepExit(exit.exitCode);
  if (!meaning.ok) throw failure('exit-code', `semgrep exited with ${exit.exitCode}: ${meaning.meaning}`, meaning.hint);

  const invalid = (m: string, c?: unknown) => failure('invalid-output', m, 'check that the pinned Semgrep version is installed (bash scripts/setup.sh)', c);
  const json = await readToolOutput(run.jsonFile, 'JSON output', (text) => semgrepJsonSchema.parse(JSON.parse(text)), invalid);
  // Streamed when big, and stopped by a signal between chunks (the JSON output above is read whole).
  const sarif = await readToolSarif(run.sarifFile, invalid, req.signal ? { signal: req.signal } : {});
  const { notifications, skipped } = judgeOutput(json);
  if (sarif.runs.length === 0) throw invalid(`wrote a SARIF log with no runs (${run.sarifFile}): no evidence that anything was scanned`);
  const verdict = toolVerdict(sarif);
  if (!verdict.ok) throw failure('invalid-output', `semgrep reported that its run failed: ${verdict.reasons.join('; ')}`);
  const first = sarif.runs[0];
  const toolNotifications: Notification[] = (first?.invocations ?? []).flatMap((i) => i.toolExecutionNotifications ?? []);
  return {
    pieces: { results: sarif.runs.flatMap((r) => r.results), toolNotifications, notifications, skipped, scannedFiles: json.paths.scanned },
    // In the shape (and key order) it has when read back from the cache.
    driver: runEntrySchema.shape.driver.parse(first?.tool.driver ?? { name: 'Semgrep' }),
    toolVersion: json.version ?? first?.tool.driver.semanticVersion ?? first?.tool.driver.version,
    invocation: { commandLine: exit.commandLine, exitCode: exit.exitCode, startTimeUtc: exit.startTimeUtc, endTimeUtc: exit.endTimeUtc, executionSuccessful: true },
  };
}

/** The start lines of the ranges a PartialParsing error names (["PartialParsing", [{start: {line}}...]]). */
function partialLines(type: unknown): number[] {
  const ranges: unknown = Array.isArray(type) ? type[1] : undefined;
  if (!Array.isArray(ranges)) return [];
  const lines = ranges.map((r: unknown) => (typeof r === 'object' && r !== null && 'start' in r && typeof r.start === 'object' && r.start !== null && 'line' in r.start && typeof r.start.line === 'number' ? r.start.line : undefined));
  return [...new Set(lines.filter((n): n is number => n !== undefined))].slice(0, 20);
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
    if (!e.path) continue;
    if (type === 'PartialParsing') {
      // Recovered: the file was analysed except these ranges (a partly analysed file does not fail its target).
      const lines = partialLines(e.type);
      skipped.push({ path: e.path, reason: `${PARTIALLY_PARSED}: Semgrep could not parse ${lines.length ? `line(s) ${lines.join(', ')}` : 'part of it'} and analysed the rest` });
    } else if (/Timeout|OutOfMemory|Syntax|Parse|Lexical/i.test(type)) {
      skipped.push({ path: e.path, reason: `not fully analysed: ${type}` });
    }
  }
  return { notifications, skipped };
}

// Which files Semgrep must scan this run, given the result cache, and what its scan adds to the cache afterwards.
import { join } from 'node:path';
import type { CacheStore } from '../../cache/store.js';
import type { SemgrepScannerConfig } from '../config.js';
import type { RuleFile } from '../types.js';
import { CACHE_VERSION } from '../../cache/store.js';
import { fileEntrySchema, rulePathsEntrySchema, runEntrySchema, type FileOutcome, type RunEntry } from '../cache-entries.js';
import { contentHash, pathSignature } from '../../cache/keys.js';
import { sha256Of } from '../../util/hash.js';
import { rulePathPatterns } from './rule-paths.js';
import { semgrepVersion } from './version.js';

/** What one run scans and reuses. Without a cache every file is its own key and nothing is reused. */
export interface ScanPlan {
  /** The files given to Semgrep: one per key that has no cache entry. */
  toScan: string[];
  /** Every file's key; files with equal keys have the same outcome. */
  keyOf: ReadonlyMap<string, string>;
  /** Outcomes read from the cache, by key. */
  cached: Map<string, FileOutcome>;
  /** The rules and driver of the run, from the cache (needed when nothing is scanned). */
  run?: RunEntry;
}

/** Every file its own key: used when no path signature can be had (registry rules, unreadable rule files). */
export const uncachedPlan = (files: readonly string[]): ScanPlan => ({ toScan: [...files], keyOf: new Map(files.map((f) => [f, f])), cached: new Map() });

/**
 * Groups the files by key (content hash and path signature): the first file of each key is to scan, unless `lookup`
 * has that key's outcome. Files with one key get one outcome, so identical copies (in O11 every Reactive module
 * ships its own copy of the platform and OutSystems UI scripts) are scanned once per run.
 */
async function groupByKey(sourceRoot: string, files: readonly string[], keyFor: (hash: string, relPath: string) => string, lookup?: (key: string) => Promise<FileOutcome | undefined>): Promise<ScanPlan> {
  const keyOf = new Map<string, string>();
  const cached = new Map<string, FileOutcome>();
  const toScan: string[] = [];
  const looked = new Set<string>();
  for (const f of files) {
    const key = keyFor(await contentHash(join(sourceRoot, f)), f);
    keyOf.set(f, key);
    if (looked.has(key)) continue;
    looked.add(key);
    const outcome = lookup ? await lookup(key) : undefined;
    if (outcome) cached.set(key, outcome);
    else toScan.push(f);
  }
  return { toScan, keyOf, cached };
}

/** The plan of a run without a result cache: each distinct file (content and path signature) scanned once. Falls
 *  back to scanning every file when the rules' path patterns cannot be read (then no signature is safe). */
export async function dedupedPlan(sourceRoot: string, files: readonly string[], rules: { paths: string[]; registry: boolean }): Promise<ScanPlan> {
  if (rules.registry) return uncachedPlan(files);
  const patterns = await rulePathPatterns(rules.paths);
  if (!patterns) return uncachedPlan(files);
  const signature = pathSignature(patterns);
  return groupByKey(sourceRoot, files, (hash, f) => sha256Of('semgrep-run-dedupe', hash, signature(f)));
}

/**
 * Results are cached per file because Semgrep OSS analyses each file on its own (its rules match within one file):
 * a file's outcome depends only on its bytes, the parts of its path the rules look at (its name; the folders their
 * path patterns match), the rules, Semgrep's version and the options that change what it reports.
 */
export class SemgrepCache {
  private constructor(
    private readonly store: CacheStore,
    private readonly runKey: string,
    private readonly signature: (relPath: string) => string,
    readonly toolVersion: string,
    private readonly warn: (message: string) => void,
  ) {}

  /** Whether the store checks each entry against the cache key (cache.keyEnv). */
  get authenticated(): boolean {
    return this.store.authenticated;
  }

  /** The cache for this configuration, or undefined (with the reason) when its results cannot be keyed. */
  static async open(store: CacheStore, opts: { cfg: SemgrepScannerConfig; rules: { files: RuleFile[]; paths: string[]; registry: boolean }; exe: string; warn: (m: string) => void }): Promise<SemgrepCache | string> {
    if (opts.rules.registry) return 'some rules come from the Semgrep registry and cannot be hashed';
    // The rules' path patterns, parsed once per rule set (parsing every rule file each run costs more than the rest).
    const rulesKey = sha256Of('semgrep-rule-paths', ...opts.rules.files.map((f) => f.sha256));
    const known = await store.get('rules', rulesKey, rulePathsEntrySchema);
    const patterns = known?.patterns ?? (await rulePathPatterns(opts.rules.paths));
    if (!patterns) return 'a rule file could not be read as Semgrep rules';
    if (!known) await store.put({ ossastCache: CACHE_VERSION, kind: 'rules', key: rulesKey, patterns });
    const version = await semgrepVersion(opts.exe, { store });
    if (!version) return `the version of ${opts.exe} could not be told (\`${opts.exe} --version\` failed)`;
    const runKey = sha256Of(
      JSON.stringify({
        ossastCache: CACHE_VERSION,
        scanner: 'semgrep',
        version,
        rules: opts.rules.files.map((f) => f.sha256),
        options: { ruleTimeoutSeconds: opts.cfg.ruleTimeoutSeconds, maxTargetBytes: opts.cfg.maxTargetBytes },
      }),
    );
    return new SemgrepCache(store, runKey, pathSignature(patterns), version, opts.warn);
  }

  /** Hashes every file, reads the entries there are; files whose key has no entry (one per key) are to scan. */
  async plan(sourceRoot: string, files: readonly string[]): Promise<ScanPlan> {
    const run = await this.store.get('run', this.runKey, runEntrySchema);
    const lookup = async (key: string): Promise<FileOutcome | undefined> => {
      const entry = run ? await this.store.get('file', key, fileEntrySchema) : undefined;
      if (!entry) return undefined;
      const { ossastCache: _version, kind: _kind, key: _key, ...outcome } = entry;
      return outcome;
    };
    const plan = await groupByKey(sourceRoot, files, (hash, f) => sha256Of(this.runKey, hash, this.signature(f)), lookup);
    return { ...plan, ...(run ? { run } : {}) };
  }

  /** Stores the outcomes of the files just scanned, and the run's driver. A file that timed out or ran out of memory
   *  is not stored (that depends on the machine's load, not on the file). A failed write is warned about once. */
  async save(plan: ScanPlan, byFile: ReadonlyMap<string, FileOutcome>, run: Omit<RunEntry, 'ossastCache' | 'kind' | 'key'>): Promise<number> {
    let saved = 0;
    try {
      for (const f of plan.toScan) {
        const outcome = byFile.get(f);
        const key = plan.keyOf.get(f);
        if (!outcome || !key || transient(outcome)) continue;
        await this.store.put({ ossastCache: CACHE_VERSION, kind: 'file', key, ...outcome });
        saved++;
      }
      await this.store.put({ ossastCache: CACHE_VERSION, kind: 'run', key: this.runKey, ...run });
    } catch (err) {
      this.warn(`cache ${this.store.dir}: could not write an entry (${err instanceof Error ? err.message : String(err)}); results are not cached`);
    }
    return saved;
  }
}

const transient = (o: FileOutcome) => [...o.skipped, ...o.notifications.map((n) => `${n.descriptor ?? ''} ${n.message}`)].some((t) => /Timeout|OutOfMemory|out of memory/i.test(t));

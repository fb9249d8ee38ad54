// The retrieve stage: LifeTime names → keys, packages fetched concurrently (bounded), 150 MB fallback to modules.
import { mkdir } from 'node:fs/promises';
import * as z from 'zod';
import type { LifetimeConfig } from './config.js';
import type { Logger } from '../util/log.js';
import type { TargetProvenance, TargetRecord } from '../model/run-record.js';
import { provenanceOf, readProvenance } from './provenance.js';
import { LifetimeClient } from './http.js';
import { applicationSchema, environmentSchema, moduleSchema, type LtModule } from './schemas.js';
import { resolveByName } from './resolve.js';
import { fetchPackage, PackageTooLarge, type PackageRequest } from './flow.js';
import { ConfigError, describeError } from '../util/errors.js';
import pLimit, { limitFunction } from 'p-limit';
import type { CacheStore } from '../cache/store.js';
import { cachedPackage, keepPackage, packageCacheKey } from './package-cache.js';
import type { PlanTarget } from '../model/shard.js';
import { compareText } from '../util/compare.js';

export { resolveToken } from './token.js';

export interface RetrievedPackage {
  zipPath: string;
  sha256: string;
  bytes: number;
  kind: 'application' | 'module';
  application?: string;
  module?: string;
  record: TargetRecord;
}

export interface RetrievalResult {
  packages: RetrievedPackage[];
  failures: TargetRecord[];
  /** Per target retrieved: what runs, read before packaging and after the download. */
  provenance: TargetProvenance[];
  /** Per application asked for (not in a shard's run): the modules LifeTime lists for it, for the scope ledger. */
  listings: AppListing[];
}

/** The modules LifeTime lists for an application in the environment (eSpaces and extensions). */
export interface AppListing {
  application: string;
  key: string;
  environment: string;
  modules: { name: string; key: string; kind: string }[];
}

interface ClientOptions {
  token: string;
  /** Where HTTP_PROXY, HTTPS_PROXY and NO_PROXY are read (default: the process's environment). */
  env?: NodeJS.ProcessEnv;
  log: Logger;
  signal?: AbortSignal;
  backoffBaseMs?: number;
  /** The result cache (--cache): packages whose modules' versions did not change are taken from it. */
  cache?: CacheStore;
}

interface Job extends PackageRequest {
  application?: string;
  fallbackFrom?: string;
  appKey?: string;
}

/** The target id of a packaging job: the application or module name, "App/Module" for a module fetched for its application. */
const idOf = (job: Job) => (job.kind === 'modules' && job.application ? `${job.application}/${job.name}` : job.name);

/** A packaging job as a plan target. */
const targetOf = (job: Job): PlanTarget => ({ kind: job.kind === 'applications' ? 'lifetime-application' : 'lifetime-module', id: idOf(job) });

/** An application's eSpace modules in an environment (extensions have no code to get), by name. */
const modulesOf = (all: LtModule[], appKey: string, envKey: string) =>
  all.filter((m) => (m.Kind ?? 'eSpace') === 'eSpace' && m.ModuleStatusInEnv.some((s) => s.ApplicationKey === appKey && s.EnvironmentKey === envKey)).sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));

/** A LifeTime API client with the config's timeouts, limits and retries. */
export function lifetimeClient(cfg: LifetimeConfig, opts: ClientOptions): LifetimeClient {
  return new LifetimeClient({
    baseUrl: cfg.url,
    token: opts.token,
    timeoutMs: cfg.requestTimeoutSeconds * 1000,
    deadlineMs: cfg.requestDeadlineSeconds * 1000,
    maxReplyBytes: cfg.maxReplyMB * 1024 * 1024,
    retries: cfg.retries,
    log: opts.log,
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.backoffBaseMs !== undefined ? { backoffBaseMs: opts.backoffBaseMs } : {}),
    ...(cfg.caFile ? { caFile: cfg.caFile } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
}

/** The config's applications and modules, names resolved to keys (environment, applications, modules lists); nothing is packaged. */
export async function resolveJobs(client: LifetimeClient, cfg: LifetimeConfig) {
  if (cfg.applications.length === 0 && cfg.modules.length === 0) {
    throw new ConfigError('lifetime: no applications or modules to fetch', 'list them under lifetime.applications / lifetime.modules, or pass --app / --module');
  }
  const envs = (await client.json('GET', '/environments/', z.array(environmentSchema), 'the environment list')) ?? [];
  const env = resolveByName(envs, cfg.environment, 'environment');
  let modulesCache: Promise<LtModule[]> | undefined;
  const modules = () => (modulesCache ??= client.json('GET', '/modules/?IncludeEnvStatus=true', z.array(moduleSchema), 'the module list').then((m) => m ?? []));

  const jobs: Job[] = [];
  if (cfg.applications.length) {
    const apps = (await client.json('GET', '/applications/', z.array(applicationSchema), 'the application list')) ?? [];
    for (const name of cfg.applications) {
      const app = resolveByName(apps, name, 'application');
      // lifetime.splitApplications: the application's modules, each packaged on its own (the application itself when it lists none).
      const own = cfg.splitApplications ? modulesOf(await modules(), app.Key, env.Key) : [];
      if (own.length) jobs.push(...own.map((m): Job => ({ kind: 'modules', envKey: env.Key, key: m.Key, name: m.Name, application: app.Name, appKey: app.Key })));
      else jobs.push({ kind: 'applications', envKey: env.Key, key: app.Key, name: app.Name, application: app.Name, appKey: app.Key });
    }
  }
  if (cfg.modules.length) {
    const all = await modules();
    for (const name of cfg.modules) {
      const m = resolveByName(all, name, 'module');
      jobs.push({ kind: 'modules', envKey: env.Key, key: m.Key, name: m.Name });
    }
  }
  return { env, jobs, modules };
}

/** The LifeTime targets the config names, resolved without packaging anything (for plans and shards). */
export async function resolveLifetimeTargets(cfg: LifetimeConfig, opts: ClientOptions): Promise<PlanTarget[]> {
  return (await resolveJobs(lifetimeClient(cfg, opts), cfg)).jobs.map(targetOf);
}

/**
 * Retrieves every target the config names (with `keep`, only those it keeps: one shard's part); at most
 * lifetime.maxConcurrentPackaging packaging requests (start, poll, download) in flight at once.
 */
export async function retrieveAll(cfg: LifetimeConfig, opts: ClientOptions & { downloadDir: string; keep?: (target: PlanTarget) => boolean }): Promise<RetrievalResult> {
  const { log } = opts;
  const client = lifetimeClient(cfg, opts);
  await mkdir(opts.downloadDir, { recursive: true });
  const resolved = await resolveJobs(client, cfg);
  const { env, modules } = resolved;
  const jobs = opts.keep ? resolved.jobs.filter((j) => opts.keep!(targetOf(j))) : resolved.jobs;
  const packaging = pLimit(cfg.maxConcurrentPackaging ?? Number.POSITIVE_INFINITY);

  const result: RetrievalResult = { packages: [], failures: [], provenance: [], listings: [] };
  // The scope ledger compares with every module an application lists; a shard holds only part of them, so it has none.
  if (!opts.keep) {
    const apps = new Map(resolved.jobs.filter((j) => j.appKey && j.application).map((j) => [j.appKey!, j.application!]));
    const all = apps.size ? await modules() : [];
    for (const [key, application] of apps) {
      const listed = all.filter((m) => m.ModuleStatusInEnv.some((s) => s.ApplicationKey === key && s.EnvironmentKey === env.Key)).sort((a, b) => compareText(a.Name, b.Name));
      result.listings.push({ application, key, environment: env.Name, modules: listed.map((m) => ({ name: m.Name, key: m.Key, kind: m.Kind ?? 'eSpace' })) });
    }
  }
  const lifetimeRef = (job: Job): NonNullable<TargetRecord['lifetime']> => ({
    url: cfg.url,
    environment: { name: env.Name, key: env.Key },
    ...(job.kind === 'applications' ? { application: { name: job.name, key: job.key } } : { module: { name: job.name, key: job.key } }),
    ...(job.appKey && job.kind === 'modules' && job.application ? { application: { name: job.application, key: job.appKey } } : {}),
    ...(job.fallbackFrom ? { fallbackFrom: job.fallbackFrom } : {}),
  });

  const runJob = async (job: Job): Promise<void> => {
    const started = new Date();
    const subject = { envKey: env.Key, ...(job.appKey ? { appKey: job.appKey } : {}), ...(job.kind === 'modules' ? { moduleKey: job.key } : {}) };
    try {
      // What runs, read before packaging and again after the download: a change in between means the package may not be it.
      const before = await readProvenance(client, subject);
      // With a cache: unchanged module versions mean the package kept is the package LifeTime would make.
      const cacheKey = opts.cache ? packageCacheKey(cfg.url, job, await modules()) : undefined;
      const kept = opts.cache && cacheKey ? await cachedPackage(opts.cache, cacheKey, opts.downloadDir, job) : undefined;
      let origin: string | undefined;
      const got =
        kept ??
        (await packaging(async () => {
          const fetched = await fetchPackage(client, cfg, job, opts.downloadDir, log);
          origin = fetched.origin;
          return fetched;
        }));
      if (opts.cache && cacheKey && !kept) await keepPackage(opts.cache, cacheKey, got).catch((err: unknown) => log.warn(`${idOf(job)}: package not kept in the cache: ${describeError(err)}`));
      const after = await readProvenance(client, subject);
      result.provenance.push(provenanceOf(idOf(job), before, after, { key: got.packageKey, ...(origin ? { origin } : {}), sha256: got.sha256, bytes: got.bytes, ...(kept ? { fromCache: true } : {}) }));
      const finished = new Date();
      log.progress(job.name, '');
      if (kept) log.info(`${idOf(job)}: module versions unchanged; package taken from the cache (SHA-256 ${got.sha256.slice(0, 12)}…), nothing asked of LifeTime`);
      else log.info(`${idOf(job)}: downloaded ${(got.bytes / 1024 ** 2).toFixed(1)} MB (SHA-256 ${got.sha256.slice(0, 12)}…) in ${((finished.getTime() - started.getTime()) / 1000).toFixed(1)} s`);
      result.packages.push({
        zipPath: got.path,
        sha256: got.sha256,
        bytes: got.bytes,
        kind: job.kind === 'applications' ? 'application' : 'module',
        ...(job.application ? { application: job.application } : {}),
        ...(job.kind === 'modules' ? { module: job.name } : {}),
        record: {
          id: idOf(job),
          ...(job.application ? { application: job.application } : {}),
          ...(job.kind === 'modules' ? { module: job.name } : {}),
          source: { kind: 'lifetime', path: got.path, sha256: got.sha256, bytes: got.bytes },
          lifetime: { ...lifetimeRef(job), packageKey: got.packageKey, ...(kept ? { fromCache: true } : {}) },
          retrieval: { startedAt: started.toISOString(), finishedAt: finished.toISOString(), durationMs: finished.getTime() - started.getTime() },
          status: 'ok',
        },
      });
    } catch (err) {
      log.progress(job.name, '');
      if (err instanceof PackageTooLarge && job.kind === 'applications') {
        const all = await modules();
        const own = modulesOf(all, job.key, env.Key);
        log.warn(`application ${job.name} is over LifeTime's package size limit; fetching its ${own.length} eSpace module(s) one by one instead`);
        if (own.length === 0) {
          result.failures.push({
            id: job.name,
            application: job.name,
            source: { kind: 'lifetime', path: cfg.url },
            lifetime: lifetimeRef(job),
            status: 'failed',
            error: `retrieve: ${err.message}; and no eSpace modules of it were found in ${env.Name} to fetch one by one`,
          });
          return;
        }
        // A bound of their own: this job keeps its place in the outer one while its modules run.
        const runModule = limitFunction(runJob, { concurrency: cfg.concurrency });
        await Promise.all(own.map((m) => runModule({ kind: 'modules', envKey: env.Key, key: m.Key, name: m.Name, application: job.name, appKey: job.key, fallbackFrom: job.name })));
        return;
      }
      if (err instanceof ConfigError) throw err;
      log.error(`${idOf(job)}: ${describeError(err)}`);
      result.failures.push({
        id: idOf(job),
        ...(job.application ? { application: job.application } : {}),
        ...(job.kind === 'modules' ? { module: job.name } : {}),
        source: { kind: 'lifetime', path: cfg.url },
        lifetime: lifetimeRef(job),
        status: 'failed',
        error: `retrieve: ${describeError(err)}`,
      });
    }
  };
  const runTarget = limitFunction(runJob, { concurrency: cfg.concurrency });
  await Promise.all(jobs.map((job) => runTarget(job)));
  result.packages.sort((a, b) => compareText(a.record.id, b.record.id));
  result.provenance.sort((a, b) => compareText(a.target, b.target));
  return result;
}

// ossast's CI outputs (the examples, `ossast plan --format gitlab|github`) against the platforms' own published JSON Schemas.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { z } from 'zod';
import { runCli } from '../support/cli.js';
import { tempDir } from '../support/tmp.js';
import { publishedSchema } from '../support/schemas.js';
import { writeShopPackage } from '../support/shop.js';
import { writeAppPackage } from '../support/zip.js';
import { simKey, startLifetimeSimulator, type Simulator } from '../../src/demo/lifetime-simulator/index.js';

const examples = join(import.meta.dirname, '../../examples');

/**
 * A validator for one published schema (both are draft-07, Ajv's default draft). Strict mode stays on except where the
 * published schemas, written for editors, rely on what strict mode refuses: `strictTypes` (subschemas with `properties`
 * or `items` but no `type`, and union types) and `strictTuples` (GitHub's one-item `items` arrays without a length
 * bound); `markdownDescription` is the VS Code annotation keyword GitLab's schema uses.
 */
function validator(file: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strictTypes: false, strictTuples: false, keywords: ['markdownDescription'] });
  addFormats.default(ajv);
  return ajv.compile(z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(publishedSchema(file), 'utf8'))));
}
const gitlab = validator('gitlab-ci.json');
const github = validator('github-workflow.json');

/** What the schema says is wrong with `doc` ("<path> <message>"), or nothing. */
function refusals(validate: ValidateFunction, doc: unknown): string[] {
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/**
 * Jobs that `needs` a job the file does not define. Both platforms refuse such a file (GitHub: "jobs.<job_id>.needs"
 * names jobs of the same workflow; GitLab: a needed job must exist in the pipeline unless `optional: true`), but a JSON
 * Schema cannot compare keys across a document, so this one rule is checked here.
 */
function missingNeeds(jobs: Record<string, unknown>): string[] {
  const need = z.union([z.string(), z.object({ job: z.string(), optional: z.boolean().optional() }).loose()]);
  const named = z.looseObject({ needs: z.union([need, z.array(need)]).optional() });
  return Object.entries(jobs).flatMap(([id, job]) => {
    const parsed = named.safeParse(job);
    const needs = parsed.success ? [parsed.data.needs ?? []].flat() : [];
    return needs
      .filter((n) => typeof n === 'string' || n.optional !== true)
      .map((n) => (typeof n === 'string' ? n : n.job))
      .filter((n) => !(n in jobs))
      .map((n) => `${id} needs ${n}`);
  });
}

const record = z.record(z.string(), z.unknown());
const workflow = z.looseObject({ jobs: z.record(z.string(), z.looseObject({ strategy: z.looseObject({ matrix: z.unknown() }).optional() })) });
/** The jobs of a GitLab CI file: every top-level key that is not a global keyword or a hidden key. */
const GITLAB_GLOBALS = new Set(['default', 'include', 'stages', 'variables', 'workflow', 'spec', 'image', 'services', 'cache', 'before_script', 'after_script']);
const gitlabJobs = (doc: Record<string, unknown>) => Object.fromEntries(Object.entries(doc).filter(([k]) => !GITLAB_GLOBALS.has(k) && !k.startsWith('.')));
const yamlOf = (text: string) => record.parse(parse(text));

/** GitHub's documented limit: "A matrix will generate a maximum of 256 jobs per workflow run." */
const GITHUB_MATRIX_JOBS = 256;
/** Jobs an include-only matrix (what `ossast plan --format github` prints) makes: one per entry. */
function matrixJobs(matrix: unknown): number {
  return z.strictObject({ include: z.array(record).min(1) }).parse(matrix).include.length;
}

/** The GitHub example with a matrix where its sharded jobs' `fromJSON(needs.plan.outputs.matrix)` puts it: the scan job's strategy.matrix. */
function exampleWithMatrix(matrix: unknown): z.infer<typeof workflow> {
  const wf = workflow.parse(parse(readFileSync(join(examples, 'github-actions.yml'), 'utf8')));
  expect(wf.jobs['scan']!.strategy!.matrix).toBe('${{ fromJSON(needs.plan.outputs.matrix) }}');
  return { ...wf, jobs: { ...wf.jobs, scan: { ...wf.jobs['scan']!, strategy: { ...wf.jobs['scan']!.strategy, matrix } } } };
}

describe('CI examples against the published schemas', () => {
  it.each([
    ['ci/gitlab-ci.yml', gitlab],
    ['github-actions.yml', github],
    ['gitlab-ci.yml', gitlab],
  ] as const)('%s is valid, and every `needs` names a job of the file', (file, validate) => {
    const doc = yamlOf(readFileSync(join(examples, file), 'utf8'));
    expect(refusals(validate, doc)).toEqual([]);
    expect(missingNeeds(validate === github ? workflow.parse(doc).jobs : gitlabJobs(doc))).toEqual([]);
  });
});

const TOKEN = 'ci-schema-token-7d1e0b';
const dir = tempDir();
const APPS = Array.from({ length: GITHUB_MATRIX_JOBS }, (_, i) => `App${String(i).padStart(3, '0')}`);
let sim: Simulator;
/** A config naming every application of the simulator's Production environment. */
let lifetimeConfig: string;
/** A config with local sources: an application package of two modules and a module's folder. */
let localConfig: string;

beforeAll(async () => {
  // Plans never package or download, so every application can share one package file.
  const zip = await writeAppPackage(join(dir, 'App.zip'), { AppCore: { 'AppCore.csproj': '<Project />' } });
  sim = await startLifetimeSimulator({
    catalog: { environments: [{ Key: simKey('env', 'Prod'), Name: 'Production' }], applications: APPS.map((name) => ({ Key: simKey('app', name), Name: name, zip, modules: [] })) },
    token: TOKEN,
  });
  lifetimeConfig = join(dir, 'lifetime.yml');
  writeFileSync(lifetimeConfig, JSON.stringify({ version: 1, lifetime: { url: sim.url, environment: 'Production', applications: APPS, maxConcurrentPackaging: GITHUB_MATRIX_JOBS * 2 } }));
  await writeShopPackage(join(dir, 'Shop.zip'));
  mkdirSync(join(dir, 'BillingCore', 'Actions'), { recursive: true });
  writeFileSync(join(dir, 'BillingCore', 'BillingCore.csproj'), '<Project />');
  writeFileSync(join(dir, 'BillingCore', 'Actions', 'A.cs'), 'class A {}\n');
  localConfig = join(dir, 'local.yml');
  writeFileSync(localConfig, 'version: 1\nsources: [Shop.zip, BillingCore]\n');
}, 60_000);
afterAll(async () => sim.close());

/** What `ossast plan --config FILE ...` prints (exit 0 required). */
async function plan(config: string, ...flags: string[]): Promise<string> {
  const r = await runCli(['plan', '--config', config, ...flags], { cwd: dir, env: { LIFETIME_TOKEN: TOKEN } });
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

describe("`ossast plan --format gitlab`: the child pipeline against GitLab's schema", () => {
  it.each([
    ['local sources, one module per shard', () => [localConfig, '--max-per-shard', '1'], 3],
    ['LifeTime applications, as the example plans them (--max-per-shard 20)', () => [lifetimeConfig, '--max-per-shard', '20'], 13],
    ["LifeTime applications at GitLab's limit (parallel: 200)", () => [lifetimeConfig, '--shards', '200'], 200],
    ['one shard (no parallel)', () => [localConfig, '--shards', '1'], undefined],
  ] as const)(
    '%s',
    async (_name, args, parallel) => {
      const [config, ...flags] = args();
      const doc = yamlOf(await plan(config!, ...flags, '--format', 'gitlab'));
      expect(z.looseObject({ parallel: z.number().optional() }).parse(doc['ossast-shard']).parallel).toBe(parallel);
      expect(refusals(gitlab, doc)).toEqual([]);
      expect(missingNeeds(gitlabJobs(doc))).toEqual([]);
    },
    60_000,
  );
});

describe("`ossast plan --format github` where the example's fromJSON puts it, against GitHub's schema", () => {
  it.each([
    ['local sources, one module per shard', () => [localConfig, '--max-per-shard', '1'], 3],
    ['LifeTime applications, as the example plans them (--max-per-shard 20)', () => [lifetimeConfig, '--max-per-shard', '20'], 13],
    ["LifeTime applications at GitHub's limit (256 jobs)", () => [lifetimeConfig, '--shards', String(GITHUB_MATRIX_JOBS)], GITHUB_MATRIX_JOBS],
  ] as const)(
    '%s',
    async (_name, args, jobs) => {
      const [config, ...flags] = args();
      const line = await plan(config!, ...flags, '--format', 'github');
      // It travels as a job output ("maximum of 1 MB" each, GitHub documents).
      expect(Buffer.byteLength(line)).toBeLessThan(1024 * 1024);
      const matrix: unknown = JSON.parse(line);
      expect(matrixJobs(matrix)).toBe(jobs);
      expect(matrixJobs(matrix)).toBeLessThanOrEqual(GITHUB_MATRIX_JOBS);
      const wf = exampleWithMatrix(matrix);
      expect(refusals(github, wf)).toEqual([]);
      expect(missingNeeds(wf.jobs)).toEqual([]);
    },
    60_000,
  );
});

describe('the checks above can fail: broken documents are refused', () => {
  let child: Record<string, unknown>;
  let matrix: unknown;
  beforeAll(async () => {
    child = yamlOf(await plan(localConfig, '--max-per-shard', '1', '--format', 'gitlab'));
    matrix = JSON.parse(await plan(localConfig, '--max-per-shard', '1', '--format', 'github'));
  }, 60_000);
  const job = (doc: Record<string, unknown>, name: string) => record.parse(doc[name]);
  const withJob = (doc: Record<string, unknown>, name: string, change: Record<string, unknown>) => ({ ...doc, [name]: { ...job(doc, name), ...change } });

  it('GitLab: parallel 201 (over the limit of 200)', () => {
    expect(refusals(gitlab, withJob(child, 'ossast-shard', { parallel: 201 }))).toContain('/ossast-shard/parallel must be <= 200');
  });
  it('GitLab: an unknown key in a job', () => {
    const { parallel, ...rest } = job(child, 'ossast-shard');
    expect(refusals(gitlab, { ...child, 'ossast-shard': { ...rest, paralel: parallel } })).toContain('/ossast-shard must NOT have additional properties');
  });
  it('GitLab: a cache key with a slash, and an empty script', () => {
    const cache = record.parse(job(child, 'ossast-shard')['cache']);
    expect(refusals(gitlab, withJob(child, 'ossast-shard', { cache: { ...cache, key: 'ossast/cache' } }))).toContain('/ossast-shard/cache/key must match pattern "^[^/]*[^./][^/]*$"');
    expect(refusals(gitlab, withJob(child, 'ossast-join', { script: [] }))).toContain('/ossast-join/script must NOT have fewer than 1 items');
  });
  it('GitLab: a `needs` of a missing job passes the schema (it cannot see across keys) and is refused by the needs check', () => {
    const broken = withJob(child, 'ossast-join', { needs: ['ossast-scan'] });
    expect(refusals(gitlab, broken)).toEqual([]);
    expect(missingNeeds(gitlabJobs(broken))).toEqual(['ossast-join needs ossast-scan']);
  });
  it('GitHub: an unknown key in a job, and a matrix that is not an object', () => {
    const wf = exampleWithMatrix(matrix);
    const { strategy, ...scan } = wf.jobs['scan']!;
    expect(refusals(github, { ...wf, jobs: { ...wf.jobs, scan: { ...scan, stratgy: strategy } } })).toContain('/jobs/scan must NOT have additional properties');
    expect(refusals(github, exampleWithMatrix(z.object({ include: z.array(z.unknown()) }).parse(matrix).include))).toContain('/jobs/scan/strategy/matrix must be object');
  });
  it('GitHub: a `needs` of a missing job, and a matrix of 257 jobs, pass the schema and are refused by the needs check and the limit', () => {
    const wf = exampleWithMatrix(matrix);
    const broken = { ...wf, jobs: { ...wf.jobs, join: { ...wf.jobs['join']!, needs: 'scan-shards' } } };
    expect(refusals(github, broken)).toEqual([]);
    expect(missingNeeds(broken.jobs)).toEqual(['join needs scan-shards']);
    const over = { include: Array.from({ length: GITHUB_MATRIX_JOBS + 1 }, (_, i) => ({ shard: `${i + 1}/257` })) };
    expect(refusals(github, exampleWithMatrix(over))).toEqual([]);
    expect(matrixJobs(over)).toBeGreaterThan(GITHUB_MATRIX_JOBS);
  });
});

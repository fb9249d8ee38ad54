// The CI examples are valid YAML, call only ossast commands, flags and formats that exist, and hand each platform what it reads.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { z } from 'zod';
import { runCli } from './support/cli.js';
import { formatSchema } from '../src/report/config.js';
import { GITLAB_SAST_FILE } from '../src/report/gitlab-sast.js';
import { GITLAB_CODEQUALITY_FILE } from '../src/report/gitlab-codequality.js';

const dir = join(import.meta.dirname, '../examples');
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));
const text = (f: string) => readFileSync(join(dir, f), 'utf8');

/** Every `ossast <command> ...` line in a file's scripts. */
function invocations(source: string): string[][] {
  return source
    .split('\n')
    .map((l) => /(?:ossast(?:\.js)?)\s+(run|scan|fetch|extract|gate|merge|suppressions|demo)\b(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!, ...m[2]!.trim().split(/\s+/).filter(Boolean)]);
}

/** The value after a flag in the file's `ossast run` call. */
function flag(f: string, name: string): string {
  const call = invocations(text(f)).find((c) => c[0] === 'run')!;
  const i = call.indexOf(name);
  expect(i, `${f}: ossast run ${name}`).toBeGreaterThan(0);
  return call[i + 1]!;
}

describe('CI examples', () => {
  it('cover GitHub Actions, GitLab CI and Azure DevOps', () => {
    expect(files.sort()).toEqual(['azure-pipelines.yml', 'github-actions.yml', 'gitlab-ci.yml']);
  });
  it.each(files)('%s is valid YAML, uploads results and calls existing ossast commands, flags and formats', async (f) => {
    const source = text(f);
    expect(() => load(source)).not.toThrow();
    const calls = invocations(source);
    expect(calls.length).toBeGreaterThan(0);
    for (const [command, ...args] of calls) {
      const help = await runCli([command!, '--help']);
      expect(help.code).toBe(0);
      for (const a of args.filter((x) => x.startsWith('--'))) expect(help.stdout, `${f}: ossast ${command} ${a}`).toContain(a);
    }
    for (const format of flag(f, '--format').split(',')) expect(formatSchema.options, `${f}: --format ${format}`).toContain(format);
    expect(flag(f, '--config')).toBe('ossast.yml');
    // The upload files of --sarif-profile github are written by the sarif format.
    if (invocations(source).some((c) => c.includes('--sarif-profile'))) expect(flag(f, '--format').split(',')).toContain('sarif');
    expect(source).toMatch(/junit/i);
    expect(source).toContain('LIFETIME_TOKEN');
    expect(source).not.toMatch(/LIFETIME_TOKEN:\s*["']?[A-Za-z0-9]{12,}/);
  });
});

const gitlabJob = z.looseObject({
  script: z.array(z.string()),
  artifacts: z.looseObject({ paths: z.array(z.string()), reports: z.looseObject({ sast: z.string(), codequality: z.string().optional(), junit: z.string() }) }),
});

describe('GitLab CI example', () => {
  const doc = z.record(z.string(), z.unknown()).parse(load(text('gitlab-ci.yml')));
  const job = gitlabJob.parse(Object.values(doc).find((j) => gitlabJob.safeParse(j).success));
  const out = flag('gitlab-ci.yml', '--out');
  it("declares GitLab's own security report as `reports: sast` (never SARIF) and writes it", () => {
    expect(flag('gitlab-ci.yml', '--format').split(',')).toEqual(expect.arrayContaining(['gitlab-sast', 'junit']));
    expect(job.artifacts.reports.sast).toBe(`${out}/${GITLAB_SAST_FILE}`);
    expect(job.artifacts.reports.junit).toBe(`${out}/junit.xml`);
    if (job.artifacts.reports.codequality !== undefined) {
      expect(flag('gitlab-ci.yml', '--format').split(',')).toContain('gitlab-codequality');
      expect(job.artifacts.reports.codequality).toBe(`${out}/${GITLAB_CODEQUALITY_FILE}`);
    }
  });
  it('keeps only report files as artifacts (no extracted sources or packages)', () => {
    for (const p of job.artifacts.paths) expect(p).toMatch(new RegExp(`^${out}/[\\w.-]+\\.(sarif|json|html|xml)$`));
  });
});

const githubWorkflow = z.looseObject({
  permissions: z.record(z.string(), z.string()),
  jobs: z.record(z.string(), z.looseObject({ steps: z.array(z.looseObject({ uses: z.string().optional(), run: z.string().optional(), with: z.record(z.string(), z.unknown()).optional() })) })),
});

describe('GitHub Actions example', () => {
  const wf = githubWorkflow.parse(load(text('github-actions.yml')));
  // The unsharded job; the sharded jobs are checked with the sharded examples below.
  const steps = wf.jobs['sast']!.steps;
  const out = flag('github-actions.yml', '--out');
  it('has the permissions upload-sarif and the JUnit check need', () => {
    expect(wf.permissions).toMatchObject({ 'security-events': 'write', actions: 'read', checks: 'write', contents: 'read' });
  });
  it('checks out the repository holding ossast.yml before the scan', () => {
    const scan = steps.findIndex((s) => s.run?.includes('ossast.js run'));
    const self = steps.findIndex((s) => s.uses?.startsWith('actions/checkout@') && s.with?.['repository'] === undefined && s.with?.['path'] === undefined);
    expect(self).toBeGreaterThanOrEqual(0);
    expect(self).toBeLessThan(scan);
  });
  it("uploads the github profile files with upload-sarif v4; the category is the runs' automationDetails.id (documented)", () => {
    const upload = steps.filter((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload.map((s) => s.uses)).toEqual(['github/codeql-action/upload-sarif@v4']);
    expect(flag('github-actions.yml', '--sarif-profile')).toBe('github');
    expect(upload[0]!.with?.['sarif_file']).toBe(`${out}/github`);
    // upload-sarif's `category` applies only to runs without automationDetails.id, and ossast always sets one.
    expect(upload[0]!.with?.['category']).toBeUndefined();
    expect(text('github-actions.yml')).toMatch(/automationDetails\.id/);
    expect(text('github-actions.yml')).not.toMatch(/codeql-action\/[\w-]+@v[123]\b/);
  });
});

const azurePipeline = z.looseObject({
  variables: z.record(z.string(), z.string()),
  steps: z.array(z.looseObject({ task: z.string().optional(), script: z.string().optional(), inputs: z.record(z.string(), z.string()).optional() })),
});

describe('Azure DevOps example', () => {
  const p = azurePipeline.parse(load(text('azure-pipelines.yml')));
  const expand = (s: string) => s.replace(/\$\((\w+)\)/g, (m, v: string) => p.variables[v] ?? m);
  const out = expand(flag('azure-pipelines.yml', '--out'));
  const published = p.steps.filter((s) => s.task === 'PublishBuildArtifacts@1' || s.task === 'PublishPipelineArtifact@1');
  const copies = p.steps.filter((s) => s.task === 'CopyFiles@2');
  it('writes outside the published folders (the agent temp folder), so sources and packages never leave the agent', () => {
    expect(out.startsWith('$(Agent.TempDirectory)/')).toBe(true);
    for (const pub of published) expect(pub.inputs?.['PathtoPublish']?.startsWith('$(Build.ArtifactStagingDirectory)/')).toBe(true);
  });
  it('publishes only the upload SARIF as CodeAnalysisLogs (what the SARIF SAST Scans tab reads)', () => {
    const logs = published.find((s) => s.inputs?.['ArtifactName'] === 'CodeAnalysisLogs')!;
    const folder = logs.inputs!['PathtoPublish']!;
    const into = copies.filter((c) => c.inputs?.['TargetFolder'] === folder);
    expect(into).toHaveLength(1);
    expect(expand(into[0]!.inputs!['SourceFolder']!)).toBe(`${out}/github`);
    expect(into[0]!.inputs!['Contents']).toBe('*.sarif');
    expect(flag('azure-pipelines.yml', '--sarif-profile')).toBe('github');
  });
  it('copies only named report files into every other published folder', () => {
    for (const pub of published) {
      for (const c of copies.filter((x) => x.inputs?.['TargetFolder'] === pub.inputs?.['PathtoPublish'])) {
        for (const line of c.inputs!['Contents']!.split('\n').filter(Boolean)) expect(line).toMatch(/^\*?[\w-]*\.(sarif|json|html|xml)$/);
      }
    }
  });
  it('publishes the JUnit file to the Tests tab', () => {
    const junit = p.steps.find((s) => s.task === 'PublishTestResults@2')!;
    expect(junit.inputs).toMatchObject({ testResultsFormat: 'JUnit' });
    expect(expand(junit.inputs!['testResultsFiles']!)).toBe(`${out}/junit.xml`);
  });
});

describe('sharded CI examples (github-actions.yml, examples/ci): plan, a matrix of shards, join and gate', async () => {
  const { ossastCalls, parseCommandLine, substitute } = await import('./support/commands.js');
  const { parseShard } = await import('../src/shard/shard-spec.js');
  const { tempDir } = await import('./support/tmp.js');
  const { writeShopPackage } = await import('./support/shop.js');
  const ciDir = join(dir, 'ci');
  const ci = (f: string) => readFileSync(join(ciDir, f), 'utf8');
  /** The value after a flag as written in the file (CI variables not substituted). */
  const arg = (c: { words: string[] }, flag: string) => c.words[c.words.indexOf(flag) + 1] ?? '';
  /** Checks every ossast call against the real flags; returns them by command. */
  async function checked(doc: unknown): Promise<Map<string, { words: string[]; opts: Record<string, unknown> }[]>> {
    const byCommand = new Map<string, { words: string[]; opts: Record<string, unknown> }[]>();
    for (const words of ossastCalls(doc)) {
      const opts = await parseCommandLine(words);
      if (typeof opts['shard'] === 'string') parseShard(opts['shard']);
      if ((words[0] === 'run' || words[0] === 'scan') && typeof opts['format'] === 'string') for (const f of opts['format'].split(',')) expect(formatSchema.options, `--format ${f}`).toContain(f);
      byCommand.set(words[0]!, [...(byCommand.get(words[0]!) ?? []), { words, opts }]);
    }
    return byCommand;
  }

  it('holds GitLab CI (the sharded GitHub jobs are in github-actions.yml)', () => {
    expect(readdirSync(ciDir).sort()).toEqual(['gitlab-ci.yml']);
  });

  it('GitHub Actions: one repository variable runs either the unsharded job or the sharded jobs, never both', () => {
    const jobs = z.object({ jobs: z.record(z.string(), z.looseObject({ if: z.string().optional(), needs: z.string().optional() })) }).parse(load(text('github-actions.yml'))).jobs;
    expect(Object.keys(jobs)).toEqual(['sast', 'plan', 'scan', 'join']);
    expect(jobs['sast']!.if).toBe("vars.OSSAST_SHARDED != 'true'");
    expect(jobs['plan']!.if).toBe("vars.OSSAST_SHARDED == 'true'");
    // A job whose `needs` was skipped is skipped too.
    expect([jobs['scan'], jobs['join']].map((j) => [j!.if, j!.needs])).toEqual([
      [undefined, 'plan'],
      [undefined, 'scan'],
    ]);
  });

  it('the checker refuses a flag, a choice or a shard that does not exist (so the checks below can fail)', async () => {
    await expect(parseCommandLine(['run', '--shards', '1/3'])).rejects.toThrow("unknown option '--shards'");
    await expect(parseCommandLine(['plan', '--format', 'azure'])).rejects.toThrow('Allowed choices are github, gitlab, json');
    expect(() => parseShard(substitute('4/3'))).toThrow('I must be between 1 and N');
  });

  it('GitHub Actions: the plan feeds the matrix, each shard caches and uploads its log with its manifest, the join merges them and gates', async () => {
    const wf = githubWorkflow.parse(load(text('github-actions.yml')));
    const calls = await checked(wf);
    const plan = calls.get('plan')![0]!;
    expect(plan.opts).toMatchObject({ format: 'github', config: 'ossast.yml' });
    const jobs = z
      .object({ jobs: z.record(z.string(), z.looseObject({ needs: z.string().optional(), strategy: z.looseObject({ matrix: z.string() }).optional(), outputs: z.record(z.string(), z.string()).optional() })) })
      .parse(load(text('github-actions.yml'))).jobs;
    expect(jobs['plan']!.outputs?.['matrix']).toBe('${{ steps.plan.outputs.matrix }}');
    expect(jobs['scan']!.strategy?.matrix).toBe('${{ fromJSON(needs.plan.outputs.matrix) }}');
    expect(jobs['join']!.needs).toBe('scan');
    const shard = calls.get('run')!.find((c) => c.opts['shard'])!;
    expect(shard.words).toContain('${{ matrix.shard }}');
    expect(shard.opts['format']).toMatch(/\bmanifest\b/);
    const scanSteps = wf.jobs['scan']!.steps;
    const cache = scanSteps.find((s) => s.uses?.startsWith('actions/cache@'))!;
    expect(cache.with?.['path']).toBe(shard.opts['cache']);
    const upload = scanSteps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    const out = String(shard.opts['out']);
    expect(String(upload.with?.['path']).trim().split('\n')).toEqual([`${out}/results.sarif`, `${out}/manifest.json`, `${out}/exposure.json`]);
    const joinSteps = wf.jobs['join']!.steps;
    const download = joinSteps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    const merge = calls.get('merge')![0]!;
    expect(merge.words[1]).toBe(`${String(download.with?.['path'])}/*/results.sarif`);
    expect(String(upload.with?.['name'])).toMatch(new RegExp(`^${String(download.with?.['pattern']).replace('*', '')}`));
    const gate = calls.get('gate')![0]!;
    expect(gate.words[1]).toBe(merge.opts['output']);
    // The upload files of --sarif-profile github, without suppressed findings (GitHub ignores SARIF suppressions).
    expect(merge.opts['sarifProfile']).toBe('github');
    expect(joinSteps.find((s) => s.uses === 'github/codeql-action/upload-sarif@v4')?.with?.['sarif_file']).toBe(`${String(merge.opts['output']).replace(/\/[^/]*$/, '')}/github`);
    expect(text('github-actions.yml')).toContain('LIFETIME_TOKEN: ${{ secrets.LIFETIME_TOKEN }}');
  });

  it('GitLab CI: the plan writes the child pipeline the trigger job runs; its shard jobs (parallel, cache) and join job call real flags', async () => {
    const doc = z.record(z.string(), z.unknown()).parse(load(ci('gitlab-ci.yml')));
    const calls = await checked(doc);
    const plan = calls.get('plan')![0]!;
    expect(plan.opts).toMatchObject({ format: 'gitlab', config: 'ossast.yml' });
    const planLine = ci('gitlab-ci.yml')
      .split('\n')
      .find((l) => l.includes('ossast.js plan '))!;
    const child = /> (\S+)$/.exec(planLine)![1]!;
    const trigger = z.looseObject({ needs: z.array(z.string()), trigger: z.looseObject({ include: z.array(z.object({ artifact: z.string(), job: z.string() })), strategy: z.literal('depend') }) }).parse(doc['ossast-shards']);
    expect(trigger.trigger.include).toEqual([{ artifact: child, job: 'ossast-plan' }]);
    expect(z.looseObject({ artifacts: z.object({ paths: z.array(z.string()) }) }).parse(doc['ossast-plan']).artifacts.paths).toContain(child);
    const vars = z.object({ OSSAST_IMAGE: z.string(), OSSAST_SETUP: z.string(), OSSAST: z.string() }).parse(doc['variables']);
    expect(vars.OSSAST).toMatch(/ossast\.js$/);

    // The child pipeline, as `ossast plan` writes it with the example's flags, for a config with a local package.
    const tmp = tempDir();
    await writeShopPackage(join(tmp, 'Shop.zip'));
    const config = join(tmp, 'ossast.yml');
    writeFileSync(config, 'version: 1\nsources: [Shop.zip]\n');
    // One module per shard, so the two modules of Shop.zip make two shard jobs.
    const args = plan.words.map((w, i, all) => (w === 'ossast.yml' ? config : all[i - 1] === '--max-per-shard' ? '1' : w));
    const r = await runCli(args, { cwd: tmp });
    expect(r.code, r.stderr).toBe(0);
    const pipeline = z.record(z.string(), z.unknown()).parse(load(r.stdout));
    const shardJob = z
      .looseObject({
        parallel: z.number().int().min(2).max(200),
        script: z.array(z.string()),
        cache: z.object({ key: z.string(), paths: z.array(z.string()) }),
        artifacts: z.looseObject({ paths: z.array(z.string()), reports: z.object({ sast: z.string(), junit: z.string() }) }),
      })
      .parse(pipeline['ossast-shard']);
    const joinJob = z.looseObject({ needs: z.array(z.string()), script: z.array(z.string()) }).parse(pipeline['ossast-join']);
    expect(joinJob.needs).toEqual(['ossast-shard']);
    const childCalls = await checked(pipeline);
    const shard = childCalls.get('run')![0]!;
    expect(shard.words).toContain('$CI_NODE_INDEX/$CI_NODE_TOTAL');
    expect(shard.opts['config']).toBe(config);
    expect(shardJob.cache.key).toContain('$CI_NODE_INDEX');
    expect(shardJob.cache.paths).toEqual([`${arg(shard, '--cache')}/`]);
    expect(shardJob.artifacts.paths).toEqual([`${arg(shard, '--out')}/results.sarif`, `${arg(shard, '--out')}/manifest.json`, `${arg(shard, '--out')}/exposure.json`]);
    expect(shardJob.artifacts.reports).toEqual({ sast: `${arg(shard, '--out')}/${GITLAB_SAST_FILE}`, junit: `${arg(shard, '--out')}/junit.xml` });
    const merge = childCalls.get('merge')![0]!;
    expect(merge.words[1]).toBe(`${arg(shard, '--out').replace('$CI_NODE_INDEX', '*')}/results.sarif`);
    expect(childCalls.get('gate')![0]!.words[1]).toBe(merge.opts['output']);
  });
});

// The CI examples are valid YAML, call only ossast commands, flags and formats that exist, and hand each platform what it reads.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
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
  const steps = Object.values(wf.jobs).flatMap((j) => j.steps);
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
  it('uploads the github profile files with upload-sarif v4; the category is the runs\' automationDetails.id (documented)', () => {
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

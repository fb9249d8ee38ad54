// The CI examples are valid YAML and call only ossast commands and flags that exist.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { runCli } from './support/cli.js';

const dir = join(import.meta.dirname, '../examples');
const files = readdirSync(dir).filter((f) => f.endsWith('.yml'));

/** Every `ossast <command> ...` line in a file's scripts. */
function invocations(text: string): string[][] {
  return text
    .split('\n')
    .map((l) => /(?:ossast(?:\.js)?)\s+(run|scan|fetch|extract|gate|suppressions|demo)\b(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!, ...m[2]!.trim().split(/\s+/).filter(Boolean)]);
}

describe('CI examples', () => {
  it('cover GitHub Actions, GitLab CI and Azure DevOps', () => {
    expect(files.sort()).toEqual(['azure-pipelines.yml', 'github-actions.yml', 'gitlab-ci.yml']);
  });
  it.each(files)('%s is valid YAML, uploads results and calls existing ossast commands and flags', async (f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    expect(() => load(text)).not.toThrow();
    const calls = invocations(text);
    expect(calls.length).toBeGreaterThan(0);
    for (const [command, ...args] of calls) {
      const help = await runCli([command!, '--help']);
      expect(help.code).toBe(0);
      for (const flag of args.filter((a) => a.startsWith('--'))) expect(help.stdout, `${f}: ossast ${command} ${flag}`).toContain(flag);
    }
    expect(text).toMatch(/junit/i);
    expect(text).toMatch(/sarif/i);
    expect(text).toContain('LIFETIME_TOKEN');
    expect(text).not.toMatch(/LIFETIME_TOKEN:\s*["']?[A-Za-z0-9]{12,}/);
  });
});

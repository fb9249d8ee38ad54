// The token never reaches a scanner: a command scanner that dumps its whole environment finds no form of it, and
// nothing under the output folder holds it (the whole folder is checked, scanners' raw outputs included).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { tempDir, writeScript } from '../support/tmp.js';
import { expectNoToken } from '../support/hostile.js';
import { testCatalog } from '../support/lifetime.js';
import { startLifetimeSimulator, type Simulator } from '../../src/demo/lifetime-simulator/index.js';

const TOKEN = 'env"tok\\en-41d0c9e7a2';
const base = tempDir();
let sim: Simulator;
beforeAll(async () => {
  mkdirSync(join(base, 'catalog'));
  sim = await startLifetimeSimulator({ catalog: await testCatalog(join(base, 'catalog')), token: TOKEN, packagingPolls: 0 });
});
afterAll(async () => sim.close());

describe('the token and scanner processes', () => {
  it('a scanner that writes out its environment finds neither LIFETIME_TOKEN nor any variable holding the token', async () => {
    const root = join(base, 'ws');
    mkdirSync(root);
    const tool = writeScript(root, 'envdump.sh', `env > "$(dirname "$2")/env.txt"\necho '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"EnvDump"}},"results":[]}]}' > "$2"`);
    writeFileSync(join(root, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: envdump\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n    coverage: unknown-accepted\n`);
    // The real executable: the token is in its own process environment, as in CI.
    const bin = join(import.meta.dirname, '../../bin/ossast.js');
    const r = await execa(process.execPath, [bin, 'run', '--config', 'ossast.yml', '--lifetime-url', sim.url, '--environment', 'Production', '--app', 'Shop', '--out', 'out', '--format', 'sarif,console,markdown,html,junit,manifest'], {
      cwd: root,
      env: { LIFETIME_TOKEN: TOKEN, OTHER_COPY: `prefix-${TOKEN}` },
      reject: false,
    });
    expect(r.exitCode).toBe(0);
    const env = readFileSync(join(root, 'out/work/envdump/env.txt'), 'utf8');
    expect(env).toContain('PATH=');
    expect(env).not.toContain('LIFETIME_TOKEN=');
    expect(env).not.toContain('OTHER_COPY=');
    expectNoToken(TOKEN, { dirs: [join(root, 'out')], texts: { stdout: r.stdout, stderr: r.stderr } });
  });

  it("nor the cache key (OSSAST_CACHE_KEY): not in a scanner's environment, an output or the cache folder", async () => {
    const KEY = 'cache"key\\0123456789abcdef0123456789';
    const root = join(base, 'ws-key');
    mkdirSync(join(root, 'src/App/Mod'), { recursive: true });
    writeFileSync(join(root, 'src/App/Mod/a.cs'), 'class A {}\n');
    const tool = writeScript(root, 'envdump.sh', `env > "$(dirname "$2")/env.txt"\necho '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"EnvDump"}},"results":[]}]}' > "$2"`);
    writeFileSync(join(root, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: envdump\n    command: [${JSON.stringify(tool)}, "{src}", "{out}"]\n    coverage: unknown-accepted\n  - type: semgrep\n`);
    const bin = join(import.meta.dirname, '../../bin/ossast.js');
    const r = await execa(process.execPath, [bin, 'scan', 'src', '--config', 'ossast.yml', '--cache', 'cache', '--out', 'out', '--format', 'sarif,console,markdown,html,junit,manifest'], {
      cwd: root,
      env: { OSSAST_CACHE_KEY: KEY },
      reject: false,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('entries are not authenticated');
    const env = readFileSync(join(root, 'out/work/envdump/env.txt'), 'utf8');
    expect(env).toContain('PATH=');
    expect(env).not.toContain('OSSAST_CACHE_KEY=');
    expectNoToken(KEY, { dirs: [join(root, 'out'), join(root, 'cache')], texts: { stdout: r.stdout, stderr: r.stderr } });
  });
});

// Secrets that enter through config values (#21 class 8): `${VAR}` in a non-public field (a command scanner's
// arguments) and a variable holding the token in a public field (a scanner's name) never reach stdout, stderr or any
// file under --out, through the real executable; the manifest still records where they went, masked.
import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { tempDir, writeScript } from '../support/tmp.js';
import { expectNoToken, guardedWorkspace } from '../support/hostile.js';

const bin = join(import.meta.dirname, '../../bin/ossast.js');
const FORMATS = 'sarif,console,markdown,html,junit,manifest,gitlab-sast,gitlab-codequality';
const KEY = 'scanner-api-key-7c1e9a44d2b8f0';
const TOKEN = 'lt.tok-3F9aQ2mZ8xW1pL6v';

describe('config values from the environment', () => {
  it.each([
    ['a command argument (not public)', `["{tool}", "--api-key=\${SCANNER_KEY}", "{src}", "{out}"]`, 'envdump'],
    ['a scanner name (public) fed from LIFETIME_TOKEN', `["{tool}", "{src}", "{out}"]`, '${LIFETIME_TOKEN}'],
  ])('%s: in no output; exit 0', async (_, command, name) => {
    const root = tempDir();
    mkdirSync(join(root, 'src/App/Mod'), { recursive: true });
    writeFileSync(join(root, 'src/App/Mod/a.cs'), 'class A {}\n');
    const tool = writeScript(root, 'tool.sh', `for a in "$@"; do last2="$prev"; prev="$a"; done\necho "args: $*" >&2\necho '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Tool"}},"results":[]}]}' > "$prev"`);
    writeFileSync(join(root, 'ossast.yml'), `version: 1\nscanners:\n  - type: command\n    name: "${name}"\n    command: ${command.replace('{tool}', tool)}\n    coverage: unknown-accepted\n`);
    const ws = guardedWorkspace(root);
    const r = await execa(process.execPath, [bin, 'scan', 'src', '--config', 'ossast.yml', '--out', 'out', '--format', FORMATS, '--verbose'], { cwd: root, env: { SCANNER_KEY: KEY, LIFETIME_TOKEN: TOKEN }, reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    for (const secret of [KEY, TOKEN]) expectNoToken(secret, { dirs: [ws.out], texts: { stdout: r.stdout, stderr: r.stderr } });
    const manifest = readFileSync(join(ws.out, 'manifest.json'), 'utf8');
    expect(manifest).toContain(name.startsWith('$') ? '***' : '--api-key=***');
    ws.unchanged();
  });
});

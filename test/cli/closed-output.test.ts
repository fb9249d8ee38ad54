// A reader that has gone away (`ossast gate log.sarif | head -1`): no stack trace, and the exit code is still the verdict.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';

const repo = join(import.meta.dirname, '../..');
const bin = join(repo, 'bin/ossast.js');
const dir = tempDir();

/** Runs ossast with its standard output on a pipe whose reading end is closed before it starts (python3: os.pipe). */
function withClosedStdout(args: string[]): { code: number; stderr: string } {
  const script = ['import os, subprocess, sys', 'r, w = os.pipe()', 'os.close(r)', 'p = subprocess.run(sys.argv[1:], stdout=w, stderr=subprocess.PIPE)', 'sys.stderr.buffer.write(p.stderr)', 'sys.exit(p.returncode)'].join('\n');
  const r = spawnSync('python3', ['-c', script, process.execPath, bin, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stderr: r.stderr };
}

describe('standard output closed by its reader', () => {
  const finding = { ruleId: 'R1', level: 'error', message: { text: 'x' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'a.cs' }, region: { startLine: 1 } } }] };
  writeFileSync(join(dir, 'one.sarif'), JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, results: [finding] }] }));
  writeFileSync(join(dir, 'none.sarif'), JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, results: [] }] }));

  it('gate with findings still exits 1, and says nothing of the pipe', () => {
    const r = withClosedStdout(['gate', 'one.sarif']);
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.stderr).not.toContain('    at ');
    expect(r.code).toBe(1);
  });

  it('gate with nothing to report still exits 0; --help of another command exits 0', () => {
    expect(withClosedStdout(['gate', 'none.sarif']).code).toBe(0);
    const help = withClosedStdout(['scan', '--help']);
    expect(help.stderr).not.toContain('EPIPE');
    expect(help.code).toBe(0);
  });
});

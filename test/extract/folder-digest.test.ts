// A folder input's content digest is the SHA-256 of its sha256sum listing, reproducible with the shell command.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyFolder } from '../../src/extract/folder.js';
import { Budget } from '../../src/extract/guard.js';
import { defaultExtractLimits } from '../../src/extract/limits.js';
import { tempDir } from '../support/tmp.js';

describe('folder content digest', () => {
  it('equals `find | LC_ALL=C sort | xargs sha256sum | sha256sum` in the folder, and changes with one byte', async () => {
    const src = join(tempDir(), 'Module');
    mkdirSync(join(src, 'scripts', 'sub'), { recursive: true });
    writeFileSync(join(src, 'Module.csproj'), '<Project />');
    writeFileSync(join(src, 'scripts', 'a.js'), '\ufeffvar a = 1;\r\n');
    writeFileSync(join(src, 'scripts', 'sub', 'Ärger.js'), 'x');
    writeFileSync(join(src, 'scripts', 'Z.js'), 'z');
    const copy = (to: string) => copyFolder(src, join(tempDir(), to), new Budget(defaultExtractLimits), ['Module']);
    const r = await copy('one');
    const shell = execFileSync('bash', ['-c', "find . -type f -printf '%P\\0' | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum"], { cwd: src, encoding: 'utf8' });
    expect(r.sha256).toBe(shell.split(' ')[0]);
    writeFileSync(join(src, 'scripts', 'Z.js'), 'Z');
    expect((await copy('two')).sha256).not.toBe(r.sha256);
  });
});

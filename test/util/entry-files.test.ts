// Built-in entry files (suppression list, allow-list): a run parses and validates the installed YAML as any other file.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { builtinSuppressionsFile, loadSuppressionFiles, parseSuppressionFile } from '../../src/suppress/load.js';
import { builtinAllowFile, loadAllowLists, parseAllowListFile } from '../../src/exposure/allow-list.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the built-in files', () => {
  it('give a run the same entries, files and hashes as parsing the YAML', async () => {
    const text = readFileSync(builtinSuppressionsFile(), 'utf8');
    const loaded = await loadSuppressionFiles([], { builtin: true });
    expect(loaded.files).toEqual([{ path: 'ossast:config/suppressions/outsystems-generated.yml', sha256: sha(text), builtin: true }]);
    expect(loaded.entries).toEqual(parseSuppressionFile(text, 'x').map((e) => ({ ...e, file: 'ossast:config/suppressions/outsystems-generated.yml' })));
    const allow = await loadAllowLists([], { builtin: true });
    expect(allow.entries.map((e) => e.id)).toEqual(parseAllowListFile(readFileSync(builtinAllowFile(), 'utf8'), 'x').map((e) => e.id));
  });
});

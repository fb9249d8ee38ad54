// Built-in entry files (suppression list, allow-list) are validated at build time; a run reads that result only when
// the installed YAML is byte for byte what the build validated, and parses and validates the file otherwise.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEntryFiles, type EntryFileKind } from '../../src/util/entry-files.js';
import { builtinSuppressionsFile, builtinSuppressionsPrecompiled, loadSuppressionFiles, parseSuppressionFile } from '../../src/suppress/load.js';
import { builtinAllowFile, builtinAllowPrecompiled, loadAllowLists, parseAllowListFile } from '../../src/exposure/allow-list.js';
import type { SuppressionEntry } from '../../src/suppress/schema.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

describe('the build\'s precompiled built-in files', () => {
  it('hold exactly what parsing and validating the installed YAML gives, keyed by its SHA-256', () => {
    for (const [yaml, json, parse] of [
      [builtinSuppressionsFile(), builtinSuppressionsPrecompiled(), parseSuppressionFile],
      [builtinAllowFile(), builtinAllowPrecompiled(), parseAllowListFile],
    ] as const) {
      const text = readFileSync(yaml, 'utf8');
      const data = JSON.parse(readFileSync(json, 'utf8')) as { sourceSha256: string; entries: unknown[] };
      expect(data.sourceSha256).toBe(sha(text));
      expect(data.entries).toEqual(parse(text, yaml));
    }
  });

  it('give a run the same entries, files and hashes as parsing the YAML', async () => {
    const text = readFileSync(builtinSuppressionsFile(), 'utf8');
    const loaded = await loadSuppressionFiles([], { builtin: true });
    expect(loaded.files).toEqual([{ path: 'ossast:config/suppressions/outsystems-generated.yml', sha256: sha(text), builtin: true }]);
    expect(loaded.entries).toEqual(parseSuppressionFile(text, 'x').map((e) => ({ ...e, file: 'ossast:config/suppressions/outsystems-generated.yml' })));
    const allow = await loadAllowLists([], { builtin: true });
    expect(allow.entries.map((e) => e.id)).toEqual(parseAllowListFile(readFileSync(builtinAllowFile(), 'utf8'), 'x').map((e) => e.id));
  });
});

describe('loadEntryFiles with a precompiled built-in file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ossast-precompiled-'));
  const entry = (id: string) => `version: 1\nsuppressions:\n  - id: ${id}\n    match: { ruleId: r }\n    justification: a justification long enough to pass review by an auditor\n    owner: appsec@example.com\n`;
  const kind = (yaml: string, json: string): EntryFileKind<SuppressionEntry> => ({ what: 'suppression file', idOf: 'suppression', pathHint: 'fix it', builtinPath: () => yaml, builtinPrecompiled: () => json, builtinDisplay: 'ossast:builtin.yml', parse: parseSuppressionFile });

  it('reads the precompiled entries when the YAML has the bytes the build validated', async () => {
    const yaml = join(dir, 'same.yml');
    writeFileSync(yaml, entry('from-yaml'));
    const json = join(dir, 'same.json');
    // The precompiled entries differ from the YAML's here only to show which of the two the run took.
    writeFileSync(json, JSON.stringify({ sourceSha256: sha(entry('from-yaml')), entries: parseSuppressionFile(entry('from-build'), 'b') }));
    const loaded = await loadEntryFiles(kind(yaml, json), [], { builtin: true });
    expect(loaded.entries.map((e) => e.id)).toEqual(['from-build']);
    expect(loaded.files[0]?.sha256).toBe(sha(entry('from-yaml')));
  });

  it('parses and validates the YAML when it was edited after the build, or the build output is missing or not JSON', async () => {
    const yaml = join(dir, 'edited.yml');
    writeFileSync(yaml, entry('edited'));
    const stale = join(dir, 'stale.json');
    writeFileSync(stale, JSON.stringify({ sourceSha256: sha(entry('before')), entries: parseSuppressionFile(entry('before'), 'b') }));
    const garbage = join(dir, 'garbage.json');
    writeFileSync(garbage, '{"sourceSha256": ');
    for (const json of [stale, join(dir, 'missing.json'), garbage]) {
      expect((await loadEntryFiles(kind(yaml, json), [], { builtin: true })).entries.map((e) => e.id)).toEqual(['edited']);
    }
    const broken = join(dir, 'broken.yml');
    writeFileSync(broken, 'version: 1\nsuppressions:\n  - id: x\n    match: {}\n');
    await expect(loadEntryFiles(kind(broken, stale), [], { builtin: true })).rejects.toThrow(`${broken}:4: suppressions.0.match: at least one match criterion`);
  });
});

// Formatting and lint (Biome, configured in biome.json): every file in its scope is formatted and no rule reports anything.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { z } from 'zod';
import { tempDir } from './support/tmp.js';

const root = join(import.meta.dirname, '..');
const BIOME = join(root, 'node_modules/.bin/biome');
const dir = tempDir();

describe('biome ci', () => {
  it('finds nothing to format and no diagnostic, not even a hint', async () => {
    const counts = join(dir, 'biome-summary.json');
    // The default reporter's text is the failure message; the JSON reporter's summary gives the counts.
    const r = await execa(BIOME, ['ci', '--error-on-warnings', '--colors=off', '--reporter=default', '--reporter=json', `--reporter-file=${counts}`], { cwd: root, reject: false, all: true });
    const { summary } = z.object({ summary: z.looseObject({ errors: z.number(), warnings: z.number(), infos: z.number() }) }).parse(JSON.parse(readFileSync(counts, 'utf8')));
    const found = { exitCode: r.exitCode, errors: summary.errors, warnings: summary.warnings, infos: summary.infos };
    expect(found, `${r.all}\nFormat with \`npx biome format --write\`; see every diagnostic with \`npm run lint\`.`).toEqual({ exitCode: 0, errors: 0, warnings: 0, infos: 0 });
  });
});

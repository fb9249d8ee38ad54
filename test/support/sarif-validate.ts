// Validates a SARIF file with Microsoft's sarif-multitool (the reference validator) and returns its findings.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const MULTITOOL = join(import.meta.dirname, '../../node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

const validationLog = z.looseObject({
  runs: z.array(
    z.looseObject({
      results: z.array(z.looseObject({ ruleId: z.string().optional(), level: z.string().optional(), message: z.looseObject({ text: z.string().optional(), id: z.string().optional(), arguments: z.array(z.string()).optional() }) })).default([]),
      invocations: z.array(z.looseObject({ executionSuccessful: z.boolean() })).default([]),
    }),
  ),
});

export async function validateSarif(file: string): Promise<{ errors: string[]; warnings: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'ossast-validate-'));
  try {
    const out = join(dir, 'validation.sarif');
    const r = await execa(MULTITOOL, ['validate', file, '-o', out], { reject: false, env: { DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' } });
    let text: string;
    try {
      text = readFileSync(out, 'utf8');
    } catch {
      return { errors: [`sarif-multitool did not run (exit ${r.exitCode}): ${r.stderr || r.stdout}`], warnings: [] };
    }
    const log = validationLog.parse(JSON.parse(text));
    const describe = (x: { ruleId?: string; message: { text?: string; id?: string; arguments?: string[] } }) =>
      `${x.ruleId}: ${x.message.text ?? `${x.message.id} ${(x.message.arguments ?? []).join(', ')}`}`;
    const all = log.runs.flatMap((run) => run.results);
    const failedRun = log.runs.some((run) => run.invocations.some((i) => !i.executionSuccessful));
    return {
      errors: [...all.filter((x) => x.level === 'error').map(describe), ...(failedRun ? ['sarif-multitool reported an unsuccessful run'] : [])],
      warnings: all.filter((x) => x.level !== 'error').map(describe),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Validates a SARIF file with Microsoft's sarif-multitool (the reference validator) and returns its findings.
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { schemasDir } from './schemas.js';

const MULTITOOL = join(import.meta.dirname, '../../node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

const validationLog = z.looseObject({
  runs: z.array(
    z.looseObject({
      results: z
        .array(z.looseObject({ ruleId: z.string().optional(), level: z.string().optional(), message: z.looseObject({ text: z.string().optional(), id: z.string().optional(), arguments: z.array(z.string()).optional() }) }))
        .default([]),
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
    const describe = (x: { ruleId?: string; message: { text?: string; id?: string; arguments?: string[] } }) => `${x.ruleId}: ${x.message.text ?? `${x.message.id} ${(x.message.arguments ?? []).join(', ')}`}`;
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

/**
 * Errors of a SARIF log against the SARIF 2.1.0 JSON schema as GitHub's upload-sarif validates it (codeql-action's
 * copy, from the published schemas folder); empty when valid.
 */
export async function sarifSchemaErrors(log: unknown): Promise<string[]> {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  // Without that folder (a user's fresh clone), the OASIS SARIF 2.1.0 schema that Microsoft's sarif-multitool package
  // ships: the same 2020-12 schema codeql-action copies, from the npm registry rather than a file in this repository.
  const candidates = [join(schemasDir(), 'sarif-schema-2.1.0.codeql-action.json'), join(import.meta.dirname, '../../node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json')];
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error(`no SARIF 2.1.0 schema found (looked for ${candidates.join(', ')})`);
  if (!sarifSchema) {
    const schema = JSON.parse(readFileSync(file, 'utf8')) as { definitions: { region?: { properties?: Record<string, unknown> } } };
    // This copy lists `anyOf` among region's properties (a schema no validator can compile); codeql-action's
    // validator reads it as a property named "anyOf", which no log has: left out, nothing else changes.
    delete schema.definitions.region?.properties?.['anyOf'];
    sarifSchema = new Ajv2020({ allErrors: true, strict: false, logger: false }).compile(schema);
  }
  return sarifSchema(log) ? [] : (sarifSchema.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}
let sarifSchema: import('ajv').ValidateFunction | undefined;

// zod schema of the SARIF 2.1.0 parts ossast reads from tools; loose, so everything else passes through untouched.
import { z } from 'zod';
import { PipelineError } from '../util/errors.js';

const level = z.enum(['none', 'note', 'warning', 'error']);
const message = z.looseObject({ text: z.string().optional(), markdown: z.string().optional(), id: z.string().optional() });
const region = z.looseObject({
  startLine: z.number().int().optional(),
  startColumn: z.number().int().optional(),
  endLine: z.number().int().optional(),
  endColumn: z.number().int().optional(),
  snippet: z.looseObject({ text: z.string().optional() }).optional(),
});
const artifactLocation = z.looseObject({ uri: z.string().optional(), uriBaseId: z.string().optional(), index: z.number().int().optional() });
const location = z.looseObject({
  physicalLocation: z.looseObject({ artifactLocation: artifactLocation.optional(), region: region.optional() }).optional(),
});
const suppression = z.looseObject({
  kind: z.enum(['inSource', 'external']),
  status: z.enum(['accepted', 'underReview', 'rejected']).optional(),
  justification: z.string().optional(),
  guid: z.string().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
const result = z.looseObject({
  ruleId: z.string().optional(),
  ruleIndex: z.number().int().optional(),
  rule: z.looseObject({ id: z.string().optional(), index: z.number().int().optional() }).optional(),
  level: level.optional(),
  message,
  locations: z.array(location).optional(),
  suppressions: z.array(suppression).optional(),
  partialFingerprints: z.record(z.string(), z.string()).optional(),
  fingerprints: z.record(z.string(), z.string()).optional(),
  baselineState: z.enum(['new', 'unchanged', 'updated', 'absent']).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});
const rule = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  defaultConfiguration: z.looseObject({ level: level.optional() }).optional(),
  properties: z.looseObject({ tags: z.array(z.string()).optional() }).optional(),
});
const driver = z.looseObject({
  name: z.string(),
  version: z.string().optional(),
  semanticVersion: z.string().optional(),
  informationUri: z.string().optional(),
  rules: z.array(rule).optional(),
});
const notification = z.looseObject({ message, level: level.optional() });
const invocation = z.looseObject({
  executionSuccessful: z.boolean(),
  commandLine: z.string().optional(),
  exitCode: z.number().int().optional(),
  startTimeUtc: z.string().optional(),
  endTimeUtc: z.string().optional(),
  toolExecutionNotifications: z.array(notification).optional(),
  toolConfigurationNotifications: z.array(notification).optional(),
});
const run = z.looseObject({
  tool: z.looseObject({ driver, extensions: z.array(driver).optional() }),
  // Results are checked one by one in parseSarif (validating in place, without copying 100,000s of objects).
  results: z.array(z.unknown()).optional(),
  invocations: z.array(invocation).optional(),
  automationDetails: z.looseObject({ id: z.string().optional() }).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

export const sarifLogSchema = z.looseObject({
  $schema: z.string().optional(),
  version: z.literal('2.1.0'),
  runs: z.array(run),
});

export type SarifLogInput = z.infer<typeof sarifLogSchema>;
export const sarifResultSchema = result;
type SarifResult = z.infer<typeof result>;
/** A parsed, validated log (results checked one by one). */
export type SarifLog = ReturnType<typeof validateSarif>;

/** Parses and validates SARIF text; errors name the source and the dot-path of the first problem. */
export function parseSarif(text: string, source: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PipelineError(`${source} is not JSON: ${err instanceof Error ? err.message : String(err)}`, 'the file must be a SARIF 2.1.0 log');
  }
  return validateSarif(json, source);
}

/** Validates a parsed JSON value as a SARIF log (results checked one by one, in place); errors as parseSarif's. */
export function validateSarif(json: unknown, source: string) {
  const parsed = sarifLogSchema.safeParse(json);
  if (!parsed.success) throw invalid(source, parsed.error.issues);
  return {
    ...parsed.data,
    runs: parsed.data.runs.map((run, i) => ({ ...run, results: checkResults(run.results ?? [], source, i) })),
  };
}

/** Validates each result against the schema and returns the same objects, typed (no copy). */
function checkResults(results: unknown[], source: string, runIndex: number): SarifResult[] {
  const isResult = (r: unknown, j: number): r is SarifResult => {
    const check = result.safeParse(r);
    if (!check.success) throw invalid(source, check.error.issues.map((x) => ({ ...x, path: ['runs', runIndex, 'results', j, ...x.path] })));
    return true;
  };
  if (results.every(isResult)) return results;
  return [];
}

function invalid(source: string, issues: z.core.$ZodIssue[]): PipelineError {
  {
    const first = issues[0];
    const path = first?.path.map(String).join('.') || '(top level)';
    return new PipelineError(
      `${source} is not a valid SARIF 2.1.0 log: ${path}: ${first?.message ?? 'invalid'}${issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : ''}`,
      'the file must be a SARIF 2.1.0 log (version "2.1.0", runs[] with tool.driver.name)',
    );
  }
}

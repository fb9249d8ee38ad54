// zod schema of the SARIF 2.1.0 parts ossast reads from tools; loose, so everything else passes through untouched.
// Written with zod/mini (the same zod, as plain functions), as the SARIF log is parsed once per read.
import { checkJsonDepth } from '../util/json-depth.js';
import * as z from 'zod/mini';
import { globalConfig } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';
import { PipelineError } from '../util/errors.js';
import { checkRuleReferences } from './sarif-rules.js';

// zod/mini registers no language for its messages; classic zod registers English the same way (an explicit choice wins).
if (!globalConfig.localeError) z.config(en());

const opt = z.optional;
const str = () => opt(z.string());
const int = () => opt(z.int());
const level = z.enum(['none', 'note', 'warning', 'error']);
const message = z.looseObject({ text: str(), markdown: str(), id: str() });
const region = z.looseObject({
  startLine: int(),
  startColumn: int(),
  endLine: int(),
  endColumn: int(),
  snippet: opt(z.looseObject({ text: str() })),
});
const artifactLocation = z.looseObject({ uri: str(), uriBaseId: str(), index: int() });
const location = z.looseObject({
  physicalLocation: opt(z.looseObject({ artifactLocation: opt(artifactLocation), region: opt(region) })),
});
const suppression = z.looseObject({
  kind: z.enum(['inSource', 'external']),
  status: opt(z.enum(['accepted', 'underReview', 'rejected'])),
  justification: str(),
  guid: str(),
  properties: opt(z.record(z.string(), z.unknown())),
});
// Rule references (SARIF 2.1.0 §3.52, §3.54): resolved in sarif-rules.ts (ruleResolver), checked once the log is read.
const toolComponentReference = z.looseObject({ name: str(), index: int(), guid: str() });
const reportingDescriptorReference = z.looseObject({ id: str(), index: int(), guid: str(), toolComponent: opt(toolComponentReference) });
const result = z.looseObject({
  ruleId: str(),
  ruleIndex: int(),
  rule: opt(reportingDescriptorReference),
  kind: opt(z.enum(['notApplicable', 'pass', 'fail', 'review', 'open', 'informational'])),
  level: opt(level),
  message,
  locations: opt(z.array(location)),
  suppressions: opt(z.array(suppression)),
  partialFingerprints: opt(z.record(z.string(), z.string())),
  fingerprints: opt(z.record(z.string(), z.string())),
  baselineState: opt(z.enum(['new', 'unchanged', 'updated', 'absent'])),
  properties: opt(z.record(z.string(), z.unknown())),
});
const configuration = z.looseObject({ level: opt(level), enabled: opt(z.boolean()) });
const rule = z.looseObject({
  id: z.string(),
  guid: str(),
  name: str(),
  defaultConfiguration: opt(configuration),
  properties: opt(z.looseObject({ tags: opt(z.array(z.string())) })),
});
const driver = z.looseObject({
  name: z.string(),
  guid: str(),
  version: str(),
  semanticVersion: str(),
  informationUri: str(),
  rules: opt(z.array(rule)),
});
const notification = z.looseObject({ message, level: opt(level) });
const invocation = z.looseObject({
  executionSuccessful: z.boolean(),
  commandLine: str(),
  exitCode: int(),
  startTimeUtc: str(),
  endTimeUtc: str(),
  toolExecutionNotifications: opt(z.array(notification)),
  toolConfigurationNotifications: opt(z.array(notification)),
  ruleConfigurationOverrides: opt(z.array(z.looseObject({ descriptor: reportingDescriptorReference, configuration }))),
});
const run = z.looseObject({
  tool: z.looseObject({ driver, extensions: opt(z.array(driver)) }),
  // Results are checked one by one in parseSarif (validating in place, without copying 100,000s of objects).
  results: opt(z.array(z.unknown())),
  invocations: opt(z.array(invocation)),
  automationDetails: opt(z.looseObject({ id: str() })),
  properties: opt(z.record(z.string(), z.unknown())),
});

export const sarifLogSchema = z.looseObject({
  $schema: str(),
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
  checkJsonDepth(text, source);
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
  const log = {
    ...parsed.data,
    runs: parsed.data.runs.map((run, i) => (run.results === undefined ? withoutResultSet(run, source, i) : { ...run, results: checkResults(run.results, source, i) })),
  };
  // Every reader of a log (merge, gate, baseline) gets one whose every result names a rule it can resolve.
  checkRuleReferences(log, source);
  return log;
}

/**
 * A run without `results` says its tool produced no result set (SARIF 2.1.0 §3.14.23: absent means the tool failed,
 * an empty array that it ran and found nothing). Every reader sees it as a failed run: an invocation with
 * executionSuccessful false and the reason is added, so the gate fails it (exit 3) and merge keeps saying so.
 */
function withoutResultSet<R extends { invocations?: unknown[] | undefined }>(run: R, source: string, runIndex: number) {
  const failed = {
    executionSuccessful: false,
    toolExecutionNotifications: [
      {
        level: 'error' as const,
        descriptor: { id: 'ossast/no-result-set' },
        message: { text: `${source}: runs[${runIndex}] has no results array: the tool produced no result set (SARIF 2.1.0 §3.14.23), so nothing shows what it found` },
      },
    ],
  };
  return { ...run, invocations: [...(run.invocations ?? []), failed], results: [] as SarifResult[] };
}

/** From this many results a run's results are checked by the compiled schema; fewer do not repay compiling it. */
const COMPILE_FROM = 1000;
let compiledResult: typeof result | undefined;

/** Validates each result against the schema and returns the same objects, typed (no copy). */
function checkResults(results: unknown[], source: string, runIndex: number): SarifResult[] {
  // zod's compile() generates a validator for the schema (4-5x faster on 40,000 results); it hands any input it
  // would reject to the ordinary parser, so what passes and every message stay zod's own.
  const schema = results.length >= COMPILE_FROM ? (compiledResult ??= z.compile(result)) : result;
  const isResult = (r: unknown, j: number): r is SarifResult => {
    const check = schema.safeParse(r);
    if (!check.success)
      throw invalid(
        source,
        check.error.issues.map((x) => ({ ...x, path: ['runs', runIndex, 'results', j, ...x.path] })),
      );
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

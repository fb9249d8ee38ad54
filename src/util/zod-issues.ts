// Turns zod issues into messages that name the file, line, dot-path, what is allowed and what was found.
import type { z } from 'zod';
import type { YamlPath } from './yaml.js';
import { shorten } from './redact.js';

/** At most this many problems are listed; the rest are counted (a huge file must not give a huge message). */
export const maxListedIssues = 50;

export function formatIssues(issues: z.core.$ZodIssue[], file: string, lineOf: (p: YamlPath) => number | undefined, data: unknown, schemaFile = 'config/ossast.schema.json'): string[] {
  const listed = issues.slice(0, maxListedIssues).map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    // An unknown key is best shown on its own line, not its parent's.
    const first = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const line = lineOf(first === undefined ? path : [...path, first]);
    const where = `${file}${line ? `:${line}` : ''}`;
    const dot = path.length ? path.join('.') : '(top level)';
    return `${where}: ${dot}: ${describe(issue, valueAt(data, path), schemaFile)}`;
  });
  const more = issues.length - listed.length;
  return more > 0 ? [...listed, `... and ${more} more problem(s) in ${file}`] : listed;
}

function describe(issue: z.core.$ZodIssue, received: unknown, schemaFile: string): string {
  if (received === undefined && issue.code !== 'unrecognized_keys' && issue.code !== 'custom') {
    return `required field is missing (${issue.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')})`;
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (check the spelling; see ${schemaFile})`;
    case 'invalid_union': {
      const allowed = discriminatorValues(issue);
      if (allowed.length) return `expected one of ${allowed.join(', ')}, received ${show(received)}`;
      return `${issue.message}, received ${show(received)}`;
    }
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, received ${show(received)}`;
    default:
      return received === undefined ? issue.message : `${issue.message} (received ${show(received)})`;
  }
}

function discriminatorValues(issue: z.core.$ZodIssue): string[] {
  if ('note' in issue && issue.note === 'No matching discriminator' && 'options' in issue && Array.isArray(issue.options)) {
    return issue.options.map((o: unknown) => JSON.stringify(o));
  }
  return [];
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Reflect.get(cur, p);
  }
  return cur;
}

/** JSON of a received value, cut at 60 characters; stops descending once past them (values can be large). */
function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  let budget = 60;
  const s =
    JSON.stringify(v, (_key, value: unknown) => {
      if (budget <= 0) return undefined;
      budget -= typeof value === 'string' ? value.length + 2 : 2;
      return value;
    }) ?? String(v);
  return shorten(s, 60, '...');
}

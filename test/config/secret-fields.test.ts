// Values that enter a config through ${VAR} are secrets unless their field is public (#21 class 8). Generated from the
// schema: `${VAR}` in every string field the config schema has (found by walking its JSON Schema), asserting that the
// value is masked wherever it could be shown (the error that refuses the config included) unless the field is listed
// in src/config/public-fields.ts, and that a public field fed from a variable holding a secret is masked all the same.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import { configSchema } from '../../src/config/schema.js';
import { parseConfig } from '../../src/config/load.js';
import { fieldOf, isPublicField, PUBLIC_FIELDS } from '../../src/config/public-fields.js';
import { redact } from '../../src/util/redact.js';
import { leaksIn } from '../support/hostile.js';

interface Leaf {
  path: (string | number)[];
  enumerated: boolean;
}

/** Every leaf of the config schema that accepts a string, as a path with 0 for list indices. */
function stringLeaves(): Leaf[] {
  const root = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  const defs = (root['$defs'] ?? root['definitions'] ?? {}) as Record<string, Record<string, unknown>>;
  const out = new Map<string, Leaf>();
  const walk = (node: Record<string, unknown>, path: (string | number)[], depth: number): void => {
    if (depth > 12) return;
    const ref = node['$ref'];
    if (typeof ref === 'string') {
      walk(defs[ref.split('/').pop()!]!, path, depth + 1);
      return;
    }
    for (const k of ['anyOf', 'oneOf', 'allOf']) for (const x of (node[k] as Record<string, unknown>[] | undefined) ?? []) walk(x, path, depth + 1);
    const props = node['properties'] as Record<string, Record<string, unknown>> | undefined;
    for (const [k, v] of Object.entries(props ?? {})) walk(v, [...path, k], depth + 1);
    const items = node['items'];
    if (items && typeof items === 'object' && !Array.isArray(items)) walk(items as Record<string, unknown>, [...path, 0], depth + 1);
    if (node['type'] === 'string' || 'enum' in node || 'const' in node) {
      const key = fieldOf(path);
      const enumerated = 'enum' in node || 'const' in node;
      out.set(key, { path, enumerated: enumerated && (out.get(key)?.enumerated ?? true) });
    }
  };
  walk(root, [], 0);
  return [...out.values()];
}

/** A config with `value` (a YAML scalar) at `path`, every list holding one element; `base` fields set first. */
function configWith(path: (string | number)[], value: string, base: Record<string, unknown> = {}): string {
  const doc: Record<string, unknown> = { version: 1, ...structuredClone(base) };
  let at: Record<string | number, unknown> = doc;
  path.forEach((p, i) => {
    if (i === path.length - 1) at[p] = value;
    else at = (at[p] ??= typeof path[i + 1] === 'number' ? [] : {}) as Record<string | number, unknown>;
  });
  return JSON.stringify(doc);
}

/** Parses, and returns the message of the error when the config is refused (the values it shows). */
function parse(text: string, env: NodeJS.ProcessEnv): string {
  try {
    return JSON.stringify(parseConfig(text, 'ossast.yml', env));
  } catch (err) {
    return err instanceof Error ? `${err.message} ${(err as { hint?: string }).hint ?? ''}` : String(err);
  }
}

const fresh = () => `v${randomBytes(12).toString('hex')}`;
const leaves = stringLeaves().filter((l) => fieldOf(l.path) !== 'lifetime.token');

describe('${VAR} in every string field of the config schema', () => {
  it('the walk finds the fields (a sanity check of the generator)', () => {
    const names = leaves.map((l) => fieldOf(l.path));
    for (const f of ['lifetime.url', 'lifetime.environment', 'scanners[].command[]', 'output.dir', 'gate.failOn']) expect(names).toContain(f);
  });

  it('every field that takes only listed values (an enum) is declared public, and every public field exists', () => {
    expect(leaves.filter((l) => l.enumerated && !isPublicField(l.path)).map((l) => fieldOf(l.path))).toEqual([]);
    const names = new Set(leaves.map((l) => fieldOf(l.path)));
    expect([...PUBLIC_FIELDS].filter((f) => !names.has(f))).toEqual([]);
  });

  it.each(leaves.map((l) => [fieldOf(l.path), l] as const))('%s: its value is masked unless the field is public', (name, leaf) => {
    const value = fresh();
    const shown = parse(configWith(leaf.path, '${FIELD_VALUE}'), { FIELD_VALUE: value });
    if (isPublicField(leaf.path)) {
      expect(redact(`x ${value} y`), name).toBe(`x ${value} y`);
    } else {
      expect(redact(`x ${value} y`), name).toBe('x *** y');
      expect(leaksIn(value, shown), `${name}: ${shown}`).toEqual([]);
    }
  });

  it.each(leaves.map((l) => [fieldOf(l.path), l] as const))('%s: fed from a variable that holds a secret, it is masked (config error included)', (name, leaf) => {
    const token = fresh();
    const key = fresh() + fresh();
    const myToken = fresh();
    for (const [ref, env, secret] of [
      ['${LIFETIME_TOKEN}', { LIFETIME_TOKEN: token }, token],
      ['${OSSAST_CACHE_KEY}', { OSSAST_CACHE_KEY: key }, key],
      ['prefix-${MY_TOKEN}-suffix', { MY_TOKEN: myToken }, myToken],
    ] as const) {
      // The token's variable is the one lifetime.token names: MY_TOKEN here.
      const shown = parse(configWith(leaf.path, ref, { lifetime: { token: '${MY_TOKEN}' } }), env);
      expect(redact(`x ${secret} y`), `${name} <- ${ref}`).toBe('x *** y');
      expect(leaksIn(secret, shown), `${name} <- ${ref}: ${shown}`).toEqual([]);
    }
  });

  it("a field's value is found however the variable is written inside it, and $${ stays literal", () => {
    const value = fresh();
    const c = parseConfig(JSON.stringify({ version: 1, scanners: [{ type: 'command', name: 'x', command: ['tool', '--key=${K}', '$${K}'] }] }), 'ossast.yml', { K: value });
    expect(c.scanners[0]).toMatchObject({ command: ['tool', `--key=${value}`, '${K}'] });
    expect(redact(`--key=${value}`)).toBe('--key=***');
  });
});

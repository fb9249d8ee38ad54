import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig, resolvePaths } from '../../src/config/load.js';
import { ConfigError } from '../../src/util/errors.js';

const invalidDir = join(import.meta.dirname, 'invalid');

describe('invalid configs', () => {
  const files = readdirSync(invalidDir).filter((f) => f.endsWith('.yml'));
  it('has a case for each kind of mistake', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });
  it.each(files)('%s fails with its exact message', (f) => {
    const text = readFileSync(join(invalidDir, f), 'utf8');
    const expected = /^# expect: (.*)$/m.exec(text)?.[1];
    expect(expected, `${f} needs a "# expect:" line`).toBeTruthy();
    let caught: unknown;
    try {
      parseConfig(text, f, {});
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).exitCode).toBe(2);
    expect((caught as ConfigError).message).toContain(expected);
  });
});

describe('many problems', () => {
  it('lists the first 50 and counts the rest', () => {
    const text = `version: 1\nsources:\n${Array.from({ length: 200 }, (_, i) => `  - ${i}`).join('\n')}\n`;
    const err: unknown = (() => {
      try {
        parseConfig(text, 'many.yml', {});
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    const lines = (err as ConfigError).message.split('\n');
    expect(lines).toHaveLength(1 + 50 + 1);
    expect(lines[1]).toBe('  many.yml:3: sources.0: Invalid input: expected string, received number (received 0)');
    expect(lines.at(-1)).toBe('  ... and 150 more problem(s) in many.yml');
  });
});

describe('valid configs', () => {
  it('fills defaults', () => {
    const c = parseConfig('version: 1\n', 'c.yml', {});
    expect(c.scanners).toEqual([expect.objectContaining({ type: 'semgrep', bundledRules: true, rules: [] })]);
    expect(c.gate.failOn).toBe('error');
    expect(c.output.dir).toBe('ossast-out');
    expect(c.suppressions.builtin).toBe(true);
  });
  it('interpolates ${VAR} but leaves the LifeTime token for the retrieve stage', () => {
    const text = ['version: 1', 'sources: ["${BASE}/a.zip", "$${literal}"]', 'lifetime:', '  url: https://lt.example.com', '  environment: "${ENV_NAME}"', '  token: "${LIFETIME_TOKEN}"'].join('\n');
    const c = parseConfig(text, 'c.yml', { BASE: '/data', ENV_NAME: 'Production', LIFETIME_TOKEN: 'secret-value' });
    expect(c.sources).toEqual(['/data/a.zip', '${literal}']);
    expect(c.lifetime?.environment).toBe('Production');
    expect(c.lifetime?.token).toBe('${LIFETIME_TOKEN}');
  });
  it('resolves paths against the config folder', () => {
    const c = resolvePaths(parseConfig('version: 1\nsources: [pkg/app.zip]\nbaseline: old.sarif\n', 'c.yml', {}), '/cfg');
    expect(c.sources).toEqual(['/cfg/pkg/app.zip']);
    expect(c.baseline).toBe('/cfg/old.sarif');
    expect(c.output.dir).toBe('/cfg/ossast-out');
  });
});

describe('example configs in config/', () => {
  const dir = join(import.meta.dirname, '../../config');
  const examples = readdirSync(dir).filter((f) => f.endsWith('.example.yml'));
  it('exist', () => expect(examples.length).toBeGreaterThanOrEqual(2));
  it.each(examples)('%s is valid', (f) => {
    const c = parseConfig(readFileSync(join(dir, f), 'utf8'), f, { LIFETIME_TOKEN: 'x' });
    expect(c.version).toBe(1);
    expect(c.scanners.length).toBeGreaterThan(0);
  });
});

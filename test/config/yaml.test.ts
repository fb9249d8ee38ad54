import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/config/yaml.js';
import { ConfigError } from '../../src/util/errors.js';

const text = `version: 1
scanners:
  - type: semgrep
    rules: [a, b]
  - type: command
    name: x
    command:
      - foo
      - "{src}"
output:
  dir: out
`;

describe('parseYaml', () => {
  const doc = parseYaml(text, 'x.yml');
  it('parses the data', () => {
    expect(doc.data).toMatchObject({ version: 1, output: { dir: 'out' } });
  });
  it.each([
    [['version'], 1],
    [['scanners'], 2],
    [['scanners', 0], 3],
    [['scanners', 0, 'rules', 1], 4],
    [['scanners', 1, 'name'], 6],
    [['scanners', 1, 'command', 1], 9],
    [['output', 'dir'], 11],
    [['output', 'missing'], 10],
  ])('locates %j on line %i', (path, line) => {
    expect(doc.lineOf(path)).toBe(line);
  });
  it('reports syntax errors with file, line and column', () => {
    expect(() => parseYaml('a: [1, 2\nb: 3\n', 'bad.yml')).toThrow(ConfigError);
    expect(() => parseYaml('a: [1, 2\nb: 3\n', 'bad.yml')).toThrow(/^bad\.yml:\d+:\d+: invalid YAML/);
  });
});

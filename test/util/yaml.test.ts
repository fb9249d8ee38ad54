import { describe, expect, it } from 'vitest';
import { parseYaml, yamlLimits } from '../../src/util/yaml.js';
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

/** A "billion laughs" document: `levels` anchors, each a list of ten aliases of the one before. */
function aliasBomb(levels: number, key = 'a'): string {
  const lines = [`${key}0: &${key}0 [${Array(10).fill('lol').join(', ')}]`];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `${key}${i}: &${key}${i} [${Array(10)
        .fill(`*${key}${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n') + '\n';
}

describe('parseYaml limits', () => {
  it('refuses an alias bomb at the alias that crosses the limit, before building the data', () => {
    expect(() => parseYaml(`version: 1\n${aliasBomb(9)}`, 'bomb.yml')).toThrow("bomb.yml:6: invalid YAML: alias *a3 takes the file's aliases past 100000 repeated nodes (an alias bomb?); refused before building the data");
  });
  it('accepts ordinary aliases, also an anchor used hundreds of times', () => {
    const entries = Array.from({ length: 300 }, (_, i) => `  - { id: e${i}, owner: *team, match: *m }`).join('\n');
    const doc = parseYaml(`team: &team appsec@example.com\nshared: &m { cwe: [95], platformOwned: true }\nlist:\n${entries}\n`, 'ok.yml');
    expect(doc.data).toMatchObject({ list: expect.arrayContaining([{ id: 'e299', owner: 'appsec@example.com', match: { cwe: [95], platformOwned: true } }]) });
    expect(doc.lineOf(['list', 299, 'match', 'cwe'])).toBe(303);
  });
  it('reads << as a plain key (YAML 1.2 has no merge keys), so a schema refuses it as an unknown field', () => {
    expect(parseYaml('base: &b { x: 1 }\nm:\n  <<: *b\n  y: 2\n', 'm.yml').data).toEqual({ base: { x: 1 }, m: { '<<': { x: 1 }, y: 2 } });
  });
  it('refuses a circular alias with its line', () => {
    expect(() => parseYaml('a: 1\nb: &x\n  c: [*x]\n', 'c.yml')).toThrow('c.yml:3: invalid YAML: alias *x is inside the node it refers to (a circular alias)');
  });
  it('refuses an alias with no anchor before it', () => {
    expect(() => parseYaml('a: *nope\n', 'n.yml')).toThrow('n.yml:1: invalid YAML: alias *nope has no anchor &nope before it');
  });
  it('refuses text over 1 MiB before parsing it', () => {
    const text = `# ${'x'.repeat(yamlLimits.maxBytes)}\n`;
    expect(() => parseYaml(text, 'big.yml')).toThrow(`big.yml: the file is ${yamlLimits.maxBytes + 3} bytes; ossast reads YAML files of at most 1 MiB (1048576 bytes)`);
  });
  it('refuses nesting deeper than the limit, also where the parser itself would run out of stack', () => {
    expect(() => parseYaml(`a: ${'['.repeat(65)}${']'.repeat(65)}\n`, 'd.yml')).toThrow('d.yml:1: invalid YAML: nested deeper than 64 levels');
    expect(() => parseYaml('['.repeat(100_000), 'd.yml')).toThrow(/^d\.yml:1:\d+: invalid YAML: /);
  });
  it('reads YAML 1.2 core: dates and yes/no stay strings, even under a %YAML 1.1 directive; standard tags work', () => {
    expect(parseYaml('d: 2024-02-30\ny: yes\ns: !!str 12\n', 'x.yml').data).toEqual({ d: '2024-02-30', y: 'yes', s: '12' });
    expect(parseYaml('%YAML 1.1\n---\nd: 2024-02-30\n', 'x.yml').data).toEqual({ d: '2024-02-30' });
  });
  it('refuses custom tags, duplicate keys and a second document, with their lines', () => {
    expect(() => parseYaml('a: 1\nb: !js/function x\n', 't.yml')).toThrow('t.yml:2:4: invalid YAML: Unresolved tag: !js/function');
    expect(() => parseYaml('a: 1\na: 2\n', 'k.yml')).toThrow('k.yml:2:1: invalid YAML: Map keys must be unique');
    expect(() => parseYaml('a: 1\n---\nb: 2\n', 'm.yml')).toThrow('m.yml:2:1: invalid YAML: the file holds more than one YAML document (a second "---"); keep one document per file');
  });
});

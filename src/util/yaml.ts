// Parses one YAML file (YAML 1.2, core schema) into data plus lines by dot-path; refuses oversized, alias-bomb and deep input.
import { createRequire } from 'node:module';
import type { Node } from 'yaml';
import { ConfigError } from './errors.js';

type YamlLibrary = typeof import('yaml');
let library: YamlLibrary | undefined;

/**
 * Loads the YAML library (about 120 KB of code, some 13 ms of CPU) before a file is parsed (config and entry-file
 * loaders call it): a command that parses no YAML (a scan of a package with no config file) never loads it.
 */
export async function loadYaml(): Promise<YamlLibrary> {
  // yaml is a CommonJS package: Node.js gives its exports as `default` and also by name.
  library ??= ((m: YamlLibrary & { default?: YamlLibrary }) => m.default ?? m)(await import('yaml'));
  return library;
}

/** The library loadYaml() loaded; a caller that parses text it did not read from a file gets it loaded here, synchronously. */
function yaml(): YamlLibrary {
  library ??= createRequire(import.meta.url)('yaml') as YamlLibrary;
  return library;
}

export type YamlPath = ReadonlyArray<PropertyKey>;

export interface YamlDocument {
  data: unknown;
  /** 1-based line of the node (or of its key, for mapping values) at path; nearest known ancestor otherwise. */
  lineOf(path: YamlPath): number | undefined;
}

/** Bounds on every YAML file ossast reads (config, suppression files): checked before any data is built. */
export const yamlLimits = {
  /** Largest file, in bytes (UTF-8). */
  maxBytes: 1024 * 1024,
  /** Most nodes that aliases (*name) may add to the data by repeating anchored nodes. */
  maxAliasedNodes: 100_000,
  /** Deepest nesting of mappings and sequences. */
  maxDepth: 64,
} as const;

const SYNTAX_HINT = 'fix the YAML at that line; ossast reads one YAML 1.2 document per file, core schema (no custom tags)';

/** Parses one YAML document; every refusal is a ConfigError naming the file and line. */
export function parseYaml(text: string, file: string): YamlDocument {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > yamlLimits.maxBytes) throw tooLarge(file, bytes);
  const { LineCounter, parseDocument, isMap, isNode, isScalar, isSeq } = yaml();
  const lines = new LineCounter();
  // The core schema keeps dates as strings (no silent 2024-02-30 → March 1) even under a %YAML 1.1 directive.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, schema: 'core', resolveKnownTags: false, uniqueKeys: true });
  const lineAt = (offset: number): number => lines.linePos(offset).line || 1;
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const { line, col } = lines.linePos(problem.pos[0]);
    throw new ConfigError(`${file}:${line || 1}:${col}: invalid YAML: ${describeProblem(problem.code, problem.message)}`, SYNTAX_HINT, problem);
  }
  measure(doc.contents, { file, lineAt, anchors: new Map(), sizes: new Map(), aliased: 0 }, 0);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: yamlLimits.maxAliasedNodes });
  } catch (err) {
    // Backstop: measure() refuses unresolved, circular and excessive aliases first, with their line.
    throw new ConfigError(`${file}: invalid YAML: ${err instanceof Error ? err.message : String(err)}`, SYNTAX_HINT, err);
  }
  return {
    data,
    lineOf(path) {
      let node: unknown = doc.contents;
      let line = isNode(node) && node.range ? lineAt(node.range[0]) : undefined;
      for (const step of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
          if (!pair || !isScalar(pair.key) || !pair.key.range) break;
          line = lineAt(pair.key.range[0]);
          node = pair.value;
        } else if (isSeq(node) && typeof step === 'number') {
          const item = node.items[step];
          if (!isNode(item) || !item.range) break;
          line = lineAt(item.range[0]);
          node = item;
        } else break; // aliases and scalars: errors inside them are shown where they are used
      }
      return line;
    },
  };
}

/** The refusal for a file over yamlLimits.maxBytes (also used by readYamlFile before reading it whole). */
export function tooLarge(file: string, bytes: number | undefined): ConfigError {
  return new ConfigError(
    `${file}: the file is ${bytes === undefined ? 'larger than 1 MiB' : `${bytes} bytes`}; ossast reads YAML files of at most 1 MiB (${yamlLimits.maxBytes} bytes)`,
    'check that the path names the right file; a long suppression list can be split into several files (--suppressions is repeatable)',
  );
}

function describeProblem(code: string, message: string): string {
  if (code === 'MULTIPLE_DOCS') return 'the file holds more than one YAML document (a second "---"); keep one document per file';
  if (code === 'RESOURCE_EXHAUSTION') return `nested too deeply (${message})`;
  return message;
}

interface Walk {
  file: string;
  lineAt: (offset: number) => number;
  /** Anchor name → its node once complete, or "open" while the walk is inside it (an alias to it would be circular). */
  anchors: Map<string, Node | 'open'>;
  /** Anchored node → number of nodes it stands for, aliases inside it expanded. */
  sizes: Map<Node, number>;
  aliased: number;
}

/** Counts the nodes the data will have once aliases are expanded, in document order; refuses at the first alias past the limit. */
function measure(node: unknown, walk: Walk, depth: number): number {
  const { isAlias, isMap, isNode, isSeq } = yaml();
  if (!isNode(node)) return 1;
  const where = () => `${walk.file}:${node.range ? walk.lineAt(node.range[0]) : 1}`;
  if (depth > yamlLimits.maxDepth) {
    throw new ConfigError(`${where()}: invalid YAML: nested deeper than ${yamlLimits.maxDepth} levels`, 'ossast files need only a few levels of nesting: check the indentation and brackets at that line');
  }
  if (isAlias(node)) {
    const target = walk.anchors.get(node.source);
    if (target === undefined) throw new ConfigError(`${where()}: invalid YAML: alias *${node.source} has no anchor &${node.source} before it`, SYNTAX_HINT);
    if (target === 'open') throw new ConfigError(`${where()}: invalid YAML: alias *${node.source} is inside the node it refers to (a circular alias)`, 'write the value out instead of aliasing the node that contains it');
    const size = walk.sizes.get(target) ?? 1;
    walk.aliased += size;
    if (walk.aliased > yamlLimits.maxAliasedNodes) {
      throw new ConfigError(
        `${where()}: invalid YAML: alias *${node.source} takes the file's aliases past ${yamlLimits.maxAliasedNodes} repeated nodes (an alias bomb?); refused before building the data`,
        `write the values out instead of repeating them with aliases; ossast allows aliases to add at most ${yamlLimits.maxAliasedNodes} nodes per file`,
      );
    }
    return size;
  }
  const anchor = node.anchor;
  if (anchor) walk.anchors.set(anchor, 'open');
  let size = 1;
  if (isMap(node)) for (const pair of node.items) size += measure(pair.key, walk, depth + 1) + measure(pair.value, walk, depth + 1);
  else if (isSeq(node)) for (const item of node.items) size += measure(item, walk, depth + 1);
  if (anchor) {
    walk.anchors.set(anchor, node);
    walk.sizes.set(node, size);
  }
  return size;
}

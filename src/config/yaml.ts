// Parses a YAML file into data plus a map from dot-paths to line numbers (for error messages).
import { load, parseEvents, getScalarValue, YAMLException, EVENT_ID } from 'js-yaml';
import { ConfigError } from '../util/errors.js';

export type YamlPath = ReadonlyArray<PropertyKey>;

export interface YamlDocument {
  data: unknown;
  /** 1-based line of the node (or of its key, for mapping values) at path; nearest known ancestor otherwise. */
  lineOf(path: YamlPath): number | undefined;
}

/** Parses one YAML document; a syntax error becomes a ConfigError naming file, line and column. */
export function parseYaml(text: string, file: string): YamlDocument {
  let data: unknown;
  try {
    data = load(text, { filename: file });
  } catch (err) {
    if (err instanceof YAMLException) {
      const where = err.mark ? `${file}:${err.mark.line + 1}:${err.mark.column + 1}` : file;
      throw new ConfigError(`${where}: invalid YAML: ${err.reason}`, 'fix the YAML syntax at that line', err);
    }
    throw err;
  }
  const offsets = pathOffsets(text);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  return {
    data,
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const off = offsets.get(keyOf(path.slice(0, n)));
        if (off !== undefined) return lineAt(off);
      }
      return undefined;
    },
  };
}

const keyOf = (path: YamlPath): string => JSON.stringify(path.map((p) => (typeof p === 'number' ? p : String(p))));

interface Frame {
  kind: 'map' | 'seq';
  path: PropertyKey[];
  index: number;
  /** For maps: the pending key (undefined while a key is expected). */
  key?: string;
  keyOffset?: number;
}

/** Walks the parser's events and records the start offset of every node by path. */
function pathOffsets(text: string): Map<string, number> {
  const offsets = new Map<string, number>();
  let events;
  try {
    events = parseEvents(text, {});
  } catch {
    return offsets;
  }
  const stack: Frame[] = [];
  // Returns the path of the node that starts now, and its offset to record (key offset for map values).
  const place = (start: number): { path: PropertyKey[]; offset: number } | 'key' => {
    const top = stack[stack.length - 1];
    if (!top) return { path: [], offset: start };
    if (top.kind === 'seq') return { path: [...top.path, top.index++], offset: start };
    if (top.key === undefined) return 'key';
    const path = [...top.path, top.key];
    const offset = top.keyOffset ?? start;
    top.key = undefined;
    return { path, offset };
  };
  for (const ev of events) {
    if (ev.type === EVENT_ID.SCALAR) {
      const p = place(ev.valueStart);
      const top = stack[stack.length - 1];
      if (p === 'key' && top) {
        top.key = getScalarValue(text, ev);
        top.keyOffset = ev.valueStart;
      } else if (p !== 'key') offsets.set(keyOf(p.path), p.offset);
    } else if (ev.type === EVENT_ID.MAPPING || ev.type === EVENT_ID.SEQUENCE) {
      const p = place(ev.start);
      if (p === 'key') {
        // complex keys are not used in our files: treat as opaque
        stack.push({ kind: 'map', path: ['?'], index: 0 });
        continue;
      }
      offsets.set(keyOf(p.path), p.offset);
      stack.push({ kind: ev.type === EVENT_ID.MAPPING ? 'map' : 'seq', path: p.path, index: 0 });
    } else if (ev.type === EVENT_ID.POP) {
      stack.pop();
    } else if (ev.type === EVENT_ID.ALIAS) {
      const p = place(ev.anchorStart);
      if (p !== 'key') offsets.set(keyOf(p.path), p.offset);
    }
  }
  return offsets;
}

// Small text helpers the inventory's parsers share: OutSystems names, line numbers, balanced bodies.

/** Where a parser's text came from: the module, its target id and the file (relative to the source root). */
export interface FileContext {
  module: string;
  target: string;
  file: string;
}

/** An OutSystems element name as it appears in URLs and generated code: letters, digits and underscores. */
export const IDENT = /^[A-Za-z0-9_]{1,128}$/;

export const isIdent = (s: string): boolean => IDENT.test(s);

/** Line numbers of offsets in one text, for offsets asked in any order (line starts are indexed once). */
export function lineIndex(text: string): (offset: number) => number {
  const starts: number[] = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** The text between the brace at `open` and its matching closing brace (strings and comments are not special: generated code is regular), or undefined past `max` characters. */
export function braceBody(text: string, open: number, max = 4000): string | undefined {
  if (text[open] !== '{') return undefined;
  let depth = 0;
  const end = Math.min(text.length, open + max);
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth--;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return undefined;
}

/** The name of a file without its folder. */
export const baseName = (rel: string): string => rel.slice(rel.lastIndexOf('/') + 1);

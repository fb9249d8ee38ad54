// Globs from users' files (suppression paths, rule ids, tools; allow-list endpoints) as RE2 patterns, matched in linear
// time: a hostile `*a*a*a…b` cannot stall a run the way it stalls a backtracking glob engine.
import { compileRegex, type Regex } from './regex.js';

export interface GlobOptions {
  /** The character `*` and `?` do not cross ("/" for paths, "." for `<Module>.<Interface>` names). */
  separator: '/' | '.';
  nocase?: boolean;
}

const escapeRegex = (s: string) => s.replace(/[\\^$.|?*+()[\]{}-]/g, '\\$&');

/**
 * `**` any text (with a separator on either side, also none: `**\/x` matches `x`), `*` any text within one part,
 * `?` one character of a part, `[abc]` / `[!abc]` a class, `{a,b}` alternatives; everything else literal.
 */
export function globToRe2(glob: string, opts: GlobOptions): string {
  const sep = escapeRegex(opts.separator);
  const part = `[^${sep}]`;
  const translate = (g: string): string => {
    let out = '';
    for (let i = 0; i < g.length; i++) {
      const c = g[i]!;
      if (c === '*' && g[i + 1] === '*') {
        while (g[i + 1] === '*') i++;
        if (g[i + 1] === opts.separator) {
          i++;
          out += `(?:.*${sep})?`;
        } else if (out.endsWith(sep) && i === g.length - 1) {
          out = `${out.slice(0, -sep.length)}(?:${sep}.*)?`;
        } else out += '.*';
      } else if (c === '*') out += `${part}*`;
      else if (c === '?') out += part;
      else if (c === '[') {
        const end = g.indexOf(']', i + 2);
        if (end === -1) out += '\\[';
        else {
          const body = g.slice(i + 1, end);
          const negated = body.startsWith('!') || body.startsWith('^');
          const members = (negated ? body.slice(1) : body).replace(/[\\\][^]/g, '\\$&');
          out += negated ? `[^${sep}${members}]` : `[${members}]`;
          i = end;
        }
      } else if (c === '{') {
        const end = closingBrace(g, i);
        if (end === -1) out += '\\{';
        else {
          out += `(?:${splitTopLevel(g.slice(i + 1, end))
            .map(translate)
            .join('|')})`;
          i = end;
        }
      } else out += escapeRegex(c);
    }
    return out;
  };
  return `^${opts.nocase ? '(?i)' : ''}(?s:${translate(glob)})$`;
}

function closingBrace(g: string, open: number): number {
  let depth = 0;
  for (let i = open; i < g.length; i++) {
    if (g[i] === '{') depth++;
    else if (g[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '{') depth++;
    else if (body[i] === '}') depth--;
    else if (body[i] === ',' && depth === 0) {
      parts.push(body.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}

/** Globs joined into one pattern: one compile and one linear pass instead of one per glob; bounded, so no pattern grows past what RE2 compiles. */
const GLOBS_PER_PATTERN = 64;

/**
 * Text every match of the glob contains, or undefined when the glob cannot promise one (a class or alternatives, or
 * wildcards alone): its longest run of literal characters, without the separators at the run's ends (`**` and `/**`
 * also match with no separator there). A text without it cannot match, so the pattern need not run, nor be compiled.
 */
export function requiredLiteral(glob: string, opts: GlobOptions): string | undefined {
  if (/[[{]/.test(glob)) return undefined;
  const sep = opts.separator;
  let best = '';
  for (let piece of glob.split(/[*?]+/)) {
    while (piece.startsWith(sep)) piece = piece.slice(1);
    while (piece.endsWith(sep)) piece = piece.slice(0, -1);
    if (piece.length > best.length) best = piece;
  }
  if (!best) return undefined;
  if (!opts.nocase) return best;
  // RE2's (?i) folds some non-ASCII letters onto ASCII ones (U+017F onto s, U+212A onto k): only an ASCII literal, looked
  // for in ASCII text, is found exactly as RE2 would find it.
  return isAscii(best) ? best.toLowerCase() : undefined;
}

const isAscii = (text: string) => !/[^\x00-\x7f]/.test(text);

/**
 * A matcher for any of `globs`. The RE2 pattern is compiled on first need: when every glob has a required literal
 * (the usual platform paths and rule ids), a text holding none of them is refused by a substring test alone.
 */
export function globMatcher(globs: string | readonly string[], opts: GlobOptions): (text: string) => boolean {
  const list = typeof globs === 'string' ? [globs] : [...globs];
  const literals = list.map((g) => requiredLiteral(g, opts));
  const needles = literals.every((l): l is string => l !== undefined) ? [...new Set(literals)] : undefined;
  let res: Regex[] | undefined;
  const compiled = (): Regex[] => {
    if (res) return res;
    res = [];
    // Each glob's pattern carries its own anchors and flags inside its group: RE2's (?i) holds to the end of the group.
    for (let i = 0; i < list.length; i += GLOBS_PER_PATTERN)
      res.push(
        compileRegex(
          list
            .slice(i, i + GLOBS_PER_PATTERN)
            .map((g) => `(?:${globToRe2(g, opts)})`)
            .join('|'),
        ),
      );
    return res;
  };
  const ruledOut = (text: string): boolean => {
    if (!needles) return false;
    if (!opts.nocase) return !needles.some((n) => text.includes(n));
    if (!isAscii(text)) return false;
    const lower = text.toLowerCase();
    return !needles.some((n) => lower.includes(n));
  };
  return (text) => !ruledOut(text) && compiled().some((r) => r.test(text));
}

// Regexes in suppression files: RE2 syntax, matched in linear time (re2js); a leading "(?i)" makes one case-insensitive.
import { createRequire } from 'node:module';

type Re2Module = typeof import('re2js');
let engine: Re2Module['RE2JS'] | undefined;
/** RE2JS, loaded on first use: building its Unicode tables is start-up time a gate with no pattern to match does not need. */
function re2(): Re2Module['RE2JS'] {
  if (!engine) {
    const loaded: Re2Module = createRequire(import.meta.url)('re2js');
    engine = loaded.RE2JS;
  }
  return engine;
}

/** Longest text a suppression regex is run on; longer snippets and messages never match (the result stays unsuppressed). */
export const maxRegexInput = 1024 * 1024;

export interface Regex {
  /** True when the pattern matches somewhere in the text (as RegExp.prototype.test). */
  test(text: string): boolean;
}

/**
 * Compiles a pattern for RE2JS, which never backtracks: time is linear in the text, so a snippet an attacker wrote
 * cannot make `^(a+)+$` run for hours. RE2 reads "(?i)" itself, anywhere in the pattern. Throws on invalid patterns;
 * regexProblem() says why.
 */
export function compileRegex(source: string): Regex {
  const re = re2().compile(source);
  return { test: (text) => text.length <= maxRegexInput && re.test(text) };
}

const SYNTAX = 'https://github.com/google/re2/wiki/Syntax';

/** Why a pattern is refused, or undefined when it compiles. Backreferences and lookaround are named as such. */
export function regexProblem(source: string): string | undefined {
  try {
    re2().compile(source);
    return undefined;
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    const feature = unsupportedFeature(source);
    if (feature) {
      return `${feature} cannot be matched in linear time: suppression regexes are matched by an RE2 engine (${SYNTAX}), which refuses backreferences and lookaround; rewrite the pattern without it`;
    }
    return `not a valid regular expression (RE2 syntax, ${SYNTAX}; a leading (?i) makes it case-insensitive): ${reason}`;
  }
}

/** Names the backtracking-only construct in a pattern RE2 refused, if it has one. */
function unsupportedFeature(source: string): string | undefined {
  const look = /\(\?<?[=!]/.exec(source)?.[0];
  if (look) return `${look.includes('<') ? 'a lookbehind' : 'a lookahead'} "${look}...)"`;
  const ref = /\\(?:[1-9]|k<)/.exec(source)?.[0];
  if (ref) return `a backreference "${ref}${ref.endsWith('<') ? '...>' : ''}"`;
  return undefined;
}

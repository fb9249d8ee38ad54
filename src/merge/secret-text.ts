// Masks secret values inside one text (string literals, name=value pairs, high-entropy tokens), keeping their first characters.

/** What replaces the hidden part of a secret. */
export const MASK = '…';
/** At most this many characters of a secret are kept (never more than half of it). */
export const KEEP = 4;

/** The masked form of a secret: its first characters and "…" (code points, so no surrogate pair is split). */
export function maskValue(value: string): string {
  const chars = Array.from(value);
  return chars.slice(0, Math.min(KEEP, Math.floor(chars.length / 2))).join('') + MASK;
}

/** Already masked by an earlier pass (masking twice changes nothing). */
const isMasked = (v: string) => v.endsWith(MASK) && Array.from(v).length <= KEEP + 1;

// Values after a secret-looking name ("Password=…", "apiKey: …"), in connection strings, config lines and code without
// quotes; a call (`= GetPassword()`) is not a value.
// (\w{0,32}, not \w*: a long word of repeated names must not make the scan quadratic.)
const PAIR = /((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|client[_-]?secret|auth)\w{0,32}\s*[=:]\s*)([^\s;"'`,()}\]]+)(?=[\s;"'`,)}\]]|$)/gi;
// The password in a URL's user information: scheme://user:password@host.
const USERINFO = /(\/\/[^\s:@/"'`]+:)([^\s@/"'`]+)(?=@)/g;
// Candidate tokens for the fallback: long runs of key and base64 characters.
const TOKEN = /[A-Za-z0-9+/=_-]{8,}/g;

/**
 * Masks the values of secret name=value pairs and URL passwords in `text`; each original value is added to `found`.
 * `code`: the text is code outside string literals, where a value that is a name (`{ token: token }`,
 * `password = pwd;`) is a variable, not a secret.
 */
export function maskPairs(text: string, found: Set<string>, code = false): string {
  return pairsIn(text, found, code).text;
}

// A variable or member (`pwd`, `this.password`, `cfg.Secret`): in code, not a value.
const NAME = /^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/;
// What follows a variable in code: an argument, property or statement ends (";" then space: not "…;User=sa" in a string).
const CODE_END = /^\s*(?:[,)}\]]|;\s|;$)/;

/** maskPairs, and whether `text` held any such pair (also one masked before). */
function pairsIn(text: string, found: Set<string>, code = false): { text: string; hit: boolean } {
  let hit = false;
  const hide = (whole: string, head: string, value: string, at: number) => {
    if (code && NAME.test(value) && (value.includes('.') || CODE_END.test(text.slice(at + whole.length, at + whole.length + 16)) || head.toLowerCase().startsWith(value.toLowerCase()))) return whole;
    hit = true;
    if (isMasked(value)) return whole;
    found.add(value);
    return head + maskValue(value);
  };
  return { text: text.replace(PAIR, (w, h: string, v: string, at: number) => hide(w, h, v, at)).replace(USERINFO, (w, h: string, v: string, at: number) => hide(w, h, v, at)), hit };
}

/** A token that looks like a key rather than a word: letters and digits mixed, or long and close to random. */
export function isHighEntropy(token: string): boolean {
  if (/[0-9]/.test(token) && /[A-Za-z]/.test(token)) return true;
  return token.length >= 20 && entropy(token) >= 4;
}

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / s.length) * Math.log2(n / s.length);
  return bits;
}

/** Masks high-entropy tokens in `text`; each original token is added to `found`. */
export function maskTokens(text: string, found: Set<string>): string {
  return text.replace(TOKEN, (t) => {
    if (!isHighEntropy(t)) return t;
    found.add(t);
    return maskValue(t);
  });
}

interface Literal {
  /** Content range, quotes excluded. */
  start: number;
  end: number;
}

/**
 * The string literals of a code snippet ("…", '…', `…`), in one pass: linear in the text whatever it holds. A quote
 * left open at the end of its line starts nothing; quotes of its kind up to there start nothing either (no rescans).
 */
export function literalsOf(text: string): Literal[] {
  const out: Literal[] = [];
  const dead: Record<string, number> = { '"': -1, "'": -1, '`': -1 };
  for (let i = 0; i < text.length; i++) {
    const q = text[i]!;
    if (!(q in dead) || i < dead[q]!) continue;
    let j = i + 1;
    while (j < text.length && text[j] !== q && (text[j] !== '\n' || q === '`')) j += text[j] === '\\' ? 2 : 1;
    if (j < text.length && text[j] === q) {
      out.push({ start: i + 1, end: j });
      i = j;
    } else dead[q] = j;
  }
  return out;
}

/** A literal that names a key rather than holding a value: `"password": …`, `cfg["password"]`, `key="Password"`. */
function isKeyName(text: string, lit: Literal): boolean {
  const content = text.slice(lit.start, lit.end);
  if (!/^[A-Za-z_$][\w$.-]*$/.test(content) || /[0-9]/.test(content)) return false;
  const after = text.slice(lit.end + 1, lit.end + 1 + 64).trimStart();
  if ((after.startsWith(':') && !after.startsWith('::')) || after.startsWith(']')) return true;
  return /\b(?:key|name)\s*=\s*$/i.test(text.slice(Math.max(0, lit.start - 65), lit.start - 1));
}

/**
 * Masks the secret in a code snippet: every string literal holding a value (only the secret parts of one that holds
 * name=value pairs or a URL with a password); when no literal was masked, secret name=value pairs and high-entropy
 * tokens. Each original value is added to `found`, to be masked wherever else it appears.
 */
export function maskSnippet(text: string, found: Set<string>): string {
  let out = '';
  let from = 0;
  let masked = false;
  for (const lit of literalsOf(text)) {
    const content = text.slice(lit.start, lit.end);
    if (!content || isKeyName(text, lit)) continue;
    masked = true;
    if (isMasked(content)) continue;
    const inner = pairsIn(content, found);
    if (!inner.hit) found.add(content);
    out += text.slice(from, lit.start) + (inner.hit ? inner.text : maskValue(content));
    from = lit.end;
  }
  out += text.slice(from);
  if (masked) return out;
  return maskTokens(maskPairs(out, found, true), found);
}

/** Replaces every occurrence of the known secrets (longest first, at most `limit` of them) in `text`. */
export function maskKnown(text: string, known: string[], limit = 100): string {
  let out = text;
  for (const s of known.slice(0, limit)) if (out.includes(s)) out = out.split(s).join(maskValue(s));
  return out;
}

/**
 * A function that masks every occurrence of the given secrets in a text (longest first at each place), or undefined
 * when there are none. Linear in the text whatever the number of secrets: candidates are looked up by their first
 * characters (every secret has at least `min` of them).
 */
export function knownMasker(secrets: string[], min = 4): ((text: string) => string) | undefined {
  const byHead = new Map<string, string[]>();
  for (const s of new Set(secrets)) {
    if (s.length < min || isMasked(s)) continue;
    const head = s.slice(0, min);
    byHead.set(
      head,
      [...(byHead.get(head) ?? []), s].sort((a, b) => b.length - a.length),
    );
  }
  if (!byHead.size) return undefined;
  const firsts = new Set([...byHead.keys()].map((h) => h.charCodeAt(0)));
  return (text) => {
    let out = '';
    let from = 0;
    for (let i = 0; i + min <= text.length; i++) {
      if (!firsts.has(text.charCodeAt(i))) continue;
      const hit = byHead.get(text.slice(i, i + min))?.find((s) => text.startsWith(s, i));
      if (!hit) continue;
      out += text.slice(from, i) + maskValue(hit);
      i += hit.length - 1;
      from = i + 1;
    }
    return from === 0 ? text : out + text.slice(from);
  };
}

/**
 * Masks known secret values in JSON text as it streams by (a merged run's part file): each value is looked for in its
 * JSON-escaped form and replaced by the JSON-escaped form of its mask, so the text stays valid JSON. A value cut by a
 * chunk boundary is found: the end of each chunk that could start one is held back for the next.
 */
export class JsonTextMasker {
  private readonly pairs: Map<string, string>;
  private readonly firsts: Set<number>;
  private readonly longest: number;
  private readonly keys: string[];
  private held = '';

  constructor(values: readonly string[]) {
    const esc = (v: string) => JSON.stringify(v).slice(1, -1);
    this.pairs = new Map([...new Set(values)].filter((v) => v.length >= 4 && !isMasked(v)).map((v) => [esc(v), esc(maskValue(v))]));
    this.firsts = new Set([...this.pairs.keys()].map((k) => k.charCodeAt(0)));
    this.keys = [...this.pairs.keys()].sort((a, b) => b.length - a.length);
    this.longest = this.keys[0]?.length ?? 0;
  }

  get empty(): boolean {
    return this.pairs.size === 0;
  }

  /** The masked text that can be written now (all but a tail that could begin a value). */
  push(text: string): string {
    const all = this.replace(this.held + text);
    const keep = Math.min(all.length, this.longest - 1);
    this.held = all.slice(all.length - keep);
    return all.slice(0, all.length - keep);
  }

  /** What is held back, at the end of the text. */
  end(): string {
    const rest = this.held;
    this.held = '';
    return rest;
  }

  private replace(text: string): string {
    const keys = this.keys;
    let out = '';
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      if (!this.firsts.has(text.charCodeAt(i))) continue;
      const hit = keys.find((k) => text.startsWith(k, i));
      if (!hit) continue;
      out += text.slice(from, i) + this.pairs.get(hit)!;
      i += hit.length - 1;
      from = i + 1;
    }
    return from === 0 ? text : out + text.slice(from);
  }
}

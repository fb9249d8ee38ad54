// Rule help Markdown as a small, safe tree the HTML report's script turns into DOM nodes (never into HTML text):
// paragraphs, lists, code, emphasis and http(s) links; anything else (raw HTML, images, other link schemes, tables)
// stays literal text. Written for this subset instead of taking a library: CommonMark libraries emit HTML strings that
// the page would have to parse, and allow images and more link schemes than the page wants.

/** Inline content: text, or a node. */
export type MdInline = string | MdSpan;
export interface MdSpan {
  t: 'em' | 'strong' | 'a' | 'code';
  /** Children (em, strong, a); text of a code span. */
  c: MdInline[] | string;
  /** http(s) target of a link. */
  href?: string;
}
export interface MdBlock {
  t: 'p' | 'pre' | 'ul' | 'ol';
  /** Inline content of a paragraph, text of a code block, items of a list (each its inline content). */
  c: MdInline[] | string | MdInline[][];
}

const LINK = /^https?:\/\/[^\s<>"'`\\]+$/i;
const MAX_DEPTH = 6;
const ITEM = /^\s{0,3}([-*+]|\d{1,9}[.)])\s+(.*)$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

/** Text of the help as blocks; the whole subset in one pass over the lines. */
export function markdownTree(text: string): MdBlock[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: MdBlock[] = [];
  let para: string[] = [];
  let list: { ordered: boolean; items: string[] } | undefined;
  const flush = () => {
    if (para.length) out.push({ t: 'p', c: inline(para.join(' ').trim(), 0) });
    if (list) out.push({ t: list.ordered ? 'ol' : 'ul', c: list.items.map((i) => inline(i.trim(), 0)) });
    para = [];
    list = undefined;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = FENCE.exec(line);
    if (fence) {
      flush();
      const code: string[] = [];
      while (++i < lines.length && !lines[i]!.trimStart().startsWith(fence[1]!)) code.push(lines[i]!);
      out.push({ t: 'pre', c: code.join('\n') });
      continue;
    }
    if (!line.trim()) {
      flush();
      continue;
    }
    const item = ITEM.exec(line);
    if (item) {
      const ordered = /\d/.test(item[1]!);
      if (para.length || (list && list.ordered !== ordered)) flush();
      list ??= { ordered, items: [] };
      list.items.push(item[2]!);
      continue;
    }
    if (list && /^\s/.test(line)) {
      list.items[list.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    if (list) flush();
    // A heading reads as a paragraph of strong text.
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      flush();
      out.push({ t: 'p', c: [{ t: 'strong', c: inline(heading[1]!, 1) }] });
      continue;
    }
    para.push(line.trim());
  }
  flush();
  return out;
}

const PUNCT = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;

/** Inline spans of one block; a delimiter without its closing one is text. */
function inline(s: string, depth: number): MdInline[] {
  const out: MdInline[] = [];
  let text = '';
  const push = (n: MdSpan) => {
    if (text) out.push(text);
    text = '';
    out.push(n);
  };
  const unclosed = new Set<string>();
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '\\' && i + 1 < s.length && PUNCT.test(s[i + 1]!)) {
      text += s[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      let n = 1;
      while (s[i + n] === '`') n++;
      const tick = '`'.repeat(n);
      const end = unclosed.has(tick) ? -1 : s.indexOf(tick, i + n);
      if (end < 0) {
        unclosed.add(tick);
        text += tick;
        i += n;
        continue;
      }
      const body = s.slice(i + n, end);
      push({ t: 'code', c: /^ .* $/.test(body) && body.trim() ? body.slice(1, -1) : body });
      i = end + n;
      continue;
    }
    if (ch === '[' && depth < MAX_DEPTH) {
      const m = /^\[([^\]\n]{1,1000})\]\(\s*<?([^\s()<>]{1,2000})>?\s*\)/.exec(s.slice(i, i + 3100));
      if (m && LINK.test(m[2]!)) {
        push({ t: 'a', href: m[2]!, c: inline(m[1]!, depth + 1) });
        i += m[0].length;
        continue;
      }
    }
    if (ch === '<') {
      const m = /^<(https?:\/\/[^\s<>]{1,2000})>/i.exec(s.slice(i, i + 2100));
      if (m && LINK.test(m[1]!)) {
        push({ t: 'a', href: m[1]!, c: [m[1]!] });
        i += m[0].length;
        continue;
      }
    }
    if ((ch === '*' || ch === '_') && depth < MAX_DEPTH) {
      const strong = s[i + 1] === ch;
      const mark = strong ? ch + ch : ch;
      const opens = i + mark.length < s.length && /\S/.test(s[i + mark.length]!) && !(ch === '_' && i > 0 && WORD.test(s[i - 1]!));
      const end = opens && !unclosed.has(mark) ? closing(s, i + mark.length, mark) : -1;
      if (end > 0) {
        push({ t: strong ? 'strong' : 'em', c: inline(s.slice(i + mark.length, end), depth + 1) });
        i = end + mark.length;
        continue;
      }
      if (opens) unclosed.add(mark);
      text += mark;
      i += mark.length;
      continue;
    }
    text += ch;
    i++;
  }
  if (text) out.push(text);
  return out;
}

/** Where a run of `mark` opened before `from` closes (after a non-space; `_` not inside a word), or -1. */
function closing(s: string, from: number, mark: string): number {
  for (let k = s.indexOf(mark, from + 1); k > 0; k = s.indexOf(mark, k + 1)) {
    const after = s[k + mark.length];
    if (/\s/.test(s[k - 1]!) || (mark.length === 1 && after === mark)) continue;
    if (mark[0] === '_' && after !== undefined && WORD.test(after)) continue;
    return k;
  }
  return -1;
}

// Text from the log made inert for GitHub-flavoured Markdown: no markup, HTML, links, images, autolinks or @mentions.
import { shorten } from '../util/redact.js';

/** Line breaks, other control characters, bidirectional overrides and lone surrogates: one line, read as it is stored. */
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\uD800-\uDFFF]+/gu;
/** Punctuation that makes markup anywhere in a line: code, emphasis, strikethrough, links and images (`[`), cells. */
const PUNCTUATION = /[\\`*_[\]|~]/g;
const ZWSP = '\u200b';

/** Secrets out, one line, at most `max` characters (cut before escaping, so an escape is never cut in half). */
function plain(s: string, max: number): string {
  return shorten(s, max, '…', { codePoints: true }).replace(CONTROLS, ' ');
}

/**
 * Plain text for a line or a table cell (never the start of a line). HTML and entities are escaped, the punctuation
 * of inline markup backslash-escaped (no links, images, emphasis or code: CommonMark lets any ASCII punctuation be
 * escaped), and a zero-width space breaks what GitHub would turn into a mention, a team or email link (`@`), an
 * issue reference (`#`) or an autolink (`://`, `www.`).
 */
export function mdText(s: string, max = 200): string {
  return plain(s, max)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(PUNCTUATION, '\\$&')
    .replace(/[@#]/g, `$&${ZWSP}`)
    .replace(/:\/\//g, `:${ZWSP}//`)
    .replace(/(w)(ww\.)/gi, `$1${ZWSP}$2`);
}

/**
 * A code span: the fence is one backtick longer than the longest run of backticks inside, with a space on each side
 * when the text starts or ends with a backtick or a space. In a table cell `|` is escaped (GFM splits cells first).
 */
export function mdCode(s: string, opts: { max?: number; inTable?: boolean } = {}): string {
  const text = plain(s, opts.max ?? 200);
  const body = opts.inTable ? text.replace(/\|/g, '\\|') : text;
  if (!body.trim()) return '` `';
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

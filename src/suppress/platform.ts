// Platform ownership as a verdict with its evidence, read from a file's content (see evidence.ts); a path never decides it.
import { globMatcher } from '../util/glob.js';
import { sha256Hex } from '../util/hash.js';
import { PLATFORM_EVIDENCE, PLATFORM_FILE_HASHES, type EvidenceRule } from './evidence.js';

/**
 * The verdict on one file. `owned` is true only with evidence from the content, false when the content was read and
 * shows none, and undefined when the content could not be read (no source root, a missing or unreadable file): then
 * neither `platformOwned: true` nor `platformOwned: false` matches, so no unknown ever widens a suppression.
 */
export interface OwnershipVerdict {
  owned: boolean | undefined;
  /** The evidence rule's id (evidence.ts), or "sha256" for a known published file. */
  evidence?: string;
  /** What was found, or why nothing could be. */
  what: string;
  /** SHA-256 of the whole file, when it was read whole. */
  sha256?: string;
  /** Where each condition of the evidence rule was found in the file, so an auditor can check the suppression. */
  markers?: EvidenceMarker[];
}

/** One piece of evidence found in a file: the rule's condition, its character offset in the file and what is there. */
export interface EvidenceMarker {
  condition: 'banner' | 'first' | 'near' | 'contains' | 'namespaces' | 'modules';
  offset: number;
  /** The text found (at most MARKER_CHARS characters), or a summary of what was counted. */
  text: string;
}

/** Longest text a marker quotes from the file. */
export const MARKER_CHARS = 120;
const marker = (condition: EvidenceMarker['condition'], offset: number, text: string): EvidenceMarker => ({ condition, offset, text: text.length > MARKER_CHARS ? `${text.slice(0, MARKER_CHARS - 1)}…` : text });

/** A file's content as read for a verdict: its first bytes, and whether that is the whole file. */
export interface FileContent {
  bytes: Buffer;
  complete: boolean;
}

/**
 * Path shapes the OutSystems platform and OutSystems-supplied modules use. They decide nothing: a developer can deploy
 * a resource to any folder under any name (OutSystems resources have a free "Target Directory"). They only make the
 * log say so when a file at such a path shows no platform evidence, so the reader knows why its findings stay open.
 */
export const PLATFORM_PATH_SHAPES = [
  '**/_osjs.js',
  '**/osjs.js',
  '**/_image.aspx',
  '**/_image.aspx.cs',
  '**/_debugger.asmx',
  '**/_debugger.asmx.cs',
  '**/referencesProxy/**',
  '**/scripts/OutSystems/**',
  '**/OutSystems/ClientRuntime/**',
  '**/OutSystems.js',
  '**/OutSystemsReactWidgets.js',
  '**/OutSystemsReactView.js',
  '**/OutSystemsManifestLoader.js',
  '**/Debugger.js',
  '**/require.js',
  '**/Blocks/RichWidgets/**',
  '*/RichWidgets/**',
  '**/scripts/OutSystemsUI.*',
  '*/OutSystemsUI/**',
  '**/scripts/ServiceCenter.*',
  '**/OutSystems.RuntimeCommon/**',
  '**/OutSystems.HubEdition.*/**',
  '**/DatabaseAbstractionLayer/**',
  '**/WebWidgets/**',
  '**/WidgetsRuntimeAPI/**',
  '**/RuntimePlatform/**',
  '**/DatabaseProviders/**',
  '**/*DatabaseProvider/**',
  '**/*DatabaseProvider*.cs',
  '**/cordova.js',
  '**/cordova_plugins.js',
  '**/plugins/cordova-*/**',
  '**/plugins/outsystems-*/**',
  '**/shred.bundle.js',
  '**/swagger-ui*.js',
  '**/jquery*.js',
  '**/jQueryUI*.js',
];

let shapes: ((relPath: string) => boolean) | undefined;
/** Whether a path has a platform file's shape: for the log only, never for a decision. */
export const looksLikePlatformPath = (relPath: string): boolean => (shapes ??= globMatcher(PLATFORM_PATH_SHAPES, { separator: '/', nocase: true }))(relPath);

// ---- Reading the places evidence may sit in. ----

/** The leading comments (markers included, from the first non-blank character) and the code after them. */
export function splitLeading(text: string, html: boolean): { lead: string; code: string } {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const skipBlank = () => {
    while (i < text.length && /\s/.test(text[i]!)) i++;
  };
  skipBlank();
  const start = i;
  for (;;) {
    const before = i;
    skipBlank();
    const close = html ? (text.startsWith('<!--', i) ? '-->' : /^<!doctype/i.test(text.slice(i, i + 9)) ? '>' : undefined) : text.startsWith('//', i) ? '\n' : text.startsWith('/*', i) ? '*/' : undefined;
    if (!close) {
      i = before;
      break;
    }
    const end = text.indexOf(close, i + 2);
    i = end < 0 ? text.length : end + close.length;
  }
  return { lead: text.slice(start, i), code: text.slice(i) };
}

/** C#: the code after the `using` directives, preprocessor lines and comments that may precede the first declaration. */
function afterUsings(code: string): string {
  let rest = code;
  for (;;) {
    const next = rest.replace(/^\s+/, '');
    const m = /^(?:using\s+[\w.=\s]+;|#[^\n]*(?:\n|$)|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)/.exec(next);
    if (!m) return next;
    rest = next.slice(m[0].length);
  }
}

const typeOf = (relPath: string) => {
  const dot = relPath.lastIndexOf('.');
  return dot < 0 ? '' : relPath.slice(dot).toLowerCase();
};

// An AMD module definition with a literal id: define("id", …) or define('id', …).
const AMD_DEFINE = /\bdefine\(\s*(["'])([^"'\n]{1,300})\1/g;

/** Where one rule's evidence is in the content, each condition at its place; undefined when a condition fails. */
function evidenceIn(rule: EvidenceRule, content: FileContent, text: string, parts: { lead: string; code: string }, csharp: boolean): EvidenceMarker[] | undefined {
  const found: EvidenceMarker[] = [];
  // lead and code are suffixes of text (code) or lie just before code (lead): offsets follow from their lengths.
  const codeAt = text.length - parts.code.length;
  if (rule.banner) {
    const m = rule.banner.exec(parts.lead);
    if (!m) return undefined;
    found.push(marker('banner', codeAt - parts.lead.length + m.index, m[0]));
  }
  const code = csharp ? afterUsings(parts.code) : parts.code.trimStart();
  if (rule.first) {
    const m = rule.first.exec(code);
    if (!m) return undefined;
    found.push(marker('first', text.length - code.length + m.index, m[0]));
  }
  if (rule.near) {
    const head = parts.code.trimStart();
    const at = head.slice(0, rule.near.within).indexOf(rule.near.text);
    if (at < 0) return undefined;
    found.push(marker('near', text.length - head.length + at, rule.near.text));
  }
  for (const re of rule.contains ?? []) {
    const m = re.exec(text);
    if (!m) return undefined;
    found.push(marker('contains', m.index, m[0]));
  }
  if (rule.namespaces) {
    // Every namespace the file declares must be one of the rule's: checked on the whole file only.
    if (!content.complete) return undefined;
    const declared = [...text.matchAll(/\bnamespace\s+([\w.]+)/g)];
    if (declared.length === 0 || !declared.every((m) => rule.namespaces!.test(m[1]!))) return undefined;
    found.push(marker('namespaces', declared[0]!.index, `${declared.length} namespace declaration(s), all ${rule.namespaces.source}: ${[...new Set(declared.map((m) => m[1]))].join(', ')}`));
  }
  if (rule.modules) {
    const { own, others, min, partial } = rule.modules;
    // Every AMD module the file defines must be the platform's (or a library it bundles): on the whole file, unless
    // the rule accepts the part read (a module's generated scripts above EVIDENCE_BYTES).
    if (!content.complete && !partial) return undefined;
    const ids = [...text.matchAll(AMD_DEFINE)];
    const mine = ids.filter((m) => own.test(m[2]!));
    if (mine.length < min || !ids.every((m) => own.test(m[2]!) || others?.test(m[2]!))) return undefined;
    found.push(
      marker('modules', mine[0]!.index, `${ids.length} AMD module(s) defined${content.complete ? '' : ' in the part read'}, ${mine.length} with ids ${own.source}, the rest ${others ? others.source : 'none'}; first: ${mine[0]![2]}`),
    );
  }
  return found;
}

/**
 * The verdict on one file from its content (pure). A known published file's hash is the strongest evidence; else the
 * first rule of PLATFORM_EVIDENCE for the file's type that holds. The path only picks the rules for its file type.
 */
export function decideOwnership(relPath: string, content: FileContent | undefined, table: { rules?: readonly EvidenceRule[]; hashes?: readonly { sha256: string; what: string }[] } = {}): OwnershipVerdict {
  if (!content) return { owned: undefined, what: 'content not readable: ownership unknown, findings stay open' };
  const sha256 = content.complete ? sha256Hex(content.bytes) : undefined;
  const known = sha256 ? (table.hashes ?? PLATFORM_FILE_HASHES).find((h) => h.sha256 === sha256) : undefined;
  if (known) return { owned: true, evidence: 'sha256', what: `SHA-256 of a published platform file: ${known.what}`, sha256: sha256! };
  const type = typeOf(relPath);
  const rules = (table.rules ?? PLATFORM_EVIDENCE).filter((r) => r.types.includes(type));
  if (rules.length) {
    const text = content.bytes.toString('utf8');
    const html = type === '.html' || type === '.htm';
    const parts = splitLeading(text, html);
    for (const rule of rules) {
      const markers = evidenceIn(rule, content, text, parts, type === '.cs');
      if (markers) return { owned: true, evidence: rule.id, what: rule.what, ...(sha256 ? { sha256 } : {}), markers };
    }
  }
  return { owned: false, what: 'no platform evidence in the content', ...(sha256 ? { sha256 } : {}) };
}

/** Decides each file once; `read` gives its content (undefined: ownership unknown); `onVerdict` hears each first decision. */
export function platformOwnership(read?: (relPath: string) => FileContent | undefined, onVerdict?: (relPath: string, verdict: OwnershipVerdict) => void): (relPath: string) => OwnershipVerdict {
  const cache = new Map<string, OwnershipVerdict>();
  return (relPath) => {
    let verdict = cache.get(relPath);
    if (!verdict) {
      verdict = read ? decideOwnership(relPath, read(relPath)) : { owned: undefined, what: 'no source content to read: ownership unknown, findings stay open' };
      cache.set(relPath, verdict);
      onVerdict?.(relPath, verdict);
    }
    return verdict;
  };
}

/** The log line for a first verdict, or undefined when there is nothing to say (a developer file that does not look like the platform's). */
export function verdictLine(relPath: string, verdict: OwnershipVerdict): { level: 'info' | 'warn'; text: string } | undefined {
  if (verdict.owned) return { level: 'info', text: `platform-owned: ${relPath}: ${verdict.what}` };
  if (!looksLikePlatformPath(relPath)) return undefined;
  return {
    level: 'warn',
    text: `${relPath} looks like a platform path but ${verdict.owned === false ? 'has no platform evidence in its content' : verdict.what.replace(/: ownership unknown.*$/, '')}: its findings stay open (platform ownership is read from content, never from the path)`,
  };
}

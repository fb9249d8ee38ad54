// The provenance and scope-ledger lines of the Markdown summary and the console: per LifeTime application, the modules
// listed against those scanned, what was left out and why, a coverage figure; and whether the code scanned is what runs.
import type { RunRecord, ScopeApplication } from '../model/run-record.js';
import { mdText } from './markdown-text.js';

/** Names shown per list; the manifest has them all. */
const SHOWN = 20;

const names = (list: string[], clean: (s: string) => string) => `${list.slice(0, SHOWN).map(clean).join(', ')}${list.length > SHOWN ? `, … and ${list.length - SHOWN} more (manifest.json)` : ''}`;

/** One application's lines, without markup: each starts with a label, then names made safe by `clean`. */
function applicationLines(a: ScopeApplication, clean: (s: string) => string): string[] {
  const c = a.coverage;
  const pick = (status: ScopeApplication['modules'][number]['status']) => a.modules.filter((m) => m.status === status);
  const fallback = a.modules.filter((m) => m.via === 'fallback').map((m) => m.name);
  return [
    `${clean(a.application)} in ${clean(a.environment)}: ${c.modulesScanned} of ${c.modulesListed} listed eSpace module(s) scanned, ${c.filesFullyAnalysed} of ${c.files} file(s) fully analysed; coverage ${c.percent}%`,
    ...(pick('missing').length
      ? [
          `MISSING (fails the run): ${names(
            pick('missing').map((m) => m.name),
            clean,
          )}`,
        ]
      : []),
    ...pick('accepted').map((m) => `accepted missing: ${clean(m.name)} (owner ${clean(m.acceptedBy?.owner ?? '')}, until ${clean(m.acceptedBy?.expires ?? '')}): ${clean(m.acceptedBy?.justification ?? '')}`),
    ...(pick('extension').length
      ? [
          `extensions, not included (no code from the API): ${names(
            pick('extension').map((m) => m.name),
            clean,
          )}`,
        ]
      : []),
    ...(fallback.length ? [`fetched one by one (package over the size limit): ${names(fallback, clean)}`] : []),
    ...(a.skipped.length ? [`file(s) skipped or not fully analysed: ${a.skipped.length}`] : []),
    ...(a.unlisted.length ? [`in the package but not listed by LifeTime: ${names(a.unlisted, clean)}`] : []),
  ];
}

/** One line on provenance: how many targets are the version that runs, and each that is not. */
function provenanceLines(record: RunRecord, clean: (s: string) => string): string[] {
  const p = record.provenance ?? [];
  if (!p.length) return [];
  const bad = p.filter((x) => !x.consistent);
  return [
    `Provenance: ${p.length - bad.length} of ${p.length} LifeTime target(s) unchanged between the read before packaging and the read after the download`,
    ...bad.map(
      (x) =>
        `NOT the version read before packaging: ${clean(x.target)}: ${
          x.changes.length
            ? names(
                x.changes.map((ch) => `${ch.field} ${String(ch.before)} → ${String(ch.after)}`),
                clean,
              )
            : clean(x.before.error ?? x.after?.error ?? 'not read again')
        }`,
    ),
  ];
}

export function scopeMarkdown(record: RunRecord): string[] {
  const apps = record.scope?.applications ?? [];
  const prov = provenanceLines(record, (s) => mdText(s, 300));
  if (!apps.length && !prov.length) return [];
  const md = (s: string) => mdText(s, 300);
  return [
    '',
    '### Scope and provenance (LifeTime)',
    '',
    ...prov.map((l) => `- ${l}`),
    ...apps.flatMap((a) => applicationLines(a, md).map((l, i) => (i === 0 ? `- ${l}` : `  - ${l}`))),
    ...(apps.some((a) => a.modules.some((m) => m.status === 'extension')) && record.scope ? ['', `_${mdText(record.scope.extensionsNote, 400)}_`] : []),
  ];
}

export function scopeConsole(record: RunRecord, clean: (s: string) => string): string[] {
  const apps = record.scope?.applications ?? [];
  const prov = provenanceLines(record, clean);
  if (!apps.length && !prov.length) return [];
  return [...prov, ...apps.flatMap((a) => applicationLines(a, clean).map((l, i) => (i === 0 ? `Scope: ${l}` : `  ${l}`))), ''];
}

// Artifact locations as RFC 3986 URI references in the SARIF ossast writes; plain paths inside ossast and on screen.
import type { ArtifactLocation, Location, Log, Result, Run } from 'sarif';
import { mapChanged } from '../util/map-changed.js';

/**
 * A "/"-separated relative path as an RFC 3986 relative reference (SARIF 2.1.0 §3.4.3 wants artifactLocation.uri to
 * be a valid URI reference): every character outside the unreserved and sub-delimiter sets, ":", "@" and "/" is
 * percent-encoded as UTF-8 (a space as %20, "%" as %25, "#" as %23, "?" as %3F, non-ASCII by bytes). A ":" in the
 * first segment is encoded too, or the segment would read as a scheme. Lone surrogates become U+FFFD.
 */
export function uriReference(path: string): string {
  const encoded = encodeURI(path.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')).replace(/[?#]/g, (c) => (c === '?' ? '%3F' : '%23'));
  const slash = encoded.indexOf('/');
  const first = slash < 0 ? encoded : encoded.slice(0, slash);
  return first.includes(':') ? first.replace(/:/g, '%3A') + encoded.slice(first.length) : encoded;
}

/** The path a relative URI reference names (percent-escapes decoded); a reference that is not valid stays as it is. */
export function pathOfUri(uri: string): string {
  if (!uri.includes('%')) return uri;
  try {
    return decodeURIComponent(uri);
  } catch {
    return uri;
  }
}

/** Whether a URI has a scheme ("file:", "https:"): such URIs are written as they are. */
const hasScheme = (uri: string) => /^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri);

/** A conversion, and a cheap test of whether it could change a uri (most paths need none: no copy, no cache entry). */
interface Convert {
  (s: string): string;
  may: (s: string) => boolean;
}

/** The artifact location with its uri converted, or the same object when nothing changes. */
function convertLocation(al: ArtifactLocation | undefined, convert: Convert, cache: Map<ArtifactLocation, ArtifactLocation>): ArtifactLocation | undefined {
  if (!al?.uri || !convert.may(al.uri) || hasScheme(al.uri)) return al;
  let out = cache.get(al);
  if (out === undefined) {
    const uri = convert(al.uri);
    out = uri === al.uri ? al : { ...al, uri };
    cache.set(al, out);
  }
  return out;
}

function convertLocations(locs: Location[] | undefined, convert: Convert, cache: Map<ArtifactLocation, ArtifactLocation>): Location[] | undefined {
  if (!locs) return locs;
  let out: Location[] | undefined;
  for (let i = 0; i < locs.length; i++) {
    const l = locs[i]!;
    const al = l.physicalLocation?.artifactLocation;
    const next = convertLocation(al, convert, cache);
    if (next === al) continue;
    // Copied on the first change only: a million results whose paths need nothing allocate nothing.
    out ??= locs.slice();
    out[i] = { ...l, physicalLocation: { ...l.physicalLocation, artifactLocation: next } };
  }
  return out ?? locs;
}

/**
 * The log with the relative uris of results' locations and related locations and of notifications' locations
 * converted. Nothing is changed in place: a result is copied only when one of its uris changes, and results in the
 * same file share one converted location (merge shares one artifact location per file), so a log whose paths need
 * no escape costs no copy (its runs keep their results arrays).
 */
function convertLog(log: Log, convert: Convert): Log {
  const cache = new Map<ArtifactLocation, ArtifactLocation>();
  const result = (r: Result): Result => {
    const locations = convertLocations(r.locations, convert, cache);
    const relatedLocations = convertLocations(r.relatedLocations, convert, cache);
    if (locations === r.locations && relatedLocations === r.relatedLocations) return r;
    return { ...r, ...(locations ? { locations } : {}), ...(relatedLocations ? { relatedLocations } : {}) };
  };
  const run = (x: Run): Run => ({
    ...x,
    ...(x.results ? { results: mapChanged(x.results, result) } : {}),
    ...(x.invocations
      ? {
          invocations: x.invocations.map((inv) =>
            inv.toolExecutionNotifications ? { ...inv, toolExecutionNotifications: inv.toolExecutionNotifications.map((n) => (n.locations ? { ...n, locations: convertLocations(n.locations, convert, cache) } : n)) } : inv,
          ),
        }
      : {}),
  });
  return { ...log, runs: log.runs.map(run) };
}

/**
 * convertLog on a log the caller owns: its artifact locations' uris are converted in place and the same log returned;
 * no result, array or run is copied. An artifact location shared by several locations is converted once.
 */
function convertLogInPlace(log: Log, convert: Convert): Log {
  const done = new Set<ArtifactLocation>();
  const locations = (locs: Location[] | undefined) => {
    if (!locs) return;
    for (const l of locs) {
      const al = l.physicalLocation?.artifactLocation;
      if (!al?.uri || done.has(al) || !convert.may(al.uri) || hasScheme(al.uri)) continue;
      const uri = convert(al.uri);
      if (uri === al.uri) continue;
      al.uri = uri;
      done.add(al);
    }
  };
  for (const run of log.runs) {
    for (const r of run.results ?? []) {
      locations(r.locations);
      locations(r.relatedLocations);
    }
    for (const inv of run.invocations ?? []) for (const n of inv.toolExecutionNotifications ?? []) locations(n.locations);
  }
  return log;
}

const encode: Convert = Object.assign((s: string) => uriReference(s), { may: (s: string) => /[^A-Za-z0-9\-._~!$&'()*+,;=@/]|^[^/]*:/.test(s) });
const decode: Convert = Object.assign((s: string) => pathOfUri(s), { may: (s: string) => s.includes('%') });

/**
 * The log as written to a file: relative uris percent-encoded as RFC 3986 URI references. `owned`: the log is the
 * caller's to change (nothing else holds it, its results or their locations): encoded in place and returned, so a log
 * whose every path has a space costs no copy of its results.
 */
export const encodeLogUris = (log: Log, opts: { owned?: boolean } = {}): Log => (opts.owned ? convertLogInPlace(log, encode) : convertLog(log, encode));

/**
 * A log read from a file as ossast works with it: relative uris as plain paths (what suppressions, baselines and
 * reports match and show). `owned`: as for encodeLogUris (a log just read is the reader's own).
 */
export const decodeLogUris = (log: Log, opts: { owned?: boolean } = {}): Log => (opts.owned ? convertLogInPlace(log, decode) : convertLog(log, decode));

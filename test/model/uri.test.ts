// decodeLogUris and encodeLogUris: pure by default (the input unchanged, nothing copied that needs no change), in place
// for a log the caller owns, with the same result either way.
import { describe, expect, it } from 'vitest';
import type { ArtifactLocation, Log, Result } from 'sarif';
import { decodeLogUris, encodeLogUris } from '../../src/model/uri.js';

const PATHS = ['App/Mod/plain.cs', 'My App/Mod/a b.cs', 'App/Mod/100%.cs', 'App/Mod/lit%20eral.cs', 'Ação/é.js', 'https://example.com/x y'];

/** A log of `n` results over PATHS as a writer encodes them, with related locations, one artifact location shared by
 *  several results (as merge shares them), a notification's location and a run without results. */
function generated(n: number, uri: (path: string) => string): Log {
  const shared: ArtifactLocation = { uri: uri('Shared Folder/lit%20eral.cs'), uriBaseId: 'SRCROOT' };
  const results: Result[] = Array.from({ length: n }, (_, i) => ({
    ruleId: `r${i % 3}`,
    message: { text: `m${i}` },
    locations: [{ physicalLocation: { artifactLocation: i % 5 === 0 ? shared : { uri: uri(PATHS[i % PATHS.length]!), index: i }, region: { startLine: 1 + i } } }],
    ...(i % 4 === 0 ? { relatedLocations: [{ id: 1, physicalLocation: { artifactLocation: { uri: uri(PATHS[(i + 1) % PATHS.length]!) } } }] } : {}),
  }));
  return {
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'T' } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: [{ message: { text: 'skipped' }, locations: [{ physicalLocation: { artifactLocation: shared } }] }] }],
        results,
      },
      { tool: { driver: { name: 'Empty' } } },
    ],
  };
}

/** What a writer puts in a file (escapes as uriReference makes them; a uri with a scheme as it is). */
const written = (path: string) => (path.startsWith('https:') ? path : encodeURI(path).replace(/#/g, '%23'));
const urisOf = (log: Log) => log.runs.flatMap((r) => (r.results ?? []).flatMap((x) => [...(x.locations ?? []), ...(x.relatedLocations ?? [])].map((l) => l.physicalLocation?.artifactLocation?.uri)));

describe('decodeLogUris and encodeLogUris', () => {
  it('owned: the same log, its results and their order, with the same JSON as the pure conversion', () => {
    for (const [convert, uri] of [
      [decodeLogUris, written],
      [encodeLogUris, (p: string) => p],
    ] as const) {
      const input = generated(200, uri);
      const pure = JSON.stringify(convert(input));
      const owned = structuredClone(input);
      const results = owned.runs[0]!.results!;
      const firstResult = results[0];
      const out = convert(owned, { owned: true });
      expect(out).toBe(owned);
      expect(out.runs[0]!.results).toBe(results);
      expect(out.runs[0]!.results![0]).toBe(firstResult);
      expect(JSON.stringify(out)).toBe(pure);
    }
  });

  it('owned: an artifact location shared by several results and a notification is converted once', () => {
    const log = generated(20, written);
    decodeLogUris(log, { owned: true });
    expect(log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('Shared Folder/lit%20eral.cs');
    expect(log.runs[0]!.invocations![0]!.toolExecutionNotifications![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('Shared Folder/lit%20eral.cs');
    // Decoded twice, its "%2520" would read as a space.
    expect(urisOf(log)).not.toContain('Shared Folder/lit eral.cs');
  });

  it('pure: the input is not changed, paths round-trip, and a run whose paths need nothing keeps its results array', () => {
    const input = generated(60, written);
    const before = JSON.stringify(input);
    const decoded = decodeLogUris(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(new Set(urisOf(decoded))).toEqual(new Set([...PATHS, 'Shared Folder/lit%20eral.cs']));
    expect(JSON.stringify(encodeLogUris(decoded))).toBe(before);
    const plain: Log = { version: '2.1.0', runs: [{ tool: { driver: { name: 'T' } }, results: [{ message: { text: 'x' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'App/a.cs' } } }] }] }] };
    expect(decodeLogUris(plain).runs[0]!.results).toBe(plain.runs[0]!.results);
    expect(encodeLogUris(plain).runs[0]!.results).toBe(plain.runs[0]!.results);
  });
});

// The scope ledger: per application, the modules LifeTime lists against the modules the run scanned, what was
// fetched through the size-limit fallback, what was skipped or not fully analysed, and a coverage figure.
import type { ScopeApplication, ScopeRecord, TargetRecord } from '../model/run-record.js';
import type { AppListing } from './index.js';
import type { AcceptMissingEntry } from './config.js';
import { compareText } from '../util/compare.js';

/** OutSystems' "Download source code" page (LifeTime Deployment API v2): "Extension code is not available through the API." */
export const EXTENSIONS_SOURCE = 'https://github.com/OutSystems/docs-product/blob/201175876bdc24da0e79508584e57df2c0510175/src/ref/apis/lifetime-deployment/examples/api-request-code.md';
export const EXTENSIONS_NOTE = `Extension modules are listed but not included: OutSystems' source code access API gives no extension code (${EXTENSIONS_SOURCE}).`;

const same = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
const round1 = (n: number) => Math.round(n * 10) / 10;

export interface ScopeOutcome {
  scope: ScopeRecord;
  /** One line per listed module the run did not scan and no allow-list entry accepts: each fails the run. */
  failures: string[];
}

/** The ledger of `listings` against the run's target records (after scanning), with the allow-list applied. */
export function scopeLedger(listings: AppListing[], records: TargetRecord[], accept: AcceptMissingEntry[]): ScopeOutcome {
  const failures: string[] = [];
  const applications = listings.map((listing): ScopeApplication => {
    const mine = records.filter((r) => r.status === 'ok' && r.module !== undefined && same(r.application, listing.application));
    const listedNames = new Set(listing.modules.map((m) => m.name.toLowerCase()));
    const skipped: ScopeApplication['skipped'] = [];
    const modules = listing.modules.map((m): ScopeApplication['modules'][number] => {
      const base = { name: m.name, key: m.key, kind: m.kind };
      if (m.kind === 'Extension') return { ...base, status: 'extension' };
      const got = mine.filter((r) => same(r.module, m.name));
      if (got.length) {
        const files = got.reduce((n, r) => n + (r.scan?.files ?? r.extraction?.files ?? 0), 0);
        const notFull = got.flatMap((r) => r.scan?.skipped ?? []);
        for (const path of notFull) skipped.push({ module: m.name, path });
        const via = got.some((r) => r.lifetime?.fallbackFrom) ? 'fallback' : got.some((r) => r.lifetime?.module) ? 'module' : 'package';
        return { ...base, status: 'scanned', via, files, notFullyAnalysed: notFull.length };
      }
      const entry = accept.find((e) => same(e.application, listing.application) && same(e.module, m.name));
      if (entry) return { ...base, status: 'accepted', acceptedBy: { justification: entry.justification, owner: entry.owner, expires: entry.expires } };
      failures.push(`application ${listing.application}: module ${m.name} is listed by LifeTime in ${listing.environment} but was not scanned`);
      return { ...base, status: 'missing' };
    });
    const unlisted = [...new Set(mine.map((r) => r.module!).filter((n) => !listedNames.has(n.toLowerCase())))].sort(compareText);
    const espaces = modules.filter((m) => m.kind !== 'Extension');
    const scanned = espaces.filter((m) => m.status === 'scanned');
    const files = scanned.reduce((n, m) => n + (m.files ?? 0), 0);
    const analysed = files - scanned.reduce((n, m) => n + (m.notFullyAnalysed ?? 0), 0);
    const moduleShare = espaces.length ? scanned.length / espaces.length : 1;
    const fileShare = files ? analysed / files : 1;
    return {
      application: listing.application,
      environment: listing.environment,
      modules,
      unlisted,
      skipped,
      coverage: { modulesListed: espaces.length, modulesScanned: scanned.length, files, filesFullyAnalysed: analysed, percent: round1(moduleShare * fileShare * 100) },
    };
  });
  return { scope: { applications, extensionsNote: EXTENSIONS_NOTE }, failures };
}

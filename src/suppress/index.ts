// The suppress stage's public face.
import type { RunRecord } from '../model/run-record.js';
import type { SuppressionReport } from './apply.js';

export { loadSuppressionFiles, builtinSuppressionsFile, type SuppressionSet } from './load.js';
export { applySuppressions, type SuppressionReport } from './apply.js';

/** The report in the shape of the run record (audit manifest). */
export function toRecord(report: SuppressionReport): RunRecord['suppressions'] {
  return {
    files: report.files,
    entries: report.entries.map((e) => ({
      id: e.id,
      file: e.file,
      ...(e.line ? { line: e.line } : {}),
      matched: e.matched,
      state: e.state,
      ...(e.expires ? { expires: e.expires } : {}),
      ...(e.category ? { category: e.category } : {}),
      ...(e.broad ? { broad: true } : {}),
    })),
    ...(report.ownership.length ? { ownership: report.ownership.map((o) => ({ path: o.path, owned: o.owned ?? null, ...(o.evidence ? { evidence: o.evidence } : {}), what: o.what, ...(o.sha256 ? { sha256: o.sha256 } : {}) })) } : {}),
  };
}

// The scanned modules as SARIF artifacts (SARIF 2.1.0 §3.24): each module archive with its own SHA-256 and length,
// nested (parentIndex) in the package it came from, so a clean module is listed as analysed, not missing.
import type { Artifact } from 'sarif';
import type { TargetRecord } from '../model/run-record.js';
import { SRCROOT } from '../model/sarif-keys.js';

/** The file name of a path (either separator), as a relative URI reference. */
const fileUri = (path: string) => encodeURIComponent(path.split(/[\\/]/).filter(Boolean).pop() ?? path);
const hashes = (sha256: string | undefined) => (sha256 ? { hashes: { 'sha-256': sha256 } } : {});
const length = (bytes: number | undefined) => (bytes !== undefined ? { length: bytes } : {});

/**
 * One artifact per extracted target (role analysisTarget), plus one per package the modules came from, which the
 * modules point to by parentIndex (offset by `base`, the artifacts the run already has). A target from a folder is
 * its extracted folder under SRCROOT (role directory): a folder has no SHA-256 of its own, so its listing's digest
 * goes in properties (ossast/listing-sha256). Failed targets that never got extracted are
 * left out: they are in the run's notifications and in the `ossast/targets` property.
 */
export function targetArtifacts(records: TargetRecord[], base = 0): Artifact[] {
  const out: Artifact[] = [];
  const packages = new Map<string, number>();
  for (const r of records) {
    if (!r.extraction) continue;
    const s = r.source;
    const props = { properties: { 'ossast/target': r.id, 'ossast/status': r.status, ...(r.module ? { 'ossast/module': r.module } : {}), ...(r.application ? { 'ossast/application': r.application } : {}) } };
    if (s.archive) {
      const key = `${s.path}\u0000${s.package?.sha256 ?? ''}`;
      let parent = packages.get(key);
      if (parent === undefined) {
        parent = base + out.length;
        packages.set(key, parent);
        out.push({ location: { uri: fileUri(s.path) }, ...length(s.package?.bytes), ...hashes(s.package?.sha256), roles: ['analysisTarget'], description: { text: `Package ${r.application ?? fileUri(s.path)} (${s.kind})` } });
      }
      out.push({
        location: { uri: encodeURIComponent(s.archive) },
        parentIndex: parent,
        ...length(s.bytes),
        ...hashes(s.sha256),
        roles: ['analysisTarget'],
        description: { text: `Module ${r.module ?? r.id}, extracted to ${r.id}/` },
        ...props,
      });
    } else if (s.sha256 || s.bytes !== undefined) {
      out.push({ location: { uri: fileUri(s.path) }, ...length(s.bytes), ...hashes(s.sha256), roles: ['analysisTarget'], description: { text: `Module ${r.module ?? r.id} (${s.kind}), extracted to ${r.id}/` }, ...props });
    } else {
      const listing = s.listingSha256 ? { 'ossast/listing-sha256': s.listingSha256 } : {};
      out.push({
        location: { uri: `${r.id.split('/').map(encodeURIComponent).join('/')}/`, uriBaseId: SRCROOT },
        roles: ['analysisTarget', 'directory'],
        description: { text: `Module ${r.module ?? r.id} (${s.kind}), copied from a folder` },
        properties: { ...props.properties, ...listing },
      });
    }
  }
  return out;
}

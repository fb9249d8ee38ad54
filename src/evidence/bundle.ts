// Writes the signed evidence bundle (<out>/evidence.dsse.json): the predicate gathered from the run record (or a
// joined manifest), the subjects hashed from the files as they lie on disk, the statement signed as a DSSE envelope.
import { isAbsolute, join, relative, sep } from 'node:path';
import type { TargetRecord, ScannerRecord, SuppressionsRecord, ScopeRecord } from '../model/run-record.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { PipelineError } from '../util/errors.js';
import { signEnvelope } from './dsse.js';
import type { SigningKey } from './keys.js';
import { buildStatement, EVIDENCE_FILE, PAYLOAD_TYPE, type Predicate } from './statement.js';
import { digestUnder, unsafeName } from './subjects.js';

/** What the predicate is made from: the parts a run record and a (joined) manifest share. */
export interface EvidenceSource {
  ossastVersion: string;
  startedAt: string;
  finishedAt?: string | undefined;
  config?: { path: string; sha256: string } | undefined;
  baseline?: { path: string; sha256: string } | undefined;
  targets: TargetRecord[];
  scanners: ScannerRecord[];
  suppressions: SuppressionsRecord;
  exposure?: { allowLists: { path: string; sha256: string; builtin: boolean }[] } | undefined;
  controls?: { mapping: { path: string; sha256: string } } | undefined;
  /** The provenance of the running code, when the run records one (kept as the record has it). */
  provenance?: unknown;
  /** The scope ledger, whose accepted modules say which allow-list entries the run used. */
  scope?: ScopeRecord | undefined;
  /** The config's scope.acceptMissing entries (a run has them; a joined manifest does not carry the config). */
  scopeAcceptMissing?: { application: string; module: string; justification: string; owner: string; expires: string }[] | undefined;
}

export interface Verdict {
  exitCode: number;
  summary?: string;
  partial?: boolean;
  /** False for `ossast merge` of logs that are not one plan's shards: no gate ran. */
  gated: boolean;
}

const verdictOf = (v: Verdict): Predicate['verdict'] => (!v.gated ? 'not-gated' : v.exitCode === 0 ? 'pass' : v.exitCode === 1 ? 'fail' : 'incomplete');

/** The name of `path` relative to the output folder ("/"-separated), or undefined when it lies outside it. */
function nameUnder(outDir: string, path: string): string | undefined {
  const name = relative(outDir, path).split(sep).join('/');
  return isAbsolute(relative(outDir, path)) || unsafeName(name) ? undefined : name;
}

/** The input packages, once each: downloaded ones (under the output folder) become subjects too. */
function packagesOf(targets: TargetRecord[], outDir: string): Predicate['packages'] {
  const seen = new Map<string, Predicate['packages'][number]>();
  for (const t of targets) {
    const s = t.source;
    const sha = s.package?.sha256 ?? s.sha256;
    if (!sha || s.listingSha256 || seen.has(s.path)) continue;
    const under = nameUnder(outDir, s.path);
    const bytes = s.package?.bytes ?? s.bytes;
    seen.set(s.path, { name: under ?? s.path, sha256: sha, ...(bytes !== undefined ? { bytes } : {}), origin: s.kind, subject: under !== undefined });
  }
  return [...seen.values()];
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * The scope allow-list: every scope.acceptMissing entry of the config, marked used when the ledger accepted a module
 * by it. The entries live in the config file, so that file (and its digest) is the allow-list file.
 */
function scopeAllowListOf(src: EvidenceSource): Predicate['scopeAllowList'] {
  const entries = src.scopeAcceptMissing ?? [];
  if (!entries.length || !src.config) return undefined;
  const accepted = (src.scope?.applications ?? []).flatMap((a) => a.modules.filter((m) => m.status === 'accepted').map((m) => ({ application: a.application, module: m.name })));
  return {
    file: src.config,
    entries: entries.map((e) => ({
      application: e.application,
      module: e.module,
      justification: e.justification,
      owner: e.owner,
      expires: e.expires,
      used: accepted.some((a) => same(a.application, e.application) && same(a.module, e.module)),
    })),
  };
}

/** The predicate of a run (or join) and its verdict. */
export function predicateOf(src: EvidenceSource, verdict: Verdict, command: Predicate['command'], outDir: string, finishedAt: string): Predicate {
  const rules = new Map<string, { path: string; sha256: string }>();
  for (const s of src.scanners) for (const r of s.rules) rules.set(`${r.path}\0${r.sha256}`, { path: r.path, sha256: r.sha256 });
  const scopeAllowList = scopeAllowListOf(src);
  return {
    ossastVersion: src.ossastVersion,
    command,
    verdict: verdictOf(verdict),
    exitCode: verdict.exitCode,
    ...(verdict.summary !== undefined ? { summary: verdict.summary } : {}),
    ...(verdict.partial !== undefined ? { partial: verdict.partial } : {}),
    startedAt: src.startedAt,
    finishedAt: src.finishedAt ?? finishedAt,
    scanners: src.scanners.map((s) => ({ name: s.name, ...(s.toolName ? { toolName: s.toolName } : {}), ...(s.version ? { version: s.version } : {}) })),
    rulePacks: [...rules.values()],
    suppressions: src.suppressions.files.map((f) => ({ path: f.path, sha256: f.sha256, builtin: f.builtin })),
    allowLists: [...(src.exposure?.allowLists ?? []).map((a) => ({ ...a, kind: 'exposure' })), ...(scopeAllowList ? [{ ...scopeAllowList.file, builtin: false, kind: 'scope' }] : [])],
    ...(src.config ? { config: src.config } : {}),
    ...(src.controls ? { controlsMapping: src.controls.mapping } : {}),
    ...(src.baseline ? { baseline: src.baseline } : {}),
    packages: packagesOf(src.targets, outDir),
    ...(scopeAllowList ? { scopeAllowList } : {}),
    ...(src.provenance !== undefined ? { provenance: src.provenance } : {}),
  };
}

/**
 * Hashes every subject (the output files named, relative to `outDir`, and the downloaded packages), signs the
 * statement and writes the bundle; returns its path and the number of subjects. A subject that cannot be hashed
 * stops it (exit 3): a bundle never leaves a file out.
 */
export async function writeEvidence(outDir: string, files: string[], predicate: Predicate, key: SigningKey): Promise<{ path: string; subjects: number }> {
  const names = new Set(files.filter((f) => f !== '-' && f !== EVIDENCE_FILE));
  for (const p of predicate.packages) if (p.subject) names.add(p.name);
  const subjects: { name: string; sha256: string }[] = [];
  for (const name of [...names].sort()) {
    const d = await digestUnder(outDir, name);
    if ('problem' in d) throw new PipelineError(`cannot sign the evidence bundle: ${name}: ${d.problem}`, 'the output folder changed while ossast wrote it; run again in a folder no other process writes to');
    subjects.push({ name, sha256: d.sha256 });
  }
  const statement = buildStatement(subjects, predicate);
  const envelope = signEnvelope(PAYLOAD_TYPE, Buffer.from(JSON.stringify(statement), 'utf8'), key.privateKey, key.keyid);
  const path = join(outDir, EVIDENCE_FILE);
  await writeFileAtomic(
    path,
    (async function* () {
      yield `${JSON.stringify(envelope, null, 2)}\n`;
    })(),
  );
  return { path, subjects: subjects.length };
}

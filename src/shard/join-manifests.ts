// Joins the audit manifests of every shard of one plan into one; refuses (exit 3) a missing, doubled or foreign shard.
import type { Manifest } from '../model/manifest.js';
import type { JoinRecord } from '../model/shard.js';
import type { TargetProvenance } from '../model/run-record.js';
import { compareText } from '../util/compare.js';
import { basename } from 'node:path';
import { PipelineError } from '../util/errors.js';
import type { SealState } from './seal.js';

export interface ShardManifest {
  /** The manifest file as the user would name it (for messages and the join record). */
  file: string;
  /** Where it is (files it names, such as exposure.json, are beside it). */
  path: string;
  sha256: string;
  manifest: Manifest;
  /** The authentication code that ends its bytes: none, verified under the shard key, or not checked (no key). */
  seal: Exclude<SealState, 'mismatch'>;
}

const HINT = 'join the logs of every shard of one plan, each once: the same `ossast plan` output, every --shard I/N from 1 to N';

/** Checks the shards are exactly 1..N of one plan, run with the same config and gate; throws PipelineError otherwise. */
export function checkShards(shards: ShardManifest[]): { plan: string; total: number } {
  const plain = shards.filter((s) => !s.manifest.shard);
  if (plain.length)
    throw new PipelineError(
      `cannot join: ${plain.map((s) => s.file).join(', ')} ${plain.length === 1 ? 'is not the manifest of a shard' : 'are not manifests of shards'} (no shard field), while ${shards.find((s) => s.manifest.shard)?.file} is`,
      HINT,
    );
  const first = shards[0]!;
  const plan = first.manifest.shard!.plan;
  const total = first.manifest.shard!.total;
  const foreign = shards.filter((s) => s.manifest.shard!.plan !== plan || s.manifest.shard!.total !== total);
  if (foreign.length) {
    throw new PipelineError(
      `cannot join shards of different plans: ${first.file} is shard ${first.manifest.shard!.index}/${total} of plan ${plan.slice(0, 12)}, but ${foreign.map((s) => `${s.file} is ${s.manifest.shard!.index}/${s.manifest.shard!.total} of plan ${s.manifest.shard!.plan.slice(0, 12)}`).join('; ')}`,
      `${HINT}; a plan changes when targets are added or removed, so plan and scan in the same pipeline run`,
    );
  }
  const byIndex = new Map<number, string[]>();
  for (const s of shards) byIndex.set(s.manifest.shard!.index, [...(byIndex.get(s.manifest.shard!.index) ?? []), s.file]);
  const doubled = [...byIndex].filter(([, files]) => files.length > 1);
  if (doubled.length) throw new PipelineError(`cannot join: ${doubled.map(([i, files]) => `shard ${i}/${total} is given ${files.length} times (${files.join(', ')})`).join('; ')}`, HINT);
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length)
    throw new PipelineError(
      `cannot join: shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${total}`).join(', ')} of plan ${plan.slice(0, 12)} ${missing.length > 1 ? 'are' : 'is'} missing (${shards.length} of ${total} given)`,
      `${HINT}; a shard job that failed leaves no log: run it again`,
    );
  const differ = (what: string, key: (m: Manifest) => string, compared: (m: Manifest) => boolean = () => true) => {
    const among = shards.filter((s) => compared(s.manifest));
    const odd = among.filter((s) => key(s.manifest) !== key(among[0]!.manifest));
    if (odd.length)
      throw new PipelineError(
        `cannot join: the shards ran with different ${what} (${among[0]!.file}: ${key(among[0]!.manifest) || 'none'}; ${odd.map((s) => `${s.file}: ${key(s.manifest) || 'none'}`).join('; ')})`,
        'run every shard with the same config, rules, suppressions and baseline',
      );
  };
  differ('configs', (m) => m.config?.sha256 ?? '');
  differ('baselines', (m) => m.baseline?.sha256 ?? '');
  differ('gate settings', (m) => `fail on ${m.gate.failOn}, new only ${m.gate.newOnly}, max ${m.gate.max}`);
  differ(
    'rules',
    (m) => [...new Set(m.scanners.flatMap((s) => s.rules.map((r) => `${s.name}: ${r.path} ${r.sha256.slice(0, 12)}`)))].sort().join(', '),
    (m) => m.scanners.length > 0,
  );
  differ(
    'exposure allow-lists or probe URLs',
    (m) => (m.exposure ? [m.exposure.probeUrl ?? 'no probe', ...m.exposure.allowLists.map((f) => `${f.path} ${f.sha256.slice(0, 12)}`).sort()].join(', ') : ''),
    (m) => m.exposure !== undefined,
  );
  checkSameInputs(shards);
  checkProvenanceOnce(shards);
  return { plan, total };
}

/**
 * Each module is scanned by one shard, and what the shards share (the application package every module of a shard
 * came from) is the same bytes in each: a package that changed between shard jobs (a version deployed meanwhile)
 * would join two versions of one application into one log.
 */
function checkSameInputs(shards: ShardManifest[]): void {
  const seen = new Map<string, { file: string; sha256: string }>();
  const agree = (key: string, what: string, sha256: string | undefined, file: string, hint: string) => {
    if (sha256 === undefined) return;
    const had = seen.get(key);
    if (!had) return void seen.set(key, { file, sha256 });
    if (had.sha256 !== sha256) throw new PipelineError(`cannot join: the shards scanned different ${what}: ${had.file} has SHA-256 ${had.sha256}, ${file} has ${sha256}`, hint);
  };
  const scannedBy = new Map<string, string>();
  for (const s of shards) {
    for (const t of s.manifest.targets) {
      agree(`module\u0000${t.id}`, `bytes of module ${t.id}`, t.source.sha256, s.file, HINT);
      const other = scannedBy.get(t.id);
      if (other !== undefined) throw new PipelineError(`cannot join: module ${t.id} is in two shards (${other} and ${s.file}), so its findings would count twice`, HINT);
      scannedBy.set(t.id, s.file);
      const pkg = t.application ?? basename(t.source.path);
      agree(
        `package\u0000${pkg}`,
        `versions of the package of ${pkg} (${basename(t.source.path)})`,
        t.source.package?.sha256,
        s.file,
        'run every shard on the same packages (plan and scan in one pipeline run, while nothing is deployed), then join again',
      );
    }
  }
}

/** A LifeTime target's provenance comes from the one shard that retrieved it: in two, the join could not say which version was scanned. */
function checkProvenanceOnce(shards: ShardManifest[]): void {
  const readBy = new Map<string, string>();
  for (const s of shards) {
    for (const p of s.manifest.provenance ?? []) {
      const other = readBy.get(p.target);
      if (other !== undefined) throw new PipelineError(`cannot join: the provenance of LifeTime target ${p.target} is in two shards (${other} and ${s.file}), so it was retrieved twice`, HINT);
      readBy.set(p.target, s.file);
    }
  }
}

export const SCOPE_NOT_BUILT =
  'no scope ledger for the joined run: a shard does not record the modules LifeTime lists for an application (it retrieves only its part of the plan and reads no listing), nor the scope.acceptMissing entries of the config, so the join cannot tell a listed module that no shard scanned from one that is accepted; run ossast run without --shard for a ledger';

/**
 * The shards' provenance, one entry per LifeTime target (sorted by target), and what the join says about the scope
 * ledger: never one built from a shard's part, which would look complete when it is not.
 */
function joinEvidence(shards: ShardManifest[]): { provenance?: TargetProvenance[]; scope?: NonNullable<JoinRecord['scope']> } {
  const lifetime = shards.filter((s) => s.manifest.provenance !== undefined || s.manifest.scope !== undefined);
  if (!lifetime.length) return {};
  const provenance = shards.flatMap((s) => s.manifest.provenance ?? []).sort((a, b) => compareText(a.target, b.target));
  return {
    ...(shards.some((s) => s.manifest.provenance !== undefined) ? { provenance } : {}),
    scope: {
      ledger: 'not-built',
      reason: SCOPE_NOT_BUILT,
      shards: shards.map((s) => ({ index: s.manifest.shard!.index, provenanceTargets: (s.manifest.provenance ?? []).map((p) => p.target), ledger: s.manifest.scope !== undefined })),
    },
  };
}

/** The joined manifest (results and gate filled in by the caller from the joined log). */
export function joinManifests(shards: ShardManifest[], now: Date): { manifest: Omit<Manifest, 'results' | 'gate'>; joined: JoinRecord } {
  const { plan } = checkShards(shards);
  const ordered = [...shards].sort((a, b) => a.manifest.shard!.index - b.manifest.shard!.index);
  const ms = ordered.map((s) => s.manifest);
  const first = ms[0]!;
  const finished = ms.map((m) => m.finishedAt).filter((f): f is string => f !== undefined);
  const files = new Map(ms.flatMap((m) => m.suppressions.files).map((f) => [`${f.path}\u0000${f.sha256}`, f]));
  const entries = new Map<string, Manifest['suppressions']['entries'][number]>();
  for (const e of ms.flatMap((m) => m.suppressions.entries)) {
    const key = `${e.file}\u0000${e.id}`;
    const had = entries.get(key);
    const matched = (had?.matched ?? 0) + e.matched;
    const state = had?.state === 'expired' || e.state === 'expired' ? 'expired' : matched > 0 ? 'applied' : 'unused';
    entries.set(key, { ...e, matched, state });
  }
  const evidence = joinEvidence(ordered);
  const joined: JoinRecord = {
    plan,
    shards: ordered.map((s) => ({ index: s.manifest.shard!.index, total: s.manifest.shard!.total, manifest: s.file, sha256: s.sha256 })),
    ...(evidence.scope ? { scope: evidence.scope } : {}),
  };
  // The controls are counted again from the joined log (join-outputs.ts), not taken from one shard; provenance and
  // scope are every shard's (joinEvidence), never the first shard's alone.
  const { shard: _one, exposure: _inventory, results: _r, gate: _g, authentication: _a, controls: _c, provenance: _p, scope: _s, ...common } = first;
  return {
    manifest: {
      ...common,
      generatedAt: now.toISOString(),
      startedAt: ms.map((m) => m.startedAt).sort()[0]!,
      ...(finished.length ? { finishedAt: finished.sort().at(-1)! } : {}),
      targets: ms.flatMap((m) => m.targets).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      scanners: ms.flatMap((m) => m.scanners),
      suppressions: { files: [...files.values()], entries: [...entries.values()], ...(ms.some((m) => m.suppressions.ownership) ? { ownership: ms.flatMap((m) => m.suppressions.ownership ?? []) } : {}) },
      ...(evidence.provenance ? { provenance: evidence.provenance } : {}),
      joined,
    },
    joined,
  };
}

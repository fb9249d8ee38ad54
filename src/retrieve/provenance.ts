// What LifeTime says runs (environment, application version, module versions), read before packaging and again
// after the download, and what changed between the two reads (OutSystems "LifeTime Deployment API v2" reference).
import * as z from 'zod';
import type { LifetimeClient } from './http.js';
import type { ProvenanceRead, TargetProvenance } from '../model/run-record.js';
import { applicationVersionSchema, environmentDetailSchema, moduleSchema, moduleVersionSchema, runningApplicationSchema } from './schemas.js';
import { describeError } from '../util/errors.js';
import { compareText } from '../util/compare.js';

export interface ProvenanceSubject {
  envKey: string;
  /** The application the target belongs to (its whole module list is read). */
  appKey?: string;
  /** A module target: only this module is read (with its application's status when appKey is set). */
  moduleKey?: string;
}

const enc = encodeURIComponent;

/** One read of what runs; a failed call is recorded as `error`, never thrown (the run goes on, judged inconsistent). */
export async function readProvenance(client: LifetimeClient, subject: ProvenanceSubject): Promise<ProvenanceRead> {
  const readAt = new Date().toISOString();
  try {
    const env = await client.json('GET', `/environments/${enc(subject.envKey)}/`, environmentDetailSchema, 'the environment details');
    if (!env) throw new Error('LifeTime answered 204 (no content) for the environment details');
    const environment = { key: env.Key, name: env.Name, ...(env.OSVersion ? { platformVersion: env.OSVersion } : {}) };
    let application: ProvenanceRead['application'];
    if (subject.appKey) {
      const path = `/environments/${enc(subject.envKey)}/applications/${enc(subject.appKey)}/?IncludeEnvStatus=true&IncludeModules=true`;
      const app = await client.json('GET', path, runningApplicationSchema, 'the running application');
      if (!app) throw new Error('LifeTime answered 204 (no content) for the running application');
      const status = app.AppStatusInEnvs.find((s) => s.EnvironmentKey === subject.envKey);
      const versionKey = status?.BaseApplicationVersionKey ?? undefined;
      const version = versionKey ? await client.json('GET', `/applications/${enc(app.Key)}/versions/${enc(versionKey)}/?IncludeModules=false`, applicationVersionSchema, 'the application version') : undefined;
      application = {
        key: app.Key,
        name: app.Name,
        ...(versionKey ? { versionKey } : {}),
        ...(version?.Version ? { version: version.Version } : {}),
        ...(typeof status?.IsModified === 'boolean' ? { isModified: status.IsModified } : {}),
      };
    }
    const all = (await client.json('GET', '/modules/?IncludeEnvStatus=true', z.array(moduleSchema), 'the module list')) ?? [];
    const inEnv = (m: (typeof all)[number]) => m.ModuleStatusInEnv.find((s) => s.EnvironmentKey === subject.envKey && (!subject.appKey || s.ApplicationKey === subject.appKey));
    const chosen = all.filter((m) => (subject.moduleKey ? m.Key === subject.moduleKey : inEnv(m) !== undefined)).sort((a, b) => compareText(a.Name, b.Name));
    const modules: ProvenanceRead['modules'] = [];
    for (const m of chosen) {
      const versionKey = inEnv(m)?.ModuleVersionKey ?? undefined;
      // GeneralHash: only ModuleVersion carries it; a module version LifeTime cannot show leaves it out.
      const detail = versionKey ? await client.json('GET', `/modules/${enc(m.Key)}/versions/${enc(versionKey)}/`, moduleVersionSchema, `version of module ${m.Name}`).catch(() => undefined) : undefined;
      modules.push({ key: m.Key, name: m.Name, ...(m.Kind ? { kind: m.Kind } : {}), ...(versionKey ? { moduleVersionKey: versionKey } : {}), ...(detail?.GeneralHash ? { generalHash: detail.GeneralHash } : {}) });
    }
    return { readAt, environment, ...(application ? { application } : {}), modules };
  } catch (err) {
    return { readAt, environment: { key: subject.envKey, name: '' }, modules: [], error: describeError(err) };
  }
}

type Value = string | boolean | null;

/** The values a read holds, by dot-path: what the two reads are compared on. */
function valuesOf(read: ProvenanceRead): Map<string, Value> {
  const v = new Map<string, Value>();
  v.set('environment.key', read.environment.key);
  v.set('environment.platformVersion', read.environment.platformVersion ?? null);
  if (read.application) {
    v.set('application.key', read.application.key);
    v.set('application.versionKey', read.application.versionKey ?? null);
    v.set('application.version', read.application.version ?? null);
    v.set('application.isModified', read.application.isModified ?? null);
  }
  for (const m of read.modules) {
    v.set(`modules.${m.name}.key`, m.key);
    v.set(`modules.${m.name}.moduleVersionKey`, m.moduleVersionKey ?? null);
    v.set(`modules.${m.name}.generalHash`, m.generalHash ?? null);
  }
  return v;
}

/** Every value that differs between the two reads (a module present in one read only shows as its key changing to null). */
export function compareReads(before: ProvenanceRead, after: ProvenanceRead): TargetProvenance['changes'] {
  const a = valuesOf(before);
  const b = valuesOf(after);
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort(compareText);
  return fields.filter((f) => (a.get(f) ?? null) !== (b.get(f) ?? null)).map((field) => ({ field, before: a.get(field) ?? null, after: b.get(field) ?? null }));
}

/** The target's provenance record from its two reads and the package scanned. */
export function provenanceOf(target: string, before: ProvenanceRead, after: ProvenanceRead | undefined, pkg: TargetProvenance['package']): TargetProvenance {
  const changes = after ? compareReads(before, after) : [];
  const consistent = !before.error && !!after && !after.error && changes.length === 0;
  return { target, before, ...(after ? { after } : {}), ...(pkg ? { package: pkg } : {}), consistent, changes };
}

/** Why a target's provenance is not consistent, in one line (undefined when it is). */
export function inconsistency(p: TargetProvenance): string | undefined {
  if (p.consistent) return undefined;
  if (p.before.error) return `${p.target}: the version that runs could not be read before packaging (${p.before.error})`;
  if (!p.after) return `${p.target}: the version that runs was not read again after the download`;
  if (p.after.error) return `${p.target}: the version that runs could not be read after the download (${p.after.error})`;
  const shown = p.changes.slice(0, 3).map((c) => `${c.field} ${String(c.before)} → ${String(c.after)}`);
  return `${p.target}: LifeTime changed while it was packaged, so the package may not be the version that runs: ${shown.join('; ')}${p.changes.length > 3 ? `; and ${p.changes.length - 3} more` : ''}`;
}

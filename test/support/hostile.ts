// Checks shared by the hostile-input tests: no token byte in any written file or stream, nothing outside the output
// root changed.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { expect } from 'vitest';

/** Every form in which a token could leak: raw, JSON-escaped, URL-encoded, base64. */
export function tokenForms(token: string): string[] {
  return [...new Set([token, JSON.stringify(token).slice(1, -1), encodeURIComponent(token), Buffer.from(token).toString('base64')])];
}

/** A run of this many consecutive characters of a form is a leak (what src/util/redact.ts masks: FRAGMENT_CHARS). */
export const LEAK_RUN = 12;

/**
 * Every piece of a token that counts as a leak: each form whole when it is short, else every run of LEAK_RUN
 * consecutive characters of it (a token cut before redaction, its start or its end, a window of it).
 */
export function tokenFragments(token: string): string[] {
  const out = new Set<string>();
  for (const f of tokenForms(token)) {
    if (f.length <= LEAK_RUN) out.add(f);
    else for (let i = 0; i + LEAK_RUN <= f.length; i++) out.add(f.slice(i, i + LEAK_RUN));
  }
  return [...out];
}

/** The leaks of `token` in one text or file's bytes: the pieces found (see tokenFragments). */
export function leaksIn(token: string, text: string | Buffer): string[] {
  const found: string[] = [];
  for (const f of tokenFragments(token)) if (typeof text === 'string' ? text.includes(f) : text.includes(Buffer.from(f))) found.push(f);
  return found;
}

/** Every file under `dir` (recursively, symlinks not followed), as absolute paths. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * Fails when any form of the token, or any fragment of one (LEAK_RUN consecutive characters: a token cut before it
 * was redacted leaves its start), appears in any file under `dirs` or in any of `texts` (stdout, stderr...).
 */
export function expectNoToken(token: string, where: { dirs?: string[]; texts?: Record<string, string> }): void {
  const leaks: string[] = [];
  for (const [name, text] of Object.entries(where.texts ?? {})) {
    for (const f of leaksIn(token, text)) leaks.push(`${name} contains ${JSON.stringify(f)}`);
  }
  for (const d of where.dirs ?? []) {
    for (const file of filesUnder(d)) {
      for (const f of leaksIn(token, readFileSync(file))) leaks.push(`${file} contains ${JSON.stringify(f)}`);
    }
  }
  expect(leaks).toEqual([]);
}

/** A map from every path under `root` (except those under `exclude`) to its type, size and content hash. */
export function snapshotTree(root: string, exclude: string[] = []): Map<string, string> {
  const snap = new Map<string, string>();
  const skip = (p: string) => exclude.some((x) => p === x || p.startsWith(x + sep));
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (skip(p)) continue;
      const rel = relative(root, p);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) snap.set(rel, `link:${readlinkSync(p)}`);
      else if (st.isDirectory()) {
        snap.set(rel, 'dir');
        walk(p);
      } else snap.set(rel, `file:${st.size}:${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
    }
  };
  if (existsSync(root)) walk(root);
  return snap;
}

/**
 * A workspace as a CI job has it: a root folder with files and sibling folders that must survive, and an output
 * folder inside it. `unchanged()` asserts that nothing outside the output folder was added, removed or changed.
 */
export function guardedWorkspace(root: string, outName = 'out'): { root: string; out: string; unchanged(): void } {
  const out = join(root, outName);
  const before = snapshotTree(root, [out]);
  return {
    root,
    out,
    unchanged() {
      const after = snapshotTree(root, [out]);
      const diff: string[] = [];
      for (const [p, v] of before) if (after.get(p) !== v) diff.push(`${after.has(p) ? 'changed' : 'removed'}: ${p}`);
      for (const p of after.keys()) if (!before.has(p)) diff.push(`added: ${p}`);
      expect(diff).toEqual([]);
    },
  };
}

// Verifies a bundle: the DSSE signature with the auditor's public key first (nothing in the payload is trusted
// before), then the statement's form, then every subject's SHA-256 recomputed from the file under the output folder.
import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import * as z from 'zod';
import { FileRefused, readRegularFile } from '../util/read-file.js';
import { UsageError } from '../util/errors.js';
import { envelopeSchema, verifyEnvelope } from './dsse.js';
import { EVIDENCE_FILE, PAYLOAD_TYPE, PREDICATE_TYPE, predicateSchema, statementSchema, type Predicate } from './statement.js';
import { digestUnder } from './subjects.js';

/** A bundle is a few hundred bytes per subject; this bounds what is read. */
const MAX_BUNDLE_BYTES = 256 * 1024 ** 2;

export interface Verification {
  /** True when the signature verifies and every subject's file has the digest signed. */
  ok: boolean;
  /** One line per problem: the signature, the statement, or a subject (by name) and what differs. */
  problems: string[];
  /** Subjects checked and found as signed. */
  verified: string[];
  /** The signed predicate, once the signature verified. */
  predicate?: Predicate;
}

/** Reads `<outDir>/evidence.dsse.json` (exit 2 when it is missing or not a file) and verifies it with `key`. */
export async function verifyBundle(outDir: string, key: KeyObject): Promise<Verification> {
  const path = join(outDir, EVIDENCE_FILE);
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path, { maxBytes: MAX_BUNDLE_BYTES, noFollow: true });
  } catch (err) {
    if (err instanceof FileRefused)
      throw new UsageError(`no evidence bundle to verify: ${err.message}`, `give the output folder of a run made with --sign-key (it holds ${EVIDENCE_FILE}), e.g. ossast verify ossast-out --key ossast-signing.pub.pem`);
    throw err;
  }
  const fail = (problem: string): Verification => ({ ok: false, problems: [problem], verified: [] });
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return fail(`${EVIDENCE_FILE}: not JSON, so not a DSSE envelope`);
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) return fail(`${EVIDENCE_FILE}: not a DSSE envelope (${z.prettifyError(envelope.error).replace(/\n/g, ' ')})`);
  const body = verifyEnvelope(envelope.data, key);
  if (!body) return fail(`${EVIDENCE_FILE}: bad signature: no signature verifies with the given public key (signed with another key, or the envelope was changed)`);
  if (envelope.data.payloadType !== PAYLOAD_TYPE) return fail(`${EVIDENCE_FILE}: payloadType is "${envelope.data.payloadType}", not ${PAYLOAD_TYPE}`);
  let statementJson: unknown;
  try {
    statementJson = JSON.parse(body.toString('utf8'));
  } catch {
    return fail(`${EVIDENCE_FILE}: the signed payload is not JSON`);
  }
  const statement = statementSchema.safeParse(statementJson);
  if (!statement.success) return fail(`${EVIDENCE_FILE}: the signed payload is not an in-toto Statement v1 (${z.prettifyError(statement.error).replace(/\n/g, ' ')})`);
  if (statement.data.predicateType !== PREDICATE_TYPE) return fail(`${EVIDENCE_FILE}: predicateType is "${statement.data.predicateType}", not ${PREDICATE_TYPE}`);
  const predicate = predicateSchema.safeParse(statement.data.predicate);

  const problems: string[] = [];
  const verified: string[] = [];
  const seen = new Set<string>();
  for (const s of statement.data.subject) {
    if (seen.has(s.name)) {
      problems.push(`${JSON.stringify(s.name)}: named twice among the subjects`);
      continue;
    }
    seen.add(s.name);
    const d = await digestUnder(outDir, s.name);
    if ('problem' in d) problems.push(`${JSON.stringify(s.name)}: ${d.problem}`);
    else if (d.sha256 !== s.digest.sha256) problems.push(`${JSON.stringify(s.name)}: differs (SHA-256 ${d.sha256}, signed ${s.digest.sha256})`);
    else verified.push(s.name);
  }
  if (!predicate.success) problems.push(`${EVIDENCE_FILE}: the predicate does not follow ${PREDICATE_TYPE} (${z.prettifyError(predicate.error).replace(/\n/g, ' ')})`);
  return { ok: problems.length === 0, problems, verified, ...(predicate.success ? { predicate: predicate.data } : {}) };
}

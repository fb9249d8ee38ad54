// DSSE (Dead Simple Signing Envelope, github.com/secure-systems-lab/dsse, protocol 1.0.0 and envelope 1.0.0): the
// pre-authentication encoding, signing with Ed25519 and verifying, with node:crypto only.
import { type KeyObject, sign, verify } from 'node:crypto';
import * as z from 'zod';

/** Standard (RFC 4648 §4) or URL-safe (§5) base64, padded or not: the envelope allows either and verifiers must accept both. */
const BASE64 = /^(?:[A-Za-z0-9+/]*|[A-Za-z0-9_-]*)={0,2}$/;

/** The JSON envelope (envelope.md): payload and payloadType required, signatures[].sig required, keyid optional; other fields ignored. */
export const envelopeSchema = z.object({
  payload: z.string().regex(BASE64, 'expected base64'),
  payloadType: z.string(),
  signatures: z.array(z.object({ keyid: z.string().optional(), sig: z.string().regex(BASE64, 'expected base64') })),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/**
 * PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, where LEN is the byte length in ASCII decimal
 * without leading zeros and type is UTF-8 encoded (protocol.md, "Signature Definition").
 */
export function pae(payloadType: string, body: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `, 'ascii'), type, Buffer.from(` ${body.length} `, 'ascii'), body]);
}

/** Signs PAE(type, body) with an Ed25519 private key; the envelope carries the body and the signature in standard base64. */
export function signEnvelope(payloadType: string, body: Uint8Array, key: KeyObject, keyid: string): Envelope {
  const sig = sign(null, pae(payloadType, body), key);
  return { payload: Buffer.from(body).toString('base64'), payloadType, signatures: [{ keyid, sig: sig.toString('base64') }] };
}

/** Base64 (either alphabet) to bytes; undefined when the text is not base64 (the protocol rejects what does not decode). */
export function fromBase64(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  // Node decodes leniently: a text that does not round-trip (bad length, stray bits) is refused.
  const again = bytes.toString('base64').replace(/=+$/, '');
  return again === text.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '') ? bytes : undefined;
}

/**
 * The protocol's verification (protocol.md, "To verify", with a threshold of one trusted key): the body when some
 * signature verifies over PAE(payloadType, body) with `key`, else undefined. keyid is an unauthenticated hint and takes
 * no part in the decision.
 */
export function verifyEnvelope(envelope: Envelope, key: KeyObject): Buffer | undefined {
  const body = fromBase64(envelope.payload);
  if (!body) return undefined;
  const message = pae(envelope.payloadType, body);
  for (const s of envelope.signatures) {
    const sig = fromBase64(s.sig);
    if (sig && verify(null, message, key, sig)) return body;
  }
  return undefined;
}

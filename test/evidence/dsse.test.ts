// DSSE: the pre-authentication encoding against the specification's own test vector (checked with a signature the
// specification publishes, through node:crypto alone), and Ed25519 signing and verification of envelopes.
import { describe, expect, it } from 'vitest';
import { createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { envelopeSchema, fromBase64, pae, signEnvelope, verifyEnvelope } from '../../src/evidence/dsse.js';

/** The test vector of github.com/secure-systems-lab/dsse protocol.md ("Test Vectors"): ECDSA P-256, SHA-256, r||s. */
const VECTOR = {
  type: 'http://example.com/HelloWorld',
  body: 'hello world',
  pae: 'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
  x: 46950820868899156662930047687818585632848591499744589407958293238635476079160n,
  y: 5640078356564379163099075877009565129882514886557779369047442380624545832820n,
  sig: 'A3JqsQGtVsJ2O2xqrI5IcnXip5GToJ3F+FnZ+O88SjtR6rDAajabZKciJTfUiHqJPcIAriEGAHTVeCUjW2JIZA==',
};
const b64url = (n: bigint) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex').toString('base64url');

/** PAE recomputed here from the specification's formula, independently of src/evidence/dsse.ts. */
const specPae = (type: string, body: Buffer) => Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(type)} ${type} ${body.length} `), body]);

describe('DSSE pre-authentication encoding', () => {
  it("gives the specification's test vector byte for byte", () => {
    expect(pae(VECTOR.type, Buffer.from(VECTOR.body)).toString('utf8')).toBe(VECTOR.pae);
  });

  it("is what the specification's published ECDSA signature was made over (an independent signer)", () => {
    const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(VECTOR.x), y: b64url(VECTOR.y) }, format: 'jwk' });
    const sig = Buffer.from(VECTOR.sig, 'base64');
    expect(verify('sha256', pae(VECTOR.type, Buffer.from(VECTOR.body)), { key, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
    expect(verify('sha256', pae(VECTOR.type, Buffer.from('hello world!')), { key, dsaEncoding: 'ieee-p1363' }, sig)).toBe(false);
  });

  it('counts bytes, not characters, with no leading zeros', () => {
    const body = Buffer.from('é€😀', 'utf8');
    expect(pae('t/ü', body)).toEqual(specPae('t/ü', body));
    expect(pae('t/ü', body).subarray(0, 16).toString('utf8')).toBe('DSSEv1 4 t/ü 9 ');
    expect(pae('', Buffer.alloc(0)).toString()).toBe('DSSEv1 0  0 ');
  });
});

describe('Ed25519 envelopes', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const other = generateKeyPairSync('ed25519').publicKey;
  const body = Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}');
  const envelope = signEnvelope('application/vnd.in-toto+json', body, privateKey, 'k1');

  it('signs PAE(type, body): checked by crypto.verify over a PAE built from the formula here', () => {
    expect(envelopeSchema.parse(envelope)).toEqual(envelope);
    expect(Buffer.from(envelope.payload, 'base64')).toEqual(body);
    expect(verify(null, specPae(envelope.payloadType, body), publicKey, Buffer.from(envelope.signatures[0]!.sig, 'base64'))).toBe(true);
  });

  it('verifies with the right key only', () => {
    expect(verifyEnvelope(envelope, publicKey)).toEqual(body);
    expect(verifyEnvelope(envelope, other)).toBeUndefined();
  });

  it('rejects a changed payload, payload type or signature', () => {
    const changed = Buffer.from(body);
    changed[5] = changed[5]! ^ 1;
    expect(verifyEnvelope({ ...envelope, payload: changed.toString('base64') }, publicKey)).toBeUndefined();
    expect(verifyEnvelope({ ...envelope, payloadType: 'application/json' }, publicKey)).toBeUndefined();
    const sig = Buffer.from(envelope.signatures[0]!.sig, 'base64');
    sig[0] = sig[0]! ^ 1;
    expect(verifyEnvelope({ ...envelope, signatures: [{ sig: sig.toString('base64') }] }, publicKey)).toBeUndefined();
  });

  it('accepts URL-safe base64 as the specification requires, ignores keyid, and accepts any one good signature', () => {
    const urlSafe = { ...envelope, payload: body.toString('base64url'), signatures: [{ sig: 'AAAA' }, { keyid: 'wrong', sig: Buffer.from(envelope.signatures[0]!.sig, 'base64').toString('base64url') }] };
    expect(verifyEnvelope(urlSafe, publicKey)).toEqual(body);
  });

  it('refuses text that is not base64', () => {
    expect(fromBase64('aGVsbG8=')?.toString()).toBe('hello');
    expect(fromBase64('aGVsbG8')?.toString()).toBe('hello');
    for (const bad of ['a', 'aGVs bG8=', 'aGVsbG8+_w==', '****']) expect(fromBase64(bad)).toBeUndefined();
  });
});

// The SHA-256 helpers: the digests sha256sum and the former inline createHash calls give, whatever the shape of the input.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../support/tmp.js';
import { sha256File, sha256Hasher, sha256Hex, sha256Of } from '../../src/util/hash.js';

const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const dir = tempDir();

describe('SHA-256 helpers', () => {
  it('hash text as UTF-8 and bytes as they are', () => {
    expect(sha256Hex('abc')).toBe(ABC);
    expect(sha256Hex(Buffer.from('abc'))).toBe(ABC);
    expect(sha256Hex(new Uint8Array([0x61, 0x62, 0x63]))).toBe(ABC);
    expect(sha256Hex('')).toBe(EMPTY);
    expect(sha256Hex('é')).toBe('4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c');
  });

  it('end each part of a key with a NUL byte', () => {
    expect(sha256Of('a', 'b')).toBe('8fb20ef63ced4145fc2e983ffe597d1dcff39154c3bf21f0fa9dde6a0c50fdc9');
    expect(sha256Of('ab', 'c')).toBe('629c2f14f654f026086f2aefe1855533d0897f49df86a19073be17b237361b09');
    expect(sha256Of('a', 'bc')).not.toBe(sha256Of('ab', 'c'));
    expect(sha256Of()).toBe(EMPTY);
  });

  it('give the same digest fed in chunks as in one piece', () => {
    expect(sha256Hasher().update('a').update(Buffer.from('b')).update('c').hex()).toBe(ABC);
    expect(sha256Hasher().hex()).toBe(EMPTY);
  });

  it('hash a file streamed, within its bound', async () => {
    const p = join(dir, 'abc');
    writeFileSync(p, 'abc');
    expect(await sha256File(p)).toBe(ABC);
    await expect(sha256File(p, { maxBytes: 2 })).rejects.toThrow(/2 bytes/);
  });
});

// The signing key (--sign-key, an Ed25519 private key in PEM) and the verifying key (--key, its public key in PEM):
// read from files only, checked to be Ed25519, never printed, logged or written; refusals are usage errors (exit 2).
import { createPrivateKey, createPublicKey, hash, type KeyObject } from 'node:crypto';
import { FileRefused, readRegularFile } from '../util/read-file.js';
import { UsageError } from '../util/errors.js';
import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** A PEM key file is a few hundred bytes; anything much larger is not one. */
const MAX_KEY_BYTES = 64 * 1024;

export interface SigningKey {
  privateKey: KeyObject;
  /** SHA-256 (hex) of the public key's SubjectPublicKeyInfo DER: the envelope's keyid. */
  keyid: string;
}

const HOW = 'make one with `openssl genpkey -algorithm ed25519 -out ossast-signing.pem` and its public key with `openssl pkey -in ossast-signing.pem -pubout -out ossast-signing.pub.pem`';

async function readKeyFile(path: string, flag: string): Promise<Buffer> {
  try {
    return await readRegularFile(path, { maxBytes: MAX_KEY_BYTES });
  } catch (err) {
    if (err instanceof FileRefused) throw new UsageError(`${flag} ${path}: ${err.message}`, `give the path of a PEM key file; ${HOW}`);
    throw err;
  }
}

/** The keyid of a public key: SHA-256 of its SubjectPublicKeyInfo (DER), hex. */
export function keyIdOf(publicKey: KeyObject): string {
  return hash('sha256', publicKey.export({ type: 'spki', format: 'der' }), 'hex');
}

/** Reads an Ed25519 private key (PKCS#8 PEM, unencrypted). The file's bytes are overwritten once parsed. */
export async function loadSigningKey(path: string, flag = '--sign-key'): Promise<SigningKey> {
  const pem = await readKeyFile(path, flag);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    // The parser's message is not shown: only what kind of file this is not.
    const encrypted = pem.includes('ENCRYPTED');
    throw new UsageError(`${flag} ${path}: ${encrypted ? 'the private key is encrypted; ossast reads only an unencrypted key (keep the file readable by the CI job alone)' : 'not a PEM private key'}`, HOW);
  } finally {
    pem.fill(0);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new UsageError(`${flag} ${path}: expected an Ed25519 private key, received a ${privateKey.asymmetricKeyType ?? 'unknown'} key`, HOW);
  return { privateKey, keyid: keyIdOf(createPublicKey(privateKey)) };
}

/** Reads an Ed25519 public key (SubjectPublicKeyInfo PEM). A private key is refused: the auditor needs only the public one. */
export async function loadPublicKey(path: string, flag = '--key'): Promise<KeyObject> {
  const pem = await readKeyFile(path, flag);
  if (pem.includes('PRIVATE KEY')) {
    pem.fill(0);
    throw new UsageError(`${flag} ${path}: this is a private key; verify with the public key`, 'derive it with `openssl pkey -in ossast-signing.pem -pubout -out ossast-signing.pub.pem` and keep the private key with the signer');
  }
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch {
    throw new UsageError(`${flag} ${path}: not a PEM public key`, HOW);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new UsageError(`${flag} ${path}: expected an Ed25519 public key, received a ${key.asymmetricKeyType ?? 'unknown'} key`, HOW);
  return key;
}

/**
 * Refuses a signing key inside the output folder or inside what is scanned (exit 2): a scanner would read it (and a
 * secret rule report it in the outputs), or a run would empty or publish the folder it lies in.
 */
export function checkKeyPlacement(keyPath: string, where: { out: string; scanned: string[] }): void {
  const key = realOf(keyPath);
  const inside = (dir: string) => {
    const rel = relative(realOf(dir), key);
    return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
  };
  const hint = "keep the signing key outside the output folder and outside every scanned path (e.g. in the CI runner's secret files)";
  if (inside(where.out)) throw new UsageError(`--sign-key ${keyPath}: the key lies in the output folder ${where.out}, where ossast writes its outputs (and which a run empties)`, hint);
  for (const s of where.scanned) if (inside(s)) throw new UsageError(`--sign-key ${keyPath}: the key lies in ${s}, which is scanned: a scanner would read it`, hint);
}

/** The real path when it exists, else the path resolved. */
function realOf(p: string): string {
  try {
    return realpathSync(resolve(p));
  } catch {
    return resolve(p);
  }
}

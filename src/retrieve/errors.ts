// LifeTimeError: a failed call, with the URL (never the token or a query), the status, the API's own Errors and what to check.
import { PipelineError } from '../util/errors.js';
import { shownUrl } from './origin.js';

export class LifetimeError extends PipelineError {
  readonly status: number | undefined;
  readonly url: string;
  constructor(message: string, opts: { url: string; status?: number; hint?: string; cause?: unknown }) {
    super(message, opts.hint, opts.cause);
    this.status = opts.status;
    this.url = opts.url ? shownUrl(opts.url) : '';
  }
}

/** What to check for each status the API documents (and 401, which it does not). */
export function hintFor(status: number, what: string): string {
  switch (status) {
    case 400:
      return `check the keys used for ${what}: LifeTime says they are not of the right type`;
    case 401:
      return 'the token was refused: check LIFETIME_TOKEN holds a valid, unexpired service account token';
    case 403:
      return `the service account needs Open and Debug permission on that environment (and access to ${what}) in LifeTime`;
    case 404:
      return `${what} does not exist in LifeTime: check the names and keys in the config`;
    case 500:
      return 'LifeTime failed to start packaging; retry later or check the environment in LifeTime';
    default:
      return 'check that the LifeTime URL is right and the service is up';
  }
}

/** TLS error codes (Node's, from OpenSSL) that mean the server's certificate was not accepted, and what each says. */
const CERTIFICATE_CODES: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its certificate is signed by a CA this machine does not trust',
  UNABLE_TO_GET_ISSUER_CERT: 'the CA that issued its certificate is not trusted here',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the CA that issued its certificate is not trusted here',
  SELF_SIGNED_CERT_IN_CHAIN: 'its certificate chain ends in a self-signed CA this machine does not trust (a private CA, or a proxy that inspects TLS)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its certificate is self-signed',
  CERT_UNTRUSTED: 'its certificate is not trusted',
  CERT_SIGNATURE_FAILURE: "its certificate's signature is invalid",
  CERT_HAS_EXPIRED: 'its certificate has expired',
  CERT_NOT_YET_VALID: 'its certificate is not valid yet',
  CERT_REVOKED: 'its certificate was revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its certificate is not for this host name',
  HOSTNAME_MISMATCH: 'its certificate is not for this host name',
};

/**
 * When `err` (or a cause of it) is a certificate failure: the sentence for the message and what to do. A certificate
 * problem does not go away with a retry or a longer timeout.
 */
export function certificateProblem(err: unknown, origin: string): { code: string; text: string; hint: string } | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 6; e = e.cause, depth++) {
    const code = 'code' in e && typeof e.code === 'string' ? e.code : undefined;
    const text = code ? CERTIFICATE_CODES[code] : undefined;
    if (!code || !text) continue;
    const hint =
      code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID' || code === 'CERT_REVOKED'
        ? `have the certificate of ${origin} renewed (and check this machine's clock); trusting another CA does not help`
        : code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH'
          ? `use in lifetime.url the host name the certificate of ${origin} names`
          : `if your organisation uses its own CA or a TLS-inspecting proxy, set lifetime.caFile to its CA certificate (PEM), or NODE_EXTRA_CA_CERTS for every Node.js program; do not turn certificate checks off`;
    return { code, text: `TLS certificate problem with ${origin}: ${text} (${code})`, hint };
  }
  return undefined;
}

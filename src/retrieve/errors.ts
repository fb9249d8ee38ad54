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

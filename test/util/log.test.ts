import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/util/log.js';
import { registerSecret } from '../../src/util/redact.js';

function capture() {
  const out = { text: '' };
  const stream = new Writable({
    write(c, _e, cb) {
      out.text += c.toString();
      cb();
    },
  });
  return { out, stream };
}

describe('logger', () => {
  it('on a TTY keeps one live status line with every target, and prints log lines above it', () => {
    const { out, stream } = capture();
    const log = createLogger({ stream, tty: true });
    log.progress('Shop', 'packaging');
    log.progress('Billing', 'downloading 3.0 MB');
    expect(out.text.endsWith('\r\x1b[2K[Shop] packaging | [Billing] downloading 3.0 MB')).toBe(true);
    log.info('Shop: downloaded');
    expect(out.text).toContain('\r\x1b[2KShop: downloaded\n\r\x1b[2K[Shop] packaging | [Billing] downloading 3.0 MB');
    log.progress('Shop', '');
    log.progress('Billing', '');
    expect(out.text.endsWith('\r\x1b[2K')).toBe(true);
  });
  it('in CI prints plain lines, once per change, with no control characters', () => {
    const { out, stream } = capture();
    const log = createLogger({ stream, tty: false });
    log.progress('Shop', 'packaging');
    log.progress('Shop', 'packaging');
    log.progress('Shop', 'downloading');
    expect(out.text).toBe('[Shop] packaging\n[Shop] downloading\n');
  });
  it('never prints a registered secret or a bearer token', () => {
    const { out, stream } = capture();
    registerSecret('s3cr3t-token-value');
    const log = createLogger({ stream, tty: false });
    log.error('request failed with s3cr3t-token-value and Authorization: Bearer abcdefgh12345678');
    expect(out.text).toBe('error: request failed with *** and Authorization: Bearer ***\n');
  });
});

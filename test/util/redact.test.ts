// Redaction at the source: errors carry no token in any form, whatever quotes or backslashes the token holds.
import { describe, expect, it } from 'vitest';
import { registerSecret, redact } from '../../src/util/redact.js';
import { describeError, PipelineError } from '../../src/util/errors.js';

const TOKEN = 'tok"en\\x-5f3a9c&/+?=';
registerSecret(TOKEN);

describe('redaction at the source', () => {
  it('an error that quotes the token carries "***" instead, and so does its JSON form', () => {
    const err = new PipelineError(`LifeTime says "bad token ${TOKEN}"`, `retry with ${TOKEN}`);
    expect(err.message).toBe('LifeTime says "bad token ***"');
    expect(err.hint).toBe('retry with ***');
    const json = JSON.stringify({ error: describeError(err) });
    for (const form of [TOKEN, JSON.stringify(TOKEN).slice(1, -1), encodeURIComponent(TOKEN)]) expect(json).not.toContain(form);
  });

  it('errors not made by ossast are redacted when described', () => {
    expect(describeError(new TypeError(`cannot read ${TOKEN}`))).not.toContain(TOKEN);
    expect(describeError(`thrown ${TOKEN}`)).toBe('thrown ***');
  });

  it('redacts the JSON-escaped and URL-encoded forms too', () => {
    expect(redact(JSON.stringify({ t: TOKEN }))).toBe('{"t":"***"}');
    expect(redact(`https://x/?t=${encodeURIComponent(TOKEN)}`)).toBe('https://x/?t=***');
  });
});

// Truncation never leaks part of a secret (#21 class 7): every text ossast shortens is redacted first and then cut
// (src/util/redact.ts `shorten`), and fragments of a registered secret (a run of 12 of its characters, its start at a
// text's end, its end at a text's start) are masked at the sinks. Generated variants: the token at every offset around
// every cut length, in the shortening functions and through an imposter LifeTime (non-JSON bodies, JSON error bodies,
// status messages, headers, link paths), asserting the exit code, the message and no fragment anywhere.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerSecret, redact, shorten, shortenEnd, lastLines } from '../../src/util/redact.js';
import { runCli, type CliResult } from '../support/cli.js';
import { tempDir, writeTree } from '../support/tmp.js';
import { expectNoToken, guardedWorkspace, leaksIn } from '../support/hostile.js';
import { testCatalog } from '../support/lifetime.js';
import { startLifetimeSimulator, type SimCatalog, type SimOptions, type Simulator } from '../../src/demo/lifetime-simulator/index.js';

/** Tokens of several lengths, with characters JSON and URLs escape. */
const TOKENS = ['q7"Zp\\x3Lm9Wc1R', 'tk-8f2c"41e9\\a7d0b3c65e1f2a9d4', 'ltk.Hq2vX9pL4mN8rT1wZ6/yB3nC5kD7fG0jS2uV4+eA6='];
for (const t of TOKENS) registerSecret(t);

describe('shorten, shortenEnd and lastLines: the token at every offset around every cut', () => {
  it.each(TOKENS)('token %j: no fragment survives any cut length at any offset', (token) => {
    const leaks: string[] = [];
    for (const max of [1, 2, 5, 11, 12, 13, 20, 40, 60, 80]) {
      for (let offset = Math.max(0, max - token.length - 3); offset <= max + 3; offset++) {
        for (const around of [
          ['', ''],
          ['a'.repeat(offset), 'z'.repeat(30)],
          [`{"e":"${'b'.repeat(offset)}`, '"}'],
        ] as const) {
          const texts = [`${around[0]}${token}${around[1]}`, `${around[0]}${JSON.stringify(token).slice(1, -1)}${around[1]}`, `${around[0]}${encodeURIComponent(token)}${around[1]}`];
          for (const text of texts) {
            for (const [name, out] of [
              ['shorten', shorten(text, max)],
              ['shortenEnd', shortenEnd(text, max)],
              ['codePoints', shorten(text, max, '…', { codePoints: true })],
            ] as const) {
              expect(out.length, `${name}(${max})`).toBeLessThanOrEqual(Math.max(max, 1));
              for (const f of leaksIn(token, out)) leaks.push(`${name}(${JSON.stringify(text)}, ${max}) = ${JSON.stringify(out)} holds ${JSON.stringify(f)}`);
            }
          }
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it.each(TOKENS)('token %j: the last lines of a text cut anywhere hold no fragment', (token) => {
    const leaks: string[] = [];
    const text = `line one\n${'x'.repeat(7)}${token}\nline three ${token} end\n`;
    for (let from = 0; from < text.length; from++) {
      for (const lines of [1, 2, 3]) {
        const out = lastLines(text.slice(from), lines);
        for (const f of leaksIn(token, out)) leaks.push(`lastLines(from ${from}, ${lines}) = ${JSON.stringify(out)} holds ${JSON.stringify(f)}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it.each(TOKENS)('token %j: a fragment cut by someone else (start, end or any window of 12 or more) is masked', (token) => {
    const leaks: string[] = [];
    for (let from = 0; from < token.length; from++) {
      for (let to = from + 1; to <= token.length; to++) {
        const piece = token.slice(from, to);
        // A window of 12 or more anywhere; 6 or more at the text's edges when it is the token's own start or end.
        for (const text of [`start ${piece} end`, `${piece} end`, `start ${piece}`]) {
          const out = redact(text);
          const mustMask = piece.length >= 12 || (piece.length >= 6 && ((from === 0 && text.endsWith(piece)) || (to === token.length && text.startsWith(piece))));
          if (mustMask && out.includes(piece)) leaks.push(`${JSON.stringify(text)} -> ${JSON.stringify(out)}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(redact('nothing secret here, not even close')).toBe('nothing secret here, not even close');
  });

  it('a shortened text never ends inside a "***" mask or a surrogate pair', () => {
    const token = TOKENS[1]!;
    for (let max = 2; max < 40; max++) {
      const out = shorten(`ab ${token} 😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀`, max);
      expect(out).not.toMatch(/(^|[^*])\*{1,2}…$/);
      expect(out).not.toMatch(/[\uD800-\uDBFF]…$/);
    }
  });
});

// Through the CLI: an imposter LifeTime quotes the Authorization header it received.
const base = tempDir('ossast-secrets-cut-');
const FORMATS = 'sarif,console,markdown,html,junit,manifest,gitlab-sast,gitlab-codequality';
let catalog: SimCatalog;
beforeAll(async () => {
  catalog = await testCatalog(base);
});
const servers: Simulator[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

let n = 0;
async function runAgainst(token: string, opts: SimOptions): Promise<{ r: CliResult; sim: Simulator; out: string; unchanged(): void }> {
  const sim = await startLifetimeSimulator({ catalog, token, packagingPolls: 0, ...opts });
  servers.push(sim);
  const root = join(base, `case${++n}`);
  writeTree(root, { 'canary.txt': 'must survive\n' });
  const config = join(root, 'ossast.yml');
  writeFileSync(config, `version: 1\nlifetime:\n  url: ${JSON.stringify(sim.url)}\n  environment: Production\n  applications: [Shop]\n  pollIntervalSeconds: 0.05\n  retries: 0\n`);
  const ws = guardedWorkspace(root);
  const r = await runCli(['run', '--config', config, '--out', ws.out, '--format', FORMATS], { cwd: root, env: { LIFETIME_TOKEN: token } });
  return { r, sim, out: ws.out, unchanged: ws.unchanged };
}

/** The token as an imposter quotes it: the Authorization header without "Bearer ". */
const bare = (auth: string) => auth.replace(/^Bearer /, '');
const TOKEN = TOKENS[1]!;
/** The first cut ossast makes of a non-JSON reply is at 80 characters: every offset that puts the token across it. */
const OFFSETS = Array.from({ length: TOKEN.length + 4 }, (_, i) => 80 - TOKEN.length - 2 + i);

describe('an imposter LifeTime echoes the token across every cut (exit 3, the message, no fragment anywhere)', () => {
  it.each(OFFSETS)('a non-JSON 200 reply with the token at offset %i', async (offset) => {
    const { r, sim, out, unchanged } = await runAgainst(TOKEN, { faults: [{ endpoint: 'applications', action: { kind: 'reply', code: 200, body: (a) => `${'<'.repeat(offset)}${bare(a)} and more text after it` } }] });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`LifeTime GET ${sim.url}/lifetimeapi/rest/v2/applications/ answered HTTP 200 with a body that is not JSON (`);
    expectNoToken(TOKEN, { dirs: [out], texts: { stdout: r.stdout, stderr: r.stderr } });
    unchanged();
  });

  const echoes: [string, SimOptions, RegExp | string][] = [
    [
      'a JSON error body (403) quoting it at offset 0',
      { faults: [{ endpoint: 'start', action: { kind: 'reply', code: 403, contentType: 'application/json', body: (a) => JSON.stringify({ Errors: [bare(a)], StatusCode: 403 }) } }] },
      'failed for application Shop with HTTP 403: LifeTime says "',
    ],
    [
      'a JSON error body (500) quoting it after 70 characters',
      { faults: [{ endpoint: 'applications', action: { kind: 'reply', code: 500, contentType: 'application/json', body: (a) => JSON.stringify({ Errors: [`${'e'.repeat(70)}${bare(a)}`] }) } }] },
      'failed for the application list with HTTP 500',
    ],
    [
      'a JSON error body quoting its JSON-escaped form',
      { faults: [{ endpoint: 'applications', action: { kind: 'reply', code: 401, contentType: 'application/json', body: (a) => `{"Errors":["bad ${JSON.stringify(bare(a)).slice(1, -1)}"]}` } }] },
      'with HTTP 401',
    ],
    ['a plain-text error body (401) quoting it whole', { faults: [{ endpoint: 'applications', action: { kind: 'reply', code: 401, contentType: 'text/plain', body: (a) => `bad token ${a}` } }] }, 'with HTTP 401'],
    [
      'a header (Retry-After, X-Echo) and a 503 body holding it',
      { faults: [{ endpoint: 'applications', action: { kind: 'reply', code: 503, headers: (a) => ({ 'Retry-After': bare(a), 'X-Echo': a }), body: (a) => `unavailable ${bare(a).slice(0, -1)}` } }] },
      'with HTTP 503',
    ],
    [
      'a status message and detail cut by LifeTime itself (the token without its last character)',
      { failPackaging: [{ target: 'Shop', messages: [{ Message: `refused ${TOKEN.slice(0, -1)}`, Detail: `${'d'.repeat(60)}${TOKEN}` }] }] },
      'packaging of application Shop ended with status "Failed": refused ',
    ],
    ['a status message holding its URL-encoded form', { failPackaging: [{ target: 'Shop', messages: [{ Message: `see https://x/?t=${encodeURIComponent(TOKEN)}` }] }] }, 'packaging of application Shop ended with status "Failed"'],
    ['a download link whose path holds it', { rewriteLink: (u) => `${u.origin}/lifetimeapi/rest/v2/downloads/${encodeURIComponent(TOKEN)}/x` }, /download of application Shop .*HTTP 40\d|downloads\/\*\*\*/],
  ];
  it.each(echoes)('%s', async (_, opts, message) => {
    const { r, out, unchanged } = await runAgainst(TOKEN, opts);
    expect(r.code).toBe(3);
    if (typeof message === 'string') expect(r.stderr).toContain(message);
    else expect(r.stderr).toMatch(message);
    expectNoToken(TOKEN, { dirs: [out], texts: { stdout: r.stdout, stderr: r.stderr } });
    unchanged();
  });
});

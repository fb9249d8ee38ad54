// A hostile ("imposter") LifeTime through the CLI: download links to other origins, redirects, replies that trickle in
// or inflate, links that are always expired, errors that echo the token. Every run must end with the right exit code
// and a message naming the URL or origin, send the token nowhere but LifeTime, print or write it in no form, and keep
// everything outside its output folder as it was.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, type CliResult } from '../support/cli.js';
import { tempDir, writeTree } from '../support/tmp.js';
import { expectNoToken, guardedWorkspace } from '../support/hostile.js';
import { testCatalog } from '../support/lifetime.js';
import { startBystander, startLifetimeSimulator, type Bystander, type SimCatalog, type SimOptions, type Simulator } from '../../src/demo/lifetime-simulator/index.js';

const base = tempDir('ossast-hostile-lifetime-');
const PLAIN = 'lt-plain-token-5f3a9c1e77b2d4';
/** A token with the characters JSON escapes: tok"en\x-5f3a9c1e77b2d4 */
const QUOTED = 'tok"en\\x-5f3a9c1e77b2d4';
/** A secret-looking value in a download link's query (a storage signature): never to be shown. */
const SIGNATURE = 'sig-7Hq2vX9pL4mN8rT1wZ6';
const FORMATS = 'sarif,console,markdown,html,junit,manifest';

let catalog: SimCatalog;
beforeAll(async () => {
  catalog = await testCatalog(base);
});
const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function lifetime(token: string, opts: SimOptions = {}): Promise<Simulator> {
  const sim = await startLifetimeSimulator({ catalog, token, packagingPolls: 0, ...opts });
  servers.push(sim);
  return sim;
}

async function bystander(file?: string): Promise<Bystander> {
  const b = await startBystander(file ? { file } : {});
  servers.push(b);
  return b;
}

let n = 0;
/** A CI workspace: a canary file, a sibling folder and the config, all snapshotted; the run writes only to out/. */
function workspace(sim: Simulator, settings: Record<string, unknown> = {}) {
  const root = join(base, `case${++n}`);
  const lt = { url: sim.url, environment: 'Production', applications: ['Shop'], pollIntervalSeconds: 0.05, retries: 0, ...settings };
  writeTree(root, { 'canary.txt': 'must survive\n', 'sibling/keep.cs': 'class Keep {}\n' });
  const config = join(root, 'ossast.yml');
  writeFileSync(
    config,
    `version: 1\nlifetime:\n${Object.entries(lt)
      .map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)
      .join('\n')}\n`,
  );
  return { ...guardedWorkspace(root), config };
}

type Workspace = ReturnType<typeof workspace>;

async function run(ws: Workspace, token: string): Promise<CliResult & { seconds: number }> {
  const started = Date.now();
  const r = await runCli(['run', '--config', ws.config, '--out', ws.out, '--format', FORMATS], { cwd: ws.root, env: { LIFETIME_TOKEN: token } });
  return { ...r, seconds: (Date.now() - started) / 1000 };
}

/** No token (nor any other secret given) in any form in any written file or stream; nothing outside out/ changed. */
function expectContained(ws: Workspace, r: CliResult, ...secrets: string[]): void {
  for (const s of secrets) expectNoToken(s, { dirs: [ws.out], texts: { stdout: r.stdout, stderr: r.stderr } });
  ws.unchanged();
}

const api = (sim: Simulator) => `${sim.url}/lifetimeapi/rest/v2`;
const downloads = (sim: Simulator) => sim.requests.filter((q) => q.path.includes('/downloads/'));

describe("the token goes only to LifeTime's origin (#9 defect 1)", () => {
  const elsewhere: [string, (b: Bystander) => (genuine: URL) => string][] = [
    ['another port on the same host', (b) => (u) => `http://127.0.0.1:${b.port}${u.pathname}`],
    ['a scheme-relative //host:port link', (b) => (u) => `//127.0.0.1:${b.port}${u.pathname}`],
    ['an absolute link whose query holds a signature', (b) => (u) => `http://127.0.0.1:${b.port}${u.pathname}?X-Amz-Signature=${SIGNATURE}&token=${SIGNATURE}`],
  ];
  it.each(elsewhere)('a download link to %s is refused (exit 3), naming its origin only', async (_, link) => {
    const b = await bystander();
    const sim = await lifetime(QUOTED, { rewriteLink: link(b) });
    const ws = workspace(sim);
    const r = await run(ws, QUOTED);
    expect(b.requests).toEqual([]);
    expect(downloads(sim)).toEqual([]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`refused the download link LifeTime gave for application Shop: it points to ${b.url}, not to LifeTime (${sim.url}); ossast sends the token only to LifeTime's own origin`);
    expect(r.stderr).toContain('hint: check that lifetime.url is the address LifeTime itself uses');
    expectContained(ws, r, QUOTED, SIGNATURE);
  });

  it('a download link with another scheme (https while LifeTime is http) is refused', async () => {
    const sim = await lifetime(QUOTED, { rewriteLink: (u) => u.href.replace(/^http:/, 'https:') });
    const ws = workspace(sim);
    const r = await run(ws, QUOTED);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`it points to ${sim.url.replace(/^http:/, 'https:')}, not to LifeTime (${sim.url})`);
    expect(downloads(sim)).toEqual([]);
    expectContained(ws, r, QUOTED);
  });

  it('a redirect from /downloads/ to another origin reaches it without the Authorization header', async () => {
    const b = await bystander(catalog.applications[0]!.zip);
    const sim = await lifetime(QUOTED, { redirectDownloadsTo: b.url });
    const ws = workspace(sim);
    const r = await runCli(['fetch', '--config', ws.config, '--out', ws.out], { cwd: ws.root, env: { LIFETIME_TOKEN: QUOTED } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Shop/ShopCore\t');
    expect(r.stderr).toContain('fetched 1 package(s), 0 failed');
    expect(downloads(sim).map((q) => q.auth)).toEqual(['bearer']);
    expect(b.requests).toEqual([{ method: 'GET', path: expect.stringContaining('/lifetimeapi/rest/v2/downloads/'), authorization: false }]);
    expectContained(ws, r, QUOTED);
  });
});

describe('every call and download ends by its deadline (#9 defect 10)', () => {
  it('a JSON reply trickling at 1 byte/s ends at lifetime.requestDeadlineSeconds (exit 3)', async () => {
    const sim = await lifetime(QUOTED, { faults: [{ endpoint: 'applications', action: { kind: 'trickle', bytesPerSecond: 1 } }] });
    const ws = workspace(sim, { requestTimeoutSeconds: 30, requestDeadlineSeconds: 1.5 });
    const r = await run(ws, QUOTED);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`LifeTime GET ${api(sim)}/applications/ did not finish its reply for the application list within 1.5 s (lifetime.requestDeadlineSeconds)`);
    expect(r.stderr).toContain('hint: raise lifetime.requestDeadlineSeconds if LifeTime is this slow');
    expect(r.seconds).toBeLessThan(10);
    expectContained(ws, r, QUOTED);
  });

  it("a download trickling at 1 byte/s ends at lifetime.downloadDeadlineSeconds (exit 3); the link's query is never shown", async () => {
    const sim = await lifetime(QUOTED, { rewriteLink: (u) => `${u.href}?sig=${SIGNATURE}`, faults: [{ endpoint: 'download', action: { kind: 'trickle', bytesPerSecond: 1 } }] });
    const ws = workspace(sim, { requestTimeoutSeconds: 30, downloadDeadlineSeconds: 1.5 });
    const r = await run(ws, QUOTED);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`download of application Shop from ${api(sim)}/downloads/[0-9a-f-]+ did not finish within 1\\.5 s \\(lifetime\\.downloadDeadlineSeconds\\): \\d+ bytes had arrived`));
    expect(r.seconds).toBeLessThan(10);
    expectContained(ws, r, QUOTED, SIGNATURE);
  });

  it('a 429 asking to retry in an hour gives up at once rather than wait past the deadline (exit 3)', async () => {
    const sim = await lifetime(QUOTED, { faults: [{ endpoint: 'applications', action: { kind: 'status', code: 429, retryAfter: '3600' } }] });
    const ws = workspace(sim, { retries: 3 });
    const r = await run(ws, QUOTED);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`LifeTime GET ${api(sim)}/applications/: HTTP 429; waiting 3600.0 s to retry would pass the deadline for the application list (300 s, lifetime.requestDeadlineSeconds)`);
    expect(r.seconds).toBeLessThan(5);
    expectContained(ws, r, QUOTED);
  });
});

describe('decoded replies are capped (#9 defect 11)', () => {
  it.each(['gzip', 'deflate'] as const)('a %s-encoded JSON reply inflating to 64 MB stops at the default cap of 8 MB (exit 3)', async (encoding) => {
    const sim = await lifetime(QUOTED, { faults: [{ endpoint: 'applications', action: { kind: 'bomb', encoding, decodedMB: 64 } }] });
    const ws = workspace(sim);
    const r = await run(ws, QUOTED);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`LifeTime GET ${api(sim)}/applications/ sent a reply for the application list larger than the cap of 8 MB once decoded (lifetime.maxReplyMB); reading stopped there`);
    expectContained(ws, r, QUOTED);
  });

  it('lifetime.maxReplyMB sets the cap', async () => {
    const sim = await lifetime(QUOTED, { faults: [{ endpoint: 'environments', action: { kind: 'bomb', encoding: 'gzip', decodedMB: 4 } }] });
    const ws = workspace(sim, { maxReplyMB: 0.5 });
    const r = await run(ws, QUOTED);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`LifeTime GET ${api(sim)}/environments/ sent a reply for the environment list larger than the cap of 524288 bytes once decoded (lifetime.maxReplyMB)`);
    expectContained(ws, r, QUOTED);
  });

  it('a gzip-encoded download inflating to 64 MB stops at lifetime.maxPackageMB (exit 3), naming the link without its query', async () => {
    const sim = await lifetime(QUOTED, { rewriteLink: (u) => `${u.href}?sig=${SIGNATURE}`, faults: [{ endpoint: 'download', action: { kind: 'bomb', encoding: 'gzip', decodedMB: 64 } }] });
    const ws = workspace(sim, { maxPackageMB: 5 });
    const r = await run(ws, QUOTED);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`package for application Shop from ${api(sim)}/downloads/[0-9a-f-]+ is over the cap of 5 MB \\(lifetime\\.maxPackageMB, counted after decoding\\); download stopped`));
    expectContained(ws, r, QUOTED, SIGNATURE);
  });
});

describe('expired links (#9 defect 19b)', () => {
  it('a link that is always expired is asked for again three times, then refused and never used (exit 3)', async () => {
    const sim = await lifetime(QUOTED, { faults: [{ endpoint: 'link', action: { kind: 'expiredLink' } }] });
    const ws = workspace(sim, { retries: 4 });
    const r = await run(ws, QUOTED);
    expect(downloads(sim)).toEqual([]);
    expect(sim.requests.filter((q) => q.path.endsWith('/download'))).toHaveLength(4);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('LifeTime kept handing out expired download links for application Shop: 4 links in a row had already expired when given');
    expect(r.stderr).toContain("hint: check that this machine's clock agrees with LifeTime's");
    expectContained(ws, r, QUOTED);
  });
});

describe.each([
  ['a plain token', PLAIN],
  ['a token with " and \\', QUOTED],
])('LifeTime echoing %s back (#9 defect 2)', (_, token) => {
  it('an error body {Errors: ["bad token <token>"]} is quoted without the token (exit 3)', async () => {
    const sim = await lifetime(token, { faults: [{ endpoint: 'start', action: { kind: 'echoAuth', code: 403 } }] });
    const ws = workspace(sim);
    const r = await run(ws, token);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`LifeTime POST ${api(sim)}/environments/`);
    expect(r.stderr).toContain('failed for application Shop with HTTP 403: LifeTime says "bad token Bearer ');
    expectContained(ws, r, token);
  });

  it('a reply that is not JSON and echoes the token is quoted without it (exit 3)', async () => {
    const sim = await lifetime(token, { faults: [{ endpoint: 'applications', action: { kind: 'echoAuth', code: 200, as: 'text' } }] });
    const ws = workspace(sim);
    const r = await run(ws, token);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`LifeTime GET ${api(sim)}/applications/ answered HTTP 200 with a body that is not JSON ("bad token Bearer `);
    expectContained(ws, r, token);
  });

  it('a failed packaging whose messages quote the token is reported without it (exit 3)', async () => {
    const sim = await lifetime(token, { failPackaging: [{ target: 'Shop', messages: [{ Message: `Packaging refused for token ${token}`, Detail: `Authorization: Bearer ${token}` }] }] });
    const ws = workspace(sim);
    const r = await run(ws, token);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('packaging of application Shop ended with status "Failed": Packaging refused for token ');
    expectContained(ws, r, token);
  });
});

// `ossast doctor`: what ossast will use on this machine (Node.js, Semgrep and its version, folders, network settings,
// LifeTime reachable over TLS) and whether each is usable. Sends no token and changes nothing.
import type { Command } from 'commander';
import { constants, existsSync } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { loadConfig } from '../../config/load.js';
import { semgrepScannerSchema, type SemgrepScannerConfig } from '../../scan/config.js';
import { locateSemgrep, ossastHome } from '../../scan/semgrep/locate.js';
import { isSupportedSemgrep, locate, semgrepVersion, supportedSemgrep } from '../../scan/semgrep/version.js';
import { networkFetch, proxyFor, proxySettings, readCaFile } from '../../util/network.js';
import { describeError, ExitCode, OssastError } from '../../util/errors.js';
import { ossastEngines } from '../../util/version.js';
import { lifetimeConfigSchema } from '../../retrieve/config.js';
import { certificateProblem } from '../../retrieve/errors.js';

type Status = 'ok' | 'warn' | 'FAIL';
interface Check {
  status: Status;
  what: string;
  detail: string;
  /** What to do when it is not ok. */
  fix?: string;
}

/** How long the LifeTime request may take. */
const REACH_TIMEOUT_MS = 15_000;

export function registerDoctor(program: Command, ctx: CommandContext): void {
  program
    .command('doctor')
    .description('show what ossast will use here (Node.js, Semgrep, folders, proxy and CA, LifeTime reachability) and fail when something is missing')
    .option('-c, --config <file>', 'pipeline config: its scanners, cache and output folder, lifetime URL and CA file are checked')
    .option('--lifetime-url <url>', 'LifeTime base URL to reach (no token is sent)')
    .option('--out <dir>', "output folder to check (default: the config's, else ossast-out)")
    .action(async (flags: { config?: string; lifetimeUrl?: string; out?: string }) => {
      const loaded = flags.config ? await loadConfig(flags.config, ctx.env, ctx.cwd) : undefined;
      const config = loaded?.config;
      const checks: Check[] = [nodeCheck()];
      const semgreps = (config?.scanners ?? [semgrepScannerSchema.parse({ type: 'semgrep' })]).filter((s): s is SemgrepScannerConfig => s.type === 'semgrep');
      for (const s of semgreps) checks.push(await semgrepCheck(s, ctx.env));
      checks.push(
        await folderCheck(
          'tools folder',
          safe(() => ossastHome(ctx.env)),
          'where `ossast setup` installs Semgrep',
        ),
      );
      if (config?.cache.dir) checks.push(await folderCheck('cache folder', config.cache.dir, 'result and package cache'));
      checks.push(await folderCheck('output folder', resolve(ctx.cwd, flags.out ?? config?.output.dir ?? 'ossast-out'), 'reports and evidence'));
      const url = flags.lifetimeUrl ?? config?.lifetime?.url;
      checks.push(...networkChecks(ctx.env, url, config?.lifetime?.caFile));
      if (url) checks.push(await lifetimeCheck(url, ctx.env, config?.lifetime?.caFile));
      const width = Math.max(...checks.map((c) => c.what.length));
      for (const c of checks) {
        ctx.stdout.write(`${c.status.padEnd(4)}  ${c.what.padEnd(width)}  ${c.detail}\n`);
        if (c.fix && c.status !== 'ok') ctx.stdout.write(`${''.padEnd(6 + width)}  → ${c.fix}\n`);
      }
      const failed = checks.filter((c) => c.status === 'FAIL').length;
      ctx.log.info(failed ? `doctor: ${failed} check(s) failed: ossast cannot run here as configured` : 'doctor: ossast can run here');
      ctx.exitCode = failed ? ExitCode.incomplete : ExitCode.ok;
    });
}

function safe(f: () => string): string | Error {
  try {
    return f();
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** Node.js against the package's engines range (">=A.B <C"). */
function nodeCheck(): Check {
  const engines = ossastEngines();
  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
  const min = /^>=(\d+)\.(\d+)/.exec(engines);
  const below = /<(\d+)/.exec(engines);
  const ok = (!min || major > Number(min[1]) || (major === Number(min[1]) && minor >= Number(min[2]))) && (!below || major < Number(below[1]));
  return { status: ok ? 'ok' : 'FAIL', what: 'Node.js', detail: `${process.version} (${process.execPath}); ossast needs ${engines}`, fix: `install a Node.js in ${engines}` };
}

async function semgrepCheck(cfg: SemgrepScannerConfig, env: NodeJS.ProcessEnv): Promise<Check> {
  const what = `scanner ${cfg.name}`;
  const { pinned, min, below } = supportedSemgrep();
  const fix = `run \`ossast setup\` (installs Semgrep ${pinned} for ossast with pip), or name a Semgrep ${min}..<${below} with OSSAST_SEMGREP`;
  try {
    const choice = locateSemgrep(cfg, env);
    const file = await locate(choice.exe, env);
    if (!file) return { status: 'FAIL', what, detail: `no Semgrep found (looked for ${choice.exe}, from ${choice.source})`, fix };
    const version = await semgrepVersion(choice.exe, { timeoutMs: 60_000 });
    if (!version) return { status: 'FAIL', what, detail: `${file} (from ${choice.source}) did not tell its version`, fix };
    const ok = isSupportedSemgrep(version);
    return { status: ok ? 'ok' : 'FAIL', what, detail: `Semgrep ${version} at ${file} (from ${choice.source}); supported ${min}..<${below}, pinned ${pinned}`, fix };
  } catch (err) {
    return { status: 'FAIL', what, detail: describeError(err), fix: err instanceof OssastError && err.hint ? err.hint : fix };
  }
}

/** A folder ossast writes: writable when it exists, else its nearest existing parent writable. */
async function folderCheck(what: string, path: string | Error, role: string): Promise<Check> {
  if (path instanceof Error) return { status: 'FAIL', what, detail: describeError(path), ...(path instanceof OssastError && path.hint ? { fix: path.hint } : {}) };
  let probe = path;
  while (!existsSync(probe) && dirname(probe) !== probe) probe = dirname(probe);
  const st = await stat(probe).catch(() => undefined);
  const writable = st?.isDirectory()
    ? await access(probe, constants.W_OK).then(
        () => true,
        () => false,
      )
    : false;
  const where = probe === path ? path : `${path} (not yet made; ${probe} is the nearest existing folder)`;
  return writable
    ? { status: 'ok', what, detail: `${where}: writable (${role})` }
    : { status: 'FAIL', what, detail: `${where}: ${st ? (st.isDirectory() ? 'not writable' : 'not a folder') : 'missing'} (${role})`, fix: `make ${probe} a folder this user can write, or choose another` };
}

/** Proxy variables (shown without credentials) and extra CA files, as ossast's requests use them. */
function networkChecks(env: NodeJS.ProcessEnv, url: string | undefined, caFile: string | undefined): Check[] {
  const s = proxySettings(env);
  const shown = (p: string | undefined) => (p ? (URL.canParse(p) ? new URL(p).origin : '(an unreadable URL)') : 'none');
  const checks: Check[] = [{ status: 'ok', what: 'proxy', detail: `HTTPS ${shown(s.https)}, HTTP ${shown(s.http)}, NO_PROXY ${s.noProxy ?? 'none'}` }];
  if (url && URL.canParse(url)) checks[0]!.detail += `; LifeTime goes ${proxyFor(new URL(url), s) ? `through ${proxyFor(new URL(url), s)}` : 'direct'}`;
  for (const [what, file] of [
    ['NODE_EXTRA_CA_CERTS', env['NODE_EXTRA_CA_CERTS']],
    ['lifetime.caFile', caFile],
  ] as const) {
    if (!file) continue;
    try {
      checks.push({ status: 'ok', what, detail: `${file}: ${readCaFile(file, what).length} certificate(s)` });
    } catch (err) {
      checks.push({ status: 'FAIL', what, detail: describeError(err), ...(err instanceof OssastError && err.hint ? { fix: err.hint } : {}) });
    }
  }
  return checks;
}

/** One request to LifeTime's API without a token: any HTTP answer proves the host is reachable and its TLS trusted. */
async function lifetimeCheck(url: string, env: NodeJS.ProcessEnv, caFile: string | undefined): Promise<Check> {
  const what = 'LifeTime';
  const parsed = lifetimeConfigSchema.shape.url.safeParse(url);
  if (!parsed.success) return { status: 'FAIL', what, detail: `${url}: ${parsed.error.issues[0]?.message ?? 'not a URL'}`, fix: 'give the LifeTime base URL, e.g. https://lifetime.example.com' };
  const target = `${parsed.data.replace(/\/+$/, '')}/lifetimeapi/rest/v2/environments/`;
  try {
    const ca = caFile ? readCaFile(caFile, 'lifetime.caFile') : undefined;
    const fetch = await networkFetch(env, ca);
    const res = await fetch(target, { method: 'GET', headers: { accept: 'application/json' }, redirect: 'manual', signal: AbortSignal.timeout(REACH_TIMEOUT_MS), credentials: 'omit' });
    await res.body?.cancel();
    const tls = target.startsWith('https:') ? 'over TLS, certificate trusted' : 'over plain HTTP';
    const expected = res.status === 401 || res.status === 403 ? ' (expected without a token)' : '';
    return { status: res.status < 500 ? 'ok' : 'warn', what, detail: `${target} answered HTTP ${res.status}${expected}, ${tls}; no token was sent` };
  } catch (err) {
    const cert = certificateProblem(err, new URL(target).origin);
    if (cert) return { status: 'FAIL', what, detail: `${target} not reached: ${cert.text}`, fix: cert.hint };
    const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
    const message = `${err instanceof OssastError ? describeError(err) : err instanceof Error ? err.message : String(err)}${cause}`;
    return { status: 'FAIL', what, detail: `${target} not reached: ${message}`, fix: 'check the URL, HTTPS_PROXY/NO_PROXY and the firewall' };
  }
}

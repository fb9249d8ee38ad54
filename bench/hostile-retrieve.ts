// A hostile LifeTime against `ossast fetch` (its own process): a download trickling at 1 byte/s, and a gzip JSON reply
// of ~2.4 MB expanding to 2.4 GB. Wall time, exit code and peak RSS (GNU time) of the CLI.
//   node dist/bench/hostile-retrieve.js [trickle|bomb|both] [--wait S] [--bin path/to/bin/ossast.js] [--set key=value]...
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../src/util/version.js';
import { zipToBuffer } from '../src/demo/zip.js';
import { bombBody, simKey, startLifetimeSimulator, type Fault } from '../src/demo/lifetime-simulator/index.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : args[i + 1];
};
const which = args[0] && !args[0].startsWith('--') ? args[0] : 'both';
const waitS = Number(flag('--wait') ?? 120);
const bin = flag('--bin') ?? join(packageRoot(), 'bin', 'ossast.js');
const sets = args.flatMap((a, i) => (args[i - 1] === '--set' ? [a] : []));
const token = 'bench-token-5f3a9c1e77';
const BOMB_MB = 2400;

async function scenario(name: string, fault: Fault): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ossast-hostile-'));
  const zip = join(dir, 'Shop.zip');
  writeFileSync(zip, await zipToBuffer([{ name: 'ShopCore.v1.zip', data: await zipToBuffer([{ name: 'a.cs', data: Buffer.alloc(200_000, 'x') }]) }]));
  const sim = await startLifetimeSimulator({
    catalog: { environments: [{ Key: simKey('env', 'P'), Name: 'Production' }], applications: [{ Key: simKey('app', 'Shop'), Name: 'Shop', zip, modules: [] }] },
    token,
    packagingPolls: 0,
    faults: [fault],
  });
  const cfg = join(dir, 'ossast.yml');
  const extra = sets.map((s) => `  ${s.replace('=', ': ')}\n`).join('');
  writeFileSync(cfg, `version: 1\nlifetime:\n  url: ${sim.url}\n  environment: Production\n  applications: [Shop]\n  pollIntervalSeconds: 0.1\n  retries: 0\n${extra}`);
  const rss = join(dir, 'rss.txt');
  const started = process.hrtime.bigint();
  const r = await execa('/usr/bin/time', ['-f', '%M', '-o', rss, 'timeout', '-s', 'KILL', String(waitS), process.execPath, bin, 'fetch', '--config', cfg, '--out', join(dir, 'out')], {
    reject: false,
    env: { ...process.env, LIFETIME_TOKEN: token },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const kb = existsSync(rss) ? Number(readFileSync(rss, 'utf8').trim().split('\n').pop()) : NaN;
  const ended = r.exitCode === 137 || r.exitCode === 124 ? `still running after ${waitS} s (killed by timeout)` : `exit ${r.exitCode}`;
  console.log(`${name}: ${ended}, ${seconds.toFixed(2)} s, peak RSS ${Number.isFinite(kb) ? (kb / 1024).toFixed(0) : 'n/a'} MB`);
  const last = String(r.stderr)
    .split('\n')
    .filter((l) => /error|hint/.test(l))
    .slice(-3)
    .join('\n    ');
  if (last) console.log(`    ${last}`);
  await sim.close();
  await rm(dir, { recursive: true, force: true });
  rmSync(rss, { force: true });
}

if (which === 'trickle' || which === 'both') await scenario('download trickling at 1 byte/s', { endpoint: 'download', action: { kind: 'trickle', bytesPerSecond: 1 } });
if (which === 'bomb' || which === 'both') {
  const size = (await bombBody('gzip', BOMB_MB, 'json')).length;
  await scenario(`gzip JSON reply of ${(size / 1024 ** 2).toFixed(1)} MB expanding to ${BOMB_MB} MB (application list)`, { endpoint: 'applications', action: { kind: 'bomb', encoding: 'gzip', decodedMB: BOMB_MB } });
}

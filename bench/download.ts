// Download throughput and memory: a ~150 MB package fetched through retrieveAll from the LifeTime simulator on 127.0.0.1.
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { packageRoot } from '../src/util/version.js';
import { startLifetimeSimulator, simKey } from '../src/demo/lifetime-simulator/index.js';
import { retrieveAll } from '../src/retrieve/index.js';
import { lifetimeConfigSchema } from '../src/retrieve/config.js';
import { createMemoryLogger } from '../src/util/log.js';

const pkg = join(packageRoot(), 'bench', 'out', 'package-150mb.zip');
if (!existsSync(pkg)) await execa(process.execPath, [join(packageRoot(), 'dist', 'bench', 'extract.js')], { stdio: 'inherit' });
const size = statSync(pkg).size;
const token = 'bench-token-0123456789';
const sim = await startLifetimeSimulator({
  catalog: { environments: [{ Key: simKey('env', 'P'), Name: 'Production' }], applications: [{ Key: simKey('app', 'Big'), Name: 'Big', zip: pkg, modules: [] }] },
  token,
  packagingPolls: 0,
});
const dir = await mkdtemp(join(tmpdir(), 'ossast-download-'));
let peak = process.memoryUsage().rss;
const baseline = peak;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
try {
  const cfg = lifetimeConfigSchema.parse({ url: sim.url, environment: 'Production', applications: ['Big'], maxPackageMB: 400 });
  const started = process.hrtime.bigint();
  const got = await retrieveAll(cfg, { token, downloadDir: dir, log: createMemoryLogger() });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (got.failures.length || got.packages[0]?.bytes !== size) throw new Error(`download failed: ${JSON.stringify(got.failures)}`);
  console.log(`package: ${(size / 1024 ** 2).toFixed(1)} MB from the simulator on 127.0.0.1 (client and server in this process)`);
  console.log(`time: ${seconds.toFixed(2)} s, throughput ${(size / 1024 ** 2 / seconds).toFixed(0)} MB/s, SHA-256 ${got.packages[0]!.sha256.slice(0, 16)}…`);
  console.log(`RSS: before ${(baseline / 1024 ** 2).toFixed(0)} MB, peak ${(peak / 1024 ** 2).toFixed(0)} MB (+${((peak - baseline) / 1024 ** 2).toFixed(0)} MB while streaming ${(size / 1024 ** 2).toFixed(0)} MB to disk)`);
} finally {
  clearInterval(sampler);
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}

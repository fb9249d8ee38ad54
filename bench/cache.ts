// The result cache: the CPU of a second `ossast scan --cache` (and `ossast run --cache` against the LifeTime simulator)
// over an unchanged application vs the first run with an empty cache, same package, several rounds.
// Usage: node dist/bench/cache.js [rounds=3] [sizes=30,300]
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../src/util/version.js';
import { startLifetimeSimulator, simKey } from '../src/demo/lifetime-simulator/index.js';
import { writeAppZip } from './app-gen.js';
import { measureCpu, median } from './cpu.js';

const rounds = Number(process.argv[2] ?? 3);
const sizes = (process.argv[3] ?? '30,300').split(',').map(Number);
const out = join(packageRoot(), 'bench', 'out', 'cache');
const bin = join(packageRoot(), 'bin', 'ossast.js');
const TOKEN = 'bench-token-not-secret';
process.env['LIFETIME_TOKEN'] = TOKEN;

await mkdir(out, { recursive: true });
console.log(`second run with a warm cache vs first run with an empty cache; CPU = user + system of the process tree (GNU time); ${rounds} rounds; medians`);
console.log('input                      first cpu s  second cpu s  ratio   first wall s  second wall s  packaging requests (first, second)');

async function compare(label: string, args: string[], posts?: () => number): Promise<void> {
  const first: { cpu: number; wall: number }[] = [];
  const second: { cpu: number; wall: number }[] = [];
  const ratios: number[] = [];
  let requests = '';
  for (let round = 0; round < rounds; round++) {
    await rm(join(out, 'cache-dir'), { recursive: true, force: true });
    const before = posts?.() ?? 0;
    // Exit 1: findings at or above the fail level (the generated code has some on purpose).
    const cold = await measureCpu(process.execPath, [bin, ...args, '--out', join(out, 'run'), '--cache', join(out, 'cache-dir'), '--quiet'], [0, 1], out);
    const middle = posts?.() ?? 0;
    const warm = await measureCpu(process.execPath, [bin, ...args, '--out', join(out, 'run'), '--cache', join(out, 'cache-dir'), '--quiet'], [0, 1], out);
    if (posts) requests = `${middle - before}, ${posts() - middle}`;
    first.push(cold);
    second.push(warm);
    ratios.push(warm.cpu / cold.cpu);
  }
  const m = (xs: { cpu: number; wall: number }[], k: 'cpu' | 'wall') => median(xs.map((x) => x[k])).toFixed(2);
  console.log(
    `${label.padEnd(25)}  ${m(first, 'cpu').padStart(11)}  ${m(second, 'cpu').padStart(12)}  ${(median(ratios) * 100).toFixed(1).padStart(4)}%  ${m(first, 'wall').padStart(12)}  ${m(second, 'wall').padStart(13)}  ${requests || 'n/a'}   (ratios: ${ratios.map((r) => `${(r * 100).toFixed(1)}%`).join(', ')})`,
  );
}

for (const n of sizes) {
  const zip = join(out, `app-${n}.zip`);
  await writeAppZip(zip, n);
  await compare(`scan ${n}-module package`, ['scan', zip]);
  const modules = Array.from({ length: n }, (_, m) => `Module${String(m).padStart(3, '0')}`);
  const sim = await startLifetimeSimulator({
    token: TOKEN,
    catalog: {
      environments: [{ Key: simKey('env', 'Production'), Name: 'Production' }],
      applications: [{ Key: simKey('app', 'Bench'), Name: 'Bench', zip, modules: modules.map((name) => ({ Key: simKey('mod', name), Name: name, Kind: 'eSpace' })) }],
    },
  });
  try {
    const posts = () => sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/sourcecodeaccess')).length;
    await compare(`run ${n} modules (LifeTime)`, ['run', '--lifetime-url', sim.url, '--environment', 'Production', '--app', 'Bench'], posts);
  } finally {
    await sim.close();
  }
}

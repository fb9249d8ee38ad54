// A factory of real-shaped O11 Reactive modules (every module carries its own copy of the platform and OutSystems UI
// scripts, byte for byte): CPU of ossast's `scan` of the folder vs one bare `semgrep --timeout=0` over the same folder
// with the same rules, alternating, with the result counts of both (they must agree).
// Usage: node dist/bench/factory.js [rounds=3] [modules=2,10] [size=real|small]
//        node dist/bench/factory.js --commands N   (builds the factory of N modules and prints both commands, to time
//        them with another tool)
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../src/util/version.js';
import { bundledRulesDir } from '../src/scan/semgrep/rules-files.js';
import { semgrepExecutable } from '../src/scan/semgrep/index.js';
import { semgrepScannerSchema } from '../src/scan/config.js';
import { buildReactiveFactory } from '../fixtures/realistic/factory.js';
import { measureCpu, median } from './cpu.js';

const out = join(packageRoot(), 'bench', 'out', 'factory');
const bin = join(packageRoot(), 'bin', 'ossast.js');
const defaults = semgrepScannerSchema.parse({ type: 'semgrep' });

/** The yardstick: one Semgrep over the folder with ossast's flags and no per-rule timeout, every file scanned. */
const bareScript = `set -e
src="$1"; d="$2"
rm -rf "$d"; mkdir -p "$d"
cd "$src"
printf '/.semgrepignore\\n' > .semgrepignore
exec ${semgrepExecutable(defaults)} scan --metrics=off --disable-version-check --no-rewrite-rule-ids --no-git-ignore --project-root=. \\
  --sarif-output="$d/semgrep.sarif" --timeout=0 --max-target-bytes=${defaults.maxTargetBytes} \\
  --config ${bundledRulesDir()} . >/dev/null 2>&1
`;

async function factory(n: number, size: 'real' | 'small'): Promise<string> {
  const dir = join(out, `${size}-${n}`, 'src');
  if (!existsSync(join(dir, 'App'))) {
    await rm(dir, { recursive: true, force: true });
    await buildReactiveFactory(dir, { modules: n, size });
  }
  return dir;
}

const countResults = (file: string): number => ((JSON.parse(readFileSync(file, 'utf8')) as { runs: { results?: unknown[] }[] }).runs[0]?.results ?? []).length;

await mkdir(out, { recursive: true });
const bare = join(out, 'bare.sh');
await writeFile(bare, bareScript, { mode: 0o755 });
const ossastArgs = (src: string, dir: string) => [bin, 'scan', src, '--out', dir, '--quiet'];

if (process.argv[2] === '--commands') {
  const n = Number(process.argv[3] ?? 2);
  const src = await factory(n, (process.argv[4] as 'real' | 'small' | undefined) ?? 'real');
  console.log(`ossast: ${process.execPath} ${ossastArgs(src, join(out, 'run-ossast')).join(' ')}`);
  console.log(`bare:   sh ${bare} ${src} ${join(out, 'run-bare')}`);
} else {
  const rounds = Number(process.argv[2] ?? 3);
  const sizes = (process.argv[3] ?? '2,10').split(',').map(Number);
  const size = (process.argv[4] as 'real' | 'small' | undefined) ?? 'real';
  console.log(`ossast scan <factory> vs one bare semgrep --timeout=0 over it (same rules, every copy scanned); CPU = user + system of the process tree (GNU time); ${rounds} alternating rounds; medians`);
  console.log('modules  ossast cpu s  bare cpu s  ratio (median of pairs)  goal (1/N + 0.1)  ossast results  bare results');
  for (const n of sizes) {
    const src = await factory(n, size);
    const cpu: Record<'ossast' | 'bare', number[]> = { ossast: [], bare: [] };
    const ratios: number[] = [];
    let counts = { ossast: 0, bare: 0 };
    for (let round = 0; round < rounds; round++) {
      const pair: Record<string, number> = {};
      for (const tool of round % 2 === 0 ? (['bare', 'ossast'] as const) : (['ossast', 'bare'] as const)) {
        const dir = join(out, `run-${tool}`);
        await rm(dir, { recursive: true, force: true });
        // ossast exits 1 when findings reach the fail level (the platform scripts' sinks are suppressed, others not).
        const m = tool === 'bare' ? await measureCpu('sh', [bare, src, dir]) : await measureCpu(process.execPath, ossastArgs(src, dir), [0, 1]);
        cpu[tool].push(m.cpu);
        pair[tool] = m.cpu;
      }
      counts = { ossast: countResults(join(out, 'run-ossast', 'results.sarif')), bare: countResults(join(out, 'run-bare', 'semgrep.sarif')) };
      ratios.push(pair['ossast']! / pair['bare']!);
      console.log(`  ${n} modules, round ${round + 1}: ossast ${pair['ossast']!.toFixed(2)} s, bare ${pair['bare']!.toFixed(2)} s, ratio ${ratios.at(-1)!.toFixed(3)}`);
    }
    console.log(
      `${String(n).padStart(7)}  ${median(cpu.ossast).toFixed(2).padStart(12)}  ${median(cpu.bare).toFixed(2).padStart(10)}  ${`${median(ratios).toFixed(3)}x`.padStart(23)}  ${`${(1 / n + 0.1).toFixed(2)}x`.padStart(16)}  ${String(counts.ossast).padStart(14)}  ${String(counts.bare).padStart(12)}`,
    );
  }
}

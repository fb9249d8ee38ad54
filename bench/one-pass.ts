// One Semgrep pass: the CPU of ossast's whole `scan` of an application package vs `unzip` + one bare `semgrep` over
// the unzipped modules with the same rules and flags, at 3, 30 and 300 modules, alternating, several rounds.
// Usage: node dist/bench/one-pass.js [rounds=3] [sizes=3,30,300]; rounds may be one per size (25,11,5).
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../src/util/version.js';
import { bundledRulesDir } from '../src/scan/semgrep/rules-files.js';
import { semgrepExecutable } from '../src/scan/semgrep/index.js';
import { semgrepScannerSchema } from '../src/scan/config.js';
import { writeAppZip } from './app-gen.js';
import { measureCpu, median } from './cpu.js';
import { medianInterval } from './measure.js';

const sizes = (process.argv[3] ?? '3,30,300').split(',').map(Number);
const roundsBySize = (process.argv[2] ?? '3').split(',').map(Number);
const roundsOf = (i: number) => roundsBySize[Math.min(i, roundsBySize.length - 1)]!;
const out = join(packageRoot(), 'bench', 'out', 'one-pass');
const bin = join(packageRoot(), 'bin', 'ossast.js');
const defaults = semgrepScannerSchema.parse({ type: 'semgrep' });

/** The bare yardstick: unzip the package and each module package, then one Semgrep over `.` with ossast's flags. */
const bareScript = `set -e
zip="$1"; d="$2"
rm -rf "$d"; mkdir -p "$d/pk" "$d/src"
unzip -q "$zip" -d "$d/pk"
for z in "$d"/pk/*.zip; do m=$(basename "$z" .zip); unzip -q "$z" -d "$d/src/$m"; done
cd "$d/src"
printf '/.semgrepignore\\n' > .semgrepignore
exec ${semgrepExecutable(defaults)} scan --metrics=off --disable-version-check --no-rewrite-rule-ids --no-git-ignore --project-root=. --verbose \\
  --sarif-output="$d/semgrep.sarif" --json-output="$d/semgrep.json" --timeout=${defaults.ruleTimeoutSeconds} --max-target-bytes=${defaults.maxTargetBytes} \\
  --config ${bundledRulesDir()} . >/dev/null 2>&1
`;

await mkdir(out, { recursive: true });
const bare = join(out, 'bare.sh');
await writeFile(bare, bareScript, { mode: 0o755 });
// ossast's own process (its threads included, Semgrep not): read at its exit, to show what of the ratio is ossast's.
// CommonJS and --require: an --import hook would set up Node.js's ES module loader, which ossast's start avoids.
const selfHook = join(out, 'self-cpu.cjs');
const selfFile = join(out, 'self-cpu.txt');
await writeFile(
  selfHook,
  "const { isMainThread } = require('node:worker_threads');\nconst { writeFileSync } = require('node:fs');\nif (isMainThread) process.on('exit', () => { const u = process.resourceUsage(); writeFileSync(process.env.OSSAST_BENCH_SELF_CPU, String((u.userCPUTime + u.systemCPUTime) / 1e6)); });\n",
);
const selfEnv = { ...process.env, NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --require=${selfHook}`.trim(), OSSAST_BENCH_SELF_CPU: selfFile };
console.log(`ossast scan <app>.zip vs unzip + one bare semgrep; CPU = user + system of the process tree (GNU time); ${sizes.map((n, i) => `${roundsOf(i)} alternating rounds at ${n}`).join(', ')}; medians`);
console.log('modules  ossast cpu s  bare cpu s  ratio (median of pairs) [>=90% interval]  ratio of medians  ossast wall s  bare wall s  ossast own process cpu s (share of bare)  ossast minus own process (its Semgrep) / bare');
for (const [i, n] of sizes.entries()) {
  const rounds = roundsOf(i);
  const zip = join(out, `app-${n}.zip`);
  await writeAppZip(zip, n);
  const ratios: number[] = [];
  const o: { cpu: number[]; wall: number[]; self: number[] } = { cpu: [], wall: [], self: [] };
  const b: { cpu: number[]; wall: number[] } = { cpu: [], wall: [] };
  for (let round = 0; round < rounds; round++) {
    const pair: Record<string, number> = {};
    for (const tool of round % 2 === 0 ? ['bare', 'ossast'] : ['ossast', 'bare']) {
      const dir = join(out, `run-${tool}`);
      await rm(dir, { recursive: true, force: true });
      // Exit 1: findings at or above the fail level (the generated code has some on purpose).
      const m = tool === 'bare' ? await measureCpu('sh', [bare, zip, dir]) : await measureCpu(process.execPath, [bin, 'scan', zip, '--out', dir, '--quiet'], [0, 1], undefined, selfEnv);
      if (tool === 'ossast') o.self.push(Number(await readFile(selfFile, 'utf8')));
      (tool === 'bare' ? b : o).cpu.push(m.cpu);
      (tool === 'bare' ? b : o).wall.push(m.wall);
      pair[tool] = m.cpu;
    }
    ratios.push(pair['ossast']! / pair['bare']!);
    console.log(`  ${n} modules, round ${round + 1}: ossast ${pair['ossast']!.toFixed(2)} s (own process ${o.self.at(-1)!.toFixed(3)} s), bare ${pair['bare']!.toFixed(2)} s, ratio ${ratios.at(-1)!.toFixed(3)}`);
  }
  // The interval of the median pair ratio (order statistics): the spread of Semgrep's own CPU between runs is wider
  // than the margins in question, so one median alone does not say on which side of a goal the ratio lies.
  const ci = medianInterval(ratios, 0.9);
  const interval = ci ? `[${ci.low.toFixed(3)}-${ci.high.toFixed(3)}]` : '[too few rounds]';
  console.log(
    `${String(n).padStart(7)}  ${median(o.cpu).toFixed(2).padStart(12)}  ${median(b.cpu).toFixed(2).padStart(10)}  ${`${median(ratios).toFixed(3)}x ${interval}`.padStart(37)}  ${(median(o.cpu) / median(b.cpu)).toFixed(3).padStart(15)}x  ${median(o.wall).toFixed(2).padStart(13)}  ${median(b.wall).toFixed(2).padStart(11)}  ${median(o.self).toFixed(3).padStart(6)} (${((100 * median(o.self)) / median(b.cpu)).toFixed(1)}%)  ${(median(o.cpu.map((c, i) => c - o.self[i]!)) / median(b.cpu)).toFixed(3)}   (pairs: ${ratios.map((r) => r.toFixed(3)).join(', ')})`,
  );
}

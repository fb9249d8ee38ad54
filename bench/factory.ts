// A factory of real-shaped O11 Reactive modules (every module carries its own copy of the platform and OutSystems UI
// scripts, byte for byte): CPU of ossast's `scan` of the folder vs one bare `semgrep --timeout=0` over the same folder
// with the same rules, alternating, with the result counts of both (they must agree). A third command, the dedupe
// floor, is the same bare Semgrep over a folder holding each distinct file once (content and extension): no tool that
// scans every distinct file can cost less, so floor/bare is the best ratio any deduplication can reach on this factory
// and ossast/floor is what ossast adds to it.
// Usage: node dist/bench/factory.js [rounds=3] [modules=2,10] [size=real|small]
//        node dist/bench/factory.js [rounds] [modules] --from DIR --dev PREFIX   (the modules are copies of a real
//        module's folder DIR, e.g. a public app's `scripts/`: files whose name starts with PREFIX are the developer's and
//        get a line naming the module, so that they differ from module to module; every other file is copied byte for
//        byte, as O11 deploys the platform. A scraped site's cache-busted twin, `<name><4 hex>.js` beside `<name>.js`,
//        is left out.)
//        node dist/bench/factory.js --commands N   (builds the factory of N modules and prints both commands, to time
//        them with another tool)
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { link, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative } from 'node:path';
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

/** The factory with each distinct file (content and extension) once, the first copy in path order, hard-linked. */
async function floorTree(src: string): Promise<string> {
  const dir = join(dirname(src), 'floor');
  if (existsSync(join(dir, 'App'))) return dir;
  await rm(dir, { recursive: true, force: true });
  const seen = new Set<string>();
  const files = (await readdir(src, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files) {
    const key = `${createHash('sha256')
      .update(await readFile(file))
      .digest('hex')}${extname(file)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const to = join(dir, relative(src, file));
    await mkdir(dirname(to), { recursive: true });
    await link(file, to);
  }
  return dir;
}

/** N modules copied from a real module's folder (see the usage above). */
async function fromFolder(from: string, n: number, devPrefix: string): Promise<string> {
  const dir = join(out, `from-${basename(from)}-${n}`, 'src');
  if (existsSync(join(dir, 'App'))) return dir;
  await rm(dir, { recursive: true, force: true });
  const names = (await readdir(from, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => relative(from, join(e.parentPath, e.name)));
  const present = new Set(names);
  const twin = (rel: string) => /^(.*)[0-9a-f]{4}(\.js)$/.exec(rel);
  const kept = names.filter((rel) => {
    const m = twin(rel);
    return !(m && present.has(`${m[1]}${m[2]}`));
  });
  for (let i = 1; i <= n; i++) {
    for (const rel of kept) {
      const to = join(dir, 'App', `Module${i}`, rel);
      await mkdir(dirname(to), { recursive: true });
      const data = await readFile(join(from, rel));
      await writeFile(to, basename(rel).startsWith(devPrefix) ? Buffer.concat([data, Buffer.from(`\n// module ${i}\n`)]) : data);
    }
  }
  return dir;
}

const flag = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at < 0 ? undefined : process.argv[at + 1];
};
const fromDir = flag('--from');
const devPrefix = flag('--dev');
if (fromDir && !devPrefix) throw new Error("--from DIR needs --dev PREFIX (the start of the developer files' names)");
const positional = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--from') && !all[i - 1]?.startsWith('--dev'));

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
  const rounds = Number(positional[0] ?? 3);
  const sizes = (positional[1] ?? '2,10').split(',').map(Number);
  const size = (positional[2] as 'real' | 'small' | undefined) ?? 'real';
  if (fromDir) console.log(`modules copied from ${fromDir} (developer files: ${devPrefix}*)`);
  console.log(
    `ossast scan <factory> vs one bare semgrep --timeout=0 over it (same rules, every copy scanned) and vs the dedupe floor (the same bare semgrep over each distinct file once); CPU = user + system of the process tree (GNU time); ${rounds} rounds, order rotated; medians`,
  );
  console.log('modules  ossast cpu s  bare cpu s  floor cpu s  ossast/bare  floor/bare  ossast/floor  goal (1/N + 0.1)  ossast results  bare results  floor results');
  const tools = ['bare', 'ossast', 'floor'] as const;
  for (const n of sizes) {
    const src = fromDir && devPrefix ? await fromFolder(fromDir, n, devPrefix) : await factory(n, size);
    const floor = await floorTree(src);
    const cpu: Record<(typeof tools)[number], number[]> = { ossast: [], bare: [], floor: [] };
    const ratios: Record<'bare' | 'floor' | 'over', number[]> = { bare: [], floor: [], over: [] };
    let counts = { ossast: 0, bare: 0, floor: 0 };
    for (let round = 0; round < rounds; round++) {
      const one: Record<string, number> = {};
      for (const tool of [...tools.slice(round % 3), ...tools.slice(0, round % 3)]) {
        const dir = join(out, `run-${tool}`);
        await rm(dir, { recursive: true, force: true });
        // ossast exits 1 when findings reach the fail level (the platform scripts' sinks are suppressed, others not).
        const m = tool === 'ossast' ? await measureCpu(process.execPath, ossastArgs(src, dir), [0, 1]) : await measureCpu('sh', [bare, tool === 'bare' ? src : floor, dir]);
        cpu[tool].push(m.cpu);
        one[tool] = m.cpu;
      }
      counts = { ossast: countResults(join(out, 'run-ossast', 'results.sarif')), bare: countResults(join(out, 'run-bare', 'semgrep.sarif')), floor: countResults(join(out, 'run-floor', 'semgrep.sarif')) };
      ratios.bare.push(one['ossast']! / one['bare']!);
      ratios.floor.push(one['floor']! / one['bare']!);
      ratios.over.push(one['ossast']! / one['floor']!);
      console.log(
        `  ${n} modules, round ${round + 1}: ossast ${one['ossast']!.toFixed(2)} s, bare ${one['bare']!.toFixed(2)} s, floor ${one['floor']!.toFixed(2)} s; ossast/bare ${ratios.bare.at(-1)!.toFixed(3)}, floor/bare ${ratios.floor.at(-1)!.toFixed(3)}, ossast/floor ${ratios.over.at(-1)!.toFixed(3)}`,
      );
    }
    const x = (v: number) => `${v.toFixed(3)}x`;
    console.log(
      `${String(n).padStart(7)}  ${median(cpu.ossast).toFixed(2).padStart(12)}  ${median(cpu.bare).toFixed(2).padStart(10)}  ${median(cpu.floor).toFixed(2).padStart(11)}  ${x(median(ratios.bare)).padStart(11)}  ${x(median(ratios.floor)).padStart(10)}  ${x(median(ratios.over)).padStart(12)}  ${`${(1 / n + 0.1).toFixed(2)}x`.padStart(16)}  ${String(counts.ossast).padStart(14)}  ${String(counts.bare).padStart(12)}  ${String(counts.floor).padStart(13)}`,
    );
  }
}

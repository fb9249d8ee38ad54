// Output at fleet scale: `ossast gate big.sarif --output out.sarif` and every reporter, with 1,000,000 results; wall time and peak RSS.
import { existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../src/util/version.js';
import { measure, fmt } from './measure.js';
import { writeBigLog } from './outputs-log.js';

const N = Number(process.env['OSSAST_BENCH_RESULTS'] ?? 1_000_000);
const root = packageRoot();
const out = join(root, 'bench', 'out', 'outputs');
const big = join(out, `big-${N}.sarif`);
await mkdir(out, { recursive: true });
if (!existsSync(big)) await writeBigLog(big, N);
console.log(`input: ${big}, ${N} results, ${((await stat(big)).size / 1024 ** 2).toFixed(0)} MB`);

const gateOut = join(out, 'gated.sarif');
await rm(gateOut, { force: true });
const gate = await measure(process.execPath, [join(root, 'bin', 'ossast.js'), 'gate', big, '--output', gateOut]);
const gateSize = existsSync(gateOut) ? `${((await stat(gateOut)).size / 1024 ** 2).toFixed(0)} MB written` : 'nothing written';
console.log(`ossast gate --output: exit ${gate.exitCode}, ${fmt(gate.seconds, 1)} s, peak RSS ${fmt(gate.maxRssMB, 0)} MB, ${gateSize}`);

const reports = join(out, 'reports');
await rm(reports, { recursive: true, force: true });
const render = await measure(process.execPath, [join(root, 'dist', 'bench', 'outputs-render.js'), big, reports]);
console.log(`all reporters (sarif, markdown, html, junit, manifest): exit ${render.exitCode}, ${fmt(render.seconds, 1)} s, peak RSS ${fmt(render.maxRssMB, 0)} MB`);

// Child process of bench/outputs.ts: reads a SARIF log, renders every report format and writes them, as `scan` does.
import type { Log } from 'sarif';
import { readSarifFile } from '../src/merge/read-sarif.js';
import { ensureFingerprints } from '../src/baseline/index.js';
import { evaluateGate } from '../src/gate/index.js';
import { renderReports, writeReports } from '../src/report/index.js';
import type { RunRecord } from '../src/model/run-record.js';
import { formatSchema } from '../src/report/config.js';

const [input, outDir, formatList] = process.argv.slice(2);
const formats = formatSchema.array().parse((formatList ?? 'sarif,markdown,html,junit,manifest').split(','));
if (!input || !outDir) throw new Error('usage: outputs-render <log.sarif> <out-dir>');
const log: Log = ensureFingerprints(await readSarifFile(input, input));
for (const r of log.runs.flatMap((run) => run.results ?? [])) r.suppressions ??= [];
const record: RunRecord = { ossastVersion: '0.1.0', startedAt: new Date().toISOString(), targets: [], scanners: [], suppressions: { files: [], entries: [] }, partial: false };
const gate = evaluateGate(log, { failOn: 'error', newOnly: false, max: 0, allowPartial: false });
const files = await renderReports(formats, { log, record, gate, tty: false, now: new Date() }, { sarifProfile: 'full', githubIncludeSuppressed: false });
await writeReports(files, outDir);

// The demo's second look at exposure.json: the unlisted reachable endpoint fails the check, and passes once the demo allow-list covers it.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../util/version.js';
import { loadAllowLists } from '../exposure/allow-list.js';
import { evaluateExposure } from '../exposure/evaluate.js';
import { exposureReportSchema, sourceEndpointSchema } from '../model/exposure.js';

export const demoAllowFile = (): string => join(packageRoot(), 'demo', 'exposure-allow.yml');

/** Re-evaluates the probed inventory with and without the demo allow-list: the names that fail each time. */
export async function demoAllowListCheck(outDir: string): Promise<{ without: string[]; withDemoList: string[] }> {
  const report = exposureReportSchema.parse(JSON.parse(await readFile(join(outDir, 'exposure.json'), 'utf8')));
  const endpoints = report.endpoints.map((e) => sourceEndpointSchema.parse(e));
  const probes = report.endpoints.map((e) => (e.probe ? { url: e.probe.url, verdict: e.probe.verdict, ...(e.probe.status !== undefined ? { status: e.probe.status } : {}) } : undefined));
  const check = async (files: string[]) => evaluateExposure({ endpoints, probes, allowList: await loadAllowLists(files, { builtin: true }), now: new Date() }).findings.map((f) => f.name);
  return { without: await check([]), withDemoList: await check([demoAllowFile()]) };
}

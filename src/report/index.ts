// The report stage: picks the reporters for the chosen formats; writeReports is the one place files are written.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { OutputFormat } from './config.js';
import type { Reporter, ReportFile, ReportInput } from './types.js';
import { consoleReporter } from './console.js';
import { sarifReporter } from './sarif.js';
import { manifestReporter } from './manifest.js';
import { markdownReporter } from './markdown.js';
import { junitReporter } from './junit.js';
import { htmlReporter } from './html.js';

export type { ReportFile, ReportInput, Reporter } from './types.js';

const reporters: Record<OutputFormat, Reporter> = {
  sarif: sarifReporter,
  console: consoleReporter,
  manifest: manifestReporter,
  markdown: markdownReporter,
  junit: junitReporter,
  html: htmlReporter,
};

export function renderReports(formats: OutputFormat[], input: Omit<ReportInput, 'sarifProfile' | 'githubIncludeSuppressed'>, opts: { sarifProfile: 'full' | 'github'; githubIncludeSuppressed: boolean }): ReportFile[] {
  const full: ReportInput = { ...input, ...opts };
  return [...new Set(formats)].flatMap((f) => reporters[f].render(full));
}

/** Writes every file except "-" (standard output, printed by the CLI). */
export async function writeReports(files: ReportFile[], outDir: string): Promise<void> {
  for (const f of files) {
    if (f.name === '-') continue;
    const path = join(outDir, f.name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.content);
  }
}

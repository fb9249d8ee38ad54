// The report stage: picks the reporters for the chosen formats; writeReports (write.ts) is the one place they are written.
import type { OutputFormat } from './config.js';
import type { Reporter, ReportFile, ReportInput } from './types.js';
import { consoleReporter } from './console.js';
import { sarifReporter } from './sarif.js';
import { manifestReporter } from './manifest.js';
import { markdownReporter } from './markdown.js';
import { junitReporter } from './junit.js';
import { htmlReporter } from './html.js';
import { gitlabSastReporter } from './gitlab-sast.js';
import { gitlabCodequalityReporter } from './gitlab-codequality.js';

export type { ReportContent, ReportFile, ReportInput, Reporter } from './types.js';
export { writeReports, writeOutputFile, removeTemporaries, TEMP_PREFIX, OUTPUT_NAMES } from './write.js';
export { contentText, writeContent } from './content.js';

const reporters: Record<OutputFormat, Reporter> = {
  sarif: sarifReporter,
  console: consoleReporter,
  manifest: manifestReporter,
  markdown: markdownReporter,
  junit: junitReporter,
  html: htmlReporter,
  'gitlab-sast': gitlabSastReporter,
  'gitlab-codequality': gitlabCodequalityReporter,
};

export function renderReports(formats: OutputFormat[], input: Omit<ReportInput, 'sarifProfile' | 'githubIncludeSuppressed'>, opts: { sarifProfile: 'full' | 'github'; githubIncludeSuppressed: boolean }): ReportFile[] {
  const full: ReportInput = { ...input, ...opts };
  return [...new Set(formats)].flatMap((f) => reporters[f].render(full));
}

// The report stage: picks the reporters for the chosen formats; writeReports (write.ts) is the one place they are written.
import type { OutputFormat } from './config.js';
import type { Reporter, ReportInput } from './types.js';
import type { ReportFile } from '../model/report-file.js';
export type { ReportInput, Reporter } from './types.js';
export type { ReportContent, ReportFile } from '../model/report-file.js';
export { writeReports, clearReports } from './write.js';
export { OUTPUT_NAMES } from './output-names.js';
export { contentText, writeContent } from '../model/report-file.js';

// Each reporter loads when its format is asked for: a scan that writes SARIF and a manifest loads neither the HTML
// page's script nor the GitLab, JUnit and Markdown writers.
const reporters: Record<OutputFormat, () => Promise<Reporter>> = {
  sarif: async () => (await import('./sarif.js')).sarifReporter,
  console: async () => (await import('./console.js')).consoleReporter,
  manifest: async () => (await import('./manifest.js')).manifestReporter,
  markdown: async () => (await import('./markdown.js')).markdownReporter,
  junit: async () => (await import('./junit.js')).junitReporter,
  html: async () => (await import('./html.js')).htmlReporter,
  'gitlab-sast': async () => (await import('./gitlab-sast.js')).gitlabSastReporter,
  'gitlab-codequality': async () => (await import('./gitlab-codequality.js')).gitlabCodequalityReporter,
};

export async function renderReports(formats: OutputFormat[], input: Omit<ReportInput, 'sarifProfile' | 'githubIncludeSuppressed'>, opts: { sarifProfile: 'full' | 'github'; githubIncludeSuppressed: boolean }): Promise<ReportFile[]> {
  const full: ReportInput = { ...input, ...opts };
  const chosen = await Promise.all([...new Set(formats)].map((f) => reporters[f]()));
  return chosen.flatMap((r) => r.render(full));
}

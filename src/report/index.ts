// The report stage: picks the reporters for the chosen formats; writeReports (write.ts) is the one place they are written.
import type { OutputFormat } from './config.js';
import type { Reporter, ReportInput } from './types.js';
import type { ReportFile } from '../model/report-file.js';
import type { ChosenNames } from './output-names.js';
export type { ReportInput, Reporter } from './types.js';
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
  cyclonedx: async () => (await import('./cyclonedx.js')).cyclonedxReporter,
  defectdojo: async () => (await import('./defectdojo.js')).defectdojoReporter,
};

/**
 * Renders the formats one by one (each at its own time), so that a chosen name (`--format sarif=path`) goes to that
 * format's main (first) file.
 */
export async function renderOutputs(
  formats: OutputFormat[],
  input: Omit<ReportInput, 'sarifProfile' | 'githubIncludeSuppressed' | 'now'>,
  opts: { sarifProfile: 'full' | 'github'; githubIncludeSuppressed: boolean },
  chosen: ChosenNames = {},
): Promise<ReportFile[]> {
  const files: ReportFile[] = [];
  for (const format of new Set(formats)) {
    const rendered = await renderReports([format], { ...input, now: new Date() }, opts);
    const name = chosen[format];
    files.push(...(name && rendered[0] ? [{ ...rendered[0], name }, ...rendered.slice(1)] : rendered));
  }
  return files;
}

export async function renderReports(formats: OutputFormat[], input: Omit<ReportInput, 'sarifProfile' | 'githubIncludeSuppressed'>, opts: { sarifProfile: 'full' | 'github'; githubIncludeSuppressed: boolean }): Promise<ReportFile[]> {
  const full: ReportInput = { ...input, ...opts };
  const chosen = await Promise.all([...new Set(formats)].map((f) => reporters[f]()));
  return chosen.flatMap((r) => r.render(full));
}

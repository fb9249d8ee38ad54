// The names of a run's outputs in the output folder: every name a run can write, and the rule a chosen name follows.

/** Every name a run can write in the output folder; those this run does not write are removed (they are a previous run's). */
export const OUTPUT_NAMES = ['results.sarif', 'github', 'manifest.json', 'summary.md', 'report.html', 'junit.xml', 'exposure.json', 'gl-sast-report.json', 'gl-code-quality-report.json'] as const;

/** A plain relative name: parts of letters, digits, ".", "_" and "-", none starting with ".", joined by "/". */
const OUTPUT_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*(\/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$/;

/** Whether `name` may be written under the output folder (a chosen name, or a reporter's). */
export const isOutputName = (name: string): boolean => OUTPUT_NAME.test(name);

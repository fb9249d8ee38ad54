// The `scanners:` section of the pipeline config: one entry per scanner adapter.
import * as z from 'zod';

export const semgrepScannerSchema = z
  .object({
    type: z.literal('semgrep'),
    name: z.string().min(1).default('semgrep'),
    bundledRules: z.boolean().default(true).describe('Use the rule pack in scanners/semgrep/rules.'),
    rules: z.array(z.string().min(1)).default([]).describe('Extra local rule files or folders.'),
    timeoutSeconds: z.number().positive().default(1800).describe('Whole-run timeout.'),
    ruleTimeoutSeconds: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe(
        'Semgrep --timeout per rule and file, whole seconds; 0 (the default): none, every file in one run bounded by timeoutSeconds. Above 0: files of 200 KB or more and minified ones still run with none, in a run of their own, and a file on which a rule times out is scanned again on its own with none, within timeoutSeconds.',
      ),
    maxTargetBytes: z.number().int().min(0).default(5_000_000).describe('Semgrep --max-target-bytes; larger files are skipped and reported.'),
    jobs: z.number().int().min(1).optional().describe("Semgrep --jobs; default: Semgrep's own (one per core)."),
    allowRegistry: z.boolean().default(false).describe('Allow p/... and registry rule ids (network).'),
    executable: z.string().optional().describe("Path to semgrep; default: OSSAST_SEMGREP, then the one `ossast setup` installed, then ossast's own .venv/bin/semgrep, then PATH."),
  })
  .strict();

export const commandScannerSchema = z
  .object({
    type: z.literal('command'),
    name: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
    command: z
      .array(z.string())
      .min(1)
      .describe(
        'Program and arguments; {src} is replaced by a folder holding exactly the targets to scan (one shard\'s when sharded), {out} by the SARIF file to write; an argument "{targets}" becomes one argument per target folder under {src}.',
      ),
    timeoutSeconds: z.number().positive().default(1800),
    okExitCodes: z.array(z.number().int()).default([0, 1]).describe('Exit codes that mean the tool completed.'),
    ignoreFiles: z
      .array(z.string().regex(/^[^/\\]+$/, 'a file name, without folders'))
      .default([])
      .describe('Names of ignore files the tool obeys (e.g. ".eslintignore"); ossast neutralises them inside the sources before scanning.'),
    coverage: z
      .enum(['reported', 'unknown-accepted'])
      .default('reported')
      .describe(
        'reported: the tool must list the files it analysed (SARIF run.artifacts); a target none of whose files it lists is not shown to be scanned and fails the run (exit 3). unknown-accepted: the tool cannot say what it analysed and you accept that; its coverage is recorded as unknown-accepted in the manifest, and its targets pass on its word.',
      ),
  })
  .strict();

export const scannerConfigSchema = z.discriminatedUnion('type', [semgrepScannerSchema, commandScannerSchema]);

export type SemgrepScannerConfig = z.infer<typeof semgrepScannerSchema>;
export type CommandScannerConfig = z.infer<typeof commandScannerSchema>;
export type ScannerConfig = z.infer<typeof scannerConfigSchema>;

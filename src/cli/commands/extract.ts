// `ossast extract <archive> --out DIR`: safe extraction only.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { extractSources } from '../../extract/index.js';
import { defaultExtractLimits } from '../../extract/limits.js';
import { UsageError } from '../../util/errors.js';
import { checkOutputDir } from '../../pipeline/output-dir.js';
import { applicationName } from '../options.js';
import { OutputRoot } from '../../util/output-root.js';

const positiveInt = (flag: string, v: string | undefined, fallback: number) => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag}: expected a positive number, received "${v}"`);
  return n;
};

export function registerExtract(program: Command, ctx: CommandContext): void {
  program
    .command('extract')
    .description('extract an application package ZIP, a module ZIP or a .tar.gz safely (nested module ZIPs included)')
    .argument('<archive>', 'ZIP, .tar.gz or folder')
    .requiredOption('--out <dir>', 'folder to extract into')
    .option('--max-entries <n>', `most entries accepted (default ${defaultExtractLimits.maxEntries})`)
    .option('--max-total-mb <n>', `most megabytes written (default ${defaultExtractLimits.maxTotalBytes / 1024 ** 2})`)
    .option('--max-ratio <n>', `highest compression ratio of one entry (default ${defaultExtractLimits.maxRatio})`)
    .option('--name <application>', 'application name: extracted to <application>/<module>/ (default: the package file name without .zip and .vN)')
    .action(async (archive: string, flags: { out: string; maxEntries?: string; maxTotalMb?: string; maxRatio?: string; name?: string }) => {
      const limits = {
        ...defaultExtractLimits,
        maxEntries: positiveInt('--max-entries', flags.maxEntries, defaultExtractLimits.maxEntries),
        maxTotalBytes: positiveInt('--max-total-mb', flags.maxTotalMb, defaultExtractLimits.maxTotalBytes / 1024 ** 2) * 1024 ** 2,
        maxRatio: positiveInt('--max-ratio', flags.maxRatio, defaultExtractLimits.maxRatio),
      };
      const out = resolve(ctx.cwd, flags.out);
      checkOutputDir({ out, field: '--out', scanned: [resolve(ctx.cwd, archive)], read: [], emptied: [], cwd: ctx.cwd, home: ctx.env['HOME'] });
      const application = flags.name === undefined ? undefined : applicationName(flags.name, '--name');
      const root = await OutputRoot.open(out, { field: '--out', warn: (m) => ctx.log.warn(m) });
      const result = await extractSources([{ path: resolve(ctx.cwd, archive), ...(application ? { application } : {}) }], out, { limits, log: ctx.log }).finally(() => root.close());
      for (const t of result.targets) ctx.stdout.write(`${t.id}\t${t.dir}\n`);
      ctx.log.info(`extracted ${result.files} files (${(result.bytes / 1024 ** 2).toFixed(1)} MB) into ${out} in ${result.durationMs} ms`);
    });
}

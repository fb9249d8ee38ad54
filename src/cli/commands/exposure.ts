// `ossast exposure <path>...`: the inventory of exposed SOAP, REST and screen-service endpoints, allow-listed and optionally probed.
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { collect } from '../collect.js';
import { configSchema, type Config } from '../../config/schema.js';
import { resolvePaths } from '../../config/load.js';
import { checkOutputDir } from '../../pipeline/output-dir.js';
import { gatherSources, outputDirs } from '../../pipeline/sources.js';
import { OutputRoot } from '../../util/output-root.js';
import { ExitCode, PipelineError, throwIfInterrupted } from '../../util/errors.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import { contentChunks } from '../../model/report-file.js';
import { inventoryOf } from '../../exposure/inventory.js';
import { loadExposureInputs, runExposure } from '../../exposure/assess.js';
import { exposureOutput, exposureTable, EXPOSURE_FILE } from '../../exposure/exposure-file.js';

interface ExposureFlags {
  allow?: string[];
  builtinAllow?: boolean;
  probeUrl?: string;
  out?: string;
}

export function registerExposure(program: Command, ctx: CommandContext): void {
  program
    .command('exposure')
    .description('list every exposed SOAP service, REST API and screen service, check them against the allow-list and, with --probe-url, probe them from outside (exit 1 when one is reachable and not allow-listed)')
    .argument('<path...>', 'application package ZIP, module ZIP, .tar.gz or folder')
    .option('--allow <file>', 'allow-list file (YAML; repeatable)', collect)
    .option('--no-builtin-allow', 'do not apply config/exposure/platform-allow.yml (the five platform endpoints public by design)')
    .option('--probe-url <url>', 'server to probe without credentials, e.g. https://apps.example.com (GET <url>/<Module>/<Service>.asmx?WSDL and each REST API)')
    .option('--out <dir>', 'output folder for exposure.json (default: ossast-out)')
    .action(async (paths: string[], flags: ExposureFlags) => {
      const abs = (p: string) => resolve(ctx.cwd, p);
      const defaults = resolvePaths(configSchema.parse({ version: 1 }), ctx.cwd);
      const config: Config = {
        ...defaults,
        sources: paths.map(abs),
        output: { ...defaults.output, ...(flags.out ? { dir: abs(flags.out) } : {}) },
        exposure: {
          ...defaults.exposure,
          allow: (flags.allow ?? []).map(abs),
          builtin: flags.builtinAllow !== false,
          ...(flags.probeUrl !== undefined ? { probeUrl: flags.probeUrl } : {}),
        },
      };
      const dirs = outputDirs(config.output.dir);
      checkOutputDir({ out: config.output.dir, field: 'output folder (--out)', scanned: config.sources, read: config.exposure.allow, emptied: [dirs.src, dirs.downloads], cwd: ctx.cwd, home: ctx.env['HOME'] });
      const inputs = await loadExposureInputs(config.exposure, { probeUrlField: '--probe-url' });

      const root = await OutputRoot.open(config.output.dir, { field: 'output folder (--out)', warn: (m) => ctx.log.warn(m) });
      try {
        // The previous inventory goes first: a failure below leaves none that could be read as this run's.
        for (const d of [dirs.src, dirs.downloads, join(config.output.dir, EXPOSURE_FILE)]) await root.rm(d);
        for (const d of [dirs.src, dirs.downloads]) await root.mkdir(d);
        const sources = await gatherSources(config, dirs, ctx.env, ctx.log, '(command line)', ctx.signal);
        throwIfInterrupted(ctx.signal);
        const failed = sources.records.filter((r) => r.status === 'failed');
        if (failed.length || sources.targets.length === 0) {
          throw new PipelineError(
            `the inventory could not be built: ${failed.length ? failed.map((r) => `${r.id}: ${r.error ?? 'failed'}`).join('; ') : 'no module was found in the input'}`,
            'fix or replace the input named above; the inventory lists every module or none',
          );
        }
        const outcome = await runExposure((root_, targets) => inventoryOf(root_, targets, { log: ctx.log }), {
          sourceRoot: sources.sourceRoot,
          targets: sources.targets,
          config: config.exposure,
          inputs,
          log: ctx.log,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
        });
        const { file } = exposureOutput(outcome.report, inputs.allowList.files);
        const path = join(config.output.dir, EXPOSURE_FILE);
        await writeFileAtomic(path, contentChunks(file.content));
        ctx.stdout.write(exposureTable(outcome.report));
        for (const f of outcome.findings) ctx.log.error(`${f.name} (${f.path}) is reachable from outside (${f.probe?.url ?? ''} answered ${f.probe?.status ?? ''}) and no allow-list entry covers it`);
        ctx.log.info(`inventory written to ${path}`);
        ctx.exitCode = outcome.findings.length ? ExitCode.findings : ExitCode.ok;
      } finally {
        await root.close();
      }
    });
}

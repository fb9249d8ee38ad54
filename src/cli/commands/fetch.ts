// `ossast fetch`: retrieve from LifeTime and extract only, for teams that scan with other tools.
import type { Command } from 'commander';
import { join, resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { retrieveAll, resolveToken } from '../../retrieve/index.js';
import { addLifetimeOptions, lifetimeConfigFromFlags } from '../lifetime-options.js';
import { extractSources, FolderNames } from '../../extract/index.js';
import { loadConfig } from '../../config/load.js';
import { UsageError, describeError, ExitCode } from '../../util/errors.js';
import { checkOutputDir } from '../../pipeline/output-dir.js';
import { OutputRoot } from '../../util/output-root.js';

export function registerFetch(program: Command, ctx: CommandContext): void {
  addLifetimeOptions(
    program
      .command('fetch')
      .description('retrieve source from LifeTime and extract it (no scanning)')
      .option('-c, --config <file>', 'pipeline config with a lifetime: section (flags override it)')
      .requiredOption('--out <dir>', 'folder for the packages (downloads/) and the extracted sources (src/)'),
  ).action(async (flags: Record<string, unknown> & { out: string; config?: string }) => {
    const loaded = flags.config ? await loadConfig(flags.config, ctx.env, ctx.cwd) : undefined;
    const cfg = lifetimeConfigFromFlags(flags, loaded?.config.lifetime);
    if (!cfg) throw new UsageError('ossast fetch needs --lifetime-url (or --config with a lifetime: section)', 'e.g. ossast fetch --lifetime-url https://lt.example.com --environment Production --app Shop --out fetched');
    const token = resolveToken(cfg, ctx.env, flags.config ?? '(command line)');
    const out = resolve(ctx.cwd, flags.out);
    checkOutputDir({ out, field: '--out', scanned: [], read: flags.config ? [flags.config] : [], emptied: [join(out, 'src'), join(out, 'downloads')], cwd: ctx.cwd, home: ctx.env['HOME'] });
    const root = await OutputRoot.open(out, { field: '--out', warn: (m) => ctx.log.warn(m) });
    try {
      for (const d of ['downloads', 'src']) await root.mkdir(join(out, d));
      const got = await retrieveAll(cfg, { token, downloadDir: join(out, 'downloads'), log: ctx.log, env: ctx.env });
      let failed = got.failures.length;
      const names = new FolderNames();
      for (const p of got.packages) {
        try {
          const r = await extractSources(
            [{ path: p.zipPath, ...(p.application ? { application: p.application } : {}), ...(p.kind === 'module' && p.module ? { module: p.module } : {}), origin: { kind: 'lifetime', path: p.zipPath, sha256: p.sha256, bytes: p.bytes } }],
            join(out, 'src'),
            { log: ctx.log, names },
          );
          for (const t of r.targets) ctx.stdout.write(`${t.id}\t${p.sha256}\t${t.dir}\n`);
        } catch (err) {
          failed++;
          ctx.log.error(`${p.record.id}: ${describeError(err)}`);
        }
      }
      for (const f of got.failures) ctx.log.error(`FAILED ${f.id}: ${f.error ?? ''}`);
      ctx.log.info(`fetched ${got.packages.length} package(s), ${failed} failed`);
      ctx.exitCode = failed ? ExitCode.incomplete : ExitCode.ok;
    } finally {
      await root.close();
    }
  });
}

// `ossast demo`: the whole flow on the bundled demo app: LifeTime simulator → run → reports.
import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { configSchema } from '../../config/schema.js';
import { resolvePaths } from '../../config/load.js';
import { executePipeline } from '../pipeline-command.js';
import { buildDemoPackage } from '../../demo/build-package.js';
import { startLifetimeSimulator, catalogFromDemoPackage } from '../../demo/lifetime-simulator/index.js';
import { registerSecret } from '../../util/redact.js';
import { OutputRoot } from '../../util/output-root.js';
import { buildPlatformPackage, DEMO_PROBE_ANSWERS } from '../../demo/platform-package.js';
import { demoAllowListCheck, demoAllowFile } from '../../demo/exposure-check.js';
import { startProbeServer } from '../../demo/probe-server.js';

export function registerDemo(program: Command, ctx: CommandContext): void {
  program
    .command('demo')
    .description('run the whole pipeline on the bundled demo application, retrieved from a local LifeTime simulator')
    .option('--out <dir>', 'output folder', 'ossast-out')
    .action(async (flags: { out: string }) => {
      const out = resolve(ctx.cwd, flags.out);
      // The demo's packages go in the output folder: it is opened (checked, marked, locked) before they are written.
      const root = await OutputRoot.open(out, { field: '--out', warn: (m) => ctx.log.warn(m) });
      try {
        const pkg = await buildDemoPackage(join(out, 'demo-package'));
        ctx.log.info(`demo: built the synthetic OutSystems 11 application ${pkg.appName} (${pkg.modules.length} modules)`);
        const token = `demo-${randomBytes(16).toString('hex')}`;
        registerSecret(token);
        // A second application with the five endpoints OutSystems keeps public by design (allow-listed by the built-in list).
        const platform = await buildPlatformPackage(join(out, 'demo-package'));
        const catalog = catalogFromDemoPackage(pkg);
        catalog.applications.push(catalogFromDemoPackage(platform).applications[0]!);
        const sim = await startLifetimeSimulator({ catalog, token });
        ctx.log.info(`demo: LifeTime simulator listening on ${sim.url}`);
        // The server the exposed interfaces are probed on, from outside and without credentials.
        const probe = await startProbeServer({ answers: DEMO_PROBE_ANSWERS });
        ctx.log.info(`demo: probe target (the apps' server, seen from outside) listening on ${probe.url}`);
        try {
          const config = resolvePaths(
            configSchema.parse({
              version: 1,
              lifetime: { url: sim.url, environment: 'Production', applications: [pkg.appName, platform.appName], pollIntervalSeconds: 0.2, requestTimeoutSeconds: 30, retries: 2 },
              output: { dir: out, formats: ['sarif', 'console', 'markdown', 'html', 'junit', 'manifest'], sarifProfile: 'github' },
              exposure: { probeUrl: probe.url },
            }),
            ctx.cwd,
          );
          ctx.exitCode = await executePipeline({ ...ctx, env: { ...ctx.env, LIFETIME_TOKEN: token } }, config, undefined);
          const exposure = await demoAllowListCheck(out);
          ctx.log.info(
            `demo: exposure: reachable from outside and not allow-listed: ${exposure.without.join(', ') || 'none'} (\`ossast exposure\` would exit ${exposure.without.length ? 1 : 0}); with --allow ${demoAllowFile()}: ${exposure.withDemoList.join(', ') || 'none'} (exit ${exposure.withDemoList.length ? 1 : 0})`,
          );
        } finally {
          await sim.close();
          await probe.close();
        }
      } finally {
        await root.close();
      }
      // The demo app has planted weaknesses, so the gate fails on purpose; the demo itself succeeded.
      if (ctx.exitCode === 1) {
        ctx.log.info('demo: the gate would fail this build (exit 1) because of the planted weaknesses; that is the expected outcome');
        ctx.exitCode = 0;
      }
    });
}

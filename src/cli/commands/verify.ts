// `ossast verify <out-dir> --key PUBLIC.pem`: checks a run's signed evidence bundle (evidence.dsse.json): exit 0 when
// the signature and every file's SHA-256 hold, 1 naming what differs, 2 for usage errors (no bundle, bad key file).
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { CommandContext } from '../command-context.js';
import { loadPublicKey } from '../../evidence/keys.js';
import { verifyBundle } from '../../evidence/verify.js';
import { EVIDENCE_FILE } from '../../evidence/statement.js';
import { ExitCode, UsageError } from '../../util/errors.js';

export function registerVerify(program: Command, ctx: CommandContext): void {
  program
    .command('verify')
    .description(`verify a run's signed evidence bundle (${EVIDENCE_FILE}, written with --sign-key): the signature with the public key, then every output file and downloaded package it names`)
    .argument('<out-dir>', 'the output folder of a scan, run or merge made with --sign-key')
    .option('--key <file>', 'the Ed25519 public key (PEM) of the signing key')
    .action(async (outDir: string, flags: { key?: string }) => {
      if (!flags.key) throw new UsageError('verify needs --key FILE: the public key (PEM) of the key the run was signed with', 'e.g. ossast verify ossast-out --key ossast-signing.pub.pem');
      const key = await loadPublicKey(resolve(ctx.cwd, flags.key));
      const result = await verifyBundle(resolve(ctx.cwd, outDir), key);
      for (const p of result.problems) ctx.stdout.write(`FAILED ${p}\n`);
      const pred = result.predicate;
      if (result.ok && pred) {
        ctx.stdout.write(`verified: signature good, ${result.verified.length} file(s) as signed\n`);
        ctx.stdout.write(`run: ossast ${pred.ossastVersion} ${pred.command}, ${pred.startedAt} to ${pred.finishedAt}; verdict ${pred.verdict} (exit ${pred.exitCode})${pred.summary ? `: ${pred.summary}` : ''}\n`);
        ctx.exitCode = ExitCode.ok;
        return;
      }
      ctx.stdout.write(`NOT VERIFIED: ${result.problems.length} problem(s); do not rely on the files in ${outDir}\n`);
      ctx.exitCode = ExitCode.findings;
    });
}

// Exit codes and examples appended to every command's --help (the README's exit-code table, per command).
import type { Command } from 'commander';

const CODES: Record<string, string> = {
  '0': 'success (pass)',
  '1': 'findings at or above the fail level',
  '2': 'usage or configuration error: nothing was done',
  '3': 'could not complete (download, extraction, scanner or write failed)',
  '130/143': 'stopped by SIGINT/SIGTERM',
};

/** What each command's exit codes mean and how it is typically called, by the command's full name. */
const HELP: Record<string, { codes: Record<string, string>; examples: string[] }> = {
  ossast: { codes: CODES, examples: ['ossast scan MyApp.oap.zip --fail-on warning', 'ossast run --config ossast.yml'] },
  scan: { codes: CODES, examples: ['ossast scan Shop.zip --out ossast-out --format sarif,console,html', 'ossast scan extracted/ --format sarif=- > results.sarif'] },
  run: { codes: CODES, examples: ['ossast run --config ossast.yml   # LIFETIME_TOKEN from the environment', 'ossast run --lifetime-url https://lt.example.com --environment Production --app Shop'] },
  fetch: {
    codes: { '0': 'every package retrieved and extracted', '2': CODES['2']!, '3': 'a download or an extraction failed', '130/143': CODES['130/143']! },
    examples: ['ossast fetch --lifetime-url https://lt.example.com --environment Production --app Shop --out fetched'],
  },
  extract: { codes: { '0': 'extracted', '2': CODES['2']!, '3': 'the archive was refused or could not be read', '130/143': CODES['130/143']! }, examples: ['ossast extract Shop.zip --out extracted && ossast scan extracted'] },
  plan: {
    codes: { '0': 'the matrix was printed', '2': CODES['2']!, '3': 'LifeTime could not be asked or a source could not be read', '130/143': CODES['130/143']! },
    examples: ['ossast plan --config ossast.yml --max-per-shard 20 --format github', 'ossast plan Shop.zip --shards 3 --format json'],
  },
  merge: {
    codes: { '0': 'merged', '2': CODES['2']!, '3': 'a log could not be read or the merged log not written', '130/143': CODES['130/143']! },
    examples: ['ossast merge semgrep.sarif other-tool.sarif --output merged.sarif --source-root src'],
  },
  gate: { codes: { ...CODES, '3': 'a run in the log says its tool failed (0 with --allow-partial)' }, examples: ['ossast gate results.sarif --fail-on warning --suppressions suppressions.yml'] },
  suppressions: { codes: { '0': 'valid, nothing expired', '1': 'an entry has expired', '2': 'a file is invalid' }, examples: ['ossast suppressions check suppressions.yml --within 14'] },
  'suppressions check': { codes: { '0': 'valid, nothing expired', '1': 'an entry has expired', '2': 'a file is invalid' }, examples: ['ossast suppressions check suppressions.yml --within 14'] },
  exposure: {
    codes: { '0': 'nothing reachable outside the allow-list', '1': 'an endpoint is reachable from outside and not allow-listed', '2': CODES['2']!, '3': 'the inventory could not be built', '130/143': CODES['130/143']! },
    examples: ['ossast exposure Shop.zip --probe-url https://apps.example.com --allow allow.yml'],
  },
  setup: {
    codes: { '0': 'the pinned Semgrep is installed (or already was)', '2': 'usage error, or no Python 3 to run', '3': 'pip could not install it (offline? the message names the commands to run by hand)', '130/143': CODES['130/143']! },
    examples: ['ossast setup', 'PIP_INDEX_URL=https://pypi.example.com/simple ossast setup'],
  },
  doctor: {
    codes: { '0': 'everything ossast needs is here', '2': CODES['2']!, '3': 'something is missing or unusable (each FAIL line says what to do)' },
    examples: ['ossast doctor', 'ossast doctor --config ossast.yml --lifetime-url https://lt.example.com'],
  },
  verify: {
    codes: { '0': 'the signature and every file hold', '1': 'a file differs, is missing or escapes the folder, or the signature is bad', '2': 'usage error: no bundle, no or bad key file' },
    examples: ['ossast verify ossast-out --key ossast-signing.pub.pem && less ossast-out/summary.md'],
  },
  demo: { codes: { '0': 'the demo ran (its gate fails on purpose)', '2': CODES['2']!, '3': 'a step of the demo failed', '130/143': CODES['130/143']! }, examples: ['ossast demo --out ossast-out'] },
};

/** Adds "Exit codes" and "Examples" after the help of `cmd` and of every sub-command, recursively. */
export function addExitHelp(cmd: Command, parents: string[] = []): void {
  const name = [...parents, cmd.name()].filter((n) => n !== 'ossast' || parents.length === 0).join(' ');
  const help = HELP[name] ?? HELP[cmd.name()];
  if (help) {
    const codes = Object.entries(help.codes).map(([c, m]) => `  ${c.padEnd(8)}${m}`);
    cmd.addHelpText('after', ['', 'Exit codes:', ...codes, '', 'Examples:', ...help.examples.map((e) => `  $ ${e}`)].join('\n'));
  }
  for (const sub of cmd.commands) addExitHelp(sub, name === 'ossast' ? [] : [name]);
}

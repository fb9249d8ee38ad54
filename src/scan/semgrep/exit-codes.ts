// What Semgrep's exit codes mean (Semgrep CLI reference, "Exit codes") and what the user should do about each.

export interface ExitMeaning {
  ok: boolean;
  meaning: string;
  hint?: string;
}

const meanings: Record<number, ExitMeaning> = {
  0: { ok: true, meaning: 'completed' },
  1: { ok: true, meaning: 'completed with findings' },
  2: { ok: false, meaning: 'fatal error', hint: 'read the stderr lines above; rerun with --verbose for more' },
  3: { ok: false, meaning: 'a target file could not be parsed', hint: 'see the notifications for the file; report it to Semgrep if the code is valid' },
  4: { ok: false, meaning: 'a rule has an invalid pattern', hint: 'run `semgrep --validate --config <rules>` on your rule files' },
  5: { ok: false, meaning: 'a rule file is not valid YAML', hint: 'fix the YAML of your rule files' },
  7: { ok: false, meaning: 'a rule file (--config) is missing', hint: 'check the paths under scanners[].rules' },
  8: { ok: false, meaning: 'a rule names an invalid language', hint: 'check `languages:` in your rule files' },
  137: { ok: false, meaning: 'killed (out of memory)', hint: 'give the machine more memory, lower jobs, or scan fewer modules at once' },
};

export function semgrepExit(code: number): ExitMeaning {
  return meanings[code] ?? { ok: false, meaning: `unexpected exit code ${code}`, hint: 'rerun with --verbose and read its stderr' };
}

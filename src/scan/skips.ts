// Which skipped files were not analysed at all (a size limit, a timeout, a parse failure) and which only in part.

/**
 * Reason ossast gives a file Semgrep parsed with errors and recovered from ("PartialParsing"): it analysed the file
 * except the ranges named, so the file's other findings are in the log.
 */
export const PARTIALLY_PARSED = 'partially parsed';
/** Semgrep's skip reason for a file whose parse failed or was recovered from (the errors say which). */
const PARSER_REASON = 'analysis_failed_parser_or_internal_error';

/**
 * Whether the reasons given for one file mean it was not (fully) analysed, so its target's results are incomplete:
 * every reason except a recovered parse counts (over the size limit, a timeout, out of memory, a syntax error the
 * tool did not recover from, any reason ossast does not know). A file only partly parsed is analysed: its unparsed
 * ranges are reported, not failed.
 */
export function notAnalysed(reasons: readonly string[]): boolean {
  const partial = reasons.some((r) => r.startsWith(`${PARTIALLY_PARSED}:`));
  return !partial || reasons.some((r) => r !== PARSER_REASON && !r.startsWith(`${PARTIALLY_PARSED}:`));
}

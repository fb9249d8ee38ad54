// Regexes in suppression files: JavaScript syntax, plus a leading "(?i)" for case-insensitive (as in Semgrep rules).

export function toRegExp(source: string): RegExp {
  return source.startsWith('(?i)') ? new RegExp(source.slice(4), 'i') : new RegExp(source);
}

export function isValidRegExp(source: string): boolean {
  try {
    toRegExp(source);
    return true;
  } catch {
    return false;
  }
}

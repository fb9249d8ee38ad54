// Expiry dates of suppressions: why a text is not a real YYYY-MM-DD date, and how many days one has left (compared as dates).

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const daysIn = (year: number, month: number): number => (month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);

/** The message for a string that is not a real YYYY-MM-DD date. */
export function dateProblem(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return 'a date written YYYY-MM-DD';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return `no such date: there is no month ${m[2]} (a date written YYYY-MM-DD)`;
  const max = daysIn(year, month);
  if (day < 1 || day > max) return `no such date: ${MONTHS[month - 1]} ${m[1]} has ${max} days (a date written YYYY-MM-DD)`;
  return 'a date written YYYY-MM-DD';
}

/** Days from `now`'s day (UTC) to `expires`: 0 on its last day, negative once expired. A date that is not real counts as long expired (fail closed). */
export function daysLeft(expires: string, now: Date): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(expires);
  if (!m) return -Infinity;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return -Infinity;
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Math.round((at.getTime() - today) / 86_400_000);
}

/** Whether an entry with this expiry suppresses nothing on `now` (UTC): from the day after `expires`. */
export const isExpired = (expires: string, now: Date): boolean => daysLeft(expires, now) < 0;

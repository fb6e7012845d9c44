import type { Cadence } from './schemas/common.ts';

const CADENCE_MONTHS: Record<Cadence, number> = {
  monthly: 1,
  quarterly: 3,
  semiannual: 6,
  annual: 12,
};

/** The number of days in a month (1–12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Adds whole months to a YYYY-MM-DD date, clamping to the month's last day (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = daysInMonth(year, month);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The date a document is next due for review: its last review plus its cadence. */
export function nextReview(lastReviewed: string, cadence: Cadence): string {
  return addMonths(lastReviewed, CADENCE_MONTHS[cadence]);
}

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whether an ISO instant falls inside a period of whole UTC days (both ends inclusive). */
export function inPeriod(instant: string, period: { start: string; end: string }): boolean {
  // UTC instants (…Z), as GitHub and CloudTrail write them, carry their UTC day in front: it is
  // compared in place, as this runs for every record.
  if (instant.endsWith('Z') && instant[10] === 'T')
    return compareDay(instant, period.start) >= 0 && compareDay(instant, period.end) <= 0;
  const day = new Date(instant).toISOString().slice(0, 10);
  return day >= period.start && day <= period.end;
}

/** Orders the day an instant starts with against a YYYY-MM-DD day. */
function compareDay(instant: string, day: string): number {
  for (let i = 0; i < 10; i++) {
    const d = instant.charCodeAt(i) - day.charCodeAt(i);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Whether an instant is written YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DDTHH:MM:SS.sssZ: two such of the
 * same length order as text. The separators are checked, not the digits: instants reach the rules
 * validated by their schemas, and this runs for every review and check of every pull request.
 */
function isCanonicalUtc(s: string): boolean {
  const n = s.length;
  return (
    (n === 20 || (n === 24 && s.charCodeAt(19) === 46)) &&
    s.charCodeAt(n - 1) === 90 &&
    s.charCodeAt(10) === 84 &&
    s.charCodeAt(4) === 45 &&
    s.charCodeAt(7) === 45 &&
    s.charCodeAt(13) === 58 &&
    s.charCodeAt(16) === 58
  );
}

/**
 * Orders two ISO instants. UTC instants written the same way (as GitHub and CloudTrail write
 * them) compare as text, which is much faster than parsing them; anything else is parsed.
 */
export function compareInstants(a: string, b: string): number {
  if (a.length === b.length && isCanonicalUtc(a) && isCanonicalUtc(b))
    return a < b ? -1 : a > b ? 1 : 0;
  return Date.parse(a) - Date.parse(b);
}

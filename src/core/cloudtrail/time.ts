// Strict date and time parsing. `new Date(text)` accepts impossible dates (2026-02-30 becomes
// 2026-03-02) and many non-ISO forms, so evidence times are checked field by field instead.

import { daysInMonth } from '../dates.ts';

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function realDay(y: number, mo: number, d: number): boolean {
  return y >= 1000 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/**
 * Milliseconds since the epoch of an ISO 8601 instant (`2026-06-14T02:14:05Z`, optional fraction,
 * `Z` or a `±hh:mm` offset), or null when the text is not one or names a time that does not exist
 * (February 30th, hour 24, second 60). With `utcOnly`, only `Z` is accepted.
 */
export function parseInstant(text: string, utcOnly = false): number | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const zone = m[8] as string;
  if (!realDay(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  if (utcOnly && zone !== 'Z') return null;
  let offset = 0;
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) return null;
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  return Date.UTC(y, mo - 1, d, h, mi, s, ms) - offset;
}

/** A real calendar day `YYYY-MM-DD`. */
export function isCalendarDay(text: string): boolean {
  const m = DAY.exec(text);
  return m !== null && realDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** A frontmatter date: a calendar day, or an instant (with Z or an offset). */
export type DocumentDate = { kind: 'day'; day: string } | { kind: 'instant'; ms: number };

export function parseDocumentDate(value: unknown): DocumentDate | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (isCalendarDay(text)) return { kind: 'day', day: text };
  const ms = parseInstant(text);
  return ms === null ? null : { kind: 'instant', ms };
}

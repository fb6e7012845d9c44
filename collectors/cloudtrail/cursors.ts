// Cursor arithmetic of incremental CloudTrail collection. Pure: days (YYYY-MM-DD) and ISO times
// in and out. Files mode keeps a cursor per stream (`<account>/<region>`: the last day read);
// the APIs keep one per mode and region (`lookup:<region>`, `lake:<region>`: the run's end).

/** LookupEvents only reaches this far back. */
export const LOOKUP_DAYS = 90;
/** Events reach CloudTrail up to about 15 minutes late; API runs re-read that much. */
export const LATE_MS = 20 * 60_000;

/** What a run was asked to read again, whatever the cursors say. */
export interface Rereading {
  /** `--since` (a day). */
  since: string | undefined;
  /** `--full`: the whole period. */
  full: boolean | undefined;
  periodStart: string;
}

/** A log file's stream: its account and region. */
export function streamOf(file: { account: string; region: string }): string {
  return `${file.account}/${file.region}`;
}

/** The first day of a stream's log files a run reads: `--since`, or the cursor, or the period start. */
export function firstDayToRead(
  stream: string,
  cursors: Readonly<Record<string, string>>,
  run: Rereading,
): string {
  return run.since ?? (run.full ? run.periodStart : (cursors[stream] ?? run.periodStart));
}

/**
 * Files grouped by month and account (`YYYY-MM/<account>`), the groups in order: a cursor
 * committed with one month then never passes files of an earlier month that a crash would
 * leave unread. Files keep their order within a group.
 */
export function byMonth<F extends { day: string; account: string }>(
  files: readonly F[],
): [string, F[]][] {
  const groups = new Map<string, F[]>();
  for (const f of files) {
    const key = `${f.day.slice(0, 7)}/${f.account}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The later of two days; the first may be missing. */
export function laterDay(a: string | undefined, b: string): string {
  return a === undefined || b > a ? b : a;
}

/** The earlier of two days; the first may be missing. */
export function earlierDay(a: string | undefined, b: string): string {
  return a === undefined || b < a ? b : a;
}

/**
 * A stream's cursor after a month: the first day of a file that failed in this run (read again
 * next time), else the last day read. It only moves back when asked to re-read (`--since`,
 * `--full`) or to a failed file's day.
 */
export function streamCursor(stream: {
  before: string | undefined;
  reached: string | undefined;
  failed: string | undefined;
  rereadAll: boolean;
}): string {
  if (stream.failed !== undefined) return stream.failed;
  const day = stream.reached as string;
  return !stream.rereadAll && stream.before !== undefined && stream.before > day
    ? stream.before
    : day;
}

/** The earliest event time an API run asks for: `--since`, the period start, or the cursor less LATE_MS. */
export function apiStart(cursor: string | undefined, run: Rereading): string {
  return run.since !== undefined
    ? `${run.since}T00:00:00.000Z`
    : run.full || !cursor
      ? `${run.periodStart}T00:00:00.000Z`
      : new Date(Date.parse(cursor) - LATE_MS).toISOString();
}

/** LookupEvents' start: no earlier than it can reach (LOOKUP_DAYS before now). */
export function lookupStart(start: string, now: Date): string {
  const oldest = new Date(now.getTime() - LOOKUP_DAYS * 86_400_000).toISOString();
  return start > oldest ? start : oldest;
}

/** Waits between polls of a Lake query: 1 s, doubling, at most 30 s. */
export function* pollWaits(): Generator<number, never> {
  for (let wait = 1000; ; wait = Math.min(wait * 2, 30_000)) yield wait;
}

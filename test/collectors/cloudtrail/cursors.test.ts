import { describe, expect, it } from 'vitest';
import {
  apiStart,
  byMonth,
  earlierDay,
  firstDayToRead,
  laterDay,
  LATE_MS,
  lookupStart,
  pollWaits,
  streamCursor,
  streamOf,
} from '../../../collectors/cloudtrail/cursors.ts';

const run = { since: undefined, full: false, periodStart: '2026-01-01' };

describe('files mode', () => {
  it('names a stream by account and region', () => {
    expect(streamOf({ account: '111111111111', region: 'eu-central-1' })).toBe(
      '111111111111/eu-central-1',
    );
  });

  it('reads a stream from its cursor, the period start, or --since; --full ignores the cursor', () => {
    const cursors = { '1/eu': '2026-03-04' };
    expect(firstDayToRead('1/eu', cursors, run)).toBe('2026-03-04');
    expect(firstDayToRead('1/us', cursors, run)).toBe('2026-01-01');
    expect(firstDayToRead('1/eu', cursors, { ...run, full: true })).toBe('2026-01-01');
    expect(firstDayToRead('1/eu', cursors, { ...run, since: '2026-02-01' })).toBe('2026-02-01');
  });

  it('groups files by month and account, months in order, files in theirs', () => {
    const f = (day: string, account: string, name: string) => ({ day, account, name });
    const files = [
      f('2026-03-02', '2', 'a'),
      f('2026-02-28', '1', 'b'),
      f('2026-03-01', '2', 'c'),
      f('2026-02-01', '1', 'd'),
    ];
    expect(byMonth(files).map(([key, group]) => [key, group.map((x) => x.name)])).toEqual([
      ['2026-02/1', ['b', 'd']],
      ['2026-03/2', ['a', 'c']],
    ]);
  });

  it('tracks the last day read and the first day failed', () => {
    expect(laterDay(undefined, '2026-03-02')).toBe('2026-03-02');
    expect(laterDay('2026-03-05', '2026-03-02')).toBe('2026-03-05');
    expect(earlierDay(undefined, '2026-03-02')).toBe('2026-03-02');
    expect(earlierDay('2026-03-05', '2026-03-02')).toBe('2026-03-02');
  });

  it('moves a stream’s cursor to the last day read, never back unless asked to re-read', () => {
    const stream = { before: '2026-03-10', reached: '2026-03-12', failed: undefined };
    expect(streamCursor({ ...stream, rereadAll: false })).toBe('2026-03-12');
    expect(streamCursor({ ...stream, reached: '2026-03-01', rereadAll: false })).toBe('2026-03-10');
    expect(streamCursor({ ...stream, reached: '2026-03-01', rereadAll: true })).toBe('2026-03-01');
    expect(streamCursor({ ...stream, before: undefined, rereadAll: false })).toBe('2026-03-12');
  });

  it('holds a stream’s cursor at the first day of a file that failed, even behind the old cursor', () => {
    expect(
      streamCursor({
        before: '2026-03-10',
        reached: '2026-03-12',
        failed: '2026-03-08',
        rereadAll: false,
      }),
    ).toBe('2026-03-08');
  });
});

describe('API modes', () => {
  it('starts at --since, the period start (no cursor, --full), or the cursor less the late margin', () => {
    const cursor = '2026-11-20T06:00:00.000Z';
    expect(apiStart(cursor, run)).toBe(new Date(Date.parse(cursor) - LATE_MS).toISOString());
    expect(apiStart(cursor, run)).toBe('2026-11-20T05:40:00.000Z');
    expect(apiStart(undefined, run)).toBe('2026-01-01T00:00:00.000Z');
    expect(apiStart(cursor, { ...run, full: true })).toBe('2026-01-01T00:00:00.000Z');
    expect(apiStart(cursor, { ...run, since: '2026-11-01' })).toBe('2026-11-01T00:00:00.000Z');
  });

  it('starts LookupEvents no earlier than 90 days back', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    expect(lookupStart('2026-01-01T00:00:00.000Z', now)).toBe('2026-08-24T12:00:00.000Z');
    expect(lookupStart('2026-11-20T05:40:00.000Z', now)).toBe('2026-11-20T05:40:00.000Z');
  });

  it('polls a Lake query after 1 s, doubling to at most 30 s', () => {
    const waits: number[] = [];
    for (const wait of pollWaits()) if (waits.push(wait) === 8) break;
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  cursorsAfterRun,
  deploymentLower,
  deploymentsCursorKey,
  latest,
  newerThan,
  pullRequestWindow,
} from '../../../collectors/github/cursors.ts';

const periodStart = '2026-01-01T00:00:00Z';

describe('pullRequestWindow', () => {
  it('reads from the period start when there is no cursor', () => {
    expect(pullRequestWindow({ since: undefined, cursor: undefined, periodStart })).toEqual({
      lower: periodStart,
      readsPastCursor: true,
    });
  });

  it('re-reads a day before the cursor', () => {
    expect(
      pullRequestWindow({ since: undefined, cursor: '2026-03-10T08:00:00Z', periodStart }),
    ).toEqual({ lower: '2026-03-09T08:00:00.000Z', readsPastCursor: true });
  });

  it('reads from --since; past the cursor only when --since is not later than it', () => {
    const cursor = '2026-03-10T08:00:00Z';
    expect(pullRequestWindow({ since: '2026-03-01', cursor, periodStart })).toEqual({
      lower: '2026-03-01T00:00:00Z',
      readsPastCursor: true,
    });
    expect(pullRequestWindow({ since: '2026-03-25', cursor, periodStart })).toEqual({
      lower: '2026-03-25T00:00:00Z',
      readsPastCursor: false,
    });
    // No cursor: --since later than the period start leaves the start unread.
    expect(
      pullRequestWindow({ since: '2026-03-01', cursor: undefined, periodStart }),
    ).toMatchObject({ readsPastCursor: false });
  });
});

describe('deploymentLower', () => {
  it('is a week before the cursor, or the period start', () => {
    expect(deploymentLower('2026-03-10T08:00:00Z', periodStart)).toBe('2026-03-03T08:00:00.000Z');
    expect(deploymentLower(undefined, periodStart)).toBe(periodStart);
  });
});

describe('newerThan', () => {
  const at = (t: string) => ({ t });
  it('keeps the nodes down to the first older than the bound, and says it was met', () => {
    const nodes = [
      at('2026-03-05T00:00:00Z'),
      at('2026-03-01T00:00:00Z'),
      at('2026-03-04T00:00:00Z'),
    ];
    expect(newerThan(nodes, Date.parse('2026-03-02T00:00:00Z'), (n) => n.t)).toEqual({
      nodes: [nodes[0]],
      reachedLower: true,
    });
    expect(newerThan(nodes, Date.parse('2026-02-01T00:00:00Z'), (n) => n.t)).toEqual({
      nodes,
      reachedLower: false,
    });
  });

  it('keeps a node exactly at the bound', () => {
    const nodes = [at('2026-03-02T00:00:00Z')];
    expect(newerThan(nodes, Date.parse('2026-03-02T00:00:00Z'), (n) => n.t).reachedLower).toBe(
      false,
    );
  });
});

describe('latest', () => {
  it('is the latest time given, ignoring gaps', () => {
    expect(latest([undefined, '2026-03-01T00:00:00Z', null, '2026-03-02T00:00:00Z'])).toBe(
      '2026-03-02T00:00:00Z',
    );
    expect(latest([undefined, null])).toBeUndefined();
  });
});

describe('cursorsAfterRun', () => {
  const repo = 'acme/api';
  const base = {
    cursor: '2026-03-10T00:00:00Z',
    readsPastCursor: true,
    updatedSeen: [] as string[],
    deploymentCursor: undefined,
    createdSeen: [] as string[],
  };
  const others = { 'acme/web': '2026-02-01T00:00:00Z' };

  it('moves the pull-request cursor to the newest update seen, never back', () => {
    expect(
      cursorsAfterRun({ ...others, [repo]: base.cursor }, repo, {
        ...base,
        updatedSeen: ['2026-03-12T00:00:00Z', '2026-03-09T00:00:00Z'],
      }),
    ).toEqual({ ...others, [repo]: '2026-03-12T00:00:00Z' });
    expect(
      cursorsAfterRun({ [repo]: base.cursor }, repo, {
        ...base,
        updatedSeen: ['2026-03-09T00:00:00Z'],
      }),
    ).toEqual({ [repo]: base.cursor });
  });

  it('keeps the cursor a run started from when it did not read past it; none means none', () => {
    const skipped = { ...base, readsPastCursor: false, updatedSeen: ['2026-03-30T00:00:00Z'] };
    expect(cursorsAfterRun({ [repo]: base.cursor }, repo, skipped)).toEqual({
      [repo]: base.cursor,
    });
    // Under --full the run started from no cursor: a stored one is dropped.
    expect(
      cursorsAfterRun({ [repo]: base.cursor }, repo, { ...skipped, cursor: undefined }),
    ).toEqual({});
  });

  it('moves the deployment cursor to the newest creation seen', () => {
    expect(
      cursorsAfterRun({}, repo, {
        ...base,
        cursor: undefined,
        deploymentCursor: '2026-03-01T00:00:00Z',
        createdSeen: ['2026-03-04T00:00:00Z', '2026-02-20T00:00:00Z'],
      }),
    ).toEqual({ [deploymentsCursorKey(repo)]: '2026-03-04T00:00:00Z' });
    expect(deploymentsCursorKey(repo)).toBe('acme/api:deployments');
  });
});

import { describe, expect, it } from 'vitest';
import { checkVerdicts, failingChecks } from '../../../src/core/github/checks.ts';
import {
  approvingReviewers,
  countedApprovals,
  decisiveReviews as decisiveList,
  isContributor,
  sameLogin,
} from '../../../src/core/github/reviews.ts';
import type { PullRequestRecord } from '../../../src/core/schemas/github.ts';
import { commit, pr, review } from '../../rules/github-fixtures.ts';

// Each reviewer's decisive review by lower-cased login.
const decisiveReviews = (p: PullRequestRecord, until?: string) =>
  new Map(decisiveList(p, until).map((r) => [r.author.toLowerCase(), r]));

describe('reviews at merge time', () => {
  it("keeps each reviewer's latest verdict before the merge; comments and later reviews do not change it", () => {
    const merged = pr({
      reviews: [
        review('Bob', 'CHANGES_REQUESTED', '2026-03-02T09:00:00Z'),
        review('bob', 'APPROVED', '2026-03-02T10:00:00Z'),
        review('bob', 'COMMENTED', '2026-03-02T11:00:00Z'),
        review('carol', 'APPROVED', '2026-03-02T11:30:00Z'),
        review('carol', 'DISMISSED', '2026-03-02T12:30:00Z'),
      ],
    });
    const decisive = decisiveReviews(merged);
    expect([...decisive.keys()].sort()).toEqual(['bob', 'carol']);
    expect(decisive.get('bob')?.state).toBe('APPROVED');
    expect(decisive.get('carol')?.state).toBe('APPROVED');
    // Until an earlier instant, bob had only asked for changes.
    expect(decisiveReviews(merged, '2026-03-02T09:30:00Z').get('bob')?.state).toBe(
      'CHANGES_REQUESTED',
    );
  });

  it('breaks a tie of two reviews at the same instant by the greater id, whatever their order', () => {
    const at = '2026-03-02T10:00:00Z';
    const reviews = [
      { ...review('bob', 'APPROVED', at), id: 'R_2' },
      { ...review('bob', 'CHANGES_REQUESTED', at), id: 'R_1' },
    ];
    expect(decisiveReviews(pr({ reviews })).get('bob')?.id).toBe('R_2');
    expect(decisiveReviews(pr({ reviews: [...reviews].reverse() })).get('bob')?.id).toBe('R_2');
  });

  it('compares logins without case, non-ASCII ones too', () => {
    expect(sameLogin('Alice-Ops', 'alice-ops')).toBe(true);
    expect(sameLogin('alice', 'alicf')).toBe(false);
    expect(sameLogin('alice', 'alice2')).toBe(false);
    expect(sameLogin('ÉVA', 'éva')).toBe(true);
    expect(sameLogin('İ', 'i̇')).toBe(true);
  });

  it('does not count approvals by the author or by a commit author, in any case, and sorts approvers', () => {
    const merged = pr({
      author: 'Alice',
      commits: [commit('a'.repeat(40), ['alice']), commit('b'.repeat(40), ['Dave'])],
      reviews: [
        review('zoe', 'APPROVED', '2026-03-02T10:00:00Z'),
        review('dave', 'APPROVED', '2026-03-02T10:00:00Z'),
        review('ALICE', 'APPROVED', '2026-03-02T10:00:00Z'),
        review('bob', 'APPROVED', '2026-03-02T10:00:00Z'),
      ],
    });
    expect(isContributor(merged, 'alice')).toBe(true);
    expect(isContributor(merged, 'DAVE')).toBe(true);
    expect(isContributor(merged, 'bob')).toBe(false);
    expect(countedApprovals(merged).map((r) => r.author)).toEqual(['bob', 'zoe']);
    expect(approvingReviewers(merged).map((r) => r.author)).toEqual([
      'ALICE',
      'bob',
      'dave',
      'zoe',
    ]);
  });
});

describe('check verdicts at merge time', () => {
  it('takes the run completed last before the merge; of two at the same instant, the later listed', () => {
    const at = '2026-03-02T10:00:00Z';
    const merged = pr({
      checks: [
        {
          name: 'build',
          kind: 'check-run',
          conclusion: 'FAILURE',
          completed_at: '2026-03-02T09:00:00Z',
        },
        { name: 'build', kind: 'check-run', conclusion: 'SUCCESS', completed_at: at },
        { name: 'build', kind: 'check-run', conclusion: 'FAILURE', completed_at: at },
        {
          name: 'test',
          kind: 'check-run',
          conclusion: 'SUCCESS',
          completed_at: '2026-03-02T13:00:00Z',
        },
        { name: 'lint', kind: 'status', conclusion: null, completed_at: null },
      ],
    });
    expect(checkVerdicts(merged, ['build', 'test'])).toEqual([
      { name: 'build', outcome: 'FAILURE', passed: false },
      { name: 'test', outcome: 'missing', passed: false },
    ]);
    expect(failingChecks(merged, ['build', 'test'])).toEqual(
      checkVerdicts(merged, ['build', 'test']),
    );
    expect(failingChecks(pr(), ['build', 'test'])).toEqual([]);
    // With no required checks, every check seen, by name.
    expect(checkVerdicts(merged, undefined).map((v) => `${v.name}:${v.outcome}`)).toEqual([
      'build:FAILURE',
      'lint:missing',
      'test:missing',
    ]);
  });
});

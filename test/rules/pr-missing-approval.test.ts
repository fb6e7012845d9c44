import { describe, expect, it } from 'vitest';
import { gapsOf } from './helpers.ts';
import { commit, githubModel, HEAD_OID, pr, review } from './github-fixtures.ts';

const gaps = (prs: ReturnType<typeof pr>[], params = 'min_approvals: 1') =>
  gapsOf(githubModel('pr-missing-approval', params, prs), 'pr-missing-approval');

describe('pr-missing-approval', () => {
  it('passes an independently approved PR and names the gap otherwise', () => {
    expect(gaps([pr()])).toEqual([]);
    const [gap] = gaps([pr({ reviews: [] })]);
    expect(gap).toMatchObject({
      control: 'OPS-01',
      severity: 'high',
      subject: 'github:acme/api#1',
      title: 'acme/api#1 merged with 0 of 1 required approvals',
      evidence: ['github:acme/api#1'],
    });
  });

  it("counts each reviewer's latest review only: a later change request revokes an approval", () => {
    expect(
      gaps([
        pr({
          reviews: [
            review('bob', 'APPROVED', '2026-03-02T10:00:00Z'),
            review('bob', 'CHANGES_REQUESTED', '2026-03-02T11:00:00Z'),
          ],
        }),
      ]),
    ).toHaveLength(1);
    expect(
      gaps([
        pr({
          reviews: [
            review('bob', 'CHANGES_REQUESTED', '2026-03-02T10:00:00Z'),
            review('bob', 'APPROVED', '2026-03-02T11:00:00Z'),
          ],
        }),
      ]),
    ).toEqual([]);
    // A comment after the approval does not revoke it.
    expect(
      gaps([
        pr({
          reviews: [
            review('bob', 'APPROVED', '2026-03-02T10:00:00Z'),
            review('bob', 'COMMENTED', '2026-03-02T11:00:00Z'),
          ],
        }),
      ]),
    ).toEqual([]);
  });

  it('does not count a review submitted after the merge', () => {
    expect(
      gaps([pr({ reviews: [review('bob', 'APPROVED', '2026-03-02T12:00:01Z')] })]),
    ).toHaveLength(1);
    expect(gaps([pr({ reviews: [review('bob', 'APPROVED', '2026-03-02T12:00:00Z')] })])).toEqual(
      [],
    );
  });

  it("does not count the author's own approval, nor a co-author's", () => {
    expect(
      gaps([pr({ reviews: [review('alice', 'APPROVED', '2026-03-02T11:00:00Z')] })]),
    ).toHaveLength(1);
    const coAuthored = pr({ commits: [commit(HEAD_OID, ['alice', 'bob'])] });
    expect(gaps([coAuthored])[0]?.title).toBe('acme/api#1 merged with 0 of 1 required approvals');
  });

  it('does not count a dismissed review', () => {
    expect(
      gaps([pr({ reviews: [review('bob', 'DISMISSED', '2026-03-02T11:00:00Z')] })]),
    ).toHaveLength(1);
  });

  it('needs the higher minimum only for PRs carrying a high-risk label (case-insensitive)', () => {
    const params = 'min_approvals: 1, high_risk: { labels: [high-risk], min_approvals: 2 }';
    expect(gaps([pr()], params)).toEqual([]);
    expect(gaps([pr({ labels: ['High-Risk'] })], params)[0]?.title).toBe(
      'acme/api#1 merged with 1 of 2 required approvals (high risk)',
    );
    const two = pr({
      labels: ['high-risk'],
      reviews: [
        review('bob', 'APPROVED', '2026-03-02T11:00:00Z'),
        review('carol', 'APPROVED', '2026-03-02T11:30:00Z'),
      ],
    });
    expect(gaps([two], params)).toEqual([]);
  });

  it('only looks at the configured repositories and the audit period', () => {
    expect(gaps([pr({ repo: 'acme/web', reviews: [] })], 'repos: [acme/api]')).toEqual([]);
    expect(gaps([pr({ repo: 'acme/web', reviews: [] })], 'repos: ["acme/*"]')).toHaveLength(1);
    expect(gaps([pr({ reviews: [], merged_at: '2025-12-31T23:59:59Z' })])).toEqual([]);
  });

  it('rejects unknown parameters with the line of the check', () => {
    expect(() => githubModel('pr-missing-approval', 'min_aprovals: 2', [])).toThrow(
      /unknown key \\"min_aprovals\\"/,
    );
  });
});

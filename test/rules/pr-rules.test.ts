import { describe, expect, it } from 'vitest';
import { gapsOf } from './helpers.ts';
import { commit, deployment, githubModel, HEAD_OID, pr, review } from './github-fixtures.ts';

const run = (rule: string, params: string, prs: ReturnType<typeof pr>[], asOf?: string) =>
  gapsOf(githubModel(rule, params, prs, [], asOf), rule);

describe('pr-approver-is-author', () => {
  it('flags an approver who co-authored a commit, not an independent one', () => {
    expect(run('pr-approver-is-author', '', [pr()])).toEqual([]);
    const gaps = run('pr-approver-is-author', '', [
      pr({ commits: [commit(HEAD_OID, ['alice']), commit('b'.repeat(40), ['carol', 'bob'])] }),
    ]);
    expect(gaps.map((g) => g.title)).toEqual([
      'acme/api#1 approved by bob, who also authored commits in it',
    ]);
  });

  it("flags the PR's author approving their own change", () => {
    const own = pr({ reviews: [review('alice', 'APPROVED', '2026-03-02T11:00:00Z')] });
    expect(run('pr-approver-is-author', '', [own]).map((g) => g.title)).toEqual([
      'acme/api#1 approved by alice, who also authored commits in it',
    ]);
    // And that approval does not count towards the minimum.
    expect(run('pr-missing-approval', 'min_approvals: 1', [own]).map((g) => g.title)).toEqual([
      'acme/api#1 merged with 0 of 1 required approvals',
    ]);
  });
});

describe('pr-stale-approval', () => {
  it('flags approvals given on a commit other than the merged head, only when dismiss_stale is the policy', () => {
    const stale = pr({
      reviews: [review('bob', 'APPROVED', '2026-03-02T11:00:00Z', 'c'.repeat(40))],
    });
    expect(run('pr-stale-approval', 'dismiss_stale: true', [pr()])).toEqual([]);
    expect(run('pr-stale-approval', 'dismiss_stale: false', [stale])).toEqual([]);
    expect(run('pr-stale-approval', 'dismiss_stale: true', [stale]).map((g) => g.title)).toEqual([
      'acme/api#1: approval by bob on ccccccc, merged head aaaaaaa',
    ]);
  });
});

describe('pr-checks-failed', () => {
  it('requires the named checks to have passed before the merge', () => {
    expect(run('pr-checks-failed', 'required_checks: [build, test]', [pr()])).toEqual([]);
    const late = pr({
      checks: [
        pr().checks[0]!,
        {
          name: 'test',
          kind: 'check-run',
          conclusion: 'SUCCESS',
          completed_at: '2026-03-02T12:30:00Z',
        },
      ],
    });
    expect(
      run('pr-checks-failed', 'required_checks: [build, test]', [late]).map((g) => g.title),
    ).toEqual(['acme/api#1 merged with checks not passing: test (missing)']);
    const failed = pr({
      checks: [
        pr().checks[0]!,
        {
          name: 'test',
          kind: 'status',
          conclusion: 'FAILURE',
          completed_at: '2026-03-02T10:05:00Z',
        },
      ],
    });
    expect(
      run('pr-checks-failed', 'required_checks: [build, test]', [failed]).map((g) => g.title),
    ).toEqual(['acme/api#1 merged with checks not passing: test (failure)']);
  });

  it('without required_checks, every reported check must pass; a re-run that passed wins', () => {
    const rerun = pr({
      checks: [
        {
          name: 'lint',
          kind: 'check-run',
          conclusion: 'FAILURE',
          completed_at: '2026-03-02T09:00:00Z',
        },
        {
          name: 'lint',
          kind: 'check-run',
          conclusion: 'SUCCESS',
          completed_at: '2026-03-02T09:30:00Z',
        },
        {
          name: 'docs',
          kind: 'check-run',
          conclusion: 'SKIPPED',
          completed_at: '2026-03-02T09:30:00Z',
        },
      ],
    });
    expect(run('pr-checks-failed', '', [rerun])).toEqual([]);
  });
});

describe('pr-template-incomplete', () => {
  const params = 'required_sections: ["Risk level", "Rollback plan", "Testing performed"]';
  it('flags missing and empty sections, ignoring case, colons and template comments', () => {
    expect(run('pr-template-incomplete', params, [pr()])).toEqual([]);
    const body =
      '### risk level:\nhigh\n## Rollback plan\n<!-- how to undo -->\n\n## Notes\n```\n## Testing performed\n```\n';
    expect(run('pr-template-incomplete', params, [pr({ body })]).map((g) => g.title)).toEqual([
      'acme/api#1 description lacks "Rollback plan", "Testing performed"',
    ]);
  });
});

describe('emergency-no-retro', () => {
  const params = 'labels: [EMERGENCY], within_hours: 24';
  const emergency = (o: Partial<ReturnType<typeof pr>> = {}) =>
    pr({ labels: ['EMERGENCY'], reviews: [], ...o });
  it('flags an emergency PR with neither approval nor follow-up within the window', () => {
    expect(run('emergency-no-retro', params, [emergency()]).map((g) => g.title)).toEqual([
      'acme/api#1 (emergency) had no approval or follow-up within 24 h of its merge',
    ]);
    expect(run('emergency-no-retro', params, [pr({ reviews: [] })])).toEqual([]); // no label
  });

  it('accepts an approval after the merge or a cross-reference inside the window, not after it', () => {
    expect(
      run('emergency-no-retro', params, [
        emergency({ reviews: [review('bob', 'APPROVED', '2026-03-03T11:59:59Z')] }),
      ]),
    ).toEqual([]);
    const xref = (created_at: string) => ({
      source: 'acme/api#2',
      url: 'https://github.com/acme/api/issues/2',
      is_pull_request: false,
      created_at,
    });
    expect(
      run('emergency-no-retro', params, [
        emergency({ cross_references: [xref('2026-03-03T12:00:00Z')] }),
      ]),
    ).toEqual([]);
    expect(
      run('emergency-no-retro', params, [
        emergency({ cross_references: [xref('2026-03-03T12:00:01Z')] }),
      ]),
    ).toHaveLength(1);
  });

  it('does not report a change whose window is still open at the as-of date', () => {
    expect(
      run(
        'emergency-no-retro',
        params,
        [emergency({ merged_at: '2026-11-22T08:00:00Z' })],
        '2026-11-22',
      ),
    ).toEqual([]);
    expect(
      run(
        'emergency-no-retro',
        params,
        [emergency({ merged_at: '2026-11-22T08:00:00Z' })],
        '2026-11-23',
      ),
    ).toHaveLength(1);
  });
});

describe('unsigned-commit', () => {
  it('reports each unsigned or unverified commit with its own gap', () => {
    const bad = pr({
      commits: [
        commit(HEAD_OID, ['alice']),
        commit('b'.repeat(40), ['alice'], false),
        {
          ...commit('c'.repeat(40), ['alice']),
          signature: { valid: false, state: 'UNKNOWN_KEY', signer: null },
        },
      ],
    });
    const gaps = run('unsigned-commit', '', [bad]);
    expect(gaps.map((g) => g.title).sort()).toEqual([
      'acme/api#1: commit bbbbbbb is not signed',
      'acme/api#1: commit ccccccc has an invalid signature (UNKNOWN_KEY)',
    ]);
    expect(new Set(gaps.map((g) => g.id)).size).toBe(2);
  });
});

describe('deploy-outside-window', () => {
  const params =
    'environments: [production], days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00"';
  const at = (created_at: string, o = {}) =>
    gapsOf(
      githubModel('deploy-outside-window', params, [pr()], [deployment({ created_at, ...o })]),
      'deploy-outside-window',
    );
  it('uses UTC boundaries: from is inclusive, to is exclusive', () => {
    expect(at('2026-03-03T09:00:00Z')).toEqual([]); // Tuesday 09:00
    expect(at('2026-03-03T08:59:59Z')).toHaveLength(1);
    expect(at('2026-03-03T16:59:59Z')).toEqual([]);
    expect(at('2026-03-03T17:00:00Z')).toHaveLength(1);
    expect(at('2026-03-03T17:30:00+02:00')).toEqual([]); // 15:30 UTC
  });

  it('flags weekends and other environments only when configured, and exempts emergency commits', () => {
    expect(at('2026-03-07T10:00:00Z')[0]?.title).toBe(
      'acme/api deployment 1001 to production on sat 2026-03-07 at 10:00 UTC, outside mon,tue,wed,thu,fri 09:00–17:00',
    );
    expect(at('2026-03-07T10:00:00Z', { environment: 'staging' })).toEqual([]);
    const emergency = gapsOf(
      githubModel(
        'deploy-outside-window',
        params,
        [pr({ labels: ['EMERGENCY'] })],
        [deployment({ created_at: '2026-03-07T10:00:00Z' })],
      ),
      'deploy-outside-window',
    );
    expect(emergency).toEqual([]);
    // The same commit in a PR of another repository (a fork) does not excuse the deployment.
    const elsewhere = gapsOf(
      githubModel(
        'deploy-outside-window',
        params,
        [pr({ repo: 'acme/api-fork', labels: ['EMERGENCY'] })],
        [deployment({ created_at: '2026-03-07T10:00:00Z' })],
      ),
      'deploy-outside-window',
    );
    expect(elsewhere.map((g) => g.subject)).toEqual(['deploy:acme/api@1001']);
  });

  it('names the deployment as subject', () => {
    expect(at('2026-03-08T10:00:00Z')[0]?.subject).toBe('deploy:acme/api@1001');
  });

  it("defaults to the config's production environments and Monday–Friday 09:00–17:00 UTC", () => {
    const plain = (created_at: string, o = {}) =>
      gapsOf(
        githubModel('deploy-outside-window', '', [pr()], [deployment({ created_at, ...o })]),
        'deploy-outside-window',
      );
    expect(plain('2026-03-06T16:59:00Z')).toEqual([]); // Friday
    expect(plain('2026-03-06T17:00:00Z')[0]?.title).toBe(
      'acme/api deployment 1001 to production on fri 2026-03-06 at 17:00 UTC, outside mon,tue,wed,thu,fri 09:00–17:00',
    );
    expect(plain('2026-03-08T12:00:00Z')).toHaveLength(1); // Sunday
    expect(plain('2026-03-08T12:00:00Z', { environment: 'staging' })).toEqual([]); // not a production environment
  });
});

import { z } from 'zod';
import { countedApprovals } from '../core/github/reviews.ts';
import { mergedPullRequests, prSubject } from '../core/github/scope.ts';
import { Repos } from './github-params.ts';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'pr-stale-approval',
  title: 'Approval given on an earlier commit',
  description:
    'With `dismiss_stale: true` (the policy that new commits dismiss approvals), a ' +
    'merged pull request whose counted approvals were given on a commit other than ' +
    'the merged head: the code that shipped was not the code approved.',
  severity: 'medium',
  kind: 'check',
  source: 'github',
  population: 'merged-pull-requests',
  params: z.strictObject({ repos: Repos, dismiss_stale: z.boolean().default(false) }),
  remedy:
    'Review the commits pushed after the approval; enable "Dismiss stale pull request ' +
    'approvals" in branch protection.',
  run({ model, params }) {
    if (!params.dismiss_stale) return [];
    return mergedPullRequests(model, params.repos).flatMap((pr) => {
      const stale = countedApprovals(pr).filter((r) => r.commit_oid !== pr.head_oid);
      if (stale.length === 0) return [];
      return [
        {
          subject: prSubject(pr),
          title:
            `${pr.repo}#${pr.number}: approval by ` +
            stale
              .map((r) => `${r.author} on ${(r.commit_oid ?? 'unknown').slice(0, 7)}`)
              .join(', ') +
            `, merged head ${pr.head_oid.slice(0, 7)}`,
          evidence: [prSubject(pr)],
          details: {
            head_oid: pr.head_oid,
            stale: stale.map((r) => ({ reviewer: r.author, commit_oid: r.commit_oid })),
          },
        },
      ];
    });
  },
});

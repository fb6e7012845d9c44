import { z } from 'zod';
import { approvingReviewers, isContributor } from '../core/github/reviews.ts';
import { mergedPullRequests, prSubject } from '../core/github/scope.ts';
import { Repos } from './github-params.ts';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'pr-approver-is-author',
  title: 'Approver authored the change',
  description:
    'A merged pull request approved by someone who authored or co-authored one of its ' +
    'commits (or opened it): the change was not reviewed independently (segregation ' +
    'of duties).',
  severity: 'high',
  kind: 'check',
  source: 'github',
  population: 'merged-pull-requests',
  params: z.strictObject({ repos: Repos }),
  remedy:
    'Have a reviewer who did not contribute to the change review it after the fact, ' +
    'and record that review.',
  run({ model, params }) {
    const gaps = [];
    for (const pr of mergedPullRequests(model, params.repos)) {
      let who: string[] | null = null;
      for (const r of approvingReviewers(pr))
        if (isContributor(pr, r.author)) (who ??= []).push(r.author);
      if (who === null) continue;
      gaps.push({
        subject: prSubject(pr),
        title:
          `${pr.repo}#${pr.number} approved by ${who.join(', ')}, who also authored ` +
          `commits in it`,
        evidence: [prSubject(pr)],
        details: { approvers: who },
      });
    }
    return gaps;
  },
});

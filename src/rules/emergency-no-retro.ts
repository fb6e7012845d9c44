import { z } from 'zod';
import { countedApprovals } from '../core/github/reviews.ts';
import { hasLabel, mergedPullRequests, prSubject } from '../core/github/scope.ts';
import { Labels, Repos } from './github-params.ts';
import { defineRule } from '../core/rule.ts';

const HOUR = 3_600_000;

export default defineRule({
  id: 'emergency-no-retro',
  title: 'Emergency change without after-the-fact review',
  description:
    'A merged pull request with an emergency label that, within `within_hours` of its ' +
    'merge, neither received an independent approval nor was referenced by a follow-up ' +
    'issue or pull request (the retrospective). Changes whose window has not yet ended ' +
    'at the as-of date are not reported.',
  severity: 'high',
  kind: 'check',
  source: 'github',
  population: 'merged-pull-requests',
  params: z.strictObject({
    repos: Repos,
    labels: Labels.default(['EMERGENCY']),
    within_hours: z.number().positive().default(24),
  }),
  remedy: 'Review the emergency change now and open the retrospective issue referencing it.',
  run({ model, params }) {
    const endOfAsOf = Date.parse(`${model.asOf}T23:59:59.999Z`);
    return mergedPullRequests(model, params.repos).flatMap((pr) => {
      if (!hasLabel(pr, params.labels)) return [];
      const merged = Date.parse(pr.merged_at);
      const deadline = merged + params.within_hours * HOUR;
      if (deadline > endOfAsOf) return [];
      const approvals = countedApprovals(pr, new Date(deadline).toISOString());
      const followUps = pr.cross_references.filter((x) => {
        const t = Date.parse(x.created_at);
        return t >= merged && t <= deadline;
      });
      if (approvals.length > 0 || followUps.length > 0) return [];
      return [
        {
          subject: prSubject(pr),
          title:
            `${pr.repo}#${pr.number} (emergency) had no approval or follow-up ` +
            `within ${params.within_hours} h of its merge`,
          evidence: [prSubject(pr)],
          details: {
            merged_at: pr.merged_at,
            deadline: new Date(deadline).toISOString(),
            labels: pr.labels,
          },
        },
      ];
    });
  },
});

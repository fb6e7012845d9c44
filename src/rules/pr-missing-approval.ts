import { z } from 'zod';
import { countedApprovals } from '../core/github/reviews.ts';
import { hasLabel, mergedPullRequests, prSubject } from '../core/github/scope.ts';
import { Labels, Repos } from './github-params.ts';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'pr-missing-approval',
  title: 'Pull request merged without the required approvals',
  description:
    'A merged pull request with fewer distinct approvals than required. For each reviewer ' +
    'only their latest review submitted before the merge counts; approvals by the PR ' +
    'author or by anyone who authored or co-authored a commit of it do not count. PRs ' +
    'with a high-risk label need the higher minimum.',
  severity: 'high',
  kind: 'check',
  source: 'github',
  population: 'merged-pull-requests',
  params: z.strictObject({
    repos: Repos,
    min_approvals: z.number().int().min(1).default(1),
    high_risk: z
      .strictObject({ labels: Labels, min_approvals: z.number().int().min(1) })
      .optional(),
    /** Labels whose PRs another control governs (e.g. emergency changes). */
    exempt_labels: Labels.default([]),
  }),
  remedy:
    'Have an independent reviewer review the merged change and record the review, or ' +
    'accept the exception with a justification.',
  run({ model, params }) {
    const gaps = [];
    for (const pr of mergedPullRequests(model, params.repos)) {
      if (params.exempt_labels.length && hasLabel(pr, params.exempt_labels)) continue;
      const highRisk = params.high_risk !== undefined && hasLabel(pr, params.high_risk.labels);
      const required =
        highRisk && params.high_risk ? params.high_risk.min_approvals : params.min_approvals;
      const approvals = countedApprovals(pr);
      if (approvals.length >= required) continue;
      gaps.push({
        subject: prSubject(pr),
        title:
          `${pr.repo}#${pr.number} merged with ${approvals.length} of ${required} ` +
          `required approvals${highRisk ? ' (high risk)' : ''}`,
        evidence: [prSubject(pr)],
        details: {
          approvers: approvals.map((r) => r.author),
          required,
          high_risk: highRisk,
          merged_at: pr.merged_at,
        },
      });
    }
    return gaps;
  },
});

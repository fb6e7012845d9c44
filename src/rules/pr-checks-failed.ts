import { z } from 'zod';
import { failingChecks } from '../core/github/checks.ts';
import { mergedPullRequests, prSubject } from '../core/github/scope.ts';
import { Repos } from './github-params.ts';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'pr-checks-failed',
  title: 'Merged with failing or missing checks',
  description:
    'A merged pull request whose head commit had not passed every required check ' +
    '(`required_checks`, or every check reported when none are listed) at the time of the ' +
    'merge. A check that never completed before the merge counts as missing.',
  severity: 'high',
  kind: 'check',
  source: 'github',
  population: 'merged-pull-requests',
  params: z.strictObject({ repos: Repos, required_checks: z.array(z.string().min(1)).optional() }),
  remedy:
    'Re-run the checks on the merged commit and record the result; make the checks ' +
    'required in branch protection.',
  run({ model, params }) {
    const gaps = [];
    for (const pr of mergedPullRequests(model, params.repos)) {
      const failed = failingChecks(pr, params.required_checks);
      if (failed.length === 0) continue;
      gaps.push({
        subject: prSubject(pr),
        title:
          `${pr.repo}#${pr.number} merged with checks not passing: ` +
          failed.map((v) => `${v.name} (${v.outcome.toLowerCase()})`).join(', '),
        evidence: [prSubject(pr)],
        details: {
          head_oid: pr.head_oid,
          checks: failed.map((v) => ({ name: v.name, outcome: v.outcome })),
        },
      });
    }
    return gaps;
  },
});

import { checkVerdicts } from '../github/checks.ts';
import { countedApprovals } from '../github/reviews.ts';
import { mergedPullRequests, prSubject } from '../github/scope.ts';
import type { PopulationKind } from './population.ts';
import { reposOf } from './repos.ts';
import { byOccurrence } from './sort.ts';

export const mergedPullRequestsKind: PopulationKind = {
  id: 'merged-pull-requests',
  title: 'Merged pull requests',
  source: 'github',
  columns: [
    { key: 'repo', label: 'Repository' },
    { key: 'author', label: 'Author' },
    { key: 'approvers', label: 'Counted approvers' },
    { key: 'labels', label: 'Labels' },
    { key: 'checks', label: 'Checks at merge' },
  ],
  items(model, checks) {
    return mergedPullRequests(model, reposOf(checks))
      .map((pr) => ({
        subject: prSubject(pr),
        occurred_at: pr.merged_at,
        title: pr.title,
        url: pr.url,
        attributes: {
          repo: pr.repo,
          number: pr.number,
          author: pr.author,
          merged_by: pr.merged_by,
          approvers: countedApprovals(pr).map((r) => r.author),
          labels: pr.labels,
          checks: checkVerdicts(pr, undefined).map((v) => `${v.name}: ${v.outcome.toLowerCase()}`),
          head_oid: pr.head_oid,
        },
      }))
      .sort(byOccurrence);
  },
};

import { prSubject } from '../github/scope.ts';
import { commitSubject, scannedMergedCommits } from '../sarif/scans.ts';
import type { PopulationKind } from './population.ts';
import { byOccurrence } from './sort.ts';

export const policyScansKind: PopulationKind = {
  id: 'policy-scans',
  title: 'Policy scans of merged commits',
  source: 'sarif',
  columns: [
    { key: 'pull_request', label: 'Pull request' },
    { key: 'tools', label: 'Tools' },
    { key: 'policies', label: 'Policies run' },
    { key: 'findings', label: 'Unsuppressed findings' },
    { key: 'suppressed', label: 'Suppressed' },
  ],
  items(model, checks) {
    const branches = [
      ...new Set(
        checks.flatMap((c) =>
          Array.isArray(c.params.branches) ? (c.params.branches as string[]) : ['main', 'master'],
        ),
      ),
    ];
    return scannedMergedCommits(model, branches)
      .map((c) => {
        const results = c.runs.flatMap((r) => r.results);
        return {
          subject: commitSubject(c.commit),
          occurred_at: c.pullRequest?.merged_at ?? '',
          title: c.pullRequest
            ? `${c.pullRequest.repo}#${c.pullRequest.number} ${c.pullRequest.title}`
            : `commit ${c.commit.slice(0, 12)}`,
          ...(c.pullRequest && { url: c.pullRequest.url }),
          attributes: {
            pull_request: c.pullRequest ? prSubject(c.pullRequest).slice('github:'.length) : null,
            commit: c.commit.slice(0, 12),
            tools: [...new Set(c.runs.map((r) => r.tool))].sort(),
            policies: new Set(c.runs.flatMap((r) => r.rules.map((x) => `${r.tool}:${x.id}`))).size,
            findings: results.filter((r) => !r.suppressed).map((r) => `${r.level} ${r.rule_id}`),
            suppressed: results.filter((r) => r.suppressed).length,
          },
        };
      })
      .sort(byOccurrence);
  },
};

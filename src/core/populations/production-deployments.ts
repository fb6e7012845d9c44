import { deploymentsIn, deploySubject } from '../github/scope.ts';
import { deploymentLink } from '../evidence-items.ts';
import type { PopulationKind } from './population.ts';
import { reposOf } from './repos.ts';
import { byOccurrence } from './sort.ts';

export const productionDeploymentsKind: PopulationKind = {
  id: 'production-deployments',
  title: 'Production deployments',
  source: 'github',
  columns: [
    { key: 'repo', label: 'Repository' },
    { key: 'environment', label: 'Environment' },
    { key: 'creator', label: 'Deployed by' },
    { key: 'commit', label: 'Commit' },
    { key: 'state', label: 'State' },
  ],
  items(model, checks) {
    const environments = [
      ...new Set(
        checks.flatMap((c) =>
          Array.isArray(c.params.environments)
            ? (c.params.environments as string[])
            : model.config.github.production_environments,
        ),
      ),
    ];
    return deploymentsIn(model, environments, reposOf(checks))
      .map((d) => ({
        subject: deploySubject(d),
        occurred_at: d.created_at,
        title: `${d.repo} to ${d.environment}`,
        // The deployed commit on GitHub; the environment URL (where it went) stays in the record.
        url: deploymentLink(d, model.config.github.web_url),
        attributes: {
          repo: d.repo,
          environment: d.environment,
          creator: d.creator,
          commit: d.commit_oid?.slice(0, 12) ?? null,
          state: d.state,
        },
      }))
      .sort(byOccurrence);
  },
};

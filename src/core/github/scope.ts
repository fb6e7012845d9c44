import { inPeriod } from '../dates.ts';
import type { Model } from '../model.ts';
import type { DeploymentRecord, PullRequestRecord } from '../schemas/github.ts';

/** Whether `owner/name` matches one of the patterns (`owner/name` or `owner/*`); no patterns = all. */
export function repoMatches(repo: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  const owner = repo.split('/', 1)[0];
  return patterns.some((p) => p === repo || p === '*' || (p.endsWith('/*') && p.slice(0, -2) === owner));
}

// Many checks ask for the same selection of the same evidence; it is computed once per model.
const selections = new WeakMap<Model, Map<string, PullRequestRecord[]>>();

/** Pull requests merged in the audit period in the given repositories. */
export function mergedPullRequests(model: Model, repos: readonly string[] = []): PullRequestRecord[] {
  let cache = selections.get(model);
  if (!cache) selections.set(model, (cache = new Map()));
  const key = [...repos].sort().join('\u0000');
  let found = cache.get(key);
  if (!found) {
    const inThePeriod = cache.get('\u0001period') ?? (model.evidence.github?.pullRequests ?? []).filter((pr) => inPeriod(pr.merged_at, model.period));
    cache.set('\u0001period', inThePeriod);
    const matches = new Map<string, boolean>();
    found = inThePeriod.filter((pr) => {
      let m = matches.get(pr.repo);
      if (m === undefined) matches.set(pr.repo, (m = repoMatches(pr.repo, repos)));
      return m;
    });
    cache.set(key, found);
  }
  return found;
}

/** Deployments created in the audit period to the given environments, in the given repositories. */
export function deploymentsIn(model: Model, environments: readonly string[], repos: readonly string[] = []): DeploymentRecord[] {
  return (model.evidence.github?.deployments ?? []).filter(
    (d) => environments.includes(d.environment) && repoMatches(d.repo, repos) && inPeriod(d.created_at, model.period),
  );
}

export function prSubject(pr: Pick<PullRequestRecord, 'repo' | 'number'>): string {
  return `github:${pr.repo}#${pr.number}`;
}

export function deploySubject(d: Pick<DeploymentRecord, 'repo' | 'id'>): string {
  return `deploy:${d.repo}@${d.id}`;
}

export function hasLabel(pr: PullRequestRecord, labels: readonly string[]): boolean {
  const wanted = new Set(labels.map((l) => l.toLowerCase()));
  return pr.labels.some((l) => wanted.has(l.toLowerCase()));
}

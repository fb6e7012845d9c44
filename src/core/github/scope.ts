import { inPeriod } from '../dates.ts';
import { derived, type Model } from '../model.ts';
import type { DeploymentRecord, PullRequestRecord } from '../schemas/github.ts';

/** Whether `owner/name` matches one of the patterns (`owner/name` or `owner/*`); no patterns = all. */
export function repoMatches(repo: string, patterns: readonly string[]): boolean {
  if (patterns.length === 0) return true;
  const owner = repo.split('/', 1)[0];
  return patterns.some(
    (p) => p === repo || p === '*' || (p.endsWith('/*') && p.slice(0, -2) === owner),
  );
}

/** Pull requests merged in the audit period in the given repositories, in stored order. */
export function mergedPullRequests(
  model: Model,
  repos: readonly string[] = [],
): PullRequestRecord[] {
  // Many checks ask for the same selection of the same evidence; it is computed once per model.
  const key = [...repos].sort().join('\u0000');
  return derived(model, `merged-pull-requests:${key}`, () =>
    [...mergedByRepository(model)]
      .filter(([repo]) => repoMatches(repo, repos))
      .flatMap(([, prs]) => prs),
  );
}

function mergedByRepository(model: Model): Map<string, PullRequestRecord[]> {
  return derived(model, 'merged-pull-requests-by-repository', () => {
    const byRepo = new Map<string, PullRequestRecord[]>();
    for (const pr of model.evidence.github?.pullRequests ?? []) {
      if (!inPeriod(pr.merged_at, model.period)) continue;
      const list = byRepo.get(pr.repo);
      if (list) list.push(pr);
      else byRepo.set(pr.repo, [pr]);
    }
    return byRepo;
  });
}

const labelKey = (labels: readonly string[]) =>
  labels
    .map((l) => l.toLowerCase())
    .sort()
    .join('\u0000');

/** Pull requests merged in the audit period that carry one of the labels (case-insensitive). */
export function labelledPullRequests(model: Model, labels: readonly string[]): PullRequestRecord[] {
  return derived(model, `labelled-pull-requests:${labelKey(labels)}`, () =>
    mergedPullRequests(model).filter((pr) => hasLabel(pr, labels)),
  );
}

/** `owner/name@sha` of each commit (head, merge and every commit) of the labelled pull requests merged in the period. */
export function labelledCommits(model: Model, labels: readonly string[]): ReadonlySet<string> {
  return derived(
    model,
    `labelled-commits:${labelKey(labels)}`,
    () =>
      new Set(
        labelledPullRequests(model, labels).flatMap((pr) =>
          [pr.head_oid, pr.merge_commit_oid, ...pr.commits.map((c) => c.oid)]
            .filter((oid): oid is string => oid !== null)
            .map((oid) => `${pr.repo}@${oid}`),
        ),
      ),
  );
}

/** Deployments created in the audit period to the given environments, in the given repositories. */
export function deploymentsIn(
  model: Model,
  environments: readonly string[],
  repos: readonly string[] = [],
): DeploymentRecord[] {
  const byRepo = derived(model, 'deployments-by-repository', () =>
    Map.groupBy(
      (model.evidence.github?.deployments ?? []).filter((d) =>
        inPeriod(d.created_at, model.period),
      ),
      (d) => d.repo,
    ),
  );
  return [...byRepo]
    .filter(([repo]) => repoMatches(repo, repos))
    .flatMap(([, list]) => list.filter((d) => environments.includes(d.environment)));
}

export function prSubject(pr: Pick<PullRequestRecord, 'repo' | 'number'>): string {
  return `github:${pr.repo}#${pr.number}`;
}

export function deploySubject(d: Pick<DeploymentRecord, 'repo' | 'id'>): string {
  return `deploy:${d.repo}@${d.id}`;
}

/** Whether the pull request carries one of the labels (case-insensitive). */
export function hasLabel(pr: PullRequestRecord, labels: readonly string[]): boolean {
  for (const label of pr.labels) {
    const have = label.toLowerCase();
    for (const wanted of labels) if (wanted.toLowerCase() === have) return true;
  }
  return false;
}

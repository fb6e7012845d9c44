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
const selections = new WeakMap<Model, { byRepo: Map<string, PullRequestRecord[]>; chosen: Map<string, PullRequestRecord[]> }>();

/** Pull requests merged in the audit period in the given repositories, in stored order. */
export function mergedPullRequests(model: Model, repos: readonly string[] = []): PullRequestRecord[] {
  let cache = selections.get(model);
  if (!cache) {
    const byRepo = new Map<string, PullRequestRecord[]>();
    for (const pr of model.evidence.github?.pullRequests ?? []) {
      if (!inPeriod(pr.merged_at, model.period)) continue;
      const list = byRepo.get(pr.repo);
      if (list) list.push(pr);
      else byRepo.set(pr.repo, [pr]);
    }
    selections.set(model, (cache = { byRepo, chosen: new Map() }));
  }
  const key = [...repos].sort().join('\u0000');
  let found = cache.chosen.get(key);
  if (!found) {
    found = [...cache.byRepo].filter(([repo]) => repoMatches(repo, repos)).flatMap(([, prs]) => prs);
    cache.chosen.set(key, found);
  }
  return found;
}

const labelled = new WeakMap<Model, Map<string, PullRequestRecord[]>>();

/** Pull requests merged in the audit period that carry one of the labels (case-insensitive). */
export function labelledPullRequests(model: Model, labels: readonly string[]): PullRequestRecord[] {
  let cache = labelled.get(model);
  if (!cache) labelled.set(model, (cache = new Map()));
  const key = labels.map((l) => l.toLowerCase()).sort().join('\u0000');
  let found = cache.get(key);
  if (!found) cache.set(key, (found = mergedPullRequests(model).filter((pr) => hasLabel(pr, labels))));
  return found;
}

const commitsOfLabelled = new WeakMap<Model, Map<string, ReadonlySet<string>>>();

/** `owner/name@sha` of each commit (head, merge and every commit) of the labelled pull requests merged in the period. */
export function labelledCommits(model: Model, labels: readonly string[]): ReadonlySet<string> {
  let cache = commitsOfLabelled.get(model);
  if (!cache) commitsOfLabelled.set(model, (cache = new Map()));
  const key = labels.map((l) => l.toLowerCase()).sort().join('\u0000');
  let found = cache.get(key);
  if (!found) {
    found = new Set(
      labelledPullRequests(model, labels).flatMap((pr) =>
        [pr.head_oid, pr.merge_commit_oid, ...pr.commits.map((c) => c.oid)].filter((oid): oid is string => oid !== null).map((oid) => `${pr.repo}@${oid}`),
      ),
    );
    cache.set(key, found);
  }
  return found;
}

const deployments = new WeakMap<Model, Map<string, DeploymentRecord[]>>();

/** Deployments created in the audit period to the given environments, in the given repositories. */
export function deploymentsIn(model: Model, environments: readonly string[], repos: readonly string[] = []): DeploymentRecord[] {
  let byRepo = deployments.get(model);
  if (!byRepo) {
    byRepo = Map.groupBy((model.evidence.github?.deployments ?? []).filter((d) => inPeriod(d.created_at, model.period)), (d) => d.repo);
    deployments.set(model, byRepo);
  }
  return [...byRepo].filter(([repo]) => repoMatches(repo, repos)).flatMap(([, list]) => list.filter((d) => environments.includes(d.environment)));
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

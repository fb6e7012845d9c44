import type { Period } from '../../src/core/schemas/common.ts';
import type { DocketConfig } from '../../src/core/schemas/config.ts';
import type { DeploymentRecord, PullRequestRecord } from '../../src/core/schemas/github.ts';
import { isStoredAs } from '../../src/evidence/ndjson.ts';
import { openStore, readStored, writeSource } from '../../src/evidence/store.ts';
import {
  createGithubClient,
  DEFAULT_GRAPHQL_URL,
  GithubApiError,
  type GithubClient,
  type GithubClientOptions,
  type GithubClientStats,
} from './client.ts';
import {
  type GqlCommit,
  type GqlContext,
  type GqlDeployment,
  type GqlPullRequest,
  type GqlReview,
  type GqlXref,
  type Page,
  toDeploymentRecord,
  toPullRequestRecord,
} from './normalize.ts';
import {
  DEPLOYMENTS_QUERY,
  MORE_AUTHORS_QUERY,
  MORE_COMMITS_QUERY,
  MORE_CONTEXTS_QUERY,
  MORE_LABELS_QUERY,
  MORE_REVIEWS_QUERY,
  MORE_XREFS_QUERY,
  FIRST_INCREMENTAL_PAGE,
  PAGE,
  PULL_REQUESTS_QUERY,
  REPOSITORIES_QUERY,
} from './queries.ts';

export const SOURCE = 'github' as const;
/** Deployment states settle after creation; each run re-reads this much before the cursor. */
const DEPLOYMENT_OVERLAP_MS = 7 * 24 * 3_600_000;
/**
 * Pull requests are re-read from this long before the cursor: an update whose `updatedAt` is
 * older than the newest one already seen (clock skew between GitHub's hosts, late indexing)
 * would otherwise never be read. Re-read records replace their stored ones.
 */
export const PULL_REQUEST_LOOKBACK_MS = 24 * 3_600_000;

export interface GithubCollectOptions {
  config: DocketConfig;
  storeDir: string;
  env: Readonly<Record<string, string | undefined>>;
  period: Period;
  /** Re-read everything updated since this date, whatever the cursors say. */
  since?: string | undefined;
  /** Ignore the cursors and rebuild each repository's files from the period start. */
  full?: boolean | undefined;
  now: () => Date;
  /** Messages for the user; `progress` only when the terminal shows it. */
  log: (message: string) => void;
  progress?: ((message: string) => void) | null;
  sleep?: (ms: number) => Promise<void>;
  /** Request timeout (default: the config's `github.request_timeout_seconds`) and secondary-rate-limit wait (default 60 s) of the GitHub client. */
  client?: Pick<GithubClientOptions, 'timeoutMs' | 'secondaryRateLimitWaitMs'> | undefined;
}

export interface GithubCollectSummary {
  repositories: number;
  pullRequests: number;
  /** Merged pull requests read from GitHub this run (the look-back window included). */
  readPullRequests: number;
  changedPullRequests: number;
  deployments: number;
  stats: GithubClientStats;
}

/**
 * Collects merged pull requests and production deployments of every configured repository into
 * the store, one atomic commit per repository, so an interrupted run keeps what it finished and
 * the next run picks up from each repository's cursor.
 */
export async function collectGithub(opts: GithubCollectOptions): Promise<GithubCollectSummary> {
  const token = opts.env.GITHUB_TOKEN;
  if (!token)
    throw new GithubApiError(
      'GITHUB_TOKEN is not set: export a token that can read the repositories (and, for `docket issues`, write issues)',
    );
  const client = createGithubClient({
    url: opts.env.GITHUB_GRAPHQL_URL || DEFAULT_GRAPHQL_URL,
    token,
    log: opts.log,
    timeoutMs: opts.config.github.request_timeout_seconds * 1000,
    ...(opts.sleep && { sleep: opts.sleep }),
    ...opts.client,
  });
  const repos = await resolveRepos(client, opts.config.github.repos);
  let manifest = await openStore(opts.storeDir);
  const summary: GithubCollectSummary = {
    repositories: repos.length,
    pullRequests: 0,
    readPullRequests: 0,
    changedPullRequests: 0,
    deployments: 0,
    stats: client.stats,
  };
  const periodStart = `${opts.period.start}T00:00:00Z`;
  const periodEnd = Date.parse(`${opts.period.end}T23:59:59.999Z`);

  for (const [i, repo] of repos.entries()) {
    const cursors = manifest?.sources[SOURCE]?.cursors ?? {};
    const cursor = opts.full ? undefined : cursors[repo];
    const lower =
      opts.since !== undefined
        ? `${opts.since}T00:00:00Z`
        : cursor
          ? new Date(Date.parse(cursor) - PULL_REQUEST_LOOKBACK_MS).toISOString()
          : periodStart;
    // The cursor may only move on if this run read everything after it: `--since` later than
    // the cursor (or, with no cursor, than the period start) leaves a stretch unread.
    const readsPastCursor = Date.parse(lower) <= Date.parse(cursor ?? periodStart);
    const show = (n: number) =>
      opts.progress?.(`github: ${repo} (${i + 1} of ${repos.length}): ${n} pull requests`);
    show(0);

    const fetched = await fetchPullRequests(
      client,
      repo,
      lower,
      show,
      cursor !== undefined || opts.since !== undefined,
    );
    const inPeriod = fetched.records.filter(
      (pr) =>
        Date.parse(pr.merged_at) >= Date.parse(periodStart) &&
        Date.parse(pr.merged_at) <= periodEnd,
    );
    const previous = opts.full
      ? new Map<number, PullRequestRecord>()
      : await byKey(
          readStored(opts.storeDir, manifest, SOURCE, 'pullRequests', { repo }),
          (r) => r.number,
        );
    let changed = 0;
    for (const pr of inPeriod) {
      const before = previous.get(pr.number);
      // The store holds redacted records: compare like with like, or a PR with a token-shaped
      // string in its body would count as changed on every run.
      if (!before || !isStoredAs(before, pr)) changed++;
      previous.set(pr.number, pr);
    }
    const prs = [...previous.values()].sort((a, b) => a.number - b.number);

    const deployCursorKey = `${repo}:deployments`;
    const deployCursor = opts.full ? undefined : cursors[deployCursorKey];
    const deployLower = deployCursor
      ? new Date(Date.parse(deployCursor) - DEPLOYMENT_OVERLAP_MS).toISOString()
      : periodStart;
    const envs = opts.config.github.production_environments;
    const newDeployments = envs.length
      ? await fetchDeployments(client, repo, envs, deployLower)
      : [];
    const deployments = opts.full
      ? new Map<string, DeploymentRecord>()
      : await byKey(
          readStored(opts.storeDir, manifest, SOURCE, 'deployments', { repo }),
          (d) => d.id,
        );
    for (const d of newDeployments)
      if (Date.parse(d.created_at) <= periodEnd) deployments.set(d.id, d);
    const deploymentList = [...deployments.values()].sort((a, b) =>
      a.created_at < b.created_at
        ? -1
        : a.created_at > b.created_at
          ? 1
          : Number(a.id) - Number(b.id),
    );

    const newCursors = { ...cursors };
    const newest = [
      cursor,
      ...fetched.records.map((r) => r.updated_at),
      ...(fetched.newestUpdated ? [fetched.newestUpdated] : []),
    ]
      .filter((x): x is string => !!x)
      .sort()
      .at(-1);
    if (!readsPastCursor) {
      // Keep the cursor this run started from; none (under --full) means the period start.
      if (cursor) newCursors[repo] = cursor;
      else delete newCursors[repo];
    } else if (newest) newCursors[repo] = newest;
    const newestDeploy = [deployCursor, ...newDeployments.map((d) => d.created_at)]
      .filter((x): x is string => !!x)
      .sort()
      .at(-1);
    if (newestDeploy) newCursors[deployCursorKey] = newestDeploy;
    manifest = (
      await writeSource(opts.storeDir, manifest, SOURCE, {
        files: [
          { file: 'pullRequests', key: { repo }, records: prs },
          { file: 'deployments', key: { repo }, records: deploymentList },
        ],
        cursors: newCursors,
        now: opts.now,
      })
    ).manifest;

    summary.pullRequests += prs.length;
    summary.readPullRequests += fetched.records.length;
    summary.changedPullRequests += changed;
    summary.deployments += deploymentList.length;
  }
  return summary;
}

async function byKey<T, K>(records: AsyncIterable<T>, key: (r: T) => K): Promise<Map<K, T>> {
  const out = new Map<K, T>();
  for await (const r of records) out.set(key(r), r);
  return out;
}

/** Expands `owner/*` into the owner's repositories, archived ones skipped. */
export async function resolveRepos(
  client: GithubClient,
  patterns: readonly string[],
): Promise<string[]> {
  const out = new Set<string>();
  for (const pattern of patterns) {
    const [owner, name] = pattern.split('/') as [string, string];
    if (name !== '*') {
      out.add(pattern);
      continue;
    }
    let after: string | null = null;
    do {
      const data: {
        repositoryOwner: {
          repositories: Page<{ nameWithOwner: string; isArchived: boolean }>;
        } | null;
      } = await client.query(REPOSITORIES_QUERY, { login: owner, after });
      if (!data.repositoryOwner)
        throw new GithubApiError(`github.repos: no GitHub user or organisation ${owner}`);
      const page = data.repositoryOwner.repositories;
      for (const r of page.nodes) if (!r.isArchived) out.add(r.nameWithOwner);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
  }
  return [...out].sort();
}

async function fetchPullRequests(
  client: GithubClient,
  repo: string,
  lower: string,
  show: (n: number) => void,
  incremental: boolean,
): Promise<{ records: PullRequestRecord[]; newestUpdated: string | null }> {
  const [owner, name] = repo.split('/') as [string, string];
  const records: PullRequestRecord[] = [];
  let after: string | null = null;
  let newestUpdated: string | null = null;
  const lowerMs = Date.parse(lower);
  // Rate-limit cost follows the page size asked for, so a nightly run starts small.
  let first: number = incremental ? FIRST_INCREMENTAL_PAGE : PAGE.pullRequests;
  for (;;) {
    const data: { repository: { pullRequests: Page<GqlPullRequest> } } = await client.query(
      PULL_REQUESTS_QUERY,
      { owner, name, first, after },
    );
    first = PAGE.pullRequests;
    const page = data.repository.pullRequests;
    let reachedCursor = false;
    for (const pr of page.nodes) {
      newestUpdated ??= pr.updatedAt;
      if (Date.parse(pr.updatedAt) < lowerMs) {
        reachedCursor = true;
        break;
      }
      if (!pr.mergedAt) continue;
      records.push(await completePullRequest(client, repo, pr));
    }
    show(records.length);
    if (reachedCursor || !page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { records, newestUpdated };
}

/** Fetches the nested pages of a pull request that has more reviews, commits, labels or checks than one page. */
async function completePullRequest(
  client: GithubClient,
  repo: string,
  pr: GqlPullRequest,
): Promise<PullRequestRecord> {
  type Node<K extends string, T> = { node: Record<K, Page<T>> | null };
  const rest = async <K extends string, T>(
    first: Page<T>,
    query: string,
    id: string,
    key: K,
  ): Promise<T[]> => {
    const items = [...first.nodes];
    let info = first.pageInfo;
    while (info.hasNextPage) {
      const data: Node<K, T> = await client.query(query, { id, after: info.endCursor });
      const page = data.node?.[key];
      if (!page) break;
      items.push(...page.nodes);
      info = page.pageInfo;
    }
    return items;
  };
  const commits = (await rest(pr.commits, MORE_COMMITS_QUERY, pr.id, 'commits')).map(
    (n) => (n as { commit: GqlCommit }).commit,
  );
  for (const c of commits) {
    if (c.authors.pageInfo.hasNextPage)
      c.authors = {
        nodes: await rest(c.authors, MORE_AUTHORS_QUERY, c.id, 'authors'),
        pageInfo: { hasNextPage: false, endCursor: null },
      };
  }
  const head = pr.head.nodes[0]?.commit;
  let contexts: GqlContext[] = [];
  if (head?.statusCheckRollup) {
    const rollup = head.statusCheckRollup.contexts;
    contexts = [...rollup.nodes];
    let info = rollup.pageInfo;
    while (info.hasNextPage) {
      const data: { node: { statusCheckRollup: { contexts: Page<GqlContext> } | null } | null } =
        await client.query(MORE_CONTEXTS_QUERY, { id: head.id, after: info.endCursor });
      const page = data.node?.statusCheckRollup?.contexts;
      if (!page) break;
      contexts.push(...page.nodes);
      info = page.pageInfo;
    }
  }
  return toPullRequestRecord(repo, pr, {
    labels: (await rest(pr.labels, MORE_LABELS_QUERY, pr.id, 'labels')).map(
      (l) => (l as { name: string }).name,
    ),
    reviews: (await rest(pr.reviews, MORE_REVIEWS_QUERY, pr.id, 'reviews')) as GqlReview[],
    commits,
    contexts,
    xrefs: (await rest(pr.timelineItems, MORE_XREFS_QUERY, pr.id, 'timelineItems')) as GqlXref[],
  });
}

async function fetchDeployments(
  client: GithubClient,
  repo: string,
  environments: readonly string[],
  lower: string,
): Promise<DeploymentRecord[]> {
  const [owner, name] = repo.split('/') as [string, string];
  const out: DeploymentRecord[] = [];
  let after: string | null = null;
  const lowerMs = Date.parse(lower);
  for (;;) {
    const data: { repository: { deployments: Page<GqlDeployment> } } = await client.query(
      DEPLOYMENTS_QUERY,
      { owner, name, environments, after },
    );
    const page = data.repository.deployments;
    let done = false;
    for (const d of page.nodes) {
      if (Date.parse(d.createdAt) < lowerMs) {
        done = true;
        break;
      }
      out.push(toDeploymentRecord(repo, d));
    }
    if (done || !page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
}

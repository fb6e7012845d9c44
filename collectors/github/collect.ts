import type { Period } from '../../src/core/schemas/common.ts';
import type { DocketConfig } from '../../src/core/schemas/config.ts';
import type { DeploymentRecord, PullRequestRecord } from '../../src/core/schemas/github.ts';
import { canonicalJson } from '../../src/core/canonical-json.ts';
import { redactRecords } from '../../src/evidence/secrets.ts';
import { openStore, readStored, writeSource } from '../../src/evidence/store.ts';
import { GithubApiError, type GithubClient, type GithubClientStats } from './client.ts';
import {
  cursorsAfterRun,
  deploymentLower,
  deploymentsCursorKey,
  newerThan,
  pullRequestWindow,
} from './cursors.ts';
import {
  type CompleteCommit,
  type GqlActor,
  type GqlContext,
  type GqlDeployment,
  type GqlPullRequest,
  type Page,
  namesCoAuthors,
  toDeploymentRecord,
  toPullRequestRecord,
} from './normalize.ts';
import { allNodes, pages, type Connection } from './paginate.ts';
import {
  CO_AUTHORS_QUERY,
  DEPLOYMENTS_QUERY,
  mergedCountQuery,
  mergedSearch,
  MORE_AUTHORS_QUERY,
  MORE_COMMITS_QUERY,
  MORE_CONTEXTS_QUERY,
  MORE_LABELS_QUERY,
  MORE_REVIEWS_QUERY,
  MORE_XREFS_QUERY,
  FIRST_INCREMENTAL_PAGE,
  PAGE,
  pullRequestPagePoints,
  PULL_REQUESTS_QUERY,
  REPOSITORIES_QUERY,
} from './queries.ts';

export { PULL_REQUEST_LOOKBACK_MS } from './cursors.ts';

export const SOURCE = 'github' as const;

export interface GithubCollectOptions {
  config: DocketConfig;
  storeDir: string;
  period: Period;
  /** Re-read everything updated since this date, whatever the cursors say. */
  since?: string | undefined;
  /** Ignore the cursors and rebuild each repository's files from the period start. */
  full?: boolean | undefined;
  now: () => Date;
  /** Messages for the user; `progress` only when the terminal shows it. */
  log: (message: string) => void;
  progress?: ((message: string) => void) | null;
}

export interface GithubCollectSummary {
  repositories: number;
  pullRequests: number;
  /** Merged pull requests read from GitHub this run (the look-back window included). */
  readPullRequests: number;
  changedPullRequests: number;
  deployments: number;
  /**
   * Rate-limit points a first collection was estimated to need (repositories without a cursor,
   * or all under --full), or null when there was none or the estimate failed.
   */
  estimatedPoints: number | null;
  stats: GithubClientStats;
}

/**
 * Collects merged pull requests and production deployments of every configured repository into
 * the store, one atomic commit per repository, so an interrupted run keeps what it finished and
 * the next run picks up from each repository's cursor. The client is the caller's (the CLI makes
 * it from the environment, tests point it at the fake GitHub); its stats are the summary's.
 */
export async function collectGithub(
  client: GithubClient,
  opts: GithubCollectOptions,
): Promise<GithubCollectSummary> {
  const repos = await resolveRepos(client, opts.config.github.repos);
  let manifest = await openStore(opts.storeDir);
  const summary: GithubCollectSummary = {
    repositories: repos.length,
    pullRequests: 0,
    readPullRequests: 0,
    changedPullRequests: 0,
    deployments: 0,
    estimatedPoints: null,
    stats: client.stats,
  };
  const periodStart = `${opts.period.start}T00:00:00Z`;
  const startCursors = manifest?.sources[SOURCE]?.cursors ?? {};
  const firsts = repos.filter((r) => opts.full || startCursors[r] === undefined);
  const estimate =
    firsts.length > 0
      ? await announceFirstCollection(client, firsts, {
          lower: pullRequestWindow({ since: opts.since, cursor: undefined, periodStart }).lower,
          deployments: opts.config.github.production_environments.length > 0,
          log: opts.log,
        })
      : null;
  summary.estimatedPoints = estimate?.points ?? null;
  const periodStartMs = Date.parse(periodStart);
  const periodEnd = Date.parse(`${opts.period.end}T23:59:59.999Z`);

  for (const [i, repo] of repos.entries()) {
    const cursors = manifest?.sources[SOURCE]?.cursors ?? {};
    const cursor = opts.full ? undefined : cursors[repo];
    const { lower, readsPastCursor } = pullRequestWindow({
      since: opts.since,
      cursor,
      periodStart,
    });
    const show = (n: number) =>
      opts.progress?.(`github: ${repo} (${i + 1} of ${repos.length}): ${n} pull requests`);
    show(0);

    const fetched = await fetchPullRequests(client, repo, lower, show, {
      incremental: cursor !== undefined || opts.since !== undefined,
      expected: estimate?.counts.get(repo),
    });
    const inPeriod = fetched.records.filter(
      (pr) => Date.parse(pr.merged_at) >= periodStartMs && Date.parse(pr.merged_at) <= periodEnd,
    );
    const previous = opts.full
      ? new Map<number, PullRequestRecord>()
      : await byKey(
          readStored(opts.storeDir, manifest, SOURCE, 'pullRequests', { repo }),
          (r) => r.number,
        );
    let changed = 0;
    // The store holds redacted records: compare like with like, or a PR with a token-shaped
    // string in its body would count as changed on every run.
    const asStored = await redactRecords(inPeriod);
    for (const [k, pr] of inPeriod.entries()) {
      const before = previous.get(pr.number);
      if (!before || canonicalJson(before) !== canonicalJson(asStored[k])) changed++;
      previous.set(pr.number, pr);
    }
    const prs = [...previous.values()].sort((a, b) => a.number - b.number);

    const deployCursor = opts.full ? undefined : cursors[deploymentsCursorKey(repo)];
    const envs = opts.config.github.production_environments;
    const newDeployments = envs.length
      ? await fetchDeployments(client, repo, envs, deploymentLower(deployCursor, periodStart))
      : [];
    const deployments = opts.full
      ? new Map<string, DeploymentRecord>()
      : await byKey(
          readStored(opts.storeDir, manifest, SOURCE, 'deployments', { repo }),
          (d) => d.id,
        );
    for (const d of newDeployments)
      if (Date.parse(d.created_at) <= periodEnd) deployments.set(d.id, d);
    const deploymentList = [...deployments.values()].sort(compareDeployments);

    const newCursors = cursorsAfterRun(cursors, repo, {
      cursor,
      readsPastCursor,
      updatedSeen: [...fetched.records.map((r) => r.updated_at), fetched.newestUpdated],
      deploymentCursor: deployCursor,
      createdSeen: newDeployments.map((d) => d.created_at),
    });
    manifest = (
      await writeSource(opts.storeDir, manifest, SOURCE, {
        files: [
          { file: 'pullRequests', key: { repo }, records: prs },
          { file: 'deployments', key: { repo }, records: deploymentList },
        ],
        cursors: newCursors,
        now: opts.now,
        rewrite: opts.full === true,
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

/** Deployments by creation time, then id. */
function compareDeployments(a: DeploymentRecord, b: DeploymentRecord): number {
  return a.created_at < b.created_at
    ? -1
    : a.created_at > b.created_at
      ? 1
      : Number(a.id) - Number(b.id);
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
    type Answer = {
      repositoryOwner: {
        repositories: Page<{ nameWithOwner: string; isArchived: boolean }>;
      } | null;
    };
    for await (const { page } of pages(client, {
      query: REPOSITORIES_QUERY,
      variables: { login: owner },
      connection: (data: Answer) => {
        if (!data.repositoryOwner)
          throw new GithubApiError(`github.repos: no GitHub user or organisation ${owner}`);
        return data.repositoryOwner.repositories;
      },
    }))
      for (const r of page.nodes) if (!r.isArchived) out.add(r.nameWithOwner);
  }
  return [...out].sort();
}

/**
 * Merged pull requests updated since `lower`, most recently updated first, each complete; and
 * the newest `updatedAt` listed (merged or not), which the cursor may move to.
 */
async function fetchPullRequests(
  client: GithubClient,
  repo: string,
  lower: string,
  show: (n: number) => void,
  /** `expected`: merged pull requests updated since `lower`, as counted for the estimate. */
  how: { incremental: boolean; expected: number | undefined },
): Promise<{ records: PullRequestRecord[]; newestUpdated: string | null }> {
  const [owner, name] = repo.split('/') as [string, string];
  const records: PullRequestRecord[] = [];
  const coAuthors = new CoAuthorBatch(client, repo, records);
  let newestUpdated: string | null = null;
  const lowerMs = Date.parse(lower);
  for await (const { page } of pages(client, {
    query: PULL_REQUESTS_QUERY,
    // Rate-limit cost follows the page size asked for (GitHub's formula assumes full pages), so
    // a nightly run starts small, and a page is no larger than what is left to read: the
    // pull requests counted for the estimate (and one more, to see the window end), then the
    // connection's total less those listed.
    variables: { owner, name, first: firstPageSize(how) },
    laterPages: (data, read) => ({
      first: Math.max(
        1,
        Math.min(PAGE.pullRequests, data.repository.pullRequests.totalCount - read),
      ),
    }),
    options: { points: pullRequestPagePoints(firstPageSize(how)) },
    connection: (data: {
      repository: { pullRequests: Page<GqlPullRequest> & { totalCount: number } };
    }) => data.repository.pullRequests,
  })) {
    newestUpdated ??= page.nodes[0]?.updatedAt ?? null;
    const fresh = newerThan(page.nodes, lowerMs, (pr) => pr.updatedAt);
    for (const pr of fresh.nodes)
      if (pr.mergedAt) await coAuthors.add(await completePullRequest(client, pr));
    show(records.length + coAuthors.waiting);
    if (fresh.reachedLower) break;
  }
  await coAuthors.flush();
  return { records, newestUpdated };
}

function firstPageSize(how: { incremental: boolean; expected: number | undefined }): number {
  if (how.incremental) return FIRST_INCREMENTAL_PAGE;
  return how.expected === undefined
    ? PAGE.pullRequests
    : Math.min(PAGE.pullRequests, how.expected + 1);
}

/** Points of reading `n` pull requests in pages of 100 and a last one of what is left. */
function readingPoints(n: number): number {
  const rest = n % PAGE.pullRequests;
  return Math.max(
    1,
    Math.floor(n / PAGE.pullRequests) * pullRequestPagePoints(PAGE.pullRequests) +
      (rest ? pullRequestPagePoints(rest) : 0),
  );
}

/** A pull request with every nested page read, its commits' co-authors perhaps still to come. */
interface CompletePullRequest {
  pr: GqlPullRequest;
  labels: string[];
  reviews: GqlPullRequest['reviews']['nodes'];
  commits: CompleteCommit[];
  contexts: GqlContext[];
  xrefs: GqlPullRequest['timelineItems']['nodes'];
}

/**
 * Pull requests waiting for their commits' co-authors, read 100 commits a request (1 point)
 * with `nodes(ids: …)`: a commit's own `authors` connection on the page would cost a request
 * per commit. A pull request none of whose commits names a co-author is done at once.
 */
class CoAuthorBatch {
  private readonly pending: CompletePullRequest[] = [];
  private queued: CompleteCommit[] = [];
  private readonly client: GithubClient;
  private readonly repo: string;
  private readonly out: PullRequestRecord[];
  constructor(client: GithubClient, repo: string, out: PullRequestRecord[]) {
    this.client = client;
    this.repo = repo;
    this.out = out;
  }

  get waiting(): number {
    return this.pending.length;
  }

  async add(pr: CompletePullRequest): Promise<void> {
    const named = pr.commits.filter((c) => namesCoAuthors(c.message));
    if (named.length === 0) {
      this.out.push(toPullRequestRecord(this.repo, pr.pr, pr));
      return;
    }
    this.pending.push(pr);
    this.queued.push(...named);
    if (this.queued.length >= PAGE.coAuthorCommits) await this.read(true);
  }

  /** Reads every co-author still to read, and finishes the pull requests waiting for them. */
  async flush(): Promise<void> {
    await this.read(false);
  }

  /** Reads full batches only (`fullOnly`), or all; then finishes the pull requests now complete. */
  private async read(fullOnly: boolean): Promise<void> {
    while (this.queued.length >= (fullOnly ? PAGE.coAuthorCommits : 1)) {
      const batch = this.queued.slice(0, PAGE.coAuthorCommits);
      this.queued = this.queued.slice(PAGE.coAuthorCommits);
      type Answer = { nodes: ({ id: string; authors: Page<GqlActor> } | null)[] };
      const data = await this.client.query<Answer>(CO_AUTHORS_QUERY, {
        ids: batch.map((c) => c.id),
      });
      for (const [i, commit] of batch.entries()) {
        const node = data.nodes[i];
        if (!node)
          throw new GithubApiError(`${this.repo}: commit ${commit.oid} is gone from GitHub`);
        commit.authors = await allNodes(this.client, node.authors, {
          query: MORE_AUTHORS_QUERY,
          variables: { id: commit.id },
          connection: (d: NodeAnswer<'authors', GqlActor>) => d.node?.authors,
        });
      }
    }
    const done = (pr: CompletePullRequest) =>
      pr.commits.every((c) => c.authors !== undefined || !namesCoAuthors(c.message));
    for (let i = 0; i < this.pending.length;) {
      const pr = this.pending[i] as CompletePullRequest;
      if (!done(pr)) i++;
      else {
        this.out.push(toPullRequestRecord(this.repo, pr.pr, pr));
        this.pending.splice(i, 1);
      }
    }
  }
}

/** An answer to one of the MORE_* queries: the node, and its connection under `key`. */
type NodeAnswer<K extends string, T> = {
  node: Partial<Record<K, Connection<T> | null>> | null;
};

/** Fetches the nested pages of a pull request that has more reviews, commits, labels or checks than one page. */
async function completePullRequest(
  client: GithubClient,
  pr: GqlPullRequest,
): Promise<CompletePullRequest> {
  const rest = <K extends string, T>(first: Page<T>, query: string, id: string, key: K) =>
    allNodes(client, first, {
      query,
      variables: { id },
      connection: (data: NodeAnswer<K, T>) => data.node?.[key],
    });
  const commits: CompleteCommit[] = (
    await rest(pr.commits, MORE_COMMITS_QUERY, pr.id, 'commits')
  ).map((n) => n.commit);
  const head = pr.head.nodes[0]?.commit;
  const contexts: GqlContext[] = head?.statusCheckRollup
    ? await allNodes(client, head.statusCheckRollup.contexts, {
        query: MORE_CONTEXTS_QUERY,
        variables: { id: head.id },
        connection: (data: {
          node: { statusCheckRollup: { contexts: Page<GqlContext> } | null } | null;
        }) => data.node?.statusCheckRollup?.contexts,
      })
    : [];
  return {
    pr,
    labels: (await rest(pr.labels, MORE_LABELS_QUERY, pr.id, 'labels')).map((l) => l.name),
    reviews: await rest(pr.reviews, MORE_REVIEWS_QUERY, pr.id, 'reviews'),
    commits,
    contexts,
    xrefs: await rest(pr.timelineItems, MORE_XREFS_QUERY, pr.id, 'timelineItems'),
  };
}

/**
 * Counts the merged pull requests a first collection reads and, when the points they need
 * exceed the budget left, says so before starting: the estimate and the reset time. The run
 * then goes on; the client waits for the reset when the budget runs out (client.ts), and each
 * repository is committed with its cursor, so an interrupted run resumes at the next one. An
 * estimate GitHub refuses (a server without search) is reported and skipped.
 */
async function announceFirstCollection(
  client: GithubClient,
  repos: readonly string[],
  opts: { lower: string; deployments: boolean; log: (message: string) => void },
): Promise<{ points: number; counts: Map<string, number> } | null> {
  let prs = 0;
  let points = 0;
  const counts = new Map<string, number>();
  try {
    for (let i = 0; i < repos.length; i += PAGE.repositories) {
      const chunk = repos.slice(i, i + PAGE.repositories);
      const data = await client.query<Record<string, { issueCount: number } | undefined>>(
        mergedCountQuery(chunk.length),
        Object.fromEntries(chunk.map((r, j) => [`q${j}`, mergedSearch(r, opts.lower)])),
      );
      points += 1;
      for (const [j, repo] of chunk.entries()) {
        const n = data[`r${j}`]?.issueCount ?? 0;
        counts.set(repo, n);
        prs += n;
        points += readingPoints(n);
        if (opts.deployments) points += 1;
      }
    }
  } catch (err) {
    if (!(err instanceof GithubApiError)) throw err;
    opts.log(`github: could not estimate the first collection's cost (${err.message})`);
    return null;
  }
  const { remaining, resetAt } = client.stats;
  if (remaining !== null && points > remaining)
    opts.log(
      `github: a first collection of ${prs} merged pull requests in ${repos.length} ` +
        `repositories needs about ${points} rate-limit points, more than the ${remaining} ` +
        `left until the reset at ${resetAt ?? '?'}; Docket collects what the budget allows, ` +
        `waits for the reset and goes on. Each repository is committed with its cursor ` +
        `as it finishes, so an interrupted run resumes at the first repository not yet ` +
        `committed.`,
    );
  return { points, counts };
}

/** Deployments to the environments created since `lower`, newest first. */
async function fetchDeployments(
  client: GithubClient,
  repo: string,
  environments: readonly string[],
  lower: string,
): Promise<DeploymentRecord[]> {
  const [owner, name] = repo.split('/') as [string, string];
  const out: DeploymentRecord[] = [];
  const lowerMs = Date.parse(lower);
  for await (const { page } of pages(client, {
    query: DEPLOYMENTS_QUERY,
    variables: { owner, name, environments },
    connection: (data: { repository: { deployments: Page<GqlDeployment> } }) =>
      data.repository.deployments,
  })) {
    const fresh = newerThan(page.nodes, lowerMs, (d) => d.createdAt);
    out.push(...fresh.nodes.map((d) => toDeploymentRecord(repo, d)));
    if (fresh.reachedLower) break;
  }
  return out;
}

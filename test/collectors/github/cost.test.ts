import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { githubClientFromEnv } from '../../../collectors/github/client.ts';
import { collectGithub, type GithubCollectOptions } from '../../../collectors/github/collect.ts';
import {
  CO_AUTHORS_QUERY,
  DEPLOYMENTS_QUERY,
  FIRST_INCREMENTAL_PAGE,
  mergedCountQuery,
  MORE_AUTHORS_QUERY,
  MORE_COMMITS_QUERY,
  MORE_CONTEXTS_QUERY,
  MORE_LABELS_QUERY,
  MORE_REVIEWS_QUERY,
  MORE_XREFS_QUERY,
  PULL_REQUEST_PAGE_POINTS,
  pullRequestPagePoints,
  PULL_REQUESTS_QUERY,
} from '../../../collectors/github/queries.ts';
import { storePath } from '../../../src/evidence/catalog.ts';
import { readNdjson } from '../../../src/evidence/ndjson.ts';
import { DocketConfig } from '../../../src/core/schemas/config.ts';
import type { PullRequestRecord } from '../../../src/core/schemas/github.ts';
import { tempDir } from '../../helpers/cli.ts';
import { queryCost } from '../../../testkit/fake-github/cost.ts';
import {
  FakeGithubData,
  startFakeGithub,
  type FakeGithub,
} from '../../../testkit/fake-github/index.ts';
import {
  generateDeployments,
  generatePullRequests,
} from '../../../testkit/fake-github/generate.ts';

const TOKEN = 'ghp_testtokentesttokentesttokentest0001';
const NOW = () => new Date('2026-11-22T12:00:00Z');
let fakes: FakeGithub[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

const cost = (query: string, variables: Record<string, unknown> = {}) =>
  queryCost(parse(query), variables).cost;

function dataset(repos: Record<string, number>, coAuthored = 0.03): FakeGithubData {
  const data = new FakeGithubData();
  for (const [repo, count] of Object.entries(repos)) {
    const prs = generatePullRequests(repo, {
      seed: 'cost',
      count,
      // A commit co-authored by the approver: what pr-approver-is-author must still see.
      rates: { selfApproval: coAuthored },
    });
    data.addRepo(repo, {
      pullRequests: prs,
      deployments: generateDeployments(repo, prs, { seed: 'cost' }),
    });
  }
  return data;
}

async function collect(
  gh: FakeGithub,
  dir: string,
  repos: string[],
  sleep: (ms: number) => Promise<void> = async () => {},
) {
  const logs: string[] = [];
  const config = DocketConfig.parse({ github: { repos } });
  const client = githubClientFromEnv(
    { GITHUB_TOKEN: TOKEN, GITHUB_GRAPHQL_URL: gh.url },
    config.github,
    { log: (m) => logs.push(m), sleep },
  );
  const opts: GithubCollectOptions = {
    config,
    storeDir: dir,
    period: { start: '2026-01-01', end: '2026-12-31' },
    now: NOW,
    log: (m) => logs.push(m),
  };
  return { summary: await collectGithub(client, opts), logs };
}

async function stored(dir: string, repo: string): Promise<PullRequestRecord[]> {
  const out: PullRequestRecord[] = [];
  for await (const r of readNdjson(dir, storePath('github', 'pullRequests', { repo })))
    out.push(r as PullRequestRecord);
  return out;
}

const byNumber = (prs: readonly PullRequestRecord[]) =>
  [...prs].sort((a, b) => a.number - b.number);

describe("GitHub collector's rate-limit cost, by GitHub's formula", () => {
  it('asks at most 8 points for a page of 100 merged pull requests, 1 for a nightly page', () => {
    const page = cost(PULL_REQUESTS_QUERY, { owner: 'o', name: 'r', first: 100 });
    expect(page).toBeLessThanOrEqual(8);
    // The constant the client waits for before asking for a page is the formula's figure.
    expect(page).toBe(PULL_REQUEST_PAGE_POINTS);
    // Smaller pages (a nightly run's first, a last page) cost what the collector reckons.
    for (const first of [1, FIRST_INCREMENTAL_PAGE, 50, 99])
      expect(cost(PULL_REQUESTS_QUERY, { owner: 'o', name: 'r', first })).toBe(
        pullRequestPagePoints(first),
      );
    expect(pullRequestPagePoints(FIRST_INCREMENTAL_PAGE)).toBe(1);
    // Co-authors of 100 commits: one request for each, 1 point.
    const ids = Array.from({ length: 100 }, (_, i) => `C_${i}`);
    expect(queryCost(parse(CO_AUTHORS_QUERY), { ids }).nodes).toBe(100 * 100);
    expect(cost(CO_AUTHORS_QUERY, { ids })).toBe(1);
    for (const more of [
      MORE_AUTHORS_QUERY,
      MORE_COMMITS_QUERY,
      MORE_CONTEXTS_QUERY,
      MORE_LABELS_QUERY,
      MORE_REVIEWS_QUERY,
      MORE_XREFS_QUERY,
      DEPLOYMENTS_QUERY,
      mergedCountQuery(100),
    ])
      expect(cost(more, { id: 'X' })).toBe(1);
  });

  it('collects 100 pull requests, a fifth of them co-authored, for at most 8 points, co-authors and all', async () => {
    const data = dataset({ 'acme/api': 100 }, 0.2);
    const gh = await startFakeGithub(data, { token: TOKEN });
    fakes.push(gh);
    const dir = await tempDir();
    const { summary } = await collect(gh, dir, ['acme/api']);
    expect(gh.invalid).toEqual([]);
    const want = data.repo_('acme/api').pullRequests;
    expect(await stored(dir, 'acme/api')).toEqual(byNumber(want));
    const coAuthored = want.flatMap((p) => p.commits).filter((c) => c.authors.length > 1);
    expect(coAuthored.length).toBeGreaterThan(10);

    const points = (ops: string[]) =>
      gh.log.filter((r) => ops.includes(r.operation ?? '')).reduce((n, r) => n + r.cost, 0);
    // The page itself and its co-authors; the estimate and the deployments are a point each.
    expect(points(['DocketPullRequests', 'DocketCoAuthors'])).toBeLessThanOrEqual(8);
    expect(gh.log.map((r) => r.operation)).toEqual([
      'DocketMergedCounts',
      'DocketPullRequests',
      'DocketCoAuthors',
      'DocketDeployments',
    ]);
    // What the collector reports is what GitHub's rateLimit { cost } said.
    expect(summary.stats.cost).toBe(points(gh.log.map((r) => r.operation ?? '')));
    expect(summary.estimatedPoints).toBe(1 + PULL_REQUEST_PAGE_POINTS + 1);
  });

  it('says up front when a first collection exceeds the budget, waits for the reset, and resumes where an interrupted run stopped', async () => {
    const data = dataset({ 'acme/api': 150, 'acme/web': 150 });
    const gh = await startFakeGithub(data, { token: TOKEN, rateLimit: 15 });
    fakes.push(gh);
    const dir = await tempDir();
    // The first run is stopped while it waits for the reset (a CI job's time limit, say).
    const stopped = new Error('job cancelled');
    const first = collect(gh, dir, ['acme/api', 'acme/web'], () => Promise.reject(stopped));
    await expect(first).rejects.toBe(stopped);
    // acme/api was committed with its cursor before the budget ran out; acme/web was not.
    expect(await stored(dir, 'acme/api')).toEqual(byNumber(data.repo_('acme/api').pullRequests));
    await expect(stored(dir, 'acme/web')).rejects.toThrow();

    // The next run: the estimate names what is left, the wait is for the announced reset.
    const reset = gh.rateLimit.resetAt.toISOString();
    gh.log.length = 0;
    const sleeps: number[] = [];
    const { logs } = await collect(gh, dir, ['acme/api', 'acme/web'], async (ms) => {
      sleeps.push(ms);
      gh.rateLimit.resetAt = new Date(Date.now() - 1000);
    });
    expect(logs[0]).toMatch(
      new RegExp(
        `^github: a first collection of 150 merged pull requests in 1 repositories needs about 11 rate-limit points, more than the \\d+ left until the reset at ${reset}`,
      ),
    );
    expect(logs.some((m) => /waiting \d+ s for the reset at /.test(m))).toBe(true);
    expect(sleeps).toHaveLength(1);
    // acme/api is read incrementally (a page of 10), acme/web in full.
    const pages = gh.log.filter((r) => r.operation === 'DocketPullRequests');
    expect(pages.map((r) => [r.variables.owner, r.variables.name, r.variables.first])).toEqual([
      ['acme', 'api', FIRST_INCREMENTAL_PAGE],
      ['acme', 'web', 100],
      // The last page asks only for what is left, so it costs 3 points, not 6.
      ['acme', 'web', 50],
    ]);
    expect(await stored(dir, 'acme/web')).toEqual(byNumber(data.repo_('acme/web').pullRequests));
    expect(gh.invalid).toEqual([]);
  });
});

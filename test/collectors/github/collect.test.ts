import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  GithubApiError,
  createGithubClient,
  githubClientFromEnv,
  type GithubClientOptions,
} from '../../../collectors/github/client.ts';
import {
  collectGithub,
  PULL_REQUEST_LOOKBACK_MS,
  type GithubCollectOptions,
} from '../../../collectors/github/collect.ts';
import { canonicalPullRequest } from '../../../collectors/github/normalize.ts';
import { PULL_REQUESTS_QUERY } from '../../../collectors/github/queries.ts';
import { storePath } from '../../../src/evidence/catalog.ts';
import { readNdjson } from '../../../src/evidence/ndjson.ts';
import { openStore } from '../../../src/evidence/store.ts';
import { DocketConfig } from '../../../src/core/schemas/config.ts';
import type { PullRequestRecord, Review } from '../../../src/core/schemas/github.ts';
import { runCli, tempDir } from '../../helpers/cli.ts';
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
const period = { start: '2026-01-01', end: '2026-12-31' };
let fakes: FakeGithub[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function fake(data: FakeGithubData): Promise<FakeGithub> {
  const f = await startFakeGithub(data, { token: TOKEN });
  fakes.push(f);
  return f;
}

function bigDataset(): FakeGithubData {
  const data = new FakeGithubData();
  const prs = generatePullRequests('acme/api', { seed: 'collect', count: 260 });
  // One pull request with more reviews and commits than a page holds.
  const big = prs[100] as PullRequestRecord;
  const extraReviews: Review[] = Array.from({ length: 130 }, (_, i) => ({
    id: `PRR_big_${String(i).padStart(3, '0')}`,
    author: `reviewer${i}`,
    state: i % 2 ? 'COMMENTED' : 'APPROVED',
    submitted_at: new Date(Date.parse(big.merged_at) - (200 - i) * 60_000).toISOString(),
    commit_oid: big.head_oid,
  }));
  // Co-authored, each: more than one batch of co-author look-ups; the first one with more
  // co-authors than a page holds.
  const person = (login: string) => ({ login, name: login, email: `${login}@acme.test` });
  const extraCommits = Array.from({ length: 128 }, (_, i) => ({
    ...(big.commits[0] as PullRequestRecord['commits'][number]),
    oid: `${String(i).padStart(3, '0')}${'e'.repeat(37)}`,
    authors: [
      person(big.author),
      ...Array.from({ length: i === 0 ? 120 : 1 }, (_, j) => person(`co${i}-${j}`)),
    ],
  }));
  prs[100] = canonicalPullRequest({
    ...big,
    reviews: extraReviews,
    commits: [...extraCommits, ...big.commits],
  });
  data.addRepo('acme/api', {
    pullRequests: prs,
    deployments: generateDeployments('acme/api', prs, { seed: 'collect' }),
  });
  return data;
}

/** The collector's options, and what the collect command makes its client from. */
interface TestOptions extends GithubCollectOptions {
  env: Readonly<Record<string, string | undefined>>;
  sleep: (ms: number) => Promise<void>;
  /** Request timeout and secondary-rate-limit wait of the client. */
  client?: Pick<GithubClientOptions, 'timeoutMs' | 'secondaryRateLimitWaitMs'>;
}

function options(
  dir: string,
  url: string,
  overrides: Partial<TestOptions> = {},
): TestOptions & { logs: string[]; sleeps: number[] } {
  const logs: string[] = [];
  const sleeps: number[] = [];
  return {
    config: DocketConfig.parse({ github: { repos: ['acme/api'] } }),
    storeDir: dir,
    env: { GITHUB_TOKEN: TOKEN, GITHUB_GRAPHQL_URL: url },
    period,
    now: () => new Date('2026-11-22T12:00:00Z'),
    log: (m) => logs.push(m),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
    logs,
    sleeps,
  };
}

/** As `docket collect` does: a client made from the environment and the config, then the collector. */
function collectGithubAsCli(opts: TestOptions) {
  const client = githubClientFromEnv(opts.env, opts.config.github, {
    log: opts.log,
    sleep: opts.sleep,
    ...opts.client,
  });
  return collectGithub(client, opts);
}

const operationOf = (query: string) => /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? null;

async function stored(dir: string, repo = 'acme/api'): Promise<PullRequestRecord[]> {
  const out: PullRequestRecord[] = [];
  for await (const r of readNdjson(dir, storePath('github', 'pullRequests', { repo })))
    out.push(r as PullRequestRecord);
  return out;
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile())
      out[join(e.parentPath, e.name).slice(dir.length)] = await readFile(
        join(e.parentPath, e.name),
        'utf8',
      );
  return out;
}

describe('GitHub collector', () => {
  it('collects 250+ pull requests over several pages and a PR with 130 reviews and 130 commits completely', async () => {
    const data = bigDataset();
    const gh = await fake(data);
    const dir = await tempDir();
    const summary = await collectGithubAsCli(options(dir, gh.url));
    expect(gh.invalid).toEqual([]);
    const want = data.repo_('acme/api').pullRequests;
    expect(await stored(dir)).toEqual([...want].sort((a, b) => a.number - b.number));
    expect(summary).toMatchObject({
      repositories: 1,
      pullRequests: 260,
      changedPullRequests: 260,
      deployments: 87,
    });
    // The count for the estimate; 3 pages of pull requests, 1 more page of commits (100 a page)
    // and 1 of reviews for the big one; co-authors of its 128 co-authored commits (and of the
    // other pull requests' few) in 2 batches, with a second page for the commit with 121
    // authors; 1 of deployments.
    expect(gh.log.map((r) => r.operation)).toEqual([
      'DocketMergedCounts',
      'DocketPullRequests',
      'DocketPullRequests',
      'DocketMoreCommits',
      'DocketMoreReviews',
      'DocketCoAuthors',
      'DocketMoreAuthors',
      'DocketPullRequests',
      'DocketCoAuthors',
      'DocketDeployments',
    ]);
    expect(summary.stats.requests).toBe(10);
    expect(summary.stats.cost).toBe(gh.log.reduce((n, r) => n + r.cost, 0));
  });

  it('fetches only what changed on the next run, and replaces an edited PR instead of duplicating it', async () => {
    const data = bigDataset();
    const gh = await fake(data);
    const dir = await tempDir();
    await collectGithubAsCli(options(dir, gh.url));
    const before = await snapshot(dir);
    gh.log.length = 0;
    const again = await collectGithubAsCli(
      options(dir, gh.url, { now: () => new Date('2026-11-23T12:00:00Z') }),
    );
    expect(gh.log.map((r) => r.operation)).toEqual(['DocketPullRequests', 'DocketDeployments']);
    // A nightly run asks for a small first page: rate-limit cost follows the page size.
    expect(gh.log[0]?.variables.first).toBe(10);
    expect(gh.log[0]?.cost).toBeLessThan(5);
    // It re-reads only the day before the cursor (the newest update seen), and finds nothing
    // changed there.
    expect(PULL_REQUEST_LOOKBACK_MS).toBe(24 * 3_600_000);
    const updated = data.repo_('acme/api').pullRequests.map((p) => Date.parse(p.updated_at));
    const inWindow = updated.filter((t) => t >= Math.max(...updated) - 24 * 3_600_000).length;
    expect(inWindow).toBeGreaterThan(1);
    expect(inWindow).toBeLessThan(10);
    expect(again.readPullRequests).toBe(inWindow);
    expect(again.changedPullRequests).toBe(0);
    expect(await snapshot(dir)).toEqual(before);

    const prs = data.repo_('acme/api').pullRequests;
    const edited = prs.findIndex((p) => p.number === 42);
    prs[edited] = {
      ...(prs[edited] as PullRequestRecord),
      title: 'Renamed after merge',
      updated_at: '2026-11-23T09:00:00Z',
    };
    gh.log.length = 0;
    const third = await collectGithubAsCli(
      options(dir, gh.url, { now: () => new Date('2026-11-23T12:00:00Z') }),
    );
    expect(third.changedPullRequests).toBe(1);
    const after = await stored(dir);
    expect(after).toHaveLength(260);
    expect(after.filter((p) => p.number === 42).map((p) => p.title)).toEqual([
      'Renamed after merge',
    ]);
  });

  it('retries 502s, dropped connections and truncated answers, and waits out rate limits', async () => {
    const data = bigDataset();
    const gh = await fake(data);
    gh.inject('502', { at: 1 });
    gh.inject('secondary-rate-limit', { at: 3 });
    gh.inject('reset', { at: 5 });
    gh.inject('primary-rate-limit', { at: 6 });
    gh.inject('truncated', { at: 8 });
    // Slower than the request timeout below: abandoned and asked again.
    gh.inject('slow', { at: 9, delayMs: 2500 });
    const dir = await tempDir();
    const opts = options(dir, gh.url, { client: { timeoutMs: 1000 } });
    const summary = await collectGithubAsCli(opts);
    expect(gh.log.filter((r) => r.fault).map((r) => [r.n, r.fault])).toEqual([
      [1, '502'],
      [3, 'secondary-rate-limit'],
      [5, 'reset'],
      [6, 'primary-rate-limit'],
      [8, 'truncated'],
      [9, 'slow'],
    ]);
    expect(await stored(dir)).toEqual(
      [...data.repo_('acme/api').pullRequests].sort((a, b) => a.number - b.number),
    );
    expect(summary.stats.retries).toBe(6);
    const logs = opts.logs.join('\n');
    expect(logs).toMatch(/server error 502; waiting 1 s/);
    expect(logs).toMatch(/secondary rate limit; waiting 1 s/);
    expect(logs).toMatch(/primary rate limit reached; waiting \d+ s/);
    expect(logs).toMatch(/network error \(incomplete answer\)/);
    expect(logs).toMatch(/network error \(no complete answer within 1 s\)/);
    expect(logs.match(/network error/g)).toHaveLength(3);
    expect(opts.sleeps).toContain(1000);
    // The timed-out request was asked again, unchanged.
    expect(gh.log[9]).toMatchObject({
      query: gh.log[8]?.query,
      variables: gh.log[8]?.variables,
      fault: null,
      status: 200,
    });
  });

  it('abandons an answer that stalls past the request timeout, before or during the body, and retries it', async () => {
    const data = new FakeGithubData();
    const prs = generatePullRequests('acme/api', { seed: 'timeout', count: 30 });
    data.addRepo('acme/api', {
      pullRequests: prs,
      deployments: generateDeployments('acme/api', prs, { seed: 'timeout' }),
    });
    const gh = await fake(data);
    gh.inject('slow', { at: 1, delayMs: 4000 });
    gh.inject('stalled-body', { at: 3, delayMs: 4000 });
    const dir = await tempDir();
    const opts = options(dir, gh.url, { client: { timeoutMs: 400 } });
    const started = performance.now();
    const summary = await collectGithubAsCli(opts);
    // Each stall cost the timeout, not the whole stall (nor Node's 300 s default): the run took
    // less than one stall, with room for a slow machine.
    expect(performance.now() - started).toBeLessThan(4000);
    // (The fake names a request's operation once it runs it; the abandoned one is still asleep.)
    expect(gh.log.map((r) => [operationOf(r.query), r.fault])).toEqual([
      ['DocketMergedCounts', 'slow'],
      ['DocketMergedCounts', null],
      ['DocketPullRequests', 'stalled-body'],
      ['DocketPullRequests', null],
      ['DocketCoAuthors', null],
      ['DocketDeployments', null],
    ]);
    expect(summary.stats.retries).toBe(2);
    expect(
      opts.logs.filter((m) => m.includes('network error (no complete answer within 400 ms)')),
    ).toHaveLength(2);
    expect(await stored(dir)).toEqual([...prs].sort((a, b) => a.number - b.number));
    expect(summary.deployments).toBe(data.repo_('acme/api').deployments.length);
  });

  it("takes the request timeout from the config's github.request_timeout_seconds", async () => {
    const data = new FakeGithubData();
    const prs = generatePullRequests('acme/api', { seed: 'timeout-config', count: 5 });
    data.addRepo('acme/api', { pullRequests: prs, deployments: [] });
    const gh = await fake(data);
    gh.inject('slow', { at: 1, delayMs: 1500 });
    const dir = await tempDir();
    const opts = options(dir, gh.url, {
      config: DocketConfig.parse({ github: { repos: ['acme/api'], request_timeout_seconds: 0.3 } }),
    });
    const summary = await collectGithubAsCli(opts);
    expect(summary.stats.retries).toBe(1);
    expect(
      opts.logs.filter((m) => m.includes('network error (no complete answer within 300 ms)')),
    ).toHaveLength(1);
    expect(await stored(dir)).toEqual([...prs].sort((a, b) => a.number - b.number));
    expect(DocketConfig.parse({}).github.request_timeout_seconds).toBe(60);
    expect(DocketConfig.safeParse({ github: { request_timeout_seconds: 0 } }).success).toBe(false);
  });

  it('waits out a secondary rate limit (403 or 429) that names no retry-after: a minute, doubling while it repeats', async () => {
    const data = bigDataset();
    const gh = await fake(data);
    gh.inject('secondary-rate-limit-no-retry-after', { at: 1 });
    gh.inject('secondary-rate-limit-no-retry-after', { at: 2 });
    gh.inject('secondary-rate-limit-no-retry-after', { at: 4 });
    // A plain 429 is the same signal.
    gh.inject('too-many-requests', { at: 6 });
    const dir = await tempDir();
    const opts = options(dir, gh.url);
    const summary = await collectGithubAsCli(opts);
    expect(gh.log.filter((r) => r.fault).map((r) => [r.n, r.status])).toEqual([
      [1, 403],
      [2, 403],
      [4, 403],
      [6, 429],
    ]);
    // Two in a row: 60 s then 120 s; after an answer got through, the next starts at 60 s again.
    expect(opts.sleeps).toEqual([60_000, 120_000, 60_000, 60_000]);
    expect(opts.logs).toEqual([
      'github: secondary rate limit (no retry-after); waiting 60 s before retrying (attempt 2 of 8)',
      'github: secondary rate limit (no retry-after); waiting 120 s before retrying (attempt 3 of 8)',
      'github: secondary rate limit (no retry-after); waiting 60 s before retrying (attempt 2 of 8)',
      'github: secondary rate limit (no retry-after); waiting 60 s before retrying (attempt 2 of 8)',
    ]);
    expect(summary.stats.retries).toBe(4);
    expect(await stored(dir)).toHaveLength(260);
  });

  it('takes the secondary-rate-limit wait from the client options', async () => {
    const gh = await fake(bigDataset());
    gh.inject('secondary-rate-limit-no-retry-after', { at: 1 });
    const logs: string[] = [];
    const client = createGithubClient({
      url: gh.url,
      token: TOKEN,
      secondaryRateLimitWaitMs: 150,
      log: (m) => logs.push(m),
    });
    const started = performance.now();
    const data = await client.query<{
      repository: { pullRequests: { nodes: { number: number }[] } };
    }>(PULL_REQUESTS_QUERY, { owner: 'acme', name: 'api', first: 2, after: null });
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
    expect(data.repository.pullRequests.nodes).toHaveLength(2);
    expect(logs).toEqual([
      'github: secondary rate limit (no retry-after); waiting 1 s before retrying (attempt 2 of 8)',
    ]);
    expect(gh.log.map((r) => r.status)).toEqual([403, 200]);
  });

  it('after a run that fails mid-way, a rerun leaves the same bytes as an uninterrupted run', async () => {
    const data = new FakeGithubData();
    for (const repo of ['acme/api', 'acme/web', 'acme/infra']) {
      const prs = generatePullRequests(repo, { seed: 'kill', count: 150 });
      data.addRepo(repo, {
        pullRequests: prs,
        deployments: generateDeployments(repo, prs, { seed: 'kill' }),
      });
    }
    const gh = await fake(data);
    const config = DocketConfig.parse({ github: { repos: ['acme/*'] } });
    const clean = await tempDir();
    await collectGithubAsCli(options(clean, gh.url, { config }));
    const want = await snapshot(clean);
    const total = gh.log.length;
    for (const failAt of [2, 4, 6, total - 1]) {
      const dir = await tempDir();
      gh.log.length = 0;
      gh.faultPlan = (n) => (n >= failAt ? '502' : null);
      await expect(collectGithubAsCli(options(dir, gh.url, { config }))).rejects.toThrow(
        /giving up after 8 attempts: server error 502/,
      );
      gh.faultPlan = null;
      await collectGithubAsCli(options(dir, gh.url, { config }));
      expect(await snapshot(dir), `failing from request ${failAt}`).toEqual(want);
    }
  });

  it('re-reads a day before the cursor, so an update stamped earlier than the newest one seen is not missed', async () => {
    const data = bigDataset();
    const gh = await fake(data);
    const dir = await tempDir();
    await collectGithubAsCli(options(dir, gh.url));
    const cursor = (await openStore(dir))?.sources.github?.cursors['acme/api'] as string;
    expect(cursor).toBe(
      [...data.repo_('acme/api').pullRequests.map((p) => p.updated_at)].sort().at(-1),
    );
    // An edit that shows up only after the run, stamped two hours before the cursor (clock skew,
    // late indexing): a strict "updated since the cursor" would never read it.
    const prs = data.repo_('acme/api').pullRequests;
    const edited = prs.findIndex((p) => p.number === 250);
    const lateStamp = new Date(Date.parse(cursor) - 2 * 3_600_000)
      .toISOString()
      .replace('.000Z', 'Z');
    prs[edited] = {
      ...(prs[edited] as PullRequestRecord),
      title: 'Edited, indexed late',
      updated_at: lateStamp,
    };
    const second = await collectGithubAsCli(options(dir, gh.url));
    expect(second.changedPullRequests).toBe(1);
    const after = await stored(dir);
    expect(after).toHaveLength(260);
    expect(after.find((p) => p.number === 250)).toMatchObject({
      title: 'Edited, indexed late',
      updated_at: lateStamp,
    });
    // The cursor never moves back.
    expect((await openStore(dir))?.sources.github?.cursors['acme/api']).toBe(cursor);
  });

  it('--since later than the cursor keeps the cursor, so the stretch it skipped is read next time', async () => {
    const data = bigDataset();
    const gh = await fake(data);
    const dir = await tempDir();
    await collectGithubAsCli(options(dir, gh.url));
    const cursorOf = async () => (await openStore(dir))?.sources.github?.cursors['acme/api'];
    const cursor = await cursorOf();
    expect(cursor).toMatch(/^2026-03-/);
    const prs = data.repo_('acme/api').pullRequests;
    const edit = (number: number, title: string, updated_at: string) => {
      const i = prs.findIndex((p) => p.number === number);
      prs[i] = { ...(prs[i] as PullRequestRecord), title, updated_at };
    };
    edit(10, 'Edited between the cursor and --since', '2026-03-20T10:00:00Z');
    edit(20, 'Edited after --since', '2026-03-28T10:00:00Z');
    const since = await collectGithubAsCli(options(dir, gh.url, { since: '2026-03-25' }));
    expect(since.readPullRequests).toBe(1);
    expect((await stored(dir)).find((p) => p.number === 20)?.title).toBe('Edited after --since');
    expect(await cursorOf()).toBe(cursor);
    const next = await collectGithubAsCli(options(dir, gh.url));
    expect(next.changedPullRequests).toBe(1);
    expect((await stored(dir)).find((p) => p.number === 10)?.title).toBe(
      'Edited between the cursor and --since',
    );
    expect(await cursorOf()).toBe('2026-03-28T10:00:00Z');

    // A first collection with --since read nothing before that date: it sets no cursor, and
    // the next run reads the whole period.
    const fresh = await tempDir();
    const partial = await collectGithubAsCli(options(fresh, gh.url, { since: '2026-03-01' }));
    expect(partial.pullRequests).toBeLessThan(260);
    expect((await openStore(fresh))?.sources.github?.cursors['acme/api']).toBeUndefined();
    await collectGithubAsCli(options(fresh, gh.url));
    expect(await snapshot(fresh)).toEqual(await snapshot(dir));
  });

  it('expands owner/* to the owner’s repositories, skipping archived ones', async () => {
    const data = new FakeGithubData();
    data.addRepo('acme/api', {
      pullRequests: generatePullRequests('acme/api', { seed: 's', count: 3 }),
    });
    data.addRepo('acme/old', {
      isArchived: true,
      pullRequests: generatePullRequests('acme/old', { seed: 's', count: 3 }),
    });
    data.addRepo('other/x', {
      pullRequests: generatePullRequests('other/x', { seed: 's', count: 3 }),
    });
    const gh = await fake(data);
    const dir = await tempDir();
    const summary = await collectGithubAsCli(
      options(dir, gh.url, { config: DocketConfig.parse({ github: { repos: ['acme/*'] } }) }),
    );
    expect(summary.repositories).toBe(1);
    expect(await readdir(join(dir, 'github', 'acme'))).toEqual(['api']);
  });

  it('keeps tokens out of the store and the logs', async () => {
    const data = new FakeGithubData();
    const leaked = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
    const [pr] = generatePullRequests('acme/api', { seed: 't', count: 1 });
    data.addRepo('acme/api', {
      pullRequests: [{ ...(pr as PullRequestRecord), body: `oops, pasted ${leaked} here` }],
    });
    const gh = await fake(data);
    gh.inject('502', { at: 1 });
    const dir = await tempDir();
    const opts = options(dir, gh.url);
    await collectGithubAsCli(opts);
    const files = Object.values(await snapshot(dir)).join('\n');
    expect(files).not.toContain(leaked);
    expect(files).not.toContain(TOKEN);
    expect(files).toMatch(/pasted \[REDACTED:github\] here/);
    expect(opts.logs.join('\n')).not.toContain(TOKEN);
    // The stored record is the redacted one: re-reading the same PR is no change.
    const again = await collectGithubAsCli(options(dir, gh.url));
    expect(again.readPullRequests).toBe(1);
    expect(again.changedPullRequests).toBe(0);
  });

  it('fails a query that GitHub’s schema rejects, as the real API would', async () => {
    const gh = await fake(bigDataset());
    const client = createGithubClient({ url: gh.url, token: TOKEN });
    const broken = PULL_REQUESTS_QUERY.replace('mergedAt', 'mergedAtTime');
    await expect(client.query(broken, { owner: 'acme', name: 'api' })).rejects.toThrow(
      GithubApiError,
    );
    expect(gh.invalid[0]?.errors.join()).toMatch(
      /Cannot query field "mergedAtTime" on type "PullRequest"/,
    );
    await expect(
      createGithubClient({ url: gh.url, token: 'ghp_wrongwrongwrongwrongwrongwrongwrong0' }).query(
        '{ viewer { login } }',
      ),
    ).rejects.toThrow(/401 Bad credentials/);
  });

  it('shows progress on a terminal (repository n of N, pull requests so far), and nothing when not a terminal', async () => {
    const data = bigDataset();
    data.addRepo('acme/infra', {
      pullRequests: generatePullRequests('acme/infra', { seed: 'progress', count: 30 }),
    });
    const gh = await fake(data);
    const dir = await tempDir();
    await writeFile(
      join(dir, 'docket.config.yaml'),
      'period: { start: 2026-01-01, end: 2026-12-31 }\ngithub:\n  repos: [acme/api, acme/infra]\n',
    );
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_GRAPHQL_URL: gh.url };
    const tty = await runCli(['collect', '--source', 'github'], { cwd: dir, env, isTTY: true });
    expect(tty.code).toBe(0);
    // Each update rewrites the same terminal line.
    const updates = tty.stderr.split('\r\x1b[K').filter(Boolean);
    expect(updates).toContain('github: acme/api (1 of 2): 100 pull requests');
    expect(updates).toContain('github: acme/api (1 of 2): 260 pull requests');
    expect(updates).toContain('github: acme/infra (2 of 2): 30 pull requests');
    expect(tty.stderr).not.toContain(TOKEN);
    const quiet = await runCli(['collect', '--source', 'github', '--full'], { cwd: dir, env });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe('');
  });

  it('runs from the CLI: docket collect, then docket check finds the pull-request gaps', async () => {
    const data = bigDataset();
    const gh = await fake(data);
    const dir = await tempDir();
    await writeFile(
      join(dir, 'docket.config.yaml'),
      'period: { start: 2026-01-01, end: 2026-12-31 }\ngithub:\n  repos: [acme/api]\n',
    );
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'content', 'controls'), { recursive: true });
    await writeFile(
      join(dir, 'content', 'controls', 'ops-01.md'),
      '---\nid: OPS-01\ntitle: Change\nowner: eng\nchecks:\n  - { rule: pr-missing-approval, min_approvals: 1 }\n---\n',
    );
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_GRAPHQL_URL: gh.url };
    const before = await runCli(['check', '--out', '-'], { cwd: dir, env });
    expect(JSON.parse(before.stdout).gaps.map((g: { rule: string }) => g.rule)).toEqual([
      'control-no-evidence',
    ]);
    const collected = await runCli(['collect'], { cwd: dir, env });
    expect(collected.stderr).toBe('');
    expect(collected.code).toBe(0);
    const line =
      /^github: 1 repositories, 260 merged pull requests \(260 read, 260 new or changed\), 87 production deployments; 10 requests, (\d+) rate-limit points of about (\d+) estimated \(\d+ remaining, resets /.exec(
        collected.stdout,
      );
    expect(line, collected.stdout).not.toBeNull();
    // The first collection's estimate, beside what GitHub counted: close to it.
    const [spent, estimated] = [Number(line?.[1]), Number(line?.[2])];
    expect(estimated).toBeGreaterThan(0);
    expect(Math.abs(spent - estimated)).toBeLessThanOrEqual(spent / 2);
    const again = await runCli(['collect'], { cwd: dir, env });
    expect(again.stdout).toMatch(/ rate-limit points \(\d+ remaining/);
    const after = await runCli(['check', '--out', '-'], { cwd: dir, env });
    const gaps = JSON.parse(after.stdout).gaps as { rule: string; subject: string }[];
    expect(gaps.length).toBeGreaterThan(0);
    expect(new Set(gaps.map((g) => g.rule))).toEqual(new Set(['pr-missing-approval']));
    const noToken = await runCli(['collect'], { cwd: dir, env: { GITHUB_GRAPHQL_URL: gh.url } });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('GITHUB_TOKEN is not set');
  });
});

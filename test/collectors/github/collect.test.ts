import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GithubApiError, createGithubClient } from '../../../collectors/github/client.ts';
import { collectGithub, pullRequestsPath, type GithubCollectOptions } from '../../../collectors/github/collect.ts';
import { canonicalPullRequest } from '../../../collectors/github/normalize.ts';
import { PULL_REQUESTS_QUERY } from '../../../collectors/github/queries.ts';
import { readNdjson } from '../../../collectors/store/store.ts';
import { DocketConfig } from '../../../src/core/schemas/config.ts';
import type { PullRequestRecord, Review } from '../../../src/core/schemas/github.ts';
import { runCli, tempDir } from '../../helpers/cli.ts';
import { FakeGithubData, startFakeGithub, type FakeGithub } from '../../helpers/fake-github/index.ts';
import { generateDeployments, generatePullRequests } from '../../helpers/fake-github/generate.ts';

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
  const extraReviews: Review[] = Array.from({ length: 130 }, (_, i) => ({ id: `PRR_big_${String(i).padStart(3, '0')}`, author: `reviewer${i}`, state: i % 2 ? 'COMMENTED' : 'APPROVED', submitted_at: new Date(Date.parse(big.merged_at) - (200 - i) * 60_000).toISOString(), commit_oid: big.head_oid }));
  const extraCommits = Array.from({ length: 44 }, (_, i) => ({ ...(big.commits[0] as PullRequestRecord['commits'][number]), oid: `${String(i).padStart(2, '0')}${'e'.repeat(38)}` }));
  prs[100] = canonicalPullRequest({ ...big, reviews: extraReviews, commits: [...extraCommits, ...big.commits] });
  data.addRepo('acme/api', { pullRequests: prs, deployments: generateDeployments('acme/api', prs, { seed: 'collect' }) });
  return data;
}

function options(dir: string, url: string, overrides: Partial<GithubCollectOptions> = {}): GithubCollectOptions & { logs: string[]; sleeps: number[] } {
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

async function stored(dir: string, repo = 'acme/api'): Promise<PullRequestRecord[]> {
  const out: PullRequestRecord[] = [];
  for await (const r of readNdjson(dir, pullRequestsPath(repo))) out.push(r as PullRequestRecord);
  return out;
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) if (e.isFile()) out[join(e.parentPath, e.name).slice(dir.length)] = await readFile(join(e.parentPath, e.name), 'utf8');
  return out;
}

describe('GitHub collector', () => {
  it('collects 250+ pull requests over several pages and a PR with 130 reviews and 46 commits completely', async () => {
    const data = bigDataset();
    const gh = await fake(data);
    const dir = await tempDir();
    const summary = await collectGithub(options(dir, gh.url));
    expect(gh.invalid).toEqual([]);
    const want = data.repo_('acme/api').pullRequests;
    expect(await stored(dir)).toEqual([...want].sort((a, b) => a.number - b.number));
    expect(summary).toMatchObject({ repositories: 1, pullRequests: 260, changedPullRequests: 260, deployments: 87 });
    // 3 pages of pull requests, 2 more pages of commits (20 a page) and 1 of reviews for the big one, 1 of deployments.
    expect(gh.log.map((r) => r.operation)).toEqual(['DocketPullRequests', 'DocketPullRequests', 'DocketMoreCommits', 'DocketMoreCommits', 'DocketMoreReviews', 'DocketPullRequests', 'DocketDeployments']);
    expect(summary.stats.requests).toBe(7);
    expect(summary.stats.cost).toBe(gh.log.reduce((n, r) => n + r.cost, 0));
  });

  it('fetches only what changed on the next run, and replaces an edited PR instead of duplicating it', async () => {
    const data = bigDataset();
    const gh = await fake(data);
    const dir = await tempDir();
    await collectGithub(options(dir, gh.url));
    const before = await snapshot(dir);
    gh.log.length = 0;
    const again = await collectGithub(options(dir, gh.url, { now: () => new Date('2026-11-23T12:00:00Z') }));
    expect(gh.log.map((r) => r.operation)).toEqual(['DocketPullRequests', 'DocketDeployments']);
    // A nightly run asks for a small first page: rate-limit cost follows the page size.
    expect(gh.log[0]?.variables.first).toBe(10);
    expect(gh.log[0]?.cost).toBeLessThan(5);
    expect(again.changedPullRequests).toBe(0);
    expect(await snapshot(dir)).toEqual(before);

    const prs = data.repo_('acme/api').pullRequests;
    const edited = prs.findIndex((p) => p.number === 42);
    prs[edited] = { ...(prs[edited] as PullRequestRecord), title: 'Renamed after merge', updated_at: '2026-11-23T09:00:00Z' };
    gh.log.length = 0;
    const third = await collectGithub(options(dir, gh.url, { now: () => new Date('2026-11-23T12:00:00Z') }));
    expect(third.changedPullRequests).toBe(1);
    const after = await stored(dir);
    expect(after).toHaveLength(260);
    expect(after.filter((p) => p.number === 42).map((p) => p.title)).toEqual(['Renamed after merge']);
  });

  it('retries 502s, dropped connections and truncated answers, and waits out rate limits', async () => {
    const data = bigDataset();
    const gh = await fake(data);
    gh.inject('502', { at: 1 });
    gh.inject('secondary-rate-limit', { at: 3 });
    gh.inject('reset', { at: 5 });
    gh.inject('primary-rate-limit', { at: 6 });
    gh.inject('truncated', { at: 8 });
    gh.inject('slow', { at: 9, delayMs: 200 });
    const dir = await tempDir();
    const opts = options(dir, gh.url);
    const summary = await collectGithub(opts);
    expect(await stored(dir)).toHaveLength(260);
    expect(summary.stats.retries).toBe(5);
    expect(opts.logs.join('\n')).toMatch(/server error 502; waiting 1 s/);
    expect(opts.logs.join('\n')).toMatch(/secondary rate limit; waiting 1 s/);
    expect(opts.logs.join('\n')).toMatch(/primary rate limit reached; waiting \d+ s/);
    expect(opts.sleeps).toContain(1000);
  });

  it('after a run that fails mid-way, a rerun leaves the same bytes as an uninterrupted run', async () => {
    const data = new FakeGithubData();
    for (const repo of ['acme/api', 'acme/web', 'acme/infra']) {
      const prs = generatePullRequests(repo, { seed: 'kill', count: 150 });
      data.addRepo(repo, { pullRequests: prs, deployments: generateDeployments(repo, prs, { seed: 'kill' }) });
    }
    const gh = await fake(data);
    const config = DocketConfig.parse({ github: { repos: ['acme/*'] } });
    const clean = await tempDir();
    await collectGithub(options(clean, gh.url, { config }));
    const want = await snapshot(clean);
    const total = gh.log.length;
    for (const failAt of [2, 4, 6, total - 1]) {
      const dir = await tempDir();
      gh.log.length = 0;
      gh.faultPlan = (n) => (n >= failAt ? '502' : null);
      await expect(collectGithub(options(dir, gh.url, { config }))).rejects.toThrow(/giving up after 8 attempts: server error 502/);
      gh.faultPlan = null;
      await collectGithub(options(dir, gh.url, { config }));
      expect(await snapshot(dir), `failing from request ${failAt}`).toEqual(want);
    }
  });

  it('expands owner/* to the owner’s repositories, skipping archived ones', async () => {
    const data = new FakeGithubData();
    data.addRepo('acme/api', { pullRequests: generatePullRequests('acme/api', { seed: 's', count: 3 }) });
    data.addRepo('acme/old', { isArchived: true, pullRequests: generatePullRequests('acme/old', { seed: 's', count: 3 }) });
    data.addRepo('other/x', { pullRequests: generatePullRequests('other/x', { seed: 's', count: 3 }) });
    const gh = await fake(data);
    const dir = await tempDir();
    const summary = await collectGithub(options(dir, gh.url, { config: DocketConfig.parse({ github: { repos: ['acme/*'] } }) }));
    expect(summary.repositories).toBe(1);
    expect(await readdir(join(dir, 'github', 'acme'))).toEqual(['api']);
  });

  it('keeps tokens out of the store and the logs', async () => {
    const data = new FakeGithubData();
    const leaked = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';
    const [pr] = generatePullRequests('acme/api', { seed: 't', count: 1 });
    data.addRepo('acme/api', { pullRequests: [{ ...(pr as PullRequestRecord), body: `oops, pasted ${leaked} here` }] });
    const gh = await fake(data);
    gh.inject('502', { at: 1 });
    const dir = await tempDir();
    const opts = options(dir, gh.url);
    await collectGithub(opts);
    const files = Object.values(await snapshot(dir)).join('\n');
    expect(files).not.toContain(leaked);
    expect(files).not.toContain(TOKEN);
    expect(files).toContain('[REDACTED:github-token]');
    expect(opts.logs.join('\n')).not.toContain(TOKEN);
  });

  it('fails a query that GitHub’s schema rejects, as the real API would', async () => {
    const gh = await fake(bigDataset());
    const client = createGithubClient({ url: gh.url, token: TOKEN });
    const broken = PULL_REQUESTS_QUERY.replace('mergedAt', 'mergedAtTime');
    await expect(client.query(broken, { owner: 'acme', name: 'api' })).rejects.toThrow(GithubApiError);
    expect(gh.invalid[0]?.errors.join()).toMatch(/Cannot query field "mergedAtTime" on type "PullRequest"/);
    await expect(createGithubClient({ url: gh.url, token: 'ghp_wrongwrongwrongwrongwrongwrongwrong0' }).query('{ viewer { login } }')).rejects.toThrow(/401 Bad credentials/);
  });

  it('runs from the CLI: docket collect, then docket check finds the pull-request gaps', async () => {
    const data = bigDataset();
    const gh = await fake(data);
    const dir = await tempDir();
    await writeFile(join(dir, 'docket.config.yaml'), 'period: { start: 2026-01-01, end: 2026-12-31 }\ngithub:\n  repos: [acme/api]\n');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(dir, 'content', 'controls'), { recursive: true });
    await writeFile(join(dir, 'content', 'controls', 'ops-01.md'), '---\nid: OPS-01\ntitle: Change\nowner: eng\nchecks:\n  - { rule: pr-missing-approval, min_approvals: 1 }\n---\n');
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_GRAPHQL_URL: gh.url };
    const before = await runCli(['check', '--out', '-'], { cwd: dir, env });
    expect(JSON.parse(before.stdout).gaps.map((g: { rule: string }) => g.rule)).toEqual(['control-no-evidence']);
    const collected = await runCli(['collect'], { cwd: dir, env });
    expect(collected.stderr).toBe('');
    expect(collected.code).toBe(0);
    expect(collected.stdout).toMatch(/^github: 1 repositories, 260 merged pull requests \(260 new or changed\), 87 production deployments; 7 requests, \d+ rate-limit points \(\d+ remaining, resets /);
    const after = await runCli(['check', '--out', '-'], { cwd: dir, env });
    const gaps = JSON.parse(after.stdout).gaps as { rule: string; subject: string }[];
    expect(gaps.length).toBeGreaterThan(0);
    expect(new Set(gaps.map((g) => g.rule))).toEqual(new Set(['pr-missing-approval']));
    const noToken = await runCli(['collect'], { cwd: dir, env: { GITHUB_GRAPHQL_URL: gh.url } });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('GITHUB_TOKEN is not set');
  });
});

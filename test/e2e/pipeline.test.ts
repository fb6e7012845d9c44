import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullRequestRecord } from '../../src/core/schemas/github.ts';
import {
  apiCall,
  assumedRole,
  CI_ROLE,
  PROD,
  SSO_ROLE,
  writeTrail,
} from '../../testkit/cloudtrail.ts';
import { FIXTURES, runCli, tempDir } from '../helpers/cli.ts';
import {
  FakeGithubData,
  startFakeGithub,
  type FakeGithub,
} from '../../testkit/fake-github/index.ts';
import { generateDeployments, generatePullRequests } from '../../testkit/fake-github/generate.ts';
import { REPO } from '../helpers/site.ts';

// The token the pipeline authenticates with, also pasted into collected text by careless people.
const TOKEN = 'ghp_KnownFakeToken0123456789abcdefABCDEF99';
const AWS_KEY = 'AKIAZZZZZZZZZZZZZZZZ';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZXBsb3llciJ9.ZmFrZS1zaWduYXR1cmUtZm9yLXRlc3Rz';
let gh: FakeGithub;

beforeAll(async () => {
  const data = new FakeGithubData();
  for (const repo of ['acme/api', 'acme/infra']) {
    const prs = generatePullRequests(repo, { seed: 'e2e', count: 40 });
    (prs[3] as PullRequestRecord).body =
      `Deploy with GITHUB_TOKEN=${TOKEN} and\nexport AWS_SECRET_ACCESS_KEY=${AWS_SECRET} (key ${AWS_KEY})`;
    data.addRepo(repo, {
      pullRequests: prs,
      deployments: generateDeployments(repo, prs, { seed: 'e2e' }),
    });
  }
  gh = await startFakeGithub(data, { token: TOKEN });
});
afterAll(() => gh?.close());

/** An organisation: the example's content, the fake GitHub, a small trail and SARIF with secrets in them. */
async function org(): Promise<string> {
  const dir = await tempDir();
  await cp(join(REPO, 'content'), join(dir, 'content'), { recursive: true });
  await writeFile(
    join(dir, 'docket.config.yaml'),
    [
      'period: { start: 2026-01-01, end: 2026-12-31 }',
      'site: { title: E2E, url: "https://acme.github.io/compliance/" }',
      'github: { repos: ["acme/*"] }',
      `aws: { cloudtrail_dir: trail, accounts: { "${PROD}": { name: prod, environment: production } }, ci_principals: ["${CI_ROLE}"] }`,
      'sarif_dir: sarif',
      'issues: { repo: acme/api }',
    ].join('\n'),
  );
  await writeTrail(join(dir, 'trail'), [
    apiCall({
      time: '2026-05-05T10:00:00Z',
      name: 'UpdateService',
      source: 'ecs.amazonaws.com',
      identity: assumedRole(CI_ROLE, 'GitHubActions'),
    }),
    apiCall({
      time: '2026-05-06T10:00:00Z',
      name: 'RunInstances',
      source: 'ec2.amazonaws.com',
      identity: assumedRole(SSO_ROLE, 'dave'),
      requestParameters: {
        userData: `export GITHUB_TOKEN=${TOKEN}; export AWS_SECRET_ACCESS_KEY=${AWS_SECRET}`,
        accessKey: AWS_KEY,
      },
    }),
  ]);
  await mkdir(join(dir, 'sarif'));
  const sarif = JSON.parse(await readFile(join(FIXTURES, 'sarif/checkov.sarif'), 'utf8'));
  sarif.runs[0].results[0].message.text = `curl -H "Authorization: Bearer ${TOKEN}" leaked in a script`;
  sarif.runs[0].results[1].message.text = `wget --header 'authorization: bearer ${JWT}' in a script`;
  await writeFile(join(dir, 'sarif/checkov.sarif'), JSON.stringify(sarif));
  return dir;
}

async function runPipeline(dir: string): Promise<string> {
  const env = { GITHUB_TOKEN: TOKEN, GITHUB_GRAPHQL_URL: gh.url };
  let log = '';
  for (const args of [
    ['collect'],
    ['check', '--as-of', '2026-11-22', '--out', 'gaps.json'],
    ['build', '--as-of', '2026-11-22'],
    ['issues', '--as-of', '2026-11-22'],
    ['verify'],
  ]) {
    const r = await runCli(args, { cwd: dir, env, today: '2026-11-22' });
    log += `$ docket ${args.join(' ')} (exit ${r.code})\n${r.stdout}${r.stderr}`;
    expect(r.code, `docket ${args.join(' ')}:\n${r.stderr}`).toBe(0);
  }
  return log;
}

async function files(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile())
      out.set(
        join(e.parentPath, e.name)
          .slice(dir.length + 1)
          .split(sep)
          .join('/'),
        await readFile(join(e.parentPath, e.name)),
      );
  return out;
}

describe('the whole pipeline', () => {
  let a: string;
  let b: string;
  let logs: string;
  beforeAll(async () => {
    a = await org();
    b = await org();
    logs = (await runPipeline(a)) + (await runPipeline(b));
  }, 300_000);

  it('keeps the token and AWS secrets out of the evidence store, the site and the logs', async () => {
    const everything: [string, Buffer][] = [
      ...(await files(join(a, 'evidence'))),
      ...(await files(join(a, 'dist'))),
      ...(await files(join(a, '.docket'))),
      ['gaps.json', await readFile(join(a, 'gaps.json'))],
      ['log', Buffer.from(logs)],
    ];
    expect(everything.length).toBeGreaterThan(100);
    for (const [name, stored] of everything) {
      // The record pages' records files are gzip-compressed: read what they hold.
      const bytes = name.endsWith('.gz') ? gunzipSync(stored) : stored;
      for (const secret of [TOKEN, AWS_SECRET, AWS_KEY, JWT])
        expect(bytes.includes(secret), `${secret.slice(0, 8)}… in ${name}`).toBe(false);
    }
    const prs = await readFile(join(a, 'evidence/github/acme/api/pull-requests.ndjson'), 'utf8');
    expect(prs).toMatch(/GITHUB_TOKEN=\[REDACTED:[a-z-]+\]/);
    expect(prs).toMatch(/AWS_SECRET_ACCESS_KEY=\[REDACTED:[a-z-]+\]/);
    const scans = [...(await files(join(a, 'evidence/sarif'))).values()]
      .map((b) => b.toString())
      .join('');
    expect(scans).toMatch(/authorization: bearer \[REDACTED:[a-z-]+\]/);
  });

  it('produces byte-identical evidence, gaps and site from the same inputs', async () => {
    // Pagefind writes each search filter's values in hash-map order, random per process, and the
    // files naming them follow (README, "Performance"). Everything else must match byte for byte.
    const PAGEFIND_FILTERS =
      /^pagefind\/(filter\/en_[0-9a-f]+\.pf_filter|pagefind\.en_[0-9a-f]+\.pf_meta|pagefind-entry\.json)$/;
    for (const folder of ['evidence', 'dist']) {
      const [x, y] = [await files(join(a, folder)), await files(join(b, folder))];
      const keep = (names: Iterable<string>) =>
        [...names].filter((n) => !PAGEFIND_FILTERS.test(n)).sort();
      expect(keep(x.keys())).toEqual(keep(y.keys()));
      expect(keep(x.keys()).length).toBeGreaterThan(folder === 'dist' ? 150 : 5);
      const differing = keep(x.keys()).filter(
        (name) => !(x.get(name) as Buffer).equals(y.get(name) as Buffer),
      );
      expect(differing, folder).toEqual([]);
      expect([...x.keys()].filter((n) => PAGEFIND_FILTERS.test(n)).length).toBe(
        [...y.keys()].filter((n) => PAGEFIND_FILTERS.test(n)).length,
      );
    }
    expect(
      (await readFile(join(a, 'gaps.json'))).equals(await readFile(join(b, 'gaps.json'))),
    ).toBe(true);
  });
});

// Regenerates the example organisation's GitHub evidence (evidence/github/...) by running the
// real collector against the loopback fake GitHub serving a deterministic Acme Cloud dataset.
//   node scripts/example-evidence-github.ts
import { resolve } from 'node:path';
import { githubClientFromEnv } from '../collectors/github/client.ts';
import { collectGithub } from '../collectors/github/collect.ts';
import { parseConfig } from '../src/core/config.ts';
import { readFileSync } from 'node:fs';
import { FakeGithubData, startFakeGithub } from '../testkit/fake-github/index.ts';
import { generateDeployments, generatePullRequests } from '../testkit/fake-github/generate.ts';

const root = resolve(import.meta.dirname, '..');
const { config } = parseConfig(
  readFileSync(resolve(root, 'docket.config.yaml'), 'utf8'),
  'docket.config.yaml',
);
if (!config?.period) throw new Error('docket.config.yaml needs a period');

const data = new FakeGithubData();
const people = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];
const repos: [string, number, number][] = [
  ['acme/api', 46, 101],
  ['acme/web', 34, 201],
  ['acme/infra', 28, 301],
];
for (const [repo, count, firstNumber] of repos) {
  const prs = generatePullRequests(repo, {
    seed: 'acme-example',
    count,
    firstNumber,
    people,
    start: '2026-01-12T09:30:00Z',
    spacingHours: (300 * 24) / count,
    rates: {
      noApproval: 0.06,
      selfApproval: 0.04,
      stale: 0.05,
      failedCheck: 0.04,
      template: 0.08,
      unsigned: repo === 'acme/infra' ? 0.1 : 0.02,
      emergency: 0.05,
      highRisk: 0.12,
    },
  });
  data.addRepo(repo, {
    pullRequests: prs,
    deployments: generateDeployments(repo, prs, {
      seed: 'acme-example',
      every: 2,
      outsideRate: 0.08,
    }),
  });
}
// A hostile pull request title and label: the site must show them as text.
const api = data.repo_('acme/api');
const hostile = api.pullRequests[3];
if (hostile) {
  hostile.title = 'Fix <script>alert("pr title")</script> escaping in <b>exports</b>';
  hostile.labels = [...hostile.labels, '<img src=x onerror=alert(1)>'].sort();
}

const token = 'ghp_exampleexampleexampleexampleexample0';
const gh = await startFakeGithub(data, { token });
try {
  const client = githubClientFromEnv(
    { GITHUB_TOKEN: token, GITHUB_GRAPHQL_URL: gh.url },
    config.github,
    { log: (m) => console.error(m) },
  );
  const summary = await collectGithub(client, {
    config,
    storeDir: resolve(root, config.evidence),
    period: config.period,
    full: true,
    now: () => new Date('2026-11-20T06:00:00Z'),
    log: (m) => console.error(m),
  });
  if (gh.invalid.length) throw new Error(`invalid queries: ${JSON.stringify(gh.invalid)}`);
  console.log(
    `example evidence: ${summary.pullRequests} pull requests, ${summary.deployments} ` +
      `deployments in ${summary.repositories} repositories`,
  );
} finally {
  await gh.close();
}

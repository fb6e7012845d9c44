// Issue 15's secrets, and a few of secretlint's own examples, through the whole pipeline: records
// of the fake GitHub (PR titles and bodies), CloudTrail log files (user agents) and SARIF files
// (result messages) carry them; `collect`, `check` and `build` run as a user runs them. None may
// appear under evidence/, dist/ or in anything printed.
import { spawn } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCall, assumedRole, CI_ROLE, PROD, writeTrail } from '../../testkit/cloudtrail.ts';
import {
  FakeGithubData,
  startFakeGithub,
  type FakeGithub,
} from '../../testkit/fake-github/index.ts';
import { generatePullRequests } from '../../testkit/fake-github/generate.ts';
import { FIXTURES, tempDir } from '../helpers/cli.ts';
import { REPO } from '../helpers/site.ts';

const TOKEN = 'ghp_pipelinepipelinepipelinepipeline0001';
const AWS_SECRET = 'Xk7dP2mQ9vR4tY8wZ1aB3cD5eF6gH0jK2lM4nO6p';
const GHP = 'ghp_R8tYw2Kq9ZmX4vB7nL1pD6sF3hJ0cG5aE2uQ';
const SLACK = 'xoxb-263594206564-2343936779040-Hm7qT2bVx9LcR4sN8dKpW3zY';
const JWT = [
  'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9',
  'eyJzdWIiOiJyZXBvOmFjbWUvYXBpIiwiYXVkIjoic3RzIn0',
  'Qm9ndXNTaWduYXR1cmVCeXRlc0ZvclRlc3Q',
].join('.');
const OPENSSH_BODY = [
  'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
  'QyNTUxOQAAACDk3Ld2xXQ0kF9Yc1n0b3V3cm9uZ3N0cmluZ0ZvclRlc3RzAAAAkKb3vN1m',
];
const PGP_BODY = [
  'lQOYBGZ1x2kBCADJv3n8Qm4yKpL2sT7wXz9aBcDeFgHiJkLmNoPqRsTuVwXyZ012',
  '3456789+/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrS',
];
const URL_PASSWORD = 'Sup3rS3cretPassw0rd';

/** [text carrying the secret, the parts that must not survive] */
const ISSUE_15: [string, string[]][] = [
  [`slack: ${SLACK}`, [SLACK]],
  [`id_token=${JWT}`, [JWT]],
  [`aws-secret-access-key=${AWS_SECRET}`, [AWS_SECRET]],
  [`-----BEGIN OPENSSH PRIVATE KEY-----\n${OPENSSH_BODY.join('\n')}\n`, OPENSSH_BODY],
  [
    `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${PGP_BODY.join('\n')}\n=x7Kq\n-----END PGP PRIVATE KEY BLOCK-----`,
    PGP_BODY,
  ],
  [`MY_${GHP}`, [GHP.slice(4)]],
  [`GITHUB_GRAPHQL_URL=http://docket:${URL_PASSWORD}@ghe.acme.io/api/graphql`, [URL_PASSWORD]],
];

/** A few of secretlint's own examples: the first positive case of some preset rules. */
async function presetExamples(): Promise<[string, string[]][]> {
  const out: [string, string[]][] = [];
  const dir = join(FIXTURES, 'secrets/preset-recommend');
  for (const rule of ['secretlint-rule-github', 'secretlint-rule-slack', 'secretlint-rule-npm']) {
    for (const name of (await readdir(join(dir, rule))).sort()) {
      if (!name.startsWith('ng')) continue;
      const files = await readdir(join(dir, rule, name));
      const file = files.find((f) => f !== 'output.json' && f !== '.secretlintrc.json');
      if (!file || files.includes('.secretlintrc.json')) continue;
      const input = await readFile(join(dir, rule, name, file), 'utf8');
      const output = JSON.parse(await readFile(join(dir, rule, name, 'output.json'), 'utf8')) as {
        messages: { range: [number, number] }[];
      };
      if (!output.messages.length) continue;
      out.push([input, output.messages.map((m) => input.slice(...m.range))]);
      break;
    }
  }
  return out;
}

let gh: FakeGithub;
let corpus: [string, string[]][];
let dir: string;
const printed: string[] = [];

function docket(args: string[], env: Record<string, string> = {}, killAfterMs?: number) {
  const child = spawn(process.execPath, [join(REPO, 'bin/docket.js'), ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH, GITHUB_TOKEN: TOKEN, GITHUB_GRAPHQL_URL: gh.url, ...env },
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  if (killAfterMs) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => {
      printed.push(output);
      resolve({ code, output });
    }),
  );
}

beforeAll(async () => {
  corpus = [...ISSUE_15, ...(await presetExamples())];
  expect(corpus.length).toBeGreaterThan(ISSUE_15.length);
  const data = new FakeGithubData();
  const prs = generatePullRequests('acme/api', { seed: 'secrets', count: corpus.length * 2 });
  corpus.forEach(([text], i) => {
    const pr = prs[i] as { title: string; body: string };
    pr.body = `Deploy notes\n${text}\nthanks`;
    const title = prs[corpus.length + i] as { title: string };
    title.title = `fix ${text.split('\n')[0]}`;
  });
  data.addRepo('acme/api', { pullRequests: prs });
  gh = await startFakeGithub(data, { token: TOKEN });

  dir = await tempDir();
  await writeFile(
    join(dir, 'docket.config.yaml'),
    `site: { title: Acme }\nperiod: { start: 2026-01-01, end: 2026-12-31 }\ngithub: { repos: ["acme/api"] }\naws: { cloudtrail_dir: trail, accounts: { "${PROD}": { name: prod, environment: production } }, ci_principals: ["${CI_ROLE}"] }\nsarif_dir: scans\n`,
  );
  const ci = assumedRole(CI_ROLE, 'GitHubActions');
  await writeTrail(
    join(dir, 'trail'),
    corpus.map(([text], i) =>
      apiCall({
        time: `2026-03-0${1 + (i % 9)}T10:00:00Z`,
        name: 'UpdateService',
        source: 'ecs.amazonaws.com',
        identity: ci,
        userAgent: text,
        id: `secret-${i}`,
      }),
    ),
  );
  await mkdir(join(dir, 'scans'));
  await writeFile(
    join(dir, 'scans', 'scan.sarif'),
    JSON.stringify({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'trivy', rules: [{ id: 'R1' }] } },
          versionControlProvenance: [
            { repositoryUri: 'https://github.com/acme/api', revisionId: 'a'.repeat(40) },
          ],
          results: corpus.map(([text]) => ({
            ruleId: 'R1',
            level: 'error',
            message: { text },
          })),
        },
      ],
    }),
  );
  await mkdir(join(dir, 'content/controls'), { recursive: true });
  await writeFile(
    join(dir, 'content/controls/chg-01.md'),
    '---\nid: CHG-01\ntitle: Change Management\nowner: eng\n---\n',
  );
}, 60_000);
afterAll(() => gh?.close());

/** Every file's text; gzip-compressed ones (the record pages' records files) uncompressed. */
async function allText(folder: string): Promise<string> {
  let out = '';
  for (const e of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const bytes = await readFile(join(e.parentPath, e.name));
    out += (e.name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('latin1');
  }
  return out;
}

describe('secrets through collect, check and build', () => {
  it('none reaches evidence/, dist/ or any output', async () => {
    const collect = await docket(['collect']);
    expect(collect.code, collect.output).toBe(0);
    expect((await docket(['verify'])).code).toBe(0);
    const check = await docket(['check', '--as-of', '2026-11-22', '--format', 'json']);
    expect(check.code, check.output).toBe(0);
    const build = await docket(['build', '--as-of', '2026-11-22']);
    expect(build.code, build.output).toBe(0);
    // A GITHUB_GRAPHQL_URL with credentials: every retry message names the URL.
    const url = gh.url.replace('://', `://docket:${URL_PASSWORD}@`);
    const retried = await docket(
      ['collect', '--source', 'github'],
      { GITHUB_GRAPHQL_URL: url },
      8000,
    );
    expect(retried.output).toMatch(/REDACTED|credentials/);

    const evidence = await allText(join(dir, 'evidence'));
    const dist = await allText(join(dir, 'dist'));
    // The records are there, redacted.
    expect(evidence).toMatch(/\[REDACTED:[a-z0-9-]+\]/);
    expect(dist).toMatch(/REDACTED/);
    for (const [text, secrets] of corpus)
      for (const s of secrets) {
        const where = `${JSON.stringify(s)} (from ${JSON.stringify(text.slice(0, 40))})`;
        expect(evidence.includes(s), `evidence/ holds ${where}`).toBe(false);
        expect(dist.includes(s), `dist/ holds ${where}`).toBe(false);
        for (const out of printed) expect(out.includes(s), `output holds ${where}`).toBe(false);
      }
  }, 300_000);
});

// Two store writers at once, as a cron overlap or two CI jobs start them: child processes of
// bin/docket.js, the second started at several offsets after the first. For every source and for
// `issues --apply`, the store ends verified with every record of a clean run, or the second run
// is refused with a message naming the holder.
import { spawn } from 'node:child_process';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStore } from '../../src/evidence/verify.ts';
import { CI_ROLE, hourlyCiDeploys, PROD, writeTrail } from '../../testkit/cloudtrail.ts';
import {
  FakeGithubData,
  startFakeGithub,
  type FakeGithub,
} from '../../testkit/fake-github/index.ts';
import { generateDeployments, generatePullRequests } from '../../testkit/fake-github/generate.ts';
import { FIXTURES, tempDir } from '../helpers/cli.ts';
import { REPO } from '../helpers/site.ts';

const TOKEN = 'ghp_lockslockslockslockslockslocks000001';
const EPOCH = '1795694400'; // 2026-11-22T12:00:00Z
let gh: FakeGithub;

beforeAll(async () => {
  const data = new FakeGithubData();
  for (const repo of ['acme/api', 'acme/web']) {
    const prs = generatePullRequests(repo, { seed: 'locks', count: 150 });
    data.addRepo(repo, {
      pullRequests: prs,
      deployments: generateDeployments(repo, prs, { seed: 'locks' }),
    });
  }
  data.addRepo('acme/compliance');
  gh = await startFakeGithub(data, { token: TOKEN });
});
afterAll(() => gh?.close());

/** An organisation with every source: the fake GitHub, 90 days of CloudTrail files, SARIF files. */
async function org(): Promise<string> {
  const dir = await tempDir();
  await writeFile(
    join(dir, 'docket.config.yaml'),
    `period: { start: 2026-01-01, end: 2026-12-31 }\ngithub: { repos: ["acme/api", "acme/web"] }\naws: { cloudtrail_dir: trail, accounts: { "${PROD}": { name: prod, environment: production } }, ci_principals: ["${CI_ROLE}"] }\nsarif_dir: scans\nissues: { repo: acme/compliance, labels: [compliance-gap] }\n`,
  );
  const records = hourlyCiDeploys(90 * 24, '2026-03-01T00:00:00Z');
  await writeTrail(join(dir, 'trail'), records);
  await mkdir(join(dir, 'scans'));
  for (const f of ['3f2a1b9c0d1e-trivy.sarif', 'checkov.sarif', 'tfsec.sarif'])
    await cp(join(FIXTURES, 'sarif', f), join(dir, 'scans', f));
  await mkdir(join(dir, 'content/controls'), { recursive: true });
  await writeFile(
    join(dir, 'content/controls/vul-01.md'),
    '---\nid: VUL-01\ntitle: Vulnerabilities\nowner: sec\n---\n',
  );
  return dir;
}

interface Run {
  code: number | null;
  stderr: string;
}

function docket(dir: string, args: string[]): Promise<Run> {
  const child = spawn(process.execPath, [join(REPO, 'bin/docket.js'), ...args], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      GITHUB_TOKEN: TOKEN,
      GITHUB_GRAPHQL_URL: gh.url,
      SOURCE_DATE_EPOCH: EPOCH,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

/** Two runs of the same command, the second `offset` ms after the first. */
async function twoAtOnce(dir: string, first: string[], second: string[], offset: number) {
  const a = docket(dir, first);
  await new Promise((r) => setTimeout(r, offset));
  const b = docket(dir, second);
  return Promise.all([a, b]);
}

async function storeFiles(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile())
      out[
        join(e.parentPath, e.name)
          .slice(dir.length + 1)
          .split(sep)
          .join('/')
      ] = await readFile(join(e.parentPath, e.name), 'utf8');
  return out;
}

const REFUSED =
  /docket (collect|issues --apply): the evidence store .+ is locked by another writer \(pid \d+ on .+, `docket (collect|issues --apply)`, since \d{4}-\d\d-\d\dT.+\); waited 0 s/;

describe.each(['github', 'cloudtrail', 'sarif'])('two collections of %s at once', (source) => {
  let clean: Record<string, string>;
  beforeAll(async () => {
    const dir = await org();
    const run = await docket(dir, ['collect', '--source', source]);
    expect(run).toMatchObject({ code: 0 });
    clean = await storeFiles(join(dir, 'evidence'));
    expect(Object.keys(clean).length).toBeGreaterThan(1);
  }, 120_000);

  it.each([0, 150, 600])(
    'second started %i ms after the first: it waits, and the store is the clean one',
    async (offset) => {
      const dir = await org();
      const args = ['collect', '--source', source];
      const runs = await twoAtOnce(dir, args, args, offset);
      for (const r of runs) expect(r.stderr).not.toMatch(/ENOENT|at .+\.ts:\d+/);
      expect(runs.filter((r) => r.code !== 0).map((r) => r.stderr)).toEqual([]);
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
      expect(await verifyStore(join(dir, 'evidence'))).toMatchObject({ ok: true });
      expect(await storeFiles(join(dir, 'evidence'))).toEqual(clean);
    },
    120_000,
  );

  it('a second run that may not wait is refused, naming the holder; the store is the clean one', async () => {
    const dir = await org();
    const args = ['collect', '--source', source];
    const [a, b] = await twoAtOnce(dir, args, [...args, '--lock-wait', '0'], 100);
    expect(a.code).toBe(0);
    // The first may have finished before the second started: then the second simply runs.
    if (b.code !== 0) {
      expect(b.code).toBe(1);
      expect(b.stderr).toMatch(REFUSED);
    }
    expect(await verifyStore(join(dir, 'evidence'))).toMatchObject({ ok: true });
    expect(await storeFiles(join(dir, 'evidence'))).toEqual(clean);
  }, 120_000);
});

describe('two `issues --apply` at once', () => {
  it.each([0, 300])(
    'second started %i ms after the first: no issue is created twice, the store verifies',
    async (offset) => {
      const dir = await org();
      expect((await docket(dir, ['collect', '--source', 'sarif'])).code).toBe(0);
      const before = gh.data.repo_('acme/compliance').issues.length;
      const args = ['issues', '--apply', '--as-of', '2026-11-22'];
      const runs = await twoAtOnce(dir, args, args, offset);
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
      const titles = gh.data
        .repo_('acme/compliance')
        .issues.slice(before)
        .map((i) => i.title);
      expect(new Set(titles).size).toBe(titles.length);
      expect(await verifyStore(join(dir, 'evidence'))).toMatchObject({ ok: true });
    },
    120_000,
  );

  it('one refused while the other holds the lock, naming it', async () => {
    const dir = await org();
    const collect = docket(dir, ['collect', '--source', 'cloudtrail']);
    await new Promise((r) => setTimeout(r, 400));
    const refused = await docket(dir, [
      'issues',
      '--apply',
      '--as-of',
      '2026-11-22',
      '--lock-wait',
      '0',
    ]);
    expect((await collect).code).toBe(0);
    if (refused.code !== 0) {
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(REFUSED);
    }
    expect(await verifyStore(join(dir, 'evidence'))).toMatchObject({ ok: true });
  }, 120_000);
});

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.ts';
import { FakeGithubData, startFakeGithub, type FakeGithub, type FakeIssue } from '../helpers/fake-github/index.ts';

const TOKEN = 'ghp_issuesissuesissuesissuesissues00001';
let fakes: FakeGithub[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

/** An organisation with three gap groups: an overdue process (OPS-01), an unmapped standard, an unmapped control (VUL-01). */
async function org(): Promise<string> {
  const dir = await tempDir();
  await mkdir(join(dir, 'content/controls'), { recursive: true });
  await mkdir(join(dir, 'content/docs'), { recursive: true });
  await writeFile(join(dir, 'docket.config.yaml'), 'site: { title: Acme, url: "https://acme.github.io/compliance/" }\nissues: { repo: acme/compliance, labels: [compliance-gap], mentions: { eng: "@acme/eng" } }\n');
  await writeFile(join(dir, 'content/controls/ops-01.md'), '---\nid: OPS-01\ntitle: Change Management\nowner: eng\n---\n');
  await writeFile(join(dir, 'content/controls/vul-01.md'), '---\nid: VUL-01\ntitle: Vulnerabilities\nowner: sec\n---\n');
  await reviewed(dir, '2025-01-10');
  await writeFile(join(dir, 'content/docs/crypto.md'), '---\ntype: standard\ntitle: Crypto Standard\nowner: sec\nlast_reviewed: 2026-10-01\nreview_cadence: annual\n---\n');
  return dir;
}

async function reviewed(dir: string, date: string) {
  await writeFile(join(dir, 'content/docs/change.md'), `---\ntype: process\ntitle: Change Process\nowner: eng\nlast_reviewed: ${date}\nreview_cadence: annual\ncontrols: [OPS-01]\n---\n`);
}

async function github(): Promise<FakeGithub> {
  const data = new FakeGithubData();
  data.addRepo('acme/compliance');
  const f = await startFakeGithub(data, { token: TOKEN });
  fakes.push(f);
  return f;
}

const issuesCmd = (dir: string, gh: FakeGithub, ...args: string[]) => runCli(['issues', '--as-of', '2026-11-22', ...args], { cwd: dir, env: { GITHUB_TOKEN: TOKEN, GITHUB_GRAPHQL_URL: gh.url } });
const mutations = (gh: FakeGithub) => gh.log.flatMap((r) => r.mutations);
const state = (gh: FakeGithub) =>
  gh.data.repo_('acme/compliance').issues.map((i: FakeIssue) => ({ number: i.number, title: i.title, body: i.body, state: i.state, stateReason: i.stateReason, labels: [...i.labels].sort() }));

describe('docket issues', () => {
  it('creates one issue per gap group, then changes nothing when the gaps are the same', async () => {
    const dir = await org();
    const gh = await github();
    const first = await issuesCmd(dir, gh, '--apply');
    expect(first.code).toBe(0);
    expect(gh.invalid).toEqual([]);
    const issues = gh.data.repo_('acme/compliance').issues;
    expect(issues.map((i) => i.title).sort()).toEqual([
      'Document maps to no control (doc-unmapped)',
      'OPS-01 Change Management: Document review overdue (review-overdue)',
      'VUL-01 Vulnerabilities: Control with no document and no check (control-unmapped)',
    ]);
    const ops = issues.find((i) => i.title.startsWith('OPS-01')) as FakeIssue;
    expect(ops.labels.sort()).toEqual(['compliance-gap', 'control:OPS-01', 'severity:medium']);
    expect(ops.body).toMatch(/^<!-- docket:group=[0-9a-f]{16} -->\n/);
    expect(ops.body).toContain('Owner: @acme/eng');
    expect(ops.body).toContain('- [ ] Change Process: annual review was due 2026-01-10 ([`doc:docs/change.md`](https://acme.github.io/compliance/documents/docs/change/))');
    expect(first.stdout).toMatch(/^create {2}OPS-01 Change Management: Document review overdue \(review-overdue\) https:\/\/github\.com\/acme\/compliance\/issues\/\d+$/m);
    gh.log.length = 0;
    const again = await issuesCmd(dir, gh, '--apply');
    expect(again.code).toBe(0);
    expect(mutations(gh)).toEqual([]);
    expect(again.stdout).toBe('acme/compliance: 3 gap groups; 0 to change, 3 unchanged, 0 accepted as risk\n');
  });

  it('comments and closes a resolved group, and reopens it when it comes back', async () => {
    const dir = await org();
    const gh = await github();
    await issuesCmd(dir, gh, '--apply');
    const ops = () => gh.data.repo_('acme/compliance').issues.find((i) => i.title.startsWith('OPS-01')) as FakeIssue;
    await reviewed(dir, '2026-11-01');
    gh.log.length = 0;
    const closed = await issuesCmd(dir, gh, '--apply');
    expect(mutations(gh)).toEqual(['addComment', 'closeIssue']);
    expect(closed.stdout).toContain(`close   #${ops().number} OPS-01 Change Management`);
    expect(ops()).toMatchObject({ state: 'CLOSED', stateReason: 'COMPLETED' });
    expect(ops().comments.at(-1)?.body).toBe('Resolved: as of 2026-11-22 Docket finds no gap left in this group, so it closes the issue.\n\nNo longer a gap:\n- `doc:docs/change.md`');
    await reviewed(dir, '2025-01-10');
    gh.log.length = 0;
    await issuesCmd(dir, gh, '--apply');
    expect(mutations(gh)).toEqual(['reopenIssue', 'addComment']);
    expect(ops()).toMatchObject({ state: 'OPEN', stateReason: 'REOPENED' });
    expect(ops().comments.at(-1)?.body).toBe('Reopened by Docket: 1 gap of this group found again as of 2026-11-22.');
  });

  it('never touches an issue without its marker, even with the same title and label', async () => {
    const dir = await org();
    const gh = await github();
    const repo = gh.data.repo_('acme/compliance');
    repo.labels.push({ name: 'compliance-gap', color: 'ededed', description: null });
    const human: FakeIssue = { number: 1, title: 'OPS-01 Change Management: Document review overdue (review-overdue)', body: 'I track this by hand.', author: 'carol', state: 'OPEN', stateReason: null, labels: ['compliance-gap'], comments: [], createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z', closedAt: null };
    repo.issues.push(human);
    await issuesCmd(dir, gh, '--apply');
    await reviewed(dir, '2026-11-01');
    await issuesCmd(dir, gh, '--apply');
    expect(repo.issues.find((i) => i.number === 1)).toEqual({ ...human });
    const touched = gh.log.filter((r) => r.mutations.length && JSON.stringify(r.variables).includes(Buffer.from('Issue:acme/compliance#1').toString('base64')));
    expect(touched).toEqual([]);
  });

  it('leaves an issue closed as not planned closed, and records the group as accepted risk', async () => {
    const dir = await org();
    const gh = await github();
    await issuesCmd(dir, gh, '--apply');
    const vul = gh.data.repo_('acme/compliance').issues.find((i) => i.title.startsWith('VUL-01')) as FakeIssue;
    Object.assign(vul, { state: 'CLOSED', stateReason: 'NOT_PLANNED' });
    gh.log.length = 0;
    const r = await issuesCmd(dir, gh, '--apply');
    expect(mutations(gh)).toEqual([]);
    expect(r.stdout).toContain('1 accepted as risk');
    expect(vul).toMatchObject({ state: 'CLOSED', stateReason: 'NOT_PLANNED' });
    const accepted = (await readFile(join(dir, 'evidence/issues/accepted.ndjson'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(accepted).toEqual([{ control: 'VUL-01', fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/), issue: vul.number, rule: 'control-unmapped', title: vul.title, url: `https://github.com/acme/compliance/issues/${vul.number}` }]);
    // The site shows the group as accepted risk.
    const check = await runCli(['check', '--as-of', '2026-11-22', '--out', '-'], { cwd: dir });
    expect(check.code).toBe(0);
  });

  it('prints without --apply exactly the plan that --apply then carries out, changing nothing first', async () => {
    const dir = await org();
    const gh = await github();
    await issuesCmd(dir, gh, '--apply');
    await reviewed(dir, '2026-11-01');
    await writeFile(join(dir, 'content/docs/crypto.md'), '---\ntype: standard\ntitle: Crypto Standard\nowner: sec\nreview_cadence: annual\n---\n');
    await writeFile(join(dir, 'content/docs/keys.md'), '---\ntype: standard\ntitle: Key Management\nowner: sec\nlast_reviewed: 2026-10-01\nreview_cadence: annual\n---\n');
    gh.log.length = 0;
    const plan = await issuesCmd(dir, gh);
    expect(mutations(gh)).toEqual([]);
    const applied = await issuesCmd(dir, gh, '--apply');
    const planned = plan.stdout.split('\n').slice(1).filter(Boolean);
    expect(planned.map((l) => l.slice(0, 8)).sort()).toEqual(['close   ', 'create  ', 'update  ']);
    expect(applied.stdout.split('\n').slice(1).filter(Boolean).map((l) => l.replace(/ https:\/\/\S+$/, ''))).toEqual(planned);
  });

  it('after a 502 half-way, a rerun ends in the state of an uninterrupted run', async () => {
    const clean = await github();
    const dirA = await org();
    await issuesCmd(dirA, clean, '--apply');
    const interrupted = await github();
    const dirB = await org();
    const mutationNumbers: number[] = [];
    interrupted.faultPlan = (n) => {
      const entry = interrupted.log[n - 1];
      if (entry && /^\s*mutation/.test(entry.query)) mutationNumbers.push(n);
      return mutationNumbers.length === 3 && mutationNumbers.at(-1) === n ? '502' : null;
    };
    const failed = await issuesCmd(dirB, interrupted, '--apply');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/docket issues: stopped after \d of 3 changes: GitHub answered 502/);
    expect(failed.stdout).toMatch(/^not done create/m);
    interrupted.faultPlan = null;
    const rerun = await issuesCmd(dirB, interrupted, '--apply');
    expect(rerun.code).toBe(0);
    expect(state(interrupted)).toEqual(state(clean));
  });
});

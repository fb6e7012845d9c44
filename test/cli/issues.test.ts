import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.ts';
import {
  FakeGithubData,
  startFakeGithub,
  type FakeGithub,
  type FakeIssue,
} from '../../testkit/fake-github/index.ts';

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
  await writeFile(
    join(dir, 'docket.config.yaml'),
    'site: { title: Acme, url: "https://acme.github.io/compliance/" }\nissues: { repo: acme/compliance, labels: [compliance-gap], mentions: { eng: "@acme/eng" } }\n',
  );
  await writeFile(
    join(dir, 'content/controls/ops-01.md'),
    '---\nid: OPS-01\ntitle: Change Management\nowner: eng\n---\n',
  );
  await writeFile(
    join(dir, 'content/controls/vul-01.md'),
    '---\nid: VUL-01\ntitle: Vulnerabilities\nowner: sec\n---\n',
  );
  await reviewed(dir, '2025-01-10');
  await writeFile(
    join(dir, 'content/docs/crypto.md'),
    '---\ntype: standard\ntitle: Crypto Standard\nowner: sec\nlast_reviewed: 2026-10-01\nreview_cadence: annual\n---\n',
  );
  return dir;
}

async function reviewed(dir: string, date: string) {
  await writeFile(
    join(dir, 'content/docs/change.md'),
    `---\ntype: process\ntitle: Change Process\nowner: eng\nlast_reviewed: ${date}\nreview_cadence: annual\ncontrols: [OPS-01]\n---\n`,
  );
}

async function github(): Promise<FakeGithub> {
  const data = new FakeGithubData();
  data.addRepo('acme/compliance');
  const f = await startFakeGithub(data, { token: TOKEN });
  fakes.push(f);
  return f;
}

const issuesCmd = (dir: string, gh: FakeGithub, ...args: string[]) =>
  runCli(['issues', '--as-of', '2026-11-22', ...args], {
    cwd: dir,
    env: { GITHUB_TOKEN: TOKEN, GITHUB_GRAPHQL_URL: gh.url },
  });
const mutations = (gh: FakeGithub) => gh.log.flatMap((r) => r.mutations);
const issuesOf = (gh: FakeGithub) => gh.data.repo_('acme/compliance').issues;
const issueTitled = (gh: FakeGithub, prefix: string) =>
  issuesOf(gh).find((i) => i.title.startsWith(prefix)) as FakeIssue;
/** Everything a person sees on GitHub: the repository's labels and every issue with its comments. */
const state = (gh: FakeGithub) => ({
  labels: gh.data
    .repo_('acme/compliance')
    .labels.map((l) => l.name)
    .sort(),
  issues: issuesOf(gh).map((i: FakeIssue) => ({
    number: i.number,
    title: i.title,
    body: i.body,
    state: i.state,
    stateReason: i.stateReason,
    labels: [...i.labels].sort(),
    comments: i.comments.map((c) => c.body),
  })),
});

/** Fails the nth mutation from now on: before it takes effect (502), or after it took effect and its answer was lost. */
function failMutation(gh: FakeGithub, nth: number, kind: '502' | 'lost-answer') {
  let seen = 0;
  gh.faultPlan = (n) => {
    const entry = gh.log[n - 1];
    if (!entry || !/^\s*mutation/.test(entry.query)) return null;
    return ++seen === nth ? kind : null;
  };
}

const RESOLVED_OPS =
  '<!-- docket:note=resolved -->\nResolved: as of 2026-11-22 Docket finds no gap left in this group, so it closes the issue.\n\nNo longer a gap:\n- `doc:docs/change.md`';
const REOPENED_OPS =
  '<!-- docket:note=reopened -->\nReopened by Docket: 1 gap of this group found again as of 2026-11-22.';

/**
 * The content folders of a sync with every kind of change. Before: the three groups, then
 * OPS-01's review done (its issue closed). After: OPS-01 overdue again (reopen), a document now
 * maps VUL-01 (close), and a new unmapped standard without a review record (create the
 * review-missing group, update the doc-unmapped one).
 */
let before: string;
let resolved: string;
let after: string;
beforeAll(async () => {
  before = await org();
  resolved = await org();
  await reviewed(resolved, '2026-11-01');
  after = await org();
  await writeFile(
    join(after, 'content/docs/keys.md'),
    '---\ntype: standard\ntitle: Key Management\nowner: sec\nlast_reviewed: 2026-10-01\nreview_cadence: annual\ncontrols: [VUL-01]\n---\n',
  );
  await writeFile(
    join(after, 'content/docs/retention.md'),
    '---\ntype: standard\ntitle: Data Retention\nowner: sec\nreview_cadence: annual\n---\n',
  );
});

/** The fake's issues and labels before the sync under test, made by real runs (in beforeAll). */
let snapshot: string;
/** The state one uninterrupted run of the sync leaves (in beforeAll). */
let clean: ReturnType<typeof state>;
let cleanMutations: string[];
beforeAll(async () => {
  const gh = await github();
  expect((await issuesCmd(before, gh, '--apply')).code).toBe(0);
  expect((await issuesCmd(resolved, gh, '--apply')).code).toBe(0);
  snapshot = JSON.stringify(gh.data.repo_('acme/compliance'));
  gh.log.length = 0;
  expect((await issuesCmd(after, gh, '--apply')).code).toBe(0);
  clean = state(gh);
  cleanMutations = mutations(gh);
});

/** A fake GitHub in the state before the sync under test. */
async function synced(): Promise<FakeGithub> {
  const gh = await github();
  Object.assign(gh.data.repo_('acme/compliance'), JSON.parse(snapshot));
  return gh;
}

/** An organisation synced twice, its OPS-01 review brought up to date in between: OPS-01's issue is resolved and closed. */
async function opsResolvedAndClosed(): Promise<{ dir: string; gh: FakeGithub }> {
  const dir = await org();
  const gh = await github();
  await issuesCmd(dir, gh, '--apply');
  await reviewed(dir, '2026-11-01');
  await issuesCmd(dir, gh, '--apply');
  return { dir, gh };
}

/** The order in which the uninterrupted sync makes its mutations (asserted below). */
const SYNC_MUTATIONS = [
  'updateIssue',
  'addComment',
  'reopenIssue',
  'createIssue',
  'addComment',
  'closeIssue',
];

describe('docket issues', () => {
  it('creates one issue per gap group, then changes nothing when the gaps are the same', async () => {
    const dir = await org();
    const gh = await github();
    const first = await issuesCmd(dir, gh, '--apply');
    expect(first.code).toBe(0);
    expect(gh.invalid).toEqual([]);
    const issues = issuesOf(gh);
    expect(issues.map((i) => i.title).sort()).toEqual([
      'Document maps to no control (doc-unmapped)',
      'OPS-01 Change Management: Document review overdue (review-overdue)',
      'VUL-01 Vulnerabilities: Control with no document and no check (control-unmapped)',
    ]);
    const ops = issueTitled(gh, 'OPS-01');
    expect(ops.labels.sort()).toEqual(['compliance-gap', 'control:OPS-01', 'severity:medium']);
    expect(ops.body).toMatch(/^<!-- docket:group=[0-9a-f]{16} -->\n/);
    expect(ops.body).toContain('Owner: @acme/eng');
    expect(ops.body).toContain(
      '- [ ] Change Process: annual review was due 2026-01-10 ([`doc:docs/change.md`](https://acme.github.io/compliance/documents/docs/change/))',
    );
    expect(first.stdout).toMatch(
      /^create {2}OPS-01 Change Management: Document review overdue \(review-overdue\) https:\/\/github\.com\/acme\/compliance\/issues\/\d+$/m,
    );
    gh.log.length = 0;
    const again = await issuesCmd(dir, gh, '--apply');
    expect(again.code).toBe(0);
    expect(mutations(gh)).toEqual([]);
    expect(again.stdout).toBe(
      'acme/compliance: 3 gap groups; 0 to change, 3 unchanged, 0 accepted as risk\n',
    );
  });

  it('comments and closes a resolved group, and reopens it with a comment when it comes back', async () => {
    const dir = await org();
    const gh = await github();
    await issuesCmd(dir, gh, '--apply');
    const ops = () => issueTitled(gh, 'OPS-01');
    await reviewed(dir, '2026-11-01');
    gh.log.length = 0;
    const closed = await issuesCmd(dir, gh, '--apply');
    expect(mutations(gh)).toEqual(['addComment', 'closeIssue']);
    expect(closed.stdout).toContain(
      `close   #${ops().number} OPS-01 Change Management: Document review overdue (review-overdue) (resolved) [comment (resolved), close] https://github.com/acme/compliance/issues/${ops().number}\n`,
    );
    expect(ops()).toMatchObject({ state: 'CLOSED', stateReason: 'COMPLETED' });
    expect(ops().comments.map((c) => c.body)).toEqual([RESOLVED_OPS]);
    await reviewed(dir, '2025-01-10');
    gh.log.length = 0;
    await issuesCmd(dir, gh, '--apply');
    expect(mutations(gh)).toEqual(['addComment', 'reopenIssue']);
    expect(ops()).toMatchObject({ state: 'OPEN', stateReason: 'REOPENED' });
    expect(ops().comments.map((c) => c.body)).toEqual([RESOLVED_OPS, REOPENED_OPS]);
  });

  it('never touches an issue without its marker, even with the same title and label', async () => {
    const dir = await org();
    const gh = await github();
    const repo = gh.data.repo_('acme/compliance');
    repo.labels.push({ name: 'compliance-gap', color: 'ededed', description: null });
    const human: FakeIssue = {
      number: 1,
      title: 'OPS-01 Change Management: Document review overdue (review-overdue)',
      body: 'I track this by hand.',
      author: 'carol',
      state: 'OPEN',
      stateReason: null,
      labels: ['compliance-gap'],
      comments: [],
      createdAt: '2026-11-01T00:00:00Z',
      updatedAt: '2026-11-01T00:00:00Z',
      closedAt: null,
    };
    repo.issues.push(human);
    await issuesCmd(dir, gh, '--apply');
    await reviewed(dir, '2026-11-01');
    await issuesCmd(dir, gh, '--apply');
    expect(repo.issues.find((i) => i.number === 1)).toEqual({ ...human });
    const touched = gh.log.filter(
      (r) =>
        r.mutations.length &&
        JSON.stringify(r.variables).includes(
          Buffer.from('Issue:acme/compliance#1').toString('base64'),
        ),
    );
    expect(touched).toEqual([]);
  });

  it('leaves an issue closed as not planned closed, and records the group as accepted risk', async () => {
    const dir = await org();
    const gh = await github();
    await issuesCmd(dir, gh, '--apply');
    const vul = issueTitled(gh, 'VUL-01');
    Object.assign(vul, { state: 'CLOSED', stateReason: 'NOT_PLANNED', closedAt: gh.data.now });
    gh.log.length = 0;
    const r = await issuesCmd(dir, gh, '--apply');
    expect(mutations(gh)).toEqual([]);
    expect(r.stdout).toContain('1 accepted as risk');
    expect(vul).toMatchObject({ state: 'CLOSED', stateReason: 'NOT_PLANNED' });
    const accepted = (await readFile(join(dir, 'evidence/issues/accepted.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(accepted).toEqual([
      {
        control: 'VUL-01',
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
        issue: vul.number,
        rule: 'control-unmapped',
        title: vul.title,
        url: `https://github.com/acme/compliance/issues/${vul.number}`,
      },
    ]);
    // The store still verifies with the new file (the site is built only from a verified store).
    expect((await runCli(['verify'], { cwd: dir })).code).toBe(0);
  });

  it('records accepted risk even when a mutation of the same run fails', async () => {
    const dir = await org();
    const gh = await github();
    await issuesCmd(dir, gh, '--apply');
    Object.assign(issueTitled(gh, 'VUL-01'), {
      state: 'CLOSED',
      stateReason: 'NOT_PLANNED',
      closedAt: gh.data.now,
    });
    await reviewed(dir, '2026-11-01');
    failMutation(gh, 1, '502');
    const r = await issuesCmd(dir, gh, '--apply');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^failed {3}close {3}#\d+ OPS-01 /m);
    const accepted = (await readFile(join(dir, 'evidence/issues/accepted.ndjson'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(accepted.map((a) => [a.control, a.rule])).toEqual([['VUL-01', 'control-unmapped']]);
  });

  it('prints without --apply exactly the plan that --apply then carries out, changing nothing first', async () => {
    const gh = await synced();
    const plan = await issuesCmd(after, gh);
    expect(mutations(gh)).toEqual([]);
    const planned = plan.stdout.split('\n').slice(1).filter(Boolean);
    expect(planned.map((l) => l.slice(0, 8)).sort()).toEqual([
      'close   ',
      'create  ',
      'reopen  ',
      'update  ',
    ]);
    expect(planned).toContain('create  Document has no review record (review-missing)');
    expect(planned.find((l) => l.startsWith('reopen'))).toMatch(
      /^reopen {2}#\d+ OPS-01 Change Management: Document review overdue \(review-overdue\) \[comment \(reopened\), reopen\]$/,
    );
    expect(planned.find((l) => l.startsWith('update'))).toMatch(
      /^update {2}#\d+ Document maps to no control \(doc-unmapped\) \[edit body\]$/,
    );
    expect(planned.find((l) => l.startsWith('close'))).toMatch(
      /^close {3}#\d+ VUL-01 Vulnerabilities: .* \(resolved\) \[comment \(resolved\), close\]$/,
    );
    const applied = await issuesCmd(after, gh, '--apply');
    expect(
      applied.stdout
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((l) => l.replace(/ https:\/\/\S+$/, '')),
    ).toEqual(planned);
    expect(mutations(gh)).toEqual(SYNC_MUTATIONS);
  });

  it('after a 502 half-way, reports what was done and not, and a rerun ends in the state of an uninterrupted run', async () => {
    const gh = await synced();
    // The 4th mutation is the createIssue of the third change: the update and the reopen (comment, reopen) are done.
    failMutation(gh, 4, '502');
    const failed = await issuesCmd(after, gh, '--apply');
    expect(failed.code).toBe(1);
    const ops = issueTitled(gh, 'OPS-01');
    const vul = issueTitled(gh, 'VUL-01');
    const unmapped = issueTitled(gh, 'Document maps');
    const url = (i: FakeIssue) => `https://github.com/acme/compliance/issues/${i.number}`;
    expect(failed.stdout.split('\n').slice(1)).toEqual([
      `done     update  #${unmapped.number} Document maps to no control (doc-unmapped) [edit body] ${url(unmapped)}`,
      `done     reopen  #${ops.number} OPS-01 Change Management: Document review overdue (review-overdue) [comment (reopened), reopen] ${url(ops)}`,
      'failed   create  Document has no review record (review-missing): failed: create',
      `not done close   #${vul.number} ${vul.title} (resolved) [comment (resolved), close]`,
      '',
    ]);
    expect(failed.stderr).toContain(
      'docket issues: stopped at change 3 of 4 (2 done, 2 not or not fully done): GitHub answered 502',
    );
    expect(ops).toMatchObject({
      state: 'OPEN',
      comments: [{ body: RESOLVED_OPS }, { body: REOPENED_OPS }],
    });
    expect(unmapped.body).toContain('Data Retention');
    expect(issuesOf(gh)).toHaveLength(3);

    gh.faultPlan = null;
    gh.log.length = 0;
    const rerun = await issuesCmd(after, gh, '--apply');
    expect(rerun.code).toBe(0);
    // Only what was left: no second reopen comment.
    expect(mutations(gh)).toEqual(['createIssue', 'addComment', 'closeIssue']);
    expect(state(gh)).toEqual(clean);
    gh.log.length = 0;
    expect((await issuesCmd(after, gh, '--apply')).stdout).toBe(
      'acme/compliance: 3 gap groups; 0 to change, 3 unchanged, 0 accepted as risk\n',
    );
    expect(mutations(gh)).toEqual([]);
  });

  it('when GitHub creates the issue but the answer is lost, the rerun does not create it again', async () => {
    const gh = await synced();
    failMutation(gh, 4, 'lost-answer');
    const failed = await issuesCmd(after, gh, '--apply');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain(
      'failed   create  Document has no review record (review-missing): failed: create',
    );
    expect(failed.stderr).toContain('GitHub may have made the failed change before the error');
    // It was made nonetheless.
    expect(
      issuesOf(gh).filter((i) => i.title === 'Document has no review record (review-missing)'),
    ).toHaveLength(1);
    gh.faultPlan = null;
    gh.log.length = 0;
    const rerun = await issuesCmd(after, gh, '--apply');
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).not.toMatch(/^create/m);
    expect(mutations(gh)).toEqual(['addComment', 'closeIssue']);
    expect(state(gh)).toEqual(clean);
  });

  it('closes a second issue of the same group, as two runs at once leave, as a duplicate of the first', async () => {
    const dir = await org();
    const gh = await github();
    await issuesCmd(dir, gh, '--apply');
    const repo = gh.data.repo_('acme/compliance');
    const first = issueTitled(gh, 'OPS-01');
    // What the other run created: the same issue under the next number.
    const second: FakeIssue = {
      ...first,
      number: Math.max(...repo.issues.map((i) => i.number)) + 1,
      labels: [...first.labels],
      comments: [],
    };
    repo.issues.push(second);
    gh.log.length = 0;
    const r = await issuesCmd(dir, gh, '--apply');
    expect(r.code).toBe(0);
    expect(gh.invalid).toEqual([]);
    expect(mutations(gh)).toEqual(['closeIssue']);
    expect(r.stdout).toContain(
      `close   #${second.number} ${second.title} (duplicate of #${first.number}) https://github.com/acme/compliance/issues/${second.number}`,
    );
    expect(second).toMatchObject({ state: 'CLOSED', stateReason: 'DUPLICATE' });
    expect(first).toMatchObject({ state: 'OPEN' });
    gh.log.length = 0;
    await issuesCmd(dir, gh, '--apply');
    expect(mutations(gh)).toEqual([]);
  });

  describe('a run stopped between the steps of one change is finished by the next, never doubled', () => {
    it('close: the comment was posted, the close failed', async () => {
      const dir = await org();
      const gh = await github();
      await issuesCmd(dir, gh, '--apply');
      await reviewed(dir, '2026-11-01');
      failMutation(gh, 2, '502');
      const failed = await issuesCmd(dir, gh, '--apply');
      expect(failed.code).toBe(1);
      const ops = issueTitled(gh, 'OPS-01');
      expect(failed.stdout).toContain(
        `failed   close   #${ops.number} ${ops.title} (resolved) [comment (resolved), close]: done: comment (resolved); failed: close\n`,
      );
      expect(ops).toMatchObject({ state: 'OPEN', comments: [{ body: RESOLVED_OPS }] });
      gh.faultPlan = null;
      gh.log.length = 0;
      const rerun = await issuesCmd(dir, gh, '--apply');
      expect(rerun.stdout).toContain(`close   #${ops.number} ${ops.title} (resolved) [close]`);
      expect(mutations(gh)).toEqual(['closeIssue']);
      expect(ops).toMatchObject({ state: 'CLOSED', stateReason: 'COMPLETED' });
      expect(ops.comments.map((c) => c.body)).toEqual([RESOLVED_OPS]);
    });

    it('reopen: the comment was posted, the reopen failed', async () => {
      const { dir, gh } = await opsResolvedAndClosed();
      await reviewed(dir, '2025-01-10');
      failMutation(gh, 2, '502');
      expect((await issuesCmd(dir, gh, '--apply')).code).toBe(1);
      const ops = issueTitled(gh, 'OPS-01');
      expect(ops).toMatchObject({ state: 'CLOSED' });
      gh.faultPlan = null;
      gh.log.length = 0;
      await issuesCmd(dir, gh, '--apply');
      expect(mutations(gh)).toEqual(['reopenIssue']);
      expect(ops).toMatchObject({ state: 'OPEN', stateReason: 'REOPENED' });
      expect(ops.comments.map((c) => c.body)).toEqual([RESOLVED_OPS, REOPENED_OPS]);
    });

    it('reopen: the issue is open again but nobody said why (its comment lost, or a person reopened it)', async () => {
      const { dir, gh } = await opsResolvedAndClosed();
      const ops = issueTitled(gh, 'OPS-01');
      Object.assign(ops, { state: 'OPEN', stateReason: 'REOPENED', closedAt: null });
      await reviewed(dir, '2025-01-10');
      gh.log.length = 0;
      const r = await issuesCmd(dir, gh, '--apply');
      expect(r.stdout).toContain(`update  #${ops.number} ${ops.title} [comment (reopened)]`);
      expect(mutations(gh)).toEqual(['addComment']);
      expect(ops.comments.map((c) => c.body)).toEqual([
        RESOLVED_OPS,
        '<!-- docket:note=reopened -->\nFound again: as of 2026-11-22 Docket finds 1 gap in this group again, so the issue stays open.',
      ]);
      gh.log.length = 0;
      await issuesCmd(dir, gh, '--apply');
      expect(mutations(gh)).toEqual([]);
    });

    it('a person closes the reopened issue as completed while its gaps remain: Docket reopens it and says so again', async () => {
      const { dir, gh } = await opsResolvedAndClosed();
      await reviewed(dir, '2025-01-10');
      await issuesCmd(dir, gh, '--apply');
      const ops = issueTitled(gh, 'OPS-01');
      gh.data.now = '2026-11-23T09:00:00Z';
      Object.assign(ops, { state: 'CLOSED', stateReason: 'COMPLETED', closedAt: gh.data.now });
      gh.data.now = '2026-11-24T09:00:00Z';
      gh.log.length = 0;
      await issuesCmd(dir, gh, '--apply');
      expect(mutations(gh)).toEqual(['addComment', 'reopenIssue']);
      expect(ops.comments.map((c) => c.body)).toEqual([RESOLVED_OPS, REOPENED_OPS, REOPENED_OPS]);
    });

    it("finds Docket's last comment behind more than a page of people's comments", async () => {
      const dir = await org();
      const gh = await github();
      await issuesCmd(dir, gh, '--apply');
      await reviewed(dir, '2026-11-01');
      failMutation(gh, 2, '502');
      await issuesCmd(dir, gh, '--apply');
      const ops = issueTitled(gh, 'OPS-01');
      for (let i = 0; i < 130; i++)
        ops.comments.push({
          body: `Looking into it (${i}).`,
          author: 'carol',
          createdAt: gh.data.now,
        });
      gh.faultPlan = null;
      gh.log.length = 0;
      await issuesCmd(dir, gh, '--apply');
      expect(gh.invalid).toEqual([]);
      expect(mutations(gh)).toEqual(['closeIssue']);
      expect(
        ops.comments.filter((c) => c.body.startsWith('<!-- docket:note=')).map((c) => c.body),
      ).toEqual([RESOLVED_OPS]);
    });
  });

  it('the sync under test makes these mutations in this order', () => {
    expect(cleanMutations).toEqual(SYNC_MUTATIONS);
  });

  // Every point at which a run can stop: before the mutation takes effect, and after (its answer lost).
  const cases = SYNC_MUTATIONS.flatMap((name, i) =>
    (['502', 'lost-answer'] as const).map((kind) => ({ n: i + 1, name, kind })),
  );
  it.each(cases)(
    'stopped by $kind at mutation $n ($name): the rerun converges on the uninterrupted state, comments included',
    async ({ n, kind }) => {
      const gh = await synced();
      failMutation(gh, n, kind);
      const failed = await issuesCmd(after, gh, '--apply');
      expect(failed.code).toBe(1);
      expect(failed.stdout).toMatch(/^failed {3}/m);
      gh.faultPlan = null;
      const rerun = await issuesCmd(after, gh, '--apply');
      expect(rerun.code).toBe(0);
      expect(gh.invalid).toEqual([]);
      expect(state(gh)).toEqual(clean);
      gh.log.length = 0;
      await issuesCmd(after, gh, '--apply');
      expect(mutations(gh)).toEqual([]);
    },
  );
});

describe('docket issues: errors a user can act on', () => {
  it('a bad token: the message `collect` prints, exit 1, no stack', async () => {
    const dir = await org();
    const gh = await github();
    const r = await runCli(['issues', '--as-of', '2026-11-22'], {
      cwd: dir,
      env: { GITHUB_TOKEN: 'ghp_wrongwrongwrongwrongwrongwrong00001', GITHUB_GRAPHQL_URL: gh.url },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'docket issues: github: GitHub refused the token (401 Bad credentials): check GITHUB_TOKEN\n',
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain('ghp_wrong');
  });

  it('an unreachable or unsendable GITHUB_GRAPHQL_URL: one clear line, exit 1, not retried', async () => {
    const dir = await org();
    const refused = await runCli(['issues', '--as-of', '2026-11-22'], {
      cwd: dir,
      env: { GITHUB_TOKEN: TOKEN, GITHUB_GRAPHQL_URL: 'http://127.0.0.1:59999/graphql' },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^docket issues: github: cannot reach GitHub: the connection was refused .*not retried\n$/m,
    );
    expect(refused.stderr).not.toContain('retrying');
    const credentials = await runCli(['issues', '--as-of', '2026-11-22'], {
      cwd: dir,
      env: { GITHUB_TOKEN: TOKEN, GITHUB_GRAPHQL_URL: 'http://admin:hunter2@127.0.0.1:1/graphql' },
    });
    expect(credentials.code).toBe(1);
    expect(credentials.stderr).toContain(
      'docket issues: github: GITHUB_GRAPHQL_URL carries credentials (http://***@127.0.0.1:1/graphql)',
    );
    expect(credentials.stderr).not.toContain('hunter2');
  });

  it('a missing issues.repo is a config problem on its line, exit 2', async () => {
    const dir = await org();
    await writeFile(
      join(dir, 'docket.config.yaml'),
      'site: { title: Acme }\nissues:\n  labels: [gap]\n',
    );
    const r = await runCli(['issues', '--as-of', '2026-11-22'], {
      cwd: dir,
      env: { GITHUB_TOKEN: TOKEN },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^docket\.config\.yaml:[23]: missing required field issues\.repo$/m);
  });
});

import { createGithubClient, DEFAULT_GRAPHQL_URL } from '../../../collectors/github/client.ts';
import { applyPlan, listIssues, type ApplyResult } from '../../../collectors/github/issues.ts';
import { commitStore, openStore, toNdjson } from '../../../collectors/store/store.ts';
import { issueGroups } from '../../core/issues/groups.ts';
import { describeAction, planIssues, type IssuePlan } from '../../core/issues/plan.ts';
import { describeFile } from '../../core/manifest.ts';
import type { AcceptedRisk } from '../../core/schemas/issues.ts';
import { RULES } from '../../rules/index.ts';
import { COMMON_HELP, COMMON_OPTIONS, str, type Command } from '../command.ts';
import { UsageError, type CliIO } from '../io.ts';
import { checkWorkspace } from '../pipeline.ts';
import { loadWorkspace, parseAsOf, type Workspace } from '../workspace.ts';

export const ACCEPTED_PATH = 'issues/accepted.ndjson';

export const issues: Command = {
  name: 'issues',
  summary: 'plan (default) or apply the sync of gaps to GitHub issues',
  usage: 'docket issues [--apply] [--as-of DATE]',
  help: `Groups the gaps by control and rule, one GitHub issue per group, in the repository named by
\`issues.repo\`. Without --apply, prints what it would do (create, update, reopen, close) and
changes nothing; with --apply, does exactly that and prints the issue URLs.

Docket only ever edits or closes issues that carry its hidden marker
(<!-- docket:group=... -->) and its first label (\`issues.labels\`, default compliance-gap);
hand-written issues and comments are left alone. A body is only edited when it changed. When a
group has no gaps left, its issue gets a comment and is closed; when it comes back, the issue
is reopened. An issue closed as "not planned" stays closed: its group is accepted risk, which
--apply records in the evidence store (issues/accepted.ndjson) for the site.

  --apply            make the changes
  --as-of DATE       the date to check as of (default: today, UTC)
${COMMON_HELP}

Needs GITHUB_TOKEN with issues: write on the repository (GITHUB_GRAPHQL_URL for GitHub
Enterprise Server). A failure half-way lists what was done and what was not; run it again.`,
  options: { ...COMMON_OPTIONS, apply: { type: 'boolean' }, 'as-of': { type: 'string' } },
  async run(values, _positionals, io) {
    const asOf = parseAsOf(str(values, 'as-of'), io);
    const ws = await loadWorkspace({ config: str(values, 'config'), content: str(values, 'content'), evidence: str(values, 'evidence') }, io);
    const target = ws.config.issues;
    if (!target) throw new UsageError('no `issues:` section in docket.config.yaml (issues.repo names the repository for gap issues)');
    const token = io.env.GITHUB_TOKEN;
    if (!token) throw new UsageError('GITHUB_TOKEN is not set');
    const { model, gaps } = await checkWorkspace(ws, asOf);
    const groups = issueGroups(gaps.gaps, model.content.controls, RULES, ws.config);
    const client = createGithubClient({ url: io.env.GITHUB_GRAPHQL_URL || DEFAULT_GRAPHQL_URL, token, log: (m) => io.stderr(`${m}\n`) });
    const { repositoryId, issues: existing } = await listIssues(client, target.repo, target.labels[0] ?? null);
    const plan = planIssues(groups, existing, asOf);

    const header = `${target.repo}: ${groups.length} gap groups; ${plan.actions.length} to change, ${plan.unchanged} unchanged, ${plan.accepted.length} accepted as risk`;
    if (!values.apply) {
      io.stdout(`${header}\n${plan.actions.map((a) => `${describeAction(a)}\n`).join('')}`);
      if (plan.actions.length) io.stderr('docket issues: plan only; run with --apply to make these changes\n');
      return 0;
    }
    const result: ApplyResult = { done: [] };
    try {
      await applyPlan(client, target.repo, repositoryId, plan.actions, result);
    } catch (err) {
      io.stdout(`${header}\n${result.done.map((d) => `done    ${describeAction(d.action)} ${d.url}\n`).join('')}`);
      for (const a of plan.actions.slice(result.done.length)) io.stdout(`not done ${describeAction(a)}\n`);
      io.stderr(`docket issues: stopped after ${result.done.length} of ${plan.actions.length} changes: ${(err as Error).message}\nRun it again: it re-reads the issues and finishes the sync.\n`);
      return 1;
    }
    io.stdout(`${header}\n${result.done.map((d) => `${describeAction(d.action)} ${d.url}\n`).join('')}`);
    await recordAccepted(ws, plan, io);
    return 0;
  },
};

/** Keeps the accepted-risk decisions in the evidence store, where the site and git history see them. */
async function recordAccepted(ws: Workspace, plan: IssuePlan, io: CliIO): Promise<void> {
  const records: AcceptedRisk[] = plan.accepted
    .map(({ group, issue, fingerprint }) => ({
      fingerprint,
      control: group?.control ?? issue.labels.find((l) => l.startsWith('control:'))?.slice('control:'.length) ?? null,
      rule: group?.rule ?? /rule `([a-z0-9-]+)`/.exec(issue.body)?.[1] ?? 'unknown',
      issue: issue.number,
      url: issue.url,
      title: issue.title,
    }))
    .sort((a, b) => a.issue - b.issue);
  const manifest = await openStore(ws.evidenceDir);
  const text = toNdjson(records);
  if (manifest?.files[ACCEPTED_PATH]?.sha256 === describeFile(text).sha256 || (!manifest?.files[ACCEPTED_PATH] && records.length === 0)) return;
  await commitStore(ws.evidenceDir, manifest, { files: new Map([[ACCEPTED_PATH, text]]), sources: { issues: { collected_at: io.now().toISOString(), cursors: {} } } });
}

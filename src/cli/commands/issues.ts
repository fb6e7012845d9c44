import {
  GithubApiError,
  githubClientFromEnv,
  type GithubClient,
} from '../../../collectors/github/client.ts';
import { applyPlan, listIssues, type ApplyResult } from '../../../collectors/github/issues.ts';
import { issueGroups } from '../../core/issues/groups.ts';
import {
  describeAction,
  describeStep,
  planIssues,
  type IssuePlan,
  type IssueStep,
} from '../../core/issues/plan.ts';
import { recordAccepted } from '../../evidence/accepted.ts';
import { RULES } from '../../rules/index.ts';
import { type Command, COMMON_HELP, COMMON_OPTIONS, commonOptions, str } from '../command.ts';
import { UsageError, type CliIO } from '../io.ts';
import { redactedOutput, redactError } from '../redacted-output.ts';
import { LOCK_HELP, LOCK_OPTIONS, withWriterLock } from '../store-lock.ts';
import { check } from '../../check/check.ts';
import { loadWorkspace, parseAsOf, type Workspace } from '../workspace.ts';

export const issues: Command = {
  name: 'issues',
  summary: 'plan (default) or apply the sync of gaps to GitHub issues',
  usage: 'docket issues [--apply] [--as-of DATE] [--lock-wait SECONDS]',
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
${LOCK_HELP}
                     (--apply holds the store's lock from reading the gaps to recording them)
${COMMON_HELP}

Needs GITHUB_TOKEN with issues: write on the repository (GITHUB_GRAPHQL_URL for GitHub
Enterprise Server). Mutations are never retried: a failure half-way lists what was done, what
failed and what was not done, and exits 1. Run it again: each step is decided from the issues
as they are (Docket's own comments carry a hidden <!-- docket:note=... --> marker), so the
rerun does only what is left and never posts a comment twice.`,
  options: {
    ...COMMON_OPTIONS,
    ...LOCK_OPTIONS,
    apply: { type: 'boolean' },
    'as-of': { type: 'string' },
  },
  async run(values, _positionals, io) {
    const asOf = parseAsOf(str(values, 'as-of'), io);
    const ws = await loadWorkspace(commonOptions(values), io);
    const target = ws.config.issues;
    if (!target)
      throw new UsageError(
        'no `issues:` section in docket.config.yaml (issues.repo names the repository ' +
          'for gap issues)',
      );
    if (!io.env.GITHUB_TOKEN) throw new UsageError('GITHUB_TOKEN is not set');
    const apply = values.apply === true;
    // Everything printed is redacted: messages quote URLs (GITHUB_GRAPHQL_URL) and answers.
    const out = redactedOutput(io);
    const quiet: CliIO = { ...io, stdout: out.stdout, stderr: out.stderr };
    const sync = async () => {
      try {
        return await syncIssues(ws, target, asOf, apply, quiet);
      } catch (err) {
        throw await redactError(err);
      } finally {
        await out.flush();
      }
    };
    if (!apply) return sync();
    return withWriterLock(ws.evidenceDir, values, io, 'issues --apply', sync);
  },
};

async function syncIssues(
  ws: Workspace,
  target: NonNullable<Workspace['config']['issues']>,
  asOf: string,
  apply: boolean,
  io: CliIO,
): Promise<number> {
  const { model, gaps } = await check(ws, { asOf, want: 'model' });
  const groups = issueGroups(gaps.gaps, model.content.controls, RULES, ws.config);
  let listed: Awaited<ReturnType<typeof listIssues>>;
  let client: GithubClient;
  try {
    client = githubClientFromEnv(io.env, ws.config.github, { log: (m) => io.stderr(`${m}\n`) });
    listed = await listIssues(client, target.repo, target.labels[0] ?? null);
  } catch (err) {
    if (!(err instanceof GithubApiError)) throw err;
    // As `docket collect` prints it: the command, the source, GitHub's reason; no stack.
    io.stderr(`docket issues: github: ${err.message}\n`);
    return 1;
  }
  const { repositoryId, issues: existing } = listed;
  const plan = planIssues(groups, existing, asOf);

  const header =
    `${target.repo}: ${groups.length} gap groups; ${plan.actions.length} to change, ` +
    `${plan.unchanged} unchanged, ${plan.accepted.length} accepted as risk`;
  if (!apply) {
    io.stdout(`${header}\n${plan.actions.map((a) => `${describeAction(a)}\n`).join('')}`);
    if (plan.actions.length)
      io.stderr('docket issues: plan only; run with --apply to make these changes\n');
    return 0;
  }
  const result: ApplyResult = { done: [], failed: null };
  let failure: Error | null = null;
  try {
    await applyPlan(client, target.repo, repositoryId, plan.actions, result);
  } catch (err) {
    failure = err as Error;
  }
  // Accepted risks come from reading the issues, not from the mutations: record them even
  // when a mutation failed.
  await recordAccepted(ws.evidenceDir, plan.accepted, io.now);
  if (!failure) {
    io.stdout(
      `${header}\n${result.done.map((d) => `${describeAction(d.action)} ${d.url}\n`).join('')}`,
    );
    return 0;
  }
  io.stdout(`${header}\n${interruptedReport(plan, result)}`);
  const failed = result.failed ? result.done.length + 1 : result.done.length;
  io.stderr(
    `docket issues: stopped at change ${failed} of ${plan.actions.length} ` +
      `(${result.done.length} done, ` +
      `${plan.actions.length - result.done.length} not or not fully done): ${failure.message}\n` +
      'GitHub may have made the failed change before the error. Run it again: it re-reads ' +
      'the issues and does only what is left, never twice.\n',
  );
  return 1;
}

/** Done, failed (with its steps) and not done, one line per action, as a run that stopped prints them. */
export function interruptedReport(plan: IssuePlan, result: ApplyResult): string {
  const lines = result.done.map((d) => `done     ${describeAction(d.action)} ${d.url}`);
  const rest = plan.actions.slice(result.done.length);
  if (result.failed) {
    const { action, stepsDone } = result.failed;
    const steps = action.steps;
    const parts = [
      ...(stepsDone > 0 ? [`done: ${steps.slice(0, stepsDone).map(describeStep).join(', ')}`] : []),
      `failed: ${describeStep(steps[stepsDone] as IssueStep)}`,
      ...(stepsDone + 1 < steps.length
        ? [
            `not done: ${steps
              .slice(stepsDone + 1)
              .map(describeStep)
              .join(', ')}`,
          ]
        : []),
    ];
    lines.push(`failed   ${describeAction(action)}: ${parts.join('; ')}`);
    rest.shift();
  }
  lines.push(...rest.map((a) => `not done ${describeAction(a)}`));
  return lines.map((l) => `${l}\n`).join('');
}

// The fake GitHub's dataset for a synthetic organisation: the one place that turns a spec into
// pull requests and deployments, so the benchmark and the synth test serve the same data.
import { FakeGithubData } from '../../testkit/fake-github/index.ts';
import { generateDeployments, generatePullRequests } from '../../testkit/fake-github/generate.ts';
import type { DeploymentRecord, PullRequestRecord } from '../../src/core/schemas/github.ts';
import { SHARES, type SynthSpec } from './synth-spec.ts';

export function synthGithubData(spec: SynthSpec): FakeGithubData {
  const data = new FakeGithubData();
  for (const repo of spec.repos) {
    const full = `${spec.owner}/${repo.name}`;
    const prs = generatePullRequests(full, {
      seed: `synth:${spec.seed}`,
      count: repo.count,
      firstNumber: repo.firstNumber,
      rates: spec.rates,
    });
    data.addRepo(full, {
      pullRequests: prs,
      deployments: generateDeployments(full, prs, {
        seed: `synth:${spec.seed}`,
        outsideRate: SHARES.deploymentsOutsideWindow,
      }),
    });
  }
  return data;
}

/** The policy every synthetic pull-request control applies (scripts/synth.ts writes it). */
export const SYNTH_PR_POLICY = {
  minApprovals: 1,
  highRisk: { label: 'high-risk', minApprovals: 2 },
  requiredChecks: ['build', 'test'],
  sections: ['Risk level', 'Rollback plan', 'Testing performed'],
};

/**
 * The gaps each pull request carries by construction, read off the generated records in plain
 * terms (who approved, which check failed, which heading is missing) rather than through the
 * rules, so the synth test checks the rules against an independent count.
 */
export function injectedPullRequestGaps(pr: PullRequestRecord): string[] {
  const committers = new Set(pr.commits.flatMap((c) => c.authors.map((a) => a.login)));
  const approvers = pr.reviews
    .filter(
      (r) =>
        r.state === 'APPROVED' &&
        r.submitted_at !== null &&
        r.submitted_at <= (pr.merged_at as string),
    )
    .map((r) => r.author);
  const independent = approvers.filter((a) => a !== pr.author && !committers.has(a as string));
  const required = pr.labels.includes(SYNTH_PR_POLICY.highRisk.label)
    ? SYNTH_PR_POLICY.highRisk.minApprovals
    : SYNTH_PR_POLICY.minApprovals;
  const gaps: string[] = [];
  if (independent.length < required) gaps.push('pr-missing-approval');
  if (approvers.some((a) => committers.has(a as string))) gaps.push('pr-approver-is-author');
  if (
    SYNTH_PR_POLICY.requiredChecks.some(
      (name) => pr.checks.find((c) => c.name === name)?.conclusion !== 'SUCCESS',
    )
  )
    gaps.push('pr-checks-failed');
  if (SYNTH_PR_POLICY.sections.some((s) => !pr.body.includes(`## ${s}\n`)))
    gaps.push('pr-template-incomplete');
  return gaps;
}

/** Whether a deployment falls outside Monday–Friday 09:00–17:00 UTC, the rule's default window. */
export function outsideWorkingHours(d: DeploymentRecord): boolean {
  const at = new Date(d.created_at);
  const day = at.getUTCDay();
  const minutes = at.getUTCHours() * 60 + at.getUTCMinutes();
  return day === 0 || day === 6 || minutes < 9 * 60 || minutes >= 17 * 60;
}

import { createHash } from 'node:crypto';
import { canonicalPullRequest } from '../../collectors/github/normalize.ts';
import { randomInt, seededRandom } from '../../src/core/random.ts';
import type {
  CheckResult,
  Commit,
  DeploymentRecord,
  PullRequestRecord,
  Review,
} from '../../src/core/schemas/github.ts';

const oid = (text: string) => createHash('sha1').update(text).digest('hex');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const HOUR = 3_600_000;

export interface GenerateOptions {
  seed: string;
  count: number;
  /** First merge time; PRs are spread evenly after it. */
  start?: string;
  spacingHours?: number;
  people?: string[];
  /** Share of PRs with a gap of each kind (0..1); defaults keep most PRs compliant. */
  rates?: Partial<
    Record<
      | 'noApproval'
      | 'selfApproval'
      | 'stale'
      | 'failedCheck'
      | 'template'
      | 'unsigned'
      | 'emergency'
      | 'highRisk',
      number
    >
  >;
  firstNumber?: number;
}

const DEFAULT_PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
const TITLES = [
  'Add rate limiting to the public API',
  'Fix pagination of audit exports',
  'Upgrade PostgreSQL driver',
  'Rotate TLS certificates automatically',
  'Tighten S3 bucket policy',
  'Add retries to the billing webhook',
  'Remove unused IAM role',
  'Cache tenant settings',
  'Split the deploy pipeline',
  'Document the on-call runbook',
];

/**
 * Deterministic merged pull requests for one repository, in the canonical record form, with a
 * chosen share of each gap kind. The fake GitHub serves them; a collection must reproduce them.
 */
export function generatePullRequests(repo: string, opts: GenerateOptions): PullRequestRecord[] {
  const random = seededRandom(`${opts.seed}:${repo}`);
  const people = opts.people ?? DEFAULT_PEOPLE;
  const rates = {
    noApproval: 0.05,
    selfApproval: 0.03,
    stale: 0.04,
    failedCheck: 0.04,
    template: 0.06,
    unsigned: 0.03,
    emergency: 0.02,
    highRisk: 0.1,
    ...opts.rates,
  };
  const start = Date.parse(opts.start ?? '2026-01-05T10:00:00Z');
  const spacing = (opts.spacingHours ?? 6) * HOUR;
  const out: PullRequestRecord[] = [];
  for (let i = 0; i < opts.count; i++) {
    const number = (opts.firstNumber ?? 1) + i;
    const pick = () => people[randomInt(random, people.length)] as string;
    const author = pick();
    let reviewer = pick();
    while (reviewer === author) reviewer = pick();
    const merged = start + i * spacing + randomInt(random, 3) * HOUR;
    const created = merged - (2 + randomInt(random, 48)) * HOUR;
    const chance = (p: number) => random() < p;
    const emergency = chance(rates.emergency);
    const highRisk = !emergency && chance(rates.highRisk);
    const labels = [
      ...(emergency ? ['EMERGENCY'] : []),
      ...(highRisk ? ['high-risk'] : []),
      ...(chance(0.3) ? ['backend'] : []),
    ];
    const nCommits = 1 + randomInt(random, 3);
    const commits: Commit[] = [];
    const unsigned = chance(rates.unsigned);
    for (let c = 0; c < nCommits; c++) {
      const authors = [{ login: author, name: author, email: `${author}@acme.test` }];
      if (c === 0 && chance(rates.selfApproval))
        authors.push({ login: reviewer, name: reviewer, email: `${reviewer}@acme.test` });
      commits.push({
        oid: oid(`${repo}#${number}/${c}`),
        authors,
        committed_at: iso(created + c * HOUR),
        signature:
          unsigned && c === nCommits - 1 ? null : { valid: true, state: 'VALID', signer: author },
      });
    }
    const head = (commits.at(-1) as Commit).oid;
    const reviews: Review[] = [];
    if (!emergency && !chance(rates.noApproval)) {
      const stale = chance(rates.stale);
      reviews.push({
        id: `PRR_${repo}_${number}_1`,
        author: reviewer,
        state: 'APPROVED',
        submitted_at: iso(merged - HOUR),
        commit_oid: stale ? (commits[0] as Commit).oid : head,
      });
      if (highRisk) {
        let second = pick();
        while (second === author || second === reviewer) second = pick();
        reviews.push({
          id: `PRR_${repo}_${number}_2`,
          author: second,
          state: 'APPROVED',
          submitted_at: iso(merged - HOUR / 2),
          commit_oid: head,
        });
      }
    }
    const failed = chance(rates.failedCheck);
    const checks: CheckResult[] = [
      {
        name: 'build',
        kind: 'check-run',
        conclusion: 'SUCCESS',
        completed_at: iso(merged - 2 * HOUR),
      },
      {
        name: 'test',
        kind: 'check-run',
        conclusion: failed ? 'FAILURE' : 'SUCCESS',
        completed_at: iso(merged - 2 * HOUR + 600_000),
      },
    ];
    const body = chance(rates.template)
      ? 'Quick fix, see title.'
      : `## Risk level\n${highRisk ? 'high' : 'low'}\n\n## Rollback plan\nRevert this pull request.\n\n## Testing performed\nUnit and integration tests.\n`;
    const title = TITLES[randomInt(random, TITLES.length)] as string;
    out.push(
      canonicalPullRequest({
        repo,
        number,
        title,
        url: `https://github.com/${repo}/pull/${number}`,
        body,
        author,
        created_at: iso(created),
        updated_at: iso(merged + randomInt(random, 4) * HOUR),
        merged_at: iso(merged),
        merged_by: author,
        base_branch: 'main',
        head_oid: head,
        merge_commit_oid: oid(`${repo}#${number}/merge`),
        labels,
        reviews,
        commits,
        checks,
        cross_references:
          emergency && chance(0.5)
            ? [
                {
                  source: `${repo}#${number + 100000}`,
                  url: `https://github.com/${repo}/issues/${number + 100000}`,
                  is_pull_request: false,
                  created_at: iso(merged + 3 * HOUR),
                },
              ]
            : [],
      }),
    );
  }
  return out;
}

/** Production deployments following the merged pull requests, some outside working hours. */
export function generateDeployments(
  repo: string,
  prs: readonly PullRequestRecord[],
  opts: { seed: string; every?: number; outsideRate?: number; environment?: string },
): DeploymentRecord[] {
  const random = seededRandom(`${opts.seed}:${repo}:deployments`);
  const every = opts.every ?? 3;
  return prs
    .filter((_, i) => i % every === 0)
    .map((pr, i) => {
      let at = Date.parse(pr.merged_at) + HOUR;
      // Deploy inside working hours (Mon–Fri 09:00–17:00 UTC) unless this one is chosen to be late.
      for (
        let d = new Date(at);
        d.getUTCDay() === 0 || d.getUTCDay() === 6 || d.getUTCHours() < 9 || d.getUTCHours() >= 17;
        d = new Date(at)
      ) {
        at =
          d.getUTCHours() >= 17 || d.getUTCDay() % 6 === 0
            ? Date.parse(`${new Date(at + 24 * HOUR).toISOString().slice(0, 10)}T10:00:00Z`)
            : Date.parse(`${d.toISOString().slice(0, 10)}T10:00:00Z`);
      }
      if (random() < (opts.outsideRate ?? 0.1))
        at = Date.parse(`${pr.merged_at.slice(0, 10)}T22:30:00Z`);
      return {
        repo,
        id: String(100000 + i),
        environment: opts.environment ?? 'production',
        commit_oid: pr.merge_commit_oid,
        creator: 'deploy-bot',
        created_at: iso(at),
        state: 'SUCCESS',
        url: null,
      };
    });
}

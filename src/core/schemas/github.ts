import { z } from 'zod';

/** A GitHub login; deleted accounts are reported by GitHub as null and stored as "ghost". */
const Login = z.string();
const Instant = z.string();

export const Review = z.strictObject({
  id: z.string(),
  author: Login,
  /** APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or PENDING, as GitHub reports them. */
  state: z.string(),
  submitted_at: Instant.nullable(),
  /** The commit the review was given on. */
  commit_oid: z.string().nullable(),
});
export type Review = z.infer<typeof Review>;

export const CommitAuthor = z.strictObject({
  /** The GitHub account behind the author, when GitHub could match the e-mail address. */
  login: Login.nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
});

export const Commit = z.strictObject({
  oid: z.string(),
  /** Author and co-authors (from Co-authored-by trailers). */
  authors: z.array(CommitAuthor),
  committed_at: Instant,
  /** GitHub's verification of the commit signature; null when the commit is unsigned. */
  signature: z
    .strictObject({ valid: z.boolean(), state: z.string(), signer: Login.nullable() })
    .nullable(),
});
export type Commit = z.infer<typeof Commit>;

export const CheckResult = z.strictObject({
  name: z.string(),
  kind: z.enum(['check-run', 'status']),
  /** SUCCESS, FAILURE, NEUTRAL, SKIPPED, CANCELLED, TIMED_OUT, ACTION_REQUIRED, ERROR, PENDING, … or null while running. */
  conclusion: z.string().nullable(),
  completed_at: Instant.nullable(),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const CrossReference = z.strictObject({
  /** owner/repo#number of the issue or pull request that referenced this one. */
  source: z.string(),
  url: z.string(),
  is_pull_request: z.boolean(),
  created_at: Instant,
});

/** One merged pull request: `evidence/github/<owner>/<repo>/pull-requests.ndjson`, sorted by number. */
export const PullRequestRecord = z.strictObject({
  repo: z.string(),
  number: z.number().int().positive(),
  title: z.string(),
  url: z.string(),
  body: z.string(),
  author: Login,
  created_at: Instant,
  updated_at: Instant,
  merged_at: Instant,
  merged_by: Login.nullable(),
  base_branch: z.string(),
  head_oid: z.string(),
  merge_commit_oid: z.string().nullable(),
  labels: z.array(z.string()),
  reviews: z.array(Review),
  commits: z.array(Commit),
  /** The check rollup of the head commit. */
  checks: z.array(CheckResult),
  cross_references: z.array(CrossReference),
});
export type PullRequestRecord = z.infer<typeof PullRequestRecord>;

/** One deployment to a production environment: `evidence/github/<owner>/<repo>/deployments.ndjson`. */
export const DeploymentRecord = z.strictObject({
  repo: z.string(),
  id: z.string(),
  environment: z.string(),
  commit_oid: z.string().nullable(),
  creator: Login,
  created_at: Instant,
  /** The final state GitHub reports: SUCCESS, FAILURE, ERROR, INACTIVE, … */
  state: z.string(),
  url: z.string().nullable(),
});
export type DeploymentRecord = z.infer<typeof DeploymentRecord>;

export interface GithubEvidence {
  pullRequests: PullRequestRecord[];
  deployments: DeploymentRecord[];
}

import {
  DeploymentRecord,
  PullRequestRecord,
  type CheckResult,
  type Commit,
  type Review,
} from '../../src/core/schemas/github.ts';

// The shapes of the GraphQL answers (see queries.ts); GitHub's schema guarantees them.
export interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
interface Login {
  login: string;
}
export interface GqlActor {
  name: string | null;
  email: string | null;
  user: Login | null;
}
export interface GqlCommit {
  id: string;
  oid: string;
  committedDate: string;
  message: string;
  author: GqlActor | null;
  signature: { isValid: boolean; state: string; signer: Login | null } | null;
}
/** A commit as stored: its `authors` read separately when its message names co-authors. */
export type CompleteCommit = GqlCommit & { authors?: GqlActor[] };

/**
 * Whether GitHub may list more authors than the git author: it reads `Co-authored-by:`
 * trailers from the message. Matched anywhere and in any case, so no co-author is missed; a
 * false match only costs a look-up.
 */
export function namesCoAuthors(message: string): boolean {
  return /co-authored-by:/i.test(message);
}
export type GqlContext =
  | { __typename: 'CheckRun'; name: string; conclusion: string | null; completedAt: string | null }
  | { __typename: 'StatusContext'; context: string; state: string; createdAt: string };
export interface GqlReview {
  id: string;
  state: string;
  submittedAt: string | null;
  author: Login | null;
  commit: { oid: string } | null;
}
export interface GqlXref {
  createdAt?: string;
  source?: {
    __typename: 'Issue' | 'PullRequest';
    number: number;
    url: string;
    repository: { nameWithOwner: string };
  };
}
export interface GqlPullRequest {
  id: string;
  number: number;
  title: string;
  url: string;
  body: string;
  createdAt: string;
  updatedAt: string;
  mergedAt: string | null;
  baseRefName: string;
  headRefOid: string;
  author: Login | null;
  mergedBy: Login | null;
  mergeCommit: { oid: string } | null;
  labels: Page<{ name: string }>;
  reviews: Page<GqlReview>;
  commits: Page<{ commit: GqlCommit }>;
  head: {
    nodes: {
      commit: { id: string; oid: string; statusCheckRollup: { contexts: Page<GqlContext> } | null };
    }[];
  };
  timelineItems: Page<GqlXref>;
}
export interface GqlDeployment {
  databaseId: number | null;
  environment: string | null;
  commitOid: string;
  createdAt: string;
  state: string | null;
  creator: Login | null;
  latestStatus: { state: string; environmentUrl: string | null } | null;
}

/** GitHub reports deleted accounts as a null actor; they show as "ghost" on github.com too. */
const login = (a: Login | null) => a?.login ?? 'ghost';
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The git author comes first in GitHub's `authors`; without co-authors it is the only one. */
export function toCommit(c: CompleteCommit): Commit {
  return {
    oid: c.oid,
    authors: (c.authors ?? (c.author ? [c.author] : [])).map((a) => ({
      login: a.user?.login ?? null,
      name: a.name,
      email: a.email,
    })),
    committed_at: c.committedDate,
    signature: c.signature
      ? {
          valid: c.signature.isValid,
          state: c.signature.state,
          signer: c.signature.signer?.login ?? null,
        }
      : null,
  };
}

export function toCheck(c: GqlContext): CheckResult {
  return c.__typename === 'CheckRun'
    ? { name: c.name, kind: 'check-run', conclusion: c.conclusion, completed_at: c.completedAt }
    : { name: c.context, kind: 'status', conclusion: c.state, completed_at: c.createdAt };
}

export function toReview(r: GqlReview): Review {
  return {
    id: r.id,
    author: login(r.author),
    state: r.state,
    submitted_at: r.submittedAt,
    commit_oid: r.commit?.oid ?? null,
  };
}

/** Puts a record's lists in a fixed order, so the same pull request always serialises the same. */
export function canonicalPullRequest(pr: PullRequestRecord): PullRequestRecord {
  return {
    ...pr,
    labels: [...pr.labels].sort(cmp),
    reviews: [...pr.reviews].sort(
      (a, b) => cmp(a.submitted_at ?? '', b.submitted_at ?? '') || cmp(a.id, b.id),
    ),
    checks: [...pr.checks].sort(
      (a, b) =>
        cmp(a.name, b.name) ||
        cmp(a.completed_at ?? '', b.completed_at ?? '') ||
        cmp(a.kind, b.kind),
    ),
    cross_references: [...pr.cross_references].sort(
      (a, b) => cmp(a.created_at, b.created_at) || cmp(a.source, b.source),
    ),
  };
}

/** A complete pull request (all nested pages fetched) as the record Docket stores. */
export function toPullRequestRecord(
  repo: string,
  pr: GqlPullRequest,
  all: {
    labels: string[];
    reviews: GqlReview[];
    commits: CompleteCommit[];
    contexts: GqlContext[];
    xrefs: GqlXref[];
  },
): PullRequestRecord {
  return canonicalPullRequest(
    PullRequestRecord.parse({
      repo,
      number: pr.number,
      title: pr.title,
      url: pr.url,
      body: pr.body,
      author: login(pr.author),
      created_at: pr.createdAt,
      updated_at: pr.updatedAt,
      merged_at: pr.mergedAt,
      merged_by: pr.mergedBy ? pr.mergedBy.login : null,
      base_branch: pr.baseRefName,
      head_oid: pr.headRefOid,
      merge_commit_oid: pr.mergeCommit?.oid ?? null,
      labels: all.labels,
      reviews: all.reviews.map(toReview),
      commits: all.commits.map(toCommit),
      checks: all.contexts.map(toCheck),
      cross_references: all.xrefs.flatMap((x) =>
        x.source && x.createdAt
          ? [
              {
                source: `${x.source.repository.nameWithOwner}#${x.source.number}`,
                url: x.source.url,
                is_pull_request: x.source.__typename === 'PullRequest',
                created_at: x.createdAt,
              },
            ]
          : [],
      ),
    }),
  );
}

export function toDeploymentRecord(repo: string, d: GqlDeployment): DeploymentRecord {
  return DeploymentRecord.parse({
    repo,
    id: String(d.databaseId ?? ''),
    environment: d.environment ?? '',
    commit_oid: d.commitOid || null,
    creator: login(d.creator),
    created_at: d.createdAt,
    state: d.latestStatus?.state ?? d.state ?? 'UNKNOWN',
    url: d.latestStatus?.environmentUrl ?? null,
  });
}

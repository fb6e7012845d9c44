// GraphQL documents of the GitHub collector. GitHub's documented rate-limit cost counts one
// request per parent object of every connection, whatever its page size: so a page of 100 pull
// requests asks for six connections under each (labels, reviews, commits, the head commit and its
// checks, cross-references), 601 requests or 6 points, and nothing nested under a commit of the
// page. Co-authors come in batches of 100 commits, only for commits whose message names one
// (collect.ts); a connection with more than a full page gets pages of its own.

/** An incremental run first asks for this few: most nights few pull requests changed. */
export const FIRST_INCREMENTAL_PAGE = 10;

export const PAGE = {
  pullRequests: 100,
  reviews: 100,
  commits: 100,
  authors: 100,
  /** Commits whose co-authors one `nodes(ids: …)` request asks for. */
  coAuthorCommits: 100,
  labels: 100,
  contexts: 100,
  timeline: 100,
  deployments: 100,
  repositories: 100,
} as const;

/**
 * Rate-limit points of a page of 100 pull requests by GitHub's formula (the test checks it
 * against the fake's computation): what the client waits for before asking for one.
 */
export const PULL_REQUEST_PAGE_POINTS = 6;

/**
 * Points of a page of `first` pull requests by the formula: the page, and six connections
 * under each pull request (labels, reviews, commits, head commit, its checks, cross-references).
 */
export function pullRequestPagePoints(first: number): number {
  return Math.max(1, Math.round((1 + 6 * first) / 100));
}

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

const ACTOR_FIELDS = 'name email user { login }';

/**
 * The git author and the message, not the `authors` connection: that one would cost a request
 * per commit. Its co-authors come from the message's `Co-authored-by:` trailers, which GitHub
 * reads to list them; CO_AUTHORS_QUERY asks for them only where the message has one.
 */
export const COMMIT_FIELDS = `
fragment CommitFields on Commit {
  id oid committedDate message
  author { ${ACTOR_FIELDS} }
  signature { isValid state signer { login } }
}`;

export const CONTEXT_FIELDS = `
fragment ContextFields on StatusCheckRollupContext {
  __typename
  ... on CheckRun { name conclusion completedAt }
  ... on StatusContext { context state createdAt }
}`;

export const REVIEW_FIELDS = `
fragment ReviewFields on PullRequestReview { id state submittedAt author { login } commit { oid } }`;

export const XREF_FIELDS = `
fragment XrefFields on PullRequestTimelineItems {
  ... on CrossReferencedEvent {
    createdAt
    source {
      __typename
      ... on Issue { number url repository { nameWithOwner } }
      ... on PullRequest { number url repository { nameWithOwner } }
    }
  }
}`;

export const PULL_REQUEST_FIELDS = `
fragment PullRequestFields on PullRequest {
  id number title url body createdAt updatedAt mergedAt baseRefName headRefOid
  author { login }
  mergedBy { login }
  mergeCommit { oid }
  labels(first: ${PAGE.labels}) { nodes { name } ${PAGE_INFO} }
  reviews(first: ${PAGE.reviews}) { nodes { ...ReviewFields } ${PAGE_INFO} }
  commits(first: ${PAGE.commits}) { nodes { commit { ...CommitFields } } ${PAGE_INFO} }
  head: commits(last: 1) {
    nodes { commit { id oid statusCheckRollup {
      contexts(first: ${PAGE.contexts}) { nodes { ...ContextFields } ${PAGE_INFO} }
    } } }
  }
  timelineItems(first: ${PAGE.timeline}, itemTypes: [CROSS_REFERENCED_EVENT]) { nodes { ...XrefFields } ${PAGE_INFO} }
}
${REVIEW_FIELDS}
${COMMIT_FIELDS}
${CONTEXT_FIELDS}
${XREF_FIELDS}`;

/** Merged pull requests, most recently updated first, so an incremental run stops at its cursor. */
export const PULL_REQUESTS_QUERY = `
query DocketPullRequests($owner: String!, $name: String!, $first: Int!, $after: String) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
    pullRequests(states: [MERGED], first: $first, after: $after, orderBy: { field: UPDATED_AT, direction: DESC }) {
      totalCount
      nodes { ...PullRequestFields }
      ${PAGE_INFO}
    }
  }
}
${PULL_REQUEST_FIELDS}`;

export const MORE_REVIEWS_QUERY = `
query DocketMoreReviews($id: ID!, $after: String) {
  rateLimit { cost remaining resetAt }
  node(id: $id) { ... on PullRequest { reviews(first: ${PAGE.reviews}, after: $after) { nodes { ...ReviewFields } ${PAGE_INFO} } } }
}
${REVIEW_FIELDS}`;

export const MORE_COMMITS_QUERY = `
query DocketMoreCommits($id: ID!, $after: String) {
  rateLimit { cost remaining resetAt }
  node(id: $id) { ... on PullRequest {
    commits(first: ${PAGE.commits}, after: $after) { nodes { commit { ...CommitFields } } ${PAGE_INFO} }
  } }
}
${COMMIT_FIELDS}`;

export const MORE_LABELS_QUERY = `
query DocketMoreLabels($id: ID!, $after: String) {
  rateLimit { cost remaining resetAt }
  node(id: $id) { ... on PullRequest { labels(first: ${PAGE.labels}, after: $after) { nodes { name } ${PAGE_INFO} } } }
}`;

export const MORE_XREFS_QUERY = `
query DocketMoreCrossReferences($id: ID!, $after: String) {
  rateLimit { cost remaining resetAt }
  node(id: $id) { ... on PullRequest {
    timelineItems(first: ${PAGE.timeline}, after: $after, itemTypes: [CROSS_REFERENCED_EVENT]) {
      nodes { ...XrefFields } ${PAGE_INFO}
    }
  } }
}
${XREF_FIELDS}`;

export const MORE_CONTEXTS_QUERY = `
query DocketMoreChecks($id: ID!, $after: String) {
  rateLimit { cost remaining resetAt }
  node(id: $id) { ... on Commit { statusCheckRollup {
    contexts(first: ${PAGE.contexts}, after: $after) { nodes { ...ContextFields } ${PAGE_INFO} }
  } } }
}
${CONTEXT_FIELDS}`;

/** Authors and co-authors of up to 100 commits: 100 requests by the formula, 1 point. */
export const CO_AUTHORS_QUERY = `
query DocketCoAuthors($ids: [ID!]!) {
  rateLimit { cost remaining resetAt }
  nodes(ids: $ids) { ... on Commit { id authors(first: ${PAGE.authors}) { nodes { ${ACTOR_FIELDS} } ${PAGE_INFO} } } }
}`;

export const MORE_AUTHORS_QUERY = `
query DocketMoreAuthors($id: ID!, $after: String) {
  rateLimit { cost remaining resetAt }
  node(id: $id) { ... on Commit { authors(first: ${PAGE.authors}, after: $after) { nodes { ${ACTOR_FIELDS} } ${PAGE_INFO} } } }
}`;

/**
 * How many merged pull requests each repository has updated since a date, for the estimate of a
 * first collection: one aliased search a repository (up to 100 a query, 1 point).
 */
export function mergedCountQuery(count: number): string {
  const vars = Array.from({ length: count }, (_, i) => `$q${i}: String!`).join(', ');
  const searches = Array.from(
    { length: count },
    (_, i) => `r${i}: search(query: $q${i}, type: ISSUE, first: 1) { issueCount }`,
  ).join('\n  ');
  return `
query DocketMergedCounts(${vars}) {
  rateLimit { cost remaining resetAt }
  ${searches}
}`;
}

/**
 * The search that counts a repository's merged pull requests updated since `lower` (ISO), the
 * time written as GitHub's search syntax documents it (`YYYY-MM-DDTHH:MM:SS+00:00`).
 */
export function mergedSearch(repo: string, lower: string): string {
  const at = new Date(lower).toISOString().replace(/\.\d{3}Z$/, '+00:00');
  return `repo:${repo} is:pr is:merged updated:>=${at}`;
}

export const DEPLOYMENTS_QUERY = `
query DocketDeployments($owner: String!, $name: String!, $environments: [String!], $after: String) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
    deployments(environments: $environments, first: ${PAGE.deployments}, after: $after, orderBy: { field: CREATED_AT, direction: DESC }) {
      nodes { databaseId environment commitOid createdAt state creator { login } latestStatus { state environmentUrl } }
      ${PAGE_INFO}
    }
  }
}`;

export const REPOSITORIES_QUERY = `
query DocketRepositories($login: String!, $after: String) {
  rateLimit { cost remaining resetAt }
  repositoryOwner(login: $login) {
    repositories(first: ${PAGE.repositories}, after: $after, orderBy: { field: NAME, direction: ASC }) {
      nodes { nameWithOwner isArchived }
      ${PAGE_INFO}
    }
  }
}`;

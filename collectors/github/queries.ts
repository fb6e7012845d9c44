// GraphQL documents of the GitHub collector. Page sizes keep one page of 100 pull requests
// near 26 rate-limit points; a pull request with more commits, reviews or checks than a page
// gets nested pages of its own (see collect.ts).

/** An incremental run first asks for this few: most nights few pull requests changed. */
export const FIRST_INCREMENTAL_PAGE = 10;

export const PAGE = {
  pullRequests: 100,
  reviews: 100,
  commits: 20,
  authors: 10,
  labels: 50,
  contexts: 100,
  timeline: 50,
  deployments: 100,
  repositories: 100,
} as const;

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

export const COMMIT_FIELDS = `
fragment CommitFields on Commit {
  id oid committedDate
  authors(first: ${PAGE.authors}) { nodes { name email user { login } } ${PAGE_INFO} }
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
  head: commits(last: 1) { nodes { commit { id oid statusCheckRollup { contexts(first: ${PAGE.contexts}) { nodes { ...ContextFields } ${PAGE_INFO} } } } } }
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
  node(id: $id) { ... on PullRequest { commits(first: ${PAGE.commits}, after: $after) { nodes { commit { ...CommitFields } } ${PAGE_INFO} } } }
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
  node(id: $id) { ... on PullRequest { timelineItems(first: ${PAGE.timeline}, after: $after, itemTypes: [CROSS_REFERENCED_EVENT]) { nodes { ...XrefFields } ${PAGE_INFO} } } }
}
${XREF_FIELDS}`;

export const MORE_CONTEXTS_QUERY = `
query DocketMoreChecks($id: ID!, $after: String) {
  rateLimit { cost remaining resetAt }
  node(id: $id) { ... on Commit { statusCheckRollup { contexts(first: ${PAGE.contexts}, after: $after) { nodes { ...ContextFields } ${PAGE_INFO} } } } }
}
${CONTEXT_FIELDS}`;

export const MORE_AUTHORS_QUERY = `
query DocketMoreAuthors($id: ID!, $after: String) {
  rateLimit { cost remaining resetAt }
  node(id: $id) { ... on Commit { authors(first: ${PAGE.authors}, after: $after) { nodes { name email user { login } } ${PAGE_INFO} } } }
}`;

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

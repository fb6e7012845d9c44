import type {
  CheckResult,
  Commit,
  DeploymentRecord,
  PullRequestRecord,
  Review,
} from '../../src/core/schemas/github.ts';
import { connection, FakeGithubError, type PageArgs } from './connection.ts';
import type { FakeGithubData, FakeIssue, FakeRepo } from './dataset.ts';

/** Node ids are opaque to clients; the fake makes them decodable to find the node again. */
export const nodeId = (type: string, key: string) =>
  Buffer.from(`${type}:${key}`).toString('base64');
const decodeId = (id: string): [string, string] => {
  const text = Buffer.from(id, 'base64').toString();
  const at = text.indexOf(':');
  return [text.slice(0, at), text.slice(at + 1)];
};

const actor = (login: string) => ({
  __typename: 'User',
  id: nodeId('User', login),
  login,
  url: `https://github.com/${login}`,
});

interface Order {
  field?: string;
  direction?: 'ASC' | 'DESC';
}

function ordered<T>(
  items: readonly T[],
  key: (t: T) => string | number,
  direction: 'ASC' | 'DESC' = 'ASC',
): T[] {
  const sorted = [...items].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return direction === 'DESC' ? sorted.reverse() : sorted;
}

function checkContext(c: CheckResult) {
  return c.kind === 'check-run'
    ? {
        __typename: 'CheckRun',
        id: nodeId('CheckRun', `${c.name}@${c.completed_at}`),
        name: c.name,
        conclusion: c.conclusion,
        completedAt: c.completed_at,
        status: c.completed_at ? 'COMPLETED' : 'IN_PROGRESS',
      }
    : {
        __typename: 'StatusContext',
        id: nodeId('StatusContext', `${c.name}@${c.completed_at}`),
        context: c.name,
        state: c.conclusion ?? 'PENDING',
        createdAt: c.completed_at,
      };
}

const gitActor = (a: Commit['authors'][number]) => ({
  name: a.name,
  email: a.email,
  user: a.login ? actor(a.login) : null,
});

/**
 * A commit message as GitHub's `authors` reads it: every author after the git author is a
 * `Co-authored-by:` trailer.
 */
export function commitMessage(c: Commit): string {
  const trailers = c.authors
    .slice(1)
    .map((a) => `Co-authored-by: ${a.name ?? a.login ?? ''} <${a.email ?? ''}>`);
  return [`Change ${c.oid.slice(0, 7)}`, ...(trailers.length ? ['', ...trailers] : [])].join('\n');
}

function commitObject(repo: string, c: Commit, checks: readonly CheckResult[] | null) {
  return {
    __typename: 'Commit',
    id: nodeId('Commit', `${repo}@${c.oid}`),
    oid: c.oid,
    committedDate: c.committed_at,
    message: commitMessage(c),
    author: c.authors[0] ? gitActor(c.authors[0]) : null,
    authors: (args: PageArgs) => connection(c.authors.map(gitActor), args),
    signature: c.signature
      ? {
          __typename: 'GpgSignature',
          isValid: c.signature.valid,
          state: c.signature.state,
          signer: c.signature.signer ? actor(c.signature.signer) : null,
        }
      : null,
    statusCheckRollup: checks
      ? {
          id: nodeId('StatusCheckRollup', `${repo}@${c.oid}`),
          state: 'SUCCESS',
          contexts: (args: PageArgs) => connection(checks.map(checkContext), args),
        }
      : null,
  };
}

function reviewObject(r: Review, repo: string) {
  return {
    __typename: 'PullRequestReview',
    id: r.id,
    author: actor(r.author),
    state: r.state,
    submittedAt: r.submitted_at,
    commit: r.commit_oid
      ? { __typename: 'Commit', id: nodeId('Commit', `${repo}@${r.commit_oid}`), oid: r.commit_oid }
      : null,
  };
}

export function pullRequestObject(pr: PullRequestRecord) {
  const commits = pr.commits.map((c) => ({
    __typename: 'PullRequestCommit',
    id: nodeId('PullRequestCommit', `${pr.repo}#${pr.number}@${c.oid}`),
    commit: commitObject(pr.repo, c, c.oid === pr.head_oid ? pr.checks : null),
  }));
  return {
    __typename: 'PullRequest',
    id: nodeId('PullRequest', `${pr.repo}#${pr.number}`),
    number: pr.number,
    title: pr.title,
    url: pr.url,
    body: pr.body,
    state: 'MERGED',
    merged: true,
    createdAt: pr.created_at,
    updatedAt: pr.updated_at,
    mergedAt: pr.merged_at,
    author: actor(pr.author),
    mergedBy: pr.merged_by ? actor(pr.merged_by) : null,
    baseRefName: pr.base_branch,
    headRefOid: pr.head_oid,
    mergeCommit: pr.merge_commit_oid
      ? {
          __typename: 'Commit',
          id: nodeId('Commit', `${pr.repo}@${pr.merge_commit_oid}`),
          oid: pr.merge_commit_oid,
        }
      : null,
    labels: (args: PageArgs) =>
      connection(
        pr.labels.map((name) => ({
          __typename: 'Label',
          id: nodeId('Label', `${pr.repo}:${name}`),
          name,
        })),
        args,
      ),
    reviews: (args: PageArgs) =>
      connection(
        pr.reviews.map((r) => reviewObject(r, pr.repo)),
        args,
      ),
    commits: (args: PageArgs) => connection(commits, args),
    timelineItems: (args: PageArgs & { itemTypes?: string[] }) => {
      const types = args.itemTypes ?? ['CROSS_REFERENCED_EVENT'];
      const items = types.includes('CROSS_REFERENCED_EVENT')
        ? pr.cross_references.map((x) => {
            const [repo, number] = x.source.split('#') as [string, string];
            return {
              __typename: 'CrossReferencedEvent',
              id: nodeId(
                'CrossReferencedEvent',
                `${pr.repo}#${pr.number}<-${x.source}@${x.created_at}`,
              ),
              createdAt: x.created_at,
              willCloseTarget: false,
              isCrossRepository: repo !== pr.repo,
              source: {
                __typename: x.is_pull_request ? 'PullRequest' : 'Issue',
                id: nodeId(x.is_pull_request ? 'PullRequest' : 'Issue', x.source),
                number: Number(number),
                url: x.url,
                repository: { nameWithOwner: repo },
              },
            };
          })
        : [];
      return connection(items, args);
    },
  };
}

function deploymentObject(d: DeploymentRecord) {
  return {
    __typename: 'Deployment',
    id: nodeId('Deployment', `${d.repo}@${d.id}`),
    databaseId: Number(d.id),
    environment: d.environment,
    commitOid: d.commit_oid ?? '',
    creator: actor(d.creator),
    createdAt: d.created_at,
    state: d.state,
    latestStatus: { state: d.state, environmentUrl: d.url, logUrl: null, createdAt: d.created_at },
  };
}

export function issueObject(repo: FakeRepo, issue: FakeIssue) {
  const full = `${repo.owner}/${repo.name}`;
  return {
    __typename: 'Issue',
    id: nodeId('Issue', `${full}#${issue.number}`),
    number: issue.number,
    title: issue.title,
    body: issue.body,
    url: `https://github.com/${full}/issues/${issue.number}`,
    state: issue.state,
    stateReason: issue.stateReason,
    closed: issue.state === 'CLOSED',
    closedAt: issue.closedAt,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    author: actor(issue.author),
    repository: { nameWithOwner: full },
    labels: (args: PageArgs) =>
      connection(
        issue.labels.map((name) => ({
          __typename: 'Label',
          id: nodeId('Label', `${full}:${name}`),
          name,
        })),
        args,
      ),
    comments: (args: PageArgs) =>
      connection(
        issue.comments.map((c, i) => ({
          __typename: 'IssueComment',
          id: nodeId('IssueComment', `${full}#${issue.number}/${i}`),
          body: c.body,
          author: actor(c.author),
          createdAt: c.createdAt,
        })),
        args,
      ),
  };
}

export function repositoryObject(repo: FakeRepo) {
  const full = `${repo.owner}/${repo.name}`;
  return {
    __typename: 'Repository',
    id: nodeId('Repository', full),
    name: repo.name,
    nameWithOwner: full,
    isArchived: repo.isArchived,
    url: `https://github.com/${full}`,
    owner: { __typename: 'Organization', login: repo.owner },
    defaultBranchRef: { name: 'main' },
    pullRequests: (
      args: PageArgs & {
        states?: string[];
        orderBy?: Order;
        baseRefName?: string;
        labels?: string[];
      },
    ) => {
      // Every pull request of the fake is merged, so any other state filter finds none.
      let prs = args.states && !args.states.includes('MERGED') ? [] : repo.pullRequests;
      if (args.baseRefName) prs = prs.filter((p) => p.base_branch === args.baseRefName);
      if (args.labels) prs = prs.filter((p) => p.labels.some((l) => args.labels?.includes(l)));
      const field = args.orderBy?.field ?? 'CREATED_AT';
      const key =
        field === 'UPDATED_AT'
          ? (p: PullRequestRecord) => `${p.updated_at}#${String(p.number).padStart(9, '0')}`
          : (p: PullRequestRecord) => p.number;
      return connection(
        ordered(prs, key, args.orderBy?.direction ?? 'ASC').map(pullRequestObject),
        args,
      );
    },
    deployments: (args: PageArgs & { environments?: string[]; orderBy?: Order }) => {
      const ds = repo.deployments.filter(
        (d) => !args.environments || args.environments.includes(d.environment),
      );
      return connection(
        ordered(
          ds,
          (d) => `${d.created_at}#${d.id.padStart(12, '0')}`,
          args.orderBy?.direction ?? 'ASC',
        ).map(deploymentObject),
        args,
      );
    },
    issues: (args: PageArgs & { states?: string[]; labels?: string[]; orderBy?: Order }) => {
      let issues = repo.issues;
      if (args.states) issues = issues.filter((i) => args.states?.includes(i.state));
      if (args.labels)
        issues = issues.filter((i) => i.labels.some((l) => args.labels?.includes(l)));
      const key =
        args.orderBy?.field === 'UPDATED_AT'
          ? (i: FakeIssue) => `${i.updatedAt}#${String(i.number).padStart(9, '0')}`
          : (i: FakeIssue) => i.number;
      return connection(
        ordered(issues, key, args.orderBy?.direction ?? 'ASC').map((i) => issueObject(repo, i)),
        args,
      );
    },
    labels: (args: PageArgs) =>
      connection(
        repo.labels.map((l) => ({
          __typename: 'Label',
          id: nodeId('Label', `${full}:${l.name}`),
          ...l,
        })),
        args,
      ),
  };
}

/** The Query root over the dataset. */
export function queryRoot(data: FakeGithubData) {
  const repository = ({ owner, name }: { owner: string; name: string }) => {
    const repo = data.repo(`${owner}/${name}`);
    if (!repo)
      throw new FakeGithubError(
        `Could not resolve to a Repository with the name '${owner}/${name}'.`,
        'NOT_FOUND',
      );
    return repositoryObject(repo);
  };
  const owner = ({ login }: { login: string }) => {
    const repos = [...data.repos.values()].filter(
      (r) => r.owner.toLowerCase() === login.toLowerCase(),
    );
    if (repos.length === 0) return null;
    return {
      __typename: 'Organization',
      id: nodeId('Organization', login),
      login,
      repositories: (args: PageArgs & { isArchived?: boolean; orderBy?: Order }) => {
        const list = repos.filter(
          (r) => args.isArchived == null || r.isArchived === args.isArchived,
        );
        return connection(
          ordered(list, (r) => r.name.toLowerCase(), args.orderBy?.direction ?? 'ASC').map(
            repositoryObject,
          ),
          args,
        );
      },
    };
  };
  return {
    repository,
    repositoryOwner: owner,
    organization: owner,
    node: ({ id }: { id: string }) => findNode(data, id),
    search: (args: PageArgs & { query: string; type: string }) => search(data, args),
    nodes: ({ ids }: { ids: string[] }) => ids.map((id) => findNode(data, id)),
  };
}

/**
 * GitHub's search, for the qualifiers Docket uses: `repo:`, `is:pr`, `is:merged` and
 * `updated:>=`. Any other qualifier is refused, so a query the fake cannot answer faithfully
 * fails a test instead of counting wrong.
 */
function search(data: FakeGithubData, args: PageArgs & { query: string; type: string }) {
  if (args.type !== 'ISSUE') throw new FakeGithubError(`search type ${args.type} is not faked`);
  let repos = [...data.repos.values()];
  let updatedFrom = '';
  for (const term of args.query.split(/\s+/).filter(Boolean)) {
    const [key, value = ''] = term.split(/:(.*)/s) as [string, string?];
    if (key === 'repo')
      repos = repos.filter((r) => `${r.owner}/${r.name}`.toLowerCase() === value.toLowerCase());
    else if (key === 'updated' && value.startsWith('>='))
      updatedFrom = new Date(value.slice(2)).toISOString();
    else if (term !== 'is:pr' && term !== 'is:merged')
      throw new FakeGithubError(`search qualifier ${term} is not faked`);
  }
  // Every pull request of the fake is merged.
  const prs = repos.flatMap((r) =>
    r.pullRequests.filter((p) => new Date(p.updated_at).toISOString() >= updatedFrom),
  );
  return { issueCount: prs.length, ...connection(prs.map(pullRequestObject), args) };
}

function findNode(data: FakeGithubData, id: string): unknown {
  const [type, key] = decodeId(id);
  const prOf = (ref: string) => {
    const [repo, number] = ref.split('#') as [string, string];
    return data.repo(repo)?.pullRequests.find((p) => p.number === Number(number));
  };
  if (type === 'PullRequest') {
    const pr = prOf(key);
    return pr ? pullRequestObject(pr) : null;
  }
  if (type === 'Commit') {
    const [repo, oid] = key.split('@') as [string, string];
    for (const pr of data.repo(repo)?.pullRequests ?? []) {
      const c = pr.commits.find((x) => x.oid === oid);
      if (c) return commitObject(repo, c, c.oid === pr.head_oid ? pr.checks : null);
    }
    return null;
  }
  if (type === 'Issue') {
    const [repo, number] = key.split('#') as [string, string];
    const r = data.repo(repo);
    const issue = r?.issues.find((i) => i.number === Number(number));
    return r && issue ? issueObject(r, issue) : null;
  }
  if (type === 'Repository') {
    const r = data.repo(key);
    return r ? repositoryObject(r) : null;
  }
  return null;
}

import type { IssueGroup } from '../../src/core/issues/groups.ts';
import type { ExistingIssue, IssueAction } from '../../src/core/issues/plan.ts';
import type { GithubClient } from './client.ts';
import type { Page } from './normalize.ts';

const ISSUES_QUERY = `
query DocketIssues($owner: String!, $name: String!, $labels: [String!], $after: String) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
    id
    issues(first: 100, after: $after, labels: $labels, states: [OPEN, CLOSED], orderBy: { field: CREATED_AT, direction: ASC }) {
      nodes { id number url title body state stateReason labels(first: 50) { nodes { name } } }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const LABELS_QUERY = `
query DocketLabels($owner: String!, $name: String!, $after: String) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
    labels(first: 100, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } }
  }
}`;

const ISSUE_FIELDS = 'issue { id number url }';
const CREATE_ISSUE = `mutation DocketCreateIssue($input: CreateIssueInput!) { createIssue(input: $input) { ${ISSUE_FIELDS} } }`;
const UPDATE_ISSUE = `mutation DocketUpdateIssue($input: UpdateIssueInput!) { updateIssue(input: $input) { ${ISSUE_FIELDS} } }`;
const CLOSE_ISSUE = `mutation DocketCloseIssue($input: CloseIssueInput!) { closeIssue(input: $input) { ${ISSUE_FIELDS} } }`;
const REOPEN_ISSUE = `mutation DocketReopenIssue($input: ReopenIssueInput!) { reopenIssue(input: $input) { ${ISSUE_FIELDS} } }`;
const ADD_COMMENT = `mutation DocketComment($input: AddCommentInput!) { addComment(input: $input) { clientMutationId } }`;
const CREATE_LABEL = `mutation DocketCreateLabel($input: CreateLabelInput!) { createLabel(input: $input) { label { id name } } }`;
const ADD_LABELS = `mutation DocketAddLabels($input: AddLabelsToLabelableInput!) { addLabelsToLabelable(input: $input) { clientMutationId } }`;
const REMOVE_LABELS = `mutation DocketRemoveLabels($input: RemoveLabelsFromLabelableInput!) { removeLabelsFromLabelable(input: $input) { clientMutationId } }`;

interface GqlIssue {
  id: string;
  number: number;
  url: string;
  title: string;
  body: string;
  state: 'OPEN' | 'CLOSED';
  stateReason: string | null;
  labels: Page<{ name: string }>;
}

/**
 * The issues of the repository that carry Docket's label (its own issues always do), with the
 * repository's id. Docket then keeps only those with its marker in the body.
 */
export async function listIssues(client: GithubClient, repo: string, label: string | null): Promise<{ repositoryId: string; issues: ExistingIssue[] }> {
  const [owner, name] = repo.split('/') as [string, string];
  const issues: ExistingIssue[] = [];
  let repositoryId = '';
  let after: string | null = null;
  do {
    const data: { repository: { id: string; issues: Page<GqlIssue> } } = await client.query(ISSUES_QUERY, { owner, name, labels: label ? [label] : null, after });
    repositoryId = data.repository.id;
    for (const i of data.repository.issues.nodes) issues.push({ id: i.id, number: i.number, url: i.url, title: i.title, body: i.body, state: i.state, stateReason: i.stateReason, labels: i.labels.nodes.map((l) => l.name) });
    after = data.repository.issues.pageInfo.hasNextPage ? data.repository.issues.pageInfo.endCursor : null;
  } while (after);
  return { repositoryId, issues };
}

const LABEL_COLORS: Record<string, string> = { 'severity:high': 'b60205', 'severity:medium': 'fbca04', 'severity:low': 'c5def5' };

export interface ApplyResult {
  done: { action: IssueAction; url: string }[];
}

/**
 * Performs the plan's actions in order. Mutations are not retried on server errors (a retried
 * create could open a second issue); the error propagates with what was done so far, and the
 * next run re-plans from GitHub's state and converges.
 */
export async function applyPlan(client: GithubClient, repo: string, repositoryId: string, actions: readonly IssueAction[], result: ApplyResult): Promise<void> {
  const mutate = <T>(doc: string, input: Record<string, unknown>) => client.query<T>(doc, { input }, { retryServerErrors: false });
  const [owner, name] = repo.split('/') as [string, string];
  let labelIds: Map<string, string> | null = null;
  const idsOf = async (labels: readonly string[]): Promise<string[]> => {
    if (!labelIds) {
      labelIds = new Map();
      let after: string | null = null;
      do {
        const data: { repository: { labels: Page<{ id: string; name: string }> } } = await client.query(LABELS_QUERY, { owner, name, after });
        for (const l of data.repository.labels.nodes) labelIds.set(l.name, l.id);
        after = data.repository.labels.pageInfo.hasNextPage ? data.repository.labels.pageInfo.endCursor : null;
      } while (after);
    }
    const ids: string[] = [];
    for (const label of labels) {
      let id = labelIds.get(label);
      if (!id) {
        const created: { createLabel: { label: { id: string } } } = await mutate(CREATE_LABEL, { repositoryId, name: label, color: LABEL_COLORS[label] ?? 'ededed', description: 'Managed by Docket' });
        id = created.createLabel.label.id;
        labelIds.set(label, id);
      }
      ids.push(id);
    }
    return ids;
  };
  const relabel = async (issueId: string, add: readonly string[], remove: readonly string[]) => {
    if (add.length) await mutate(ADD_LABELS, { labelableId: issueId, labelIds: await idsOf(add) });
    if (remove.length) await mutate(REMOVE_LABELS, { labelableId: issueId, labelIds: await idsOf(remove) });
  };
  const edit = async (group: IssueGroup, issueId: string) => {
    await mutate(UPDATE_ISSUE, { id: issueId, title: group.title, body: group.body });
  };
  for (const action of actions) {
    switch (action.kind) {
      case 'create': {
        const out: { createIssue: { issue: { url: string } } } = await mutate(CREATE_ISSUE, { repositoryId, title: action.group.title, body: action.group.body, labelIds: await idsOf(action.group.labels) });
        result.done.push({ action, url: out.createIssue.issue.url });
        break;
      }
      case 'update':
        if (action.issue.title !== action.group.title || action.issue.body !== action.group.body) await edit(action.group, action.issue.id);
        await relabel(action.issue.id, action.addLabels, action.removeLabels);
        result.done.push({ action, url: action.issue.url });
        break;
      case 'reopen':
        await mutate(REOPEN_ISSUE, { issueId: action.issue.id });
        await mutate(ADD_COMMENT, { subjectId: action.issue.id, body: action.comment });
        if (action.issue.title !== action.group.title || action.issue.body !== action.group.body) await edit(action.group, action.issue.id);
        await relabel(action.issue.id, action.addLabels, action.removeLabels);
        result.done.push({ action, url: action.issue.url });
        break;
      case 'close':
        await mutate(ADD_COMMENT, { subjectId: action.issue.id, body: action.comment });
        await mutate(CLOSE_ISSUE, { issueId: action.issue.id, stateReason: 'COMPLETED' });
        result.done.push({ action, url: action.issue.url });
        break;
      case 'close-duplicate':
        await mutate(CLOSE_ISSUE, { issueId: action.issue.id, stateReason: 'DUPLICATE', duplicateIssueId: action.of.id });
        result.done.push({ action, url: action.issue.url });
        break;
    }
  }
}

import { markerOf } from '../../src/core/issues/groups.ts';
import {
  noteOf,
  type ExistingIssue,
  type IssueAction,
  type IssueStep,
} from '../../src/core/issues/plan.ts';
import type { GithubClient } from './client.ts';
import type { Page } from './normalize.ts';
import { pages } from './paginate.ts';

/** How many of an issue's latest comments come with the listing; older ones are read only when needed. */
const RECENT_COMMENTS = 20;

const ISSUES_QUERY = `
query DocketIssues($owner: String!, $name: String!, $labels: [String!], $after: String) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
    id
    issues(first: 100, after: $after, labels: $labels, states: [OPEN, CLOSED], orderBy: { field: CREATED_AT, direction: ASC }) {
      nodes {
        id number url title body state stateReason closedAt
        labels(first: 50) { nodes { name } }
        comments(last: ${RECENT_COMMENTS}) { nodes { body createdAt } pageInfo { hasPreviousPage startCursor } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const OLDER_COMMENTS_QUERY = `
query DocketIssueComments($id: ID!, $before: String) {
  rateLimit { cost remaining resetAt }
  node(id: $id) {
    ... on Issue { comments(last: 100, before: $before) { nodes { body createdAt } pageInfo { hasPreviousPage startCursor } } }
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
const ADD_LABELS = `mutation DocketAddLabels($input: AddLabelsToLabelableInput!) {
  addLabelsToLabelable(input: $input) { clientMutationId }
}`;
const REMOVE_LABELS = `mutation DocketRemoveLabels($input: RemoveLabelsFromLabelableInput!) {
  removeLabelsFromLabelable(input: $input) { clientMutationId }
}`;

interface GqlComment {
  body: string;
  createdAt: string;
}

interface CommentPage {
  nodes: GqlComment[];
  pageInfo: { hasPreviousPage: boolean; startCursor: string | null };
}

interface GqlIssue {
  id: string;
  number: number;
  url: string;
  title: string;
  body: string;
  state: 'OPEN' | 'CLOSED';
  stateReason: string | null;
  closedAt: string | null;
  labels: Page<{ name: string }>;
  comments: CommentPage;
}

/** Docket's latest comment in a page of comments (oldest first), if any. */
function lastNoteIn(comments: readonly GqlComment[]): ExistingIssue['lastNote'] {
  for (let i = comments.length - 1; i >= 0; i--) {
    const c = comments[i] as GqlComment;
    const kind = noteOf(c.body);
    if (kind) return { kind, createdAt: c.createdAt };
  }
  return null;
}

/**
 * The issues of the repository that carry Docket's label (its own issues always do), with the
 * repository's id. Docket then keeps only those with its marker in the body.
 */
export async function listIssues(
  client: GithubClient,
  repo: string,
  label: string | null,
): Promise<{ repositoryId: string; issues: ExistingIssue[] }> {
  const [owner, name] = repo.split('/') as [string, string];
  const issues: ExistingIssue[] = [];
  let repositoryId = '';
  for await (const { page, data } of pages(client, {
    query: ISSUES_QUERY,
    variables: { owner, name, labels: label ? [label] : null },
    connection: (data: { repository: { id: string; issues: Page<GqlIssue> } }) =>
      data.repository.issues,
  })) {
    repositoryId = data.repository.id;
    for (const i of page.nodes) {
      let lastNote = lastNoteIn(i.comments.nodes);
      // People may have written more than a page of comments since Docket's last one: read back
      // until it is found (only for Docket's own issues, and only then).
      if (!lastNote && markerOf(i.body) !== null)
        for await (const older of pages(client, {
          query: OLDER_COMMENTS_QUERY,
          variables: { id: i.id },
          from: i.comments.pageInfo,
          connection: (data: { node: { comments: CommentPage } | null }) => data.node?.comments,
        })) {
          lastNote = lastNoteIn(older.page.nodes);
          if (lastNote) break;
        }
      issues.push({
        id: i.id,
        number: i.number,
        url: i.url,
        title: i.title,
        body: i.body,
        state: i.state,
        stateReason: i.stateReason,
        closedAt: i.closedAt,
        labels: i.labels.nodes.map((l) => l.name),
        lastNote,
      });
    }
  }
  return { repositoryId, issues };
}

const LABEL_COLORS: Record<string, string> = {
  'severity:high': 'b60205',
  'severity:medium': 'fbca04',
  'severity:low': 'c5def5',
};

/** What an --apply run got done, kept up to date as it goes, so a failure can say where it stopped. */
export interface ApplyResult {
  /** Actions carried out completely, with the issue's URL. */
  done: { action: IssueAction; url: string }[];
  /** The action that failed, and how many of its steps were done before the failing one. */
  failed: { action: IssueAction; stepsDone: number } | null;
}

/**
 * Performs the plan's actions in order, step by step. Mutations are never retried (a server
 * error may come after GitHub made the change, and a retried create opens a second issue): the
 * error propagates with `result` saying what was done, and the next run re-reads the issues and
 * plans only what is left (see planIssues).
 */
export async function applyPlan(
  client: GithubClient,
  repo: string,
  repositoryId: string,
  actions: readonly IssueAction[],
  result: ApplyResult,
): Promise<void> {
  const mutate = <T>(doc: string, input: Record<string, unknown>) =>
    client.query<T>(doc, { input }, { retryServerErrors: false });
  const [owner, name] = repo.split('/') as [string, string];
  // By lower-case name: GitHub's label names are case-insensitive.
  let labelIds: Map<string, string> | null = null;
  const idsOf = async (labels: readonly string[]): Promise<string[]> => {
    if (!labelIds) {
      labelIds = new Map();
      for await (const { page } of pages(client, {
        query: LABELS_QUERY,
        variables: { owner, name },
        connection: (data: { repository: { labels: Page<{ id: string; name: string }> } }) =>
          data.repository.labels,
      }))
        for (const l of page.nodes) labelIds.set(l.name.toLowerCase(), l.id);
    }
    const ids: string[] = [];
    for (const label of labels) {
      let id = labelIds.get(label.toLowerCase());
      if (!id) {
        const created: { createLabel: { label: { id: string } } } = await mutate(CREATE_LABEL, {
          repositoryId,
          name: label,
          color: LABEL_COLORS[label] ?? 'ededed',
          description: 'Managed by Docket',
        });
        id = created.createLabel.label.id;
        labelIds.set(label.toLowerCase(), id);
      }
      ids.push(id);
    }
    return ids;
  };
  const run = async (step: IssueStep, issueId: string | null): Promise<string | null> => {
    const id = issueId as string;
    switch (step.kind) {
      case 'create': {
        const out: { createIssue: { issue: { url: string } } } = await mutate(CREATE_ISSUE, {
          repositoryId,
          title: step.title,
          body: step.body,
          labelIds: await idsOf(step.labels),
        });
        return out.createIssue.issue.url;
      }
      case 'comment':
        await mutate(ADD_COMMENT, { subjectId: id, body: step.body });
        return null;
      case 'reopen':
        await mutate(REOPEN_ISSUE, { issueId: id });
        return null;
      case 'edit':
        await mutate(UPDATE_ISSUE, { id, title: step.title, body: step.body });
        return null;
      case 'add-labels':
        await mutate(ADD_LABELS, { labelableId: id, labelIds: await idsOf(step.labels) });
        return null;
      case 'remove-labels':
        await mutate(REMOVE_LABELS, { labelableId: id, labelIds: await idsOf(step.labels) });
        return null;
      case 'close':
        await mutate(CLOSE_ISSUE, { issueId: id, stateReason: step.reason });
        return null;
      case 'close-duplicate':
        await mutate(CLOSE_ISSUE, {
          issueId: id,
          stateReason: 'DUPLICATE',
          duplicateIssueId: step.of.id,
        });
        return null;
    }
  };
  for (const action of actions) {
    const issue = action.kind === 'create' ? null : action.issue;
    let url = issue?.url ?? '';
    result.failed = { action, stepsDone: 0 };
    for (const step of action.steps) {
      url = (await run(step, issue?.id ?? null)) ?? url;
      result.failed.stepsDone++;
    }
    result.failed = null;
    result.done.push({ action, url });
  }
}

import { FakeGithubError } from './connection.ts';
import type { FakeGithubData, FakeIssue, FakeRepo } from './dataset.ts';
import { issueObject, nodeId } from './resolvers.ts';

const decode = (id: string): [string, string] => {
  const text = Buffer.from(id, 'base64').toString();
  const at = text.indexOf(':');
  return [text.slice(0, at), text.slice(at + 1)];
};

/** The Mutation root over the dataset: the issue mutations gap sync uses, as GitHub answers them. */
export function mutationRoot(data: FakeGithubData): Record<string, unknown> {
  const repoById = (id: string): FakeRepo => {
    const [type, key] = decode(id);
    const repo = type === 'Repository' ? data.repo(key) : undefined;
    if (!repo)
      throw new FakeGithubError(
        `Could not resolve to a node with the global id of '${id}'`,
        'NOT_FOUND',
      );
    return repo;
  };
  const issueById = (id: string): { repo: FakeRepo; issue: FakeIssue } => {
    const [type, key] = decode(id);
    const [name, number] = key.split('#') as [string, string];
    const repo = type === 'Issue' ? data.repo(name) : undefined;
    const issue = repo?.issues.find((i) => i.number === Number(number));
    if (!repo || !issue)
      throw new FakeGithubError(
        `Could not resolve to a node with the global id of '${id}'`,
        'NOT_FOUND',
      );
    return { repo, issue };
  };
  const labelNames = (repo: FakeRepo, ids: readonly string[]) =>
    ids.map((id) => {
      const [type, key] = decode(id);
      const name = key.slice(key.indexOf(':') + 1);
      if (type !== 'Label' || !repo.labels.some((l) => l.name === name))
        throw new FakeGithubError(
          `Could not resolve to a node with the global id of '${id}'`,
          'NOT_FOUND',
        );
      return name;
    });
  const touch = (issue: FakeIssue) => {
    issue.updatedAt = data.now;
  };
  return {
    createIssue: ({
      input,
    }: {
      input: { repositoryId: string; title: string; body?: string; labelIds?: string[] };
    }) => {
      const repo = repoById(input.repositoryId);
      const number =
        Math.max(
          0,
          ...repo.issues.map((i) => i.number),
          ...repo.pullRequests.map((p) => p.number),
        ) + 1;
      const issue: FakeIssue = {
        number,
        title: input.title,
        body: input.body ?? '',
        author: 'docket-bot',
        state: 'OPEN',
        stateReason: null,
        labels: labelNames(repo, input.labelIds ?? []),
        comments: [],
        createdAt: data.now,
        updatedAt: data.now,
        closedAt: null,
      };
      repo.issues.push(issue);
      return { issue: issueObject(repo, issue) };
    },
    updateIssue: ({
      input,
    }: {
      input: {
        id: string;
        title?: string;
        body?: string;
        labelIds?: string[];
        state?: 'OPEN' | 'CLOSED';
      };
    }) => {
      const { repo, issue } = issueById(input.id);
      if (input.title !== undefined) issue.title = input.title;
      if (input.body !== undefined) issue.body = input.body;
      if (input.labelIds !== undefined) issue.labels = labelNames(repo, input.labelIds);
      touch(issue);
      return { issue: issueObject(repo, issue) };
    },
    closeIssue: ({
      input,
    }: {
      input: { issueId: string; stateReason?: 'COMPLETED' | 'NOT_PLANNED' | 'DUPLICATE' };
    }) => {
      const { repo, issue } = issueById(input.issueId);
      issue.state = 'CLOSED';
      issue.stateReason = input.stateReason ?? 'COMPLETED';
      issue.closedAt = data.now;
      touch(issue);
      return { issue: issueObject(repo, issue) };
    },
    reopenIssue: ({ input }: { input: { issueId: string } }) => {
      const { repo, issue } = issueById(input.issueId);
      issue.state = 'OPEN';
      issue.stateReason = 'REOPENED';
      issue.closedAt = null;
      touch(issue);
      return { issue: issueObject(repo, issue) };
    },
    addComment: ({ input }: { input: { subjectId: string; body: string } }) => {
      const { repo, issue } = issueById(input.subjectId);
      issue.comments.push({ body: input.body, author: 'docket-bot', createdAt: data.now });
      touch(issue);
      return { clientMutationId: null, subject: issueObject(repo, issue) };
    },
    createLabel: ({
      input,
    }: {
      input: { repositoryId: string; name: string; color: string; description?: string };
    }) => {
      const repo = repoById(input.repositoryId);
      if (repo.labels.some((l) => l.name === input.name))
        throw new FakeGithubError('Name has already been taken', 'UNPROCESSABLE');
      repo.labels.push({
        name: input.name,
        color: input.color,
        description: input.description ?? null,
      });
      const full = `${repo.owner}/${repo.name}`;
      return {
        label: {
          __typename: 'Label',
          id: nodeId('Label', `${full}:${input.name}`),
          name: input.name,
        },
      };
    },
    addLabelsToLabelable: ({ input }: { input: { labelableId: string; labelIds: string[] } }) => {
      const { repo, issue } = issueById(input.labelableId);
      for (const name of labelNames(repo, input.labelIds))
        if (!issue.labels.includes(name)) issue.labels.push(name);
      touch(issue);
      return { clientMutationId: null, labelable: issueObject(repo, issue) };
    },
    removeLabelsFromLabelable: ({
      input,
    }: {
      input: { labelableId: string; labelIds: string[] };
    }) => {
      const { repo, issue } = issueById(input.labelableId);
      const remove = new Set(labelNames(repo, input.labelIds));
      issue.labels = issue.labels.filter((l) => !remove.has(l));
      touch(issue);
      return { clientMutationId: null, labelable: issueObject(repo, issue) };
    },
  };
}

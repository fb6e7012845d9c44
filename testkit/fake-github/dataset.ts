import type { DeploymentRecord, PullRequestRecord } from '../../src/core/schemas/github.ts';

/** An issue in the fake: enough of GitHub's issue model for gap issues. */
export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  author: string;
  state: 'OPEN' | 'CLOSED';
  stateReason: 'COMPLETED' | 'NOT_PLANNED' | 'DUPLICATE' | 'REOPENED' | null;
  labels: string[];
  comments: { body: string; author: string; createdAt: string }[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface FakeLabel {
  name: string;
  color: string;
  description: string | null;
}

export interface FakeRepo {
  owner: string;
  name: string;
  isArchived: boolean;
  /** Merged pull requests, in the shape Docket stores them: what a collection must reproduce. */
  pullRequests: PullRequestRecord[];
  deployments: DeploymentRecord[];
  issues: FakeIssue[];
  labels: FakeLabel[];
}

/** The fake's world. Tests mutate it between runs (edit a PR, close an issue) like people would. */
export class FakeGithubData {
  readonly repos = new Map<string, FakeRepo>();
  /** The clock the fake stamps mutations with; tests set it. */
  now = '2026-11-22T12:00:00Z';

  addRepo(fullName: string, init: Partial<Omit<FakeRepo, 'owner' | 'name'>> = {}): FakeRepo {
    const [owner, name] = fullName.split('/') as [string, string];
    const repo: FakeRepo = {
      owner,
      name,
      isArchived: false,
      pullRequests: [],
      deployments: [],
      issues: [],
      labels: [],
      ...init,
    };
    this.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  repo(fullName: string): FakeRepo | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  repo_(fullName: string): FakeRepo {
    const r = this.repo(fullName);
    if (!r) throw new Error(`no fake repository ${fullName}`);
    return r;
  }
}

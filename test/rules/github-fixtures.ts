import type {
  Commit,
  DeploymentRecord,
  PullRequestRecord,
  Review,
} from '../../src/core/schemas/github.ts';
import { control, modelOf } from './helpers.ts';

const HEAD = 'a'.repeat(40);

export function review(
  author: string,
  state: string,
  submitted_at: string,
  commit_oid: string = HEAD,
): Review {
  return { id: `R_${author}_${submitted_at}`, author, state, submitted_at, commit_oid };
}

export function commit(oid: string, logins: string[], signed = true): Commit {
  return {
    oid,
    authors: logins.map((login) => ({ login, name: login, email: `${login}@acme.test` })),
    committed_at: '2026-03-02T09:00:00Z',
    signature: signed ? { valid: true, state: 'VALID', signer: logins[0] ?? null } : null,
  };
}

/** A merged pull request by alice, one commit, approved by bob on the head, checks green. */
export function pr(overrides: Partial<PullRequestRecord> = {}): PullRequestRecord {
  return {
    repo: 'acme/api',
    number: 1,
    title: 'Add rate limiting',
    url: 'https://github.com/acme/api/pull/1',
    body: '## Risk level\nlow\n## Rollback plan\nrevert\n## Testing performed\nunit tests\n',
    author: 'alice',
    created_at: '2026-03-02T08:00:00Z',
    updated_at: '2026-03-02T12:00:00Z',
    merged_at: '2026-03-02T12:00:00Z',
    merged_by: 'alice',
    base_branch: 'main',
    head_oid: HEAD,
    merge_commit_oid: 'm'.repeat(40),
    labels: [],
    reviews: [review('bob', 'APPROVED', '2026-03-02T11:00:00Z')],
    commits: [commit(HEAD, ['alice'])],
    checks: [
      {
        name: 'build',
        kind: 'check-run',
        conclusion: 'SUCCESS',
        completed_at: '2026-03-02T10:00:00Z',
      },
      {
        name: 'test',
        kind: 'check-run',
        conclusion: 'SUCCESS',
        completed_at: '2026-03-02T10:05:00Z',
      },
    ],
    cross_references: [],
    ...overrides,
  };
}

export function deployment(overrides: Partial<DeploymentRecord> = {}): DeploymentRecord {
  return {
    repo: 'acme/api',
    id: '1001',
    environment: 'production',
    commit_oid: HEAD,
    creator: 'deploy-bot',
    created_at: '2026-03-03T10:00:00Z',
    state: 'SUCCESS',
    url: null,
    ...overrides,
  };
}

export const HEAD_OID = HEAD;

const collected = { github: { collected_at: '2026-11-22T00:00:00Z', cursors: {} } };

/** A model with one control checking `rule` with `params` (YAML flow text), over the given evidence. */
export function githubModel(
  rule: string,
  params: string,
  prs: PullRequestRecord[],
  deployments: DeploymentRecord[] = [],
  asOf = '2026-11-22',
) {
  const checks = `checks:\n  - { rule: ${rule}${params ? `, ${params}` : ''} }\n`;
  return modelOf([control('OPS-01', checks)], asOf, {
    sources: collected,
    github: { pullRequests: prs, deployments },
  });
}

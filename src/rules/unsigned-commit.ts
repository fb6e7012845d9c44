import { z } from 'zod';
import { mergedPullRequests, prSubject } from '../core/github/scope.ts';
import { Repos } from './github-params.ts';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'unsigned-commit',
  title: 'Merged commit without a valid signature',
  description:
    'A commit of a merged pull request that is unsigned, or whose signature GitHub ' +
    'could not verify. One gap per commit.',
  severity: 'medium',
  kind: 'check',
  source: 'github',
  population: 'merged-pull-requests',
  params: z.strictObject({ repos: Repos }),
  remedy:
    'Require signed commits in branch protection; have the author register their signing ' +
    'key. The merged commit itself cannot be re-signed: accept it with a justification.',
  run({ model, params }) {
    return mergedPullRequests(model, params.repos).flatMap((pr) =>
      pr.commits
        .filter((c) => c.signature === null || !c.signature.valid)
        .map((c) => ({
          subject: prSubject(pr),
          key: c.oid,
          title:
            `${pr.repo}#${pr.number}: commit ${c.oid.slice(0, 7)} ` +
            (c.signature === null
              ? 'is not signed'
              : `has an invalid signature (${c.signature.state})`),
          evidence: [prSubject(pr)],
          details: {
            commit_oid: c.oid,
            signature: c.signature?.state ?? 'UNSIGNED',
            authors: c.authors.map((a) => a.login ?? a.email ?? a.name),
          },
        })),
    );
  },
});

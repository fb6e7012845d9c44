import { z } from 'zod';
import { prSubject } from '../core/github/scope.ts';
import { SarifLevel } from '../core/schemas/sarif.ts';
import {
  commitSubject,
  failingResults,
  scannedMergedCommits,
  scannedPullRequests,
} from '../core/sarif/scans.ts';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'policy-scan-failed',
  title: 'Merged commit failed its policy scan',
  description:
    'A commit merged to a default branch (`branches`, default main and master) whose ' +
    'policy-as-code scan (SARIF from Checkov, tfsec, Trivy, …) has results at one of ' +
    '`levels` (default error) that are not suppressed. A suppression counts when its ' +
    'status is accepted or absent. A run is tied to its commit by versionControlProvenance, ' +
    'else by a commit sha starting its file or folder name; a run tied to no commit ' +
    'cannot be checked (docket collect reports it).',
  severity: 'high',
  kind: 'check',
  source: 'sarif',
  population: 'policy-scans',
  params: z.strictObject({
    levels: z.array(SarifLevel).min(1).default(['error']),
    branches: z.array(z.string()).default(['main', 'master']),
  }),
  remedy:
    'Fix the finding in a new change, or suppress it in code with a justification that ' +
    'a reviewer accepts.',
  // Only a commit whose scans fail gets a gap, and only its pull request is named on it.
  reads: {
    pullRequests: ({ model, params }) =>
      scannedPullRequests(model, params.branches, { failingAt: params.levels }),
  },
  run({ model, params }) {
    return scannedMergedCommits(model, params.branches).flatMap((c) => {
      const failing = c.runs.flatMap((run) =>
        failingResults(run, params.levels).map((r) => ({ tool: run.tool, ...r })),
      );
      if (failing.length === 0) return [];
      const where = c.pullRequest
        ? `${c.pullRequest.repo}#${c.pullRequest.number} (${c.commit.slice(0, 7)})`
        : `commit ${c.commit.slice(0, 7)}`;
      return [
        {
          subject: commitSubject(c.commit),
          title:
            `${where} merged with ${failing.length} unsuppressed ${params.levels.join('/')} ` +
            `${failing.length === 1 ? 'finding' : 'findings'}: ` +
            [...new Set(failing.map((f) => f.rule_id))].slice(0, 5).join(', '),
          evidence: [commitSubject(c.commit), ...(c.pullRequest ? [prSubject(c.pullRequest)] : [])],
          details: {
            commit: c.commit,
            findings: failing.map((f) => ({
              tool: f.tool,
              rule: f.rule_id,
              level: f.level,
              location: f.location,
              message: f.message,
            })),
          },
        },
      ];
    });
  },
});

import { describe, expect, it } from 'vitest';
import type { ScanRun } from '../../../src/core/schemas/sarif.ts';
import { scannedMergedCommits, scannedPullRequests } from '../../../src/core/sarif/scans.ts';
import { pr } from '../../rules/github-fixtures.ts';
import { modelOf } from '../../rules/helpers.ts';

const run = (commit: string | null): ScanRun => ({ file: `${commit ?? 'x'}.sarif`, run_index: 0, tool: 'checkov', tool_version: null, commit, branch: 'main', repository: null, rules: [], results: [] });
const sha = (c: string) => c.repeat(40);

describe('scanned pull requests', () => {
  it('ties scans to pull requests by head or merge commit, whole or abbreviated, as scannedMergedCommits does', () => {
    const prs = [
      pr({ number: 1, head_oid: sha('1'), merge_commit_oid: sha('a') }),
      pr({ number: 2, head_oid: sha('2'), merge_commit_oid: sha('b') }),
      pr({ number: 3, head_oid: sha('3'), merge_commit_oid: sha('c') }),
      pr({ number: 4, head_oid: sha('4'), merge_commit_oid: null, base_branch: 'develop' }),
      pr({ number: 5, head_oid: sha('5'), merge_commit_oid: sha('e'), merged_at: '2025-12-31T23:00:00Z' }),
    ];
    for (const runs of [
      [run(sha('1')), run(sha('b').slice(0, 12)), run(sha('4')), run(sha('5')), run(sha('9')), run(null)],
      // Only whole shas: no prefix is needed.
      [run(sha('1')), run(sha('b')), run(sha('4'))],
    ]) {
      const model = modelOf([], '2026-11-20', { github: { pullRequests: prs, deployments: [] }, sarif: { runs } });
      const found = scannedPullRequests(model, ['main']).map((p) => p.number);
      expect(found).toEqual([1, 2]);
      expect(scannedMergedCommits(model, ['main']).map((c) => c.pullRequest?.number)).toEqual(expect.arrayContaining(found));
      expect(new Set(scannedMergedCommits(model, ['main']).map((c) => c.pullRequest?.number))).toEqual(new Set(found));
    }
  });
});

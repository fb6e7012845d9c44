import { describe, expect, it } from 'vitest';
import type { ScanRun } from '../../../src/core/schemas/sarif.ts';
import { scannedMergedCommits, scannedPullRequests } from '../../../src/core/sarif/scans.ts';
import { control, gapsOf, modelOf } from '../../rules/helpers.ts';
import { pr } from '../../rules/github-fixtures.ts';

const run = (commit: string | null, results: ScanRun['results'] = []): ScanRun => ({
  file: `${commit ?? 'x'}.sarif`,
  run_index: 0,
  tool: 'checkov',
  tool_version: null,
  commit,
  branch: 'main',
  repository: null,
  rules: [],
  results,
});
const result = (level: 'error' | 'warning', suppressed = false) => ({
  rule_id: 'CKV_AWS_1',
  level,
  message: 'm',
  location: null,
  suppressed,
  suppressions: [],
});
const sha = (c: string) => c.repeat(40);

describe('scanned pull requests', () => {
  it('ties scans to pull requests by head or merge commit, whole or abbreviated, as scannedMergedCommits does', () => {
    const prs = [
      pr({ number: 1, head_oid: sha('1'), merge_commit_oid: sha('a') }),
      pr({ number: 2, head_oid: sha('2'), merge_commit_oid: sha('b') }),
      pr({ number: 3, head_oid: sha('3'), merge_commit_oid: sha('c') }),
      pr({ number: 4, head_oid: sha('4'), merge_commit_oid: null, base_branch: 'develop' }),
      pr({
        number: 5,
        head_oid: sha('5'),
        merge_commit_oid: sha('e'),
        merged_at: '2025-12-31T23:00:00Z',
      }),
    ];
    for (const runs of [
      [
        run(sha('1')),
        run(sha('b').slice(0, 12)),
        run(sha('4')),
        run(sha('5')),
        run(sha('9')),
        run(null),
      ],
      // Only whole shas: no prefix is needed.
      [run(sha('1')), run(sha('b')), run(sha('4'))],
    ]) {
      const model = modelOf([], '2026-11-20', {
        github: { pullRequests: prs, deployments: [] },
        sarif: { runs },
      });
      const found = scannedPullRequests(model, ['main']).map((p) => p.number);
      expect(found).toEqual([1, 2]);
      expect(scannedMergedCommits(model, ['main']).map((c) => c.pullRequest?.number)).toEqual(
        expect.arrayContaining(found),
      );
      expect(
        new Set(scannedMergedCommits(model, ['main']).map((c) => c.pullRequest?.number)),
      ).toEqual(new Set(found));
    }
  });

  it('with failingAt, keeps only the pull requests of commits whose scans fail: policy-scan-failed finds the same gaps on them alone', () => {
    const prs = [1, 2, 3, 4].map((n) =>
      pr({ number: n, head_oid: sha(String(n)), merge_commit_oid: sha('abcd'[n - 1] as string) }),
    );
    const runs = [
      run(sha('1'), [result('error')]),
      run(sha('2'), [result('warning')]),
      run(sha('c'), [result('error', true)]),
      run(sha('4').slice(0, 9), [result('warning'), result('error')]),
    ];
    const content = [control('SEC-01', 'checks:\n  - rule: policy-scan-failed\n')];
    const model = modelOf(content, '2026-11-20', {
      github: { pullRequests: prs, deployments: [] },
      sarif: { runs },
      sources: {
        github: { collected_at: '2026-11-20T00:00:00Z', cursors: {} },
        sarif: { collected_at: '2026-11-20T00:00:00Z', cursors: {} },
      },
    });
    const failing = scannedPullRequests(model, ['main'], { failingAt: ['error'] });
    expect(failing.map((p) => p.number)).toEqual([1, 4]);
    expect(
      scannedPullRequests(model, ['main'], { failingAt: ['warning'] }).map((p) => p.number),
    ).toEqual([2, 4]);
    const gaps = gapsOf(model, 'policy-scan-failed');
    expect(gaps.map((g) => g.title)).toEqual([
      expect.stringContaining('acme/api#1'),
      expect.stringContaining('acme/api#4'),
    ]);
    expect(
      gapsOf(
        {
          ...model,
          evidence: { ...model.evidence, github: { pullRequests: failing, deployments: [] } },
        },
        'policy-scan-failed',
      ),
    ).toEqual(gaps);
  });
});

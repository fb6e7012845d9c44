import { describe, expect, it } from 'vitest';
import type { ScanResult, ScanRun } from '../../../../src/core/schemas/sarif.ts';
import { scansView } from '../../../../src/site/view-models/evidence/scans.ts';
import { control, modelOf } from '../../../rules/helpers.ts';

function run(commit: string, results: Pick<ScanResult, 'rule_id' | 'level'>[]): ScanRun {
  return {
    file: `${commit}.sarif`,
    run_index: 0,
    tool: 'checkov',
    tool_version: null,
    commit,
    branch: null,
    repository: null,
    rules: [
      { id: 'R1', name: null },
      { id: 'R2', name: null },
    ],
    results: results.map((r) => ({
      ...r,
      message: 'm',
      location: null,
      suppressed: false,
      suppressions: [],
    })),
  };
}

const runs = [
  run('a'.repeat(40), [{ rule_id: 'R1', level: 'error' }]),
  run('b'.repeat(40), [{ rule_id: 'R2', level: 'warning' }]),
];
const inputs = { links: new Map(), accepted: new Set<string>(), gapsBySubject: new Map() };

describe('policy scans view model', () => {
  it("takes the checked levels and branches from the rule's own defaults", () => {
    const checks = 'checks:\n  - rule: policy-scan-failed\n';
    const model = modelOf([control('VUL-01', checks)], '2026-11-20', { sarif: { runs } });
    const view = scansView(model, inputs);
    expect(view.policy).toEqual({
      controls: ['VUL-01'],
      levels: ['error'],
      branches: ['main', 'master'],
    });
    // No merge evidence: a result at the checked level is not judged, a lower one passes.
    expect(view.commits.map((c) => c.verdict)).toEqual(['not-merged', 'passed']);
    expect(view.commits[1]?.runs[0]?.other.map((f) => f.rule)).toEqual(['R2']);
    expect(view.commits[1]?.runs[0]?.passed).toEqual(['R1']);
  });

  it('judges no commit when no control checks the rule', () => {
    const model = modelOf([control('VUL-01')], '2026-11-20', { sarif: { runs } });
    const view = scansView(model, inputs);
    expect(view.policy).toBeNull();
    expect(view.commits.map((c) => c.verdict)).toEqual(['not-checked', 'not-checked']);
    expect(view.commits[0]?.runs[0]?.failing).toEqual([]);
  });
});

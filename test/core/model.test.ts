import { describe, expect, it } from 'vitest';
import { derived } from '../../src/core/model.ts';
import { mergedPullRequests } from '../../src/core/github/scope.ts';
import { pr } from '../rules/github-fixtures.ts';
import { modelOf } from '../rules/helpers.ts';

describe('values derived from a model', () => {
  it('are computed once per model and key, and a copy of the model starts afresh', () => {
    const model = modelOf([], '2026-11-20');
    let runs = 0;
    const count = () => ++runs;
    expect(derived(model, 'a', count)).toBe(1);
    expect(derived(model, 'a', count)).toBe(1);
    expect(derived(model, 'b', count)).toBe(2);
    expect(derived({ ...model }, 'a', count)).toBe(3);
    // Kept out of sight: not enumerable, so not serialised or copied.
    expect(Object.keys(model)).toEqual(['config', 'content', 'evidence', 'asOf', 'period']);
    expect(JSON.parse(JSON.stringify(model))).toEqual(
      JSON.parse(JSON.stringify(modelOf([], '2026-11-20'))),
    );
  });

  it('do not leak between models with other evidence', () => {
    const base = modelOf([], '2026-11-20');
    const one = {
      ...base,
      evidence: {
        ...base.evidence,
        github: { pullRequests: [pr({ number: 1 })], deployments: [] },
      },
    };
    const two = {
      ...one,
      evidence: {
        ...base.evidence,
        github: {
          pullRequests: [pr({ number: 2 }), pr({ number: 3, repo: 'acme/web' })],
          deployments: [],
        },
      },
    };
    expect(mergedPullRequests(one, ['acme/api']).map((p) => p.number)).toEqual([1]);
    expect(mergedPullRequests(two, ['acme/api']).map((p) => p.number)).toEqual([2]);
    expect(mergedPullRequests(two).map((p) => p.number)).toEqual([2, 3]);
  });
});

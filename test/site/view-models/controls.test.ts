import { describe, expect, it } from 'vitest';
import type { ControlPopulation } from '../../../src/core/populations/control-populations.ts';
import {
  checkParameters,
  controlSections,
  populationTotals,
  previewRows,
} from '../../../src/site/view-models/controls.ts';

function population(statuses: ('passes' | 'gap' | 'accepted')[]): ControlPopulation {
  return {
    kind: 'merged-pull-requests',
    title: 'Merged pull requests',
    source: 'github',
    columns: [],
    rules: ['pr-missing-approval'],
    counts: {
      passes: statuses.filter((s) => s === 'passes').length,
      gap: statuses.filter((s) => s === 'gap').length,
      accepted: statuses.filter((s) => s === 'accepted').length,
    },
    items: statuses.map((status, i) => ({
      subject: `github:acme/api#${i + 1}`,
      occurred_at: `2026-03-${String(i + 1).padStart(2, '0')}T00:00:00Z`,
      title: `PR ${i + 1}`,
      attributes: {},
      status,
      gaps: status === 'passes' ? [] : [`g${i}`],
      evidence: null,
    })),
  };
}

describe('control page view model', () => {
  it('previews the exceptions first (gaps, then accepted), each group in time order', () => {
    const p = population(['passes', 'passes', 'accepted', 'gap', 'passes', 'gap']);
    expect(previewRows(p, 4).map((r) => r.subject)).toEqual([
      'github:acme/api#4',
      'github:acme/api#6',
      'github:acme/api#3',
      'github:acme/api#1',
    ]);
  });

  it('sums the populations: items, passing, with gaps, accepted', () => {
    const totals = populationTotals({
      populations: [population(['passes', 'gap']), population(['accepted', 'gap', 'passes'])].map(
        (p) => ({ ...p, size: p.items.length }),
      ),
    });
    expect(totals).toEqual({ items: 5, passes: 2, gap: 2, accepted: 1 });
  });

  it('reads check parameters as words: an empty repos list means every repository', () => {
    expect(
      checkParameters({ repos: [], labels: ['EMERGENCY', 'hotfix'], min_approvals: 1, x: true }),
    ).toEqual([
      { name: 'repos', value: 'all repositories' },
      { name: 'labels', value: 'EMERGENCY, hotfix' },
      { name: 'min approvals', value: '1' },
      { name: 'x', value: 'yes' },
    ]);
  });
});

describe("a control page's 'On this page' list", () => {
  it('names its sections in page order, exceptions and each population counted', () => {
    const sections = controlSections(
      {
        populations: [{ ...population(['gap', 'passes', 'passes']), size: 3, preview: [] }],
        checks: [{ rule: 'pr-missing-approval', params: {}, line: 3 }],
        backlinks: [],
      },
      7,
    );
    expect(sections.map((s) => `${s.label}${s.note ? ` ${s.note}` : ''}`)).toEqual([
      'Population summary',
      'Exceptions (7)',
      'Framework mappings',
      'Statement',
      'Documents (0)',
      'Checks (1)',
      'Merged pull requests (3)',
    ]);
    expect(sections.at(-1)?.id).toBe('population-merged-pull-requests');
  });
});

import { describe, expect, it } from 'vitest';
import type { Gap } from '../../../src/core/schemas/gaps.ts';
import {
  controlGapCounts,
  gapListing,
  gapRefs,
  gapTable,
  severitySummary,
  sortGaps,
} from '../../../src/site/view-models/gaps.ts';

function gap(id: string, severity: Gap['severity'], rule: string, subject: string): Gap {
  return { id, rule, control: 'OPS-01', severity, subject, title: id, evidence: [subject] };
}

const gaps = [
  gap('a', 'medium', 'deploy-outside-window', 'deploy:acme/api@1'),
  gap('b', 'low', 'pr-template-incomplete', 'github:acme/api#2'),
  gap('c', 'high', 'pr-missing-approval', 'github:acme/api#9'),
  gap('d', 'high', 'pr-checks-failed', 'github:acme/api#3'),
  gap('e', 'high', 'pr-missing-approval', 'github:acme/api#10'),
];

describe('gap tables', () => {
  it('list the highs first, then by rule and subject', () => {
    expect(sortGaps(gaps).map((g) => g.id)).toEqual(['d', 'e', 'c', 'a', 'b']);
  });

  it("give each row its gap's evidence record and source, in severity order", () => {
    const data = {
      gaps: { gaps } as never,
      rules: [],
      accepted: [],
      accepted_issues: {},
      gap_links: {
        c: {
          evidence: 'evidence/records/github/acme/api/pull-requests/1/#github-acme-api-9',
          evidence_label: 'record' as const,
          source: 'https://github.com/acme/api/pull/9',
          source_label: 'GitHub',
        },
      },
    };
    const { rows } = gapTable(data, gaps);
    expect(rows[0]?.gap.severity).toBe('high');
    const c = rows.find((r) => r.gap.id === 'c');
    expect(c?.links.evidence).toContain('#github-acme-api-9');
    expect(c?.links.source).toBe('https://github.com/acme/api/pull/9');
    // A gap with no stored record says so rather than linking nowhere.
    expect(rows.find((r) => r.gap.id === 'b')?.links.evidence).toBeNull();
  });

  it("link a row's gaps to their rows: the control's page, or the rule's page for no control", () => {
    const orphan = { ...gap('f', 'low', 'doc-unmapped', 'doc:x.md'), control: null };
    const data = {
      gaps: { gaps: [...gaps, orphan] } as never,
      rules: [],
      accepted: [],
      accepted_issues: {},
    };
    expect(gapRefs(data, ['a', 'missing', 'f'])).toEqual([
      { id: 'a', rule: 'deploy-outside-window', path: 'controls/ops-01/#gap-a' },
      { id: 'f', rule: 'doc-unmapped', path: 'gaps/no-control/doc-unmapped/#gap-f' },
    ]);
  });
});

describe('the gap pages that count rather than list', () => {
  const orphan = { ...gap('f', 'high', 'doc-unmapped', 'doc:x.md'), control: null };
  const other = {
    ...gap('g', 'high', 'pr-missing-approval', 'github:acme/web#1'),
    control: 'CM-02',
  };
  const rule = (id: string) => ({ id, title: `title of ${id}` }) as never;
  const data = {
    gaps: { gaps: [...gaps, orphan, other] } as never,
    rules: ['pr-missing-approval', 'pr-checks-failed', 'doc-unmapped'].map(rule),
    accepted: ['OPS-01|pr-missing-approval'],
    accepted_issues: {},
  };

  it("count a severity's gaps by rule and by control, each linking where they are listed", () => {
    const high = severitySummary(data, 'high');
    expect(high).toMatchObject({ gaps: 5, accepted: 2 });
    expect(high.rules.map((r) => [r.rule, r.gaps, r.accepted, r.path])).toEqual([
      ['pr-missing-approval', 3, 2, 'gaps/rule/pr-missing-approval/'],
      ['doc-unmapped', 1, 0, 'gaps/rule/doc-unmapped/'],
      ['pr-checks-failed', 1, 0, 'gaps/rule/pr-checks-failed/'],
    ]);
    expect(high.rules[0]?.title).toBe('title of pr-missing-approval');
    // Controls by name, the gaps of no control last; each rule links to its group's page.
    expect(
      high.controls.map((c) => [c.control, c.path, c.gaps, c.rules.map((r) => [r.path, r.gaps])]),
    ).toEqual([
      ['CM-02', 'controls/cm-02/#gaps-h', 1, [['gaps/control/cm-02/pr-missing-approval/', 1]]],
      [
        'OPS-01',
        'controls/ops-01/#gaps-h',
        3,
        [
          ['gaps/control/ops-01/pr-checks-failed/', 1],
          ['gaps/control/ops-01/pr-missing-approval/', 2],
        ],
      ],
      [null, null, 1, [['gaps/no-control/doc-unmapped/', 1]]],
    ]);
    // Every gap of the severity is counted once by rule and once by control.
    const sum = (xs: { gaps: number }[]) => xs.reduce((n, x) => n + x.gaps, 0);
    expect(sum(high.rules)).toBe(5);
    expect(sum(high.controls)).toBe(5);
    expect(severitySummary(data, 'low').rules.map((r) => r.rule)).toEqual([
      'pr-template-incomplete',
    ]);
  });

  it('list a page of gaps while they fit the limit, and count them by control past it', () => {
    const ofRule = (g: Gap) => g.rule === 'pr-missing-approval';
    const listed = gapListing(data, ofRule, 3);
    expect('rows' in listed && listed.rows.map((g) => g.subject)).toEqual(
      [...gaps, other].filter(ofRule).map((g) => g.subject),
    );
    const counted = gapListing(data, ofRule, 2);
    if (!('counts' in counted)) throw new Error('expected counts past the limit');
    expect(counted.counts).toMatchObject({ gaps: 3, accepted: 2 });
    // Each control's count links to the group page, which lists those gaps.
    expect(
      counted.counts.controls.map((c) => [c.control, c.rules.map((r) => [r.path, r.gaps])]),
    ).toEqual([
      ['CM-02', [['gaps/control/cm-02/pr-missing-approval/', 1]]],
      ['OPS-01', [['gaps/control/ops-01/pr-missing-approval/', 2]]],
    ]);
  });

  it("count a control's gaps by rule, high first, each linking to its group's page", () => {
    expect(
      controlGapCounts(data, 'OPS-01').map((r) => [r.severity, r.rule, r.gaps, r.accepted, r.path]),
    ).toEqual([
      ['high', 'pr-checks-failed', 1, 0, 'gaps/control/ops-01/pr-checks-failed/'],
      ['high', 'pr-missing-approval', 2, 2, 'gaps/control/ops-01/pr-missing-approval/'],
      ['medium', 'deploy-outside-window', 1, 0, 'gaps/control/ops-01/deploy-outside-window/'],
      ['low', 'pr-template-incomplete', 1, 0, 'gaps/control/ops-01/pr-template-incomplete/'],
    ]);
    expect(controlGapCounts(data, 'NONE-01')).toEqual([]);
  });
});

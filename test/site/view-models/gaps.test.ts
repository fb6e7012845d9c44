import { describe, expect, it } from 'vitest';
import type { Gap } from '../../../src/core/schemas/gaps.ts';
import { gapRefs, gapTable, sortGaps } from '../../../src/site/view-models/gaps.ts';

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
      { id: 'f', rule: 'doc-unmapped', path: 'gaps/rule/doc-unmapped/#gap-f' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { runRules } from '../../../src/core/check.ts';
import { RULES } from '../../../src/rules/index.ts';
import { gapLinksView } from '../../../src/site/view-models/gap-links.ts';
import { githubModel, pr } from '../../rules/github-fixtures.ts';

describe('gap links', () => {
  it('lead from a pull request gap to its stored record and to the pull request on GitHub', () => {
    const unapproved = pr({ number: 7, url: 'https://github.com/acme/api/pull/7', reviews: [] });
    const model = githubModel('pr-missing-approval', '', [unapproved]);
    const gaps = runRules(model, RULES).gaps.filter((g) => g.rule === 'pr-missing-approval');
    expect(gaps).toHaveLength(1);
    const record = 'evidence/records/github/acme/api/pull-requests/1/#github-acme-api-7';
    const links = gapLinksView(model, gaps, {
      links: new Map([['github:acme/api#7', record]]),
      accepted: new Set(),
      gapsBySubject: new Map(),
    });
    expect(links[gaps[0]?.id as string]).toEqual({
      evidence: record,
      evidence_label: 'record',
      source: 'https://github.com/acme/api/pull/7',
      source_label: 'GitHub',
    });
  });

  it('lead from a document gap to the document page', () => {
    const model = githubModel('pr-missing-approval', '', []);
    const links = gapLinksView(
      model,
      [
        {
          id: 'x',
          rule: 'review-overdue',
          control: null,
          severity: 'medium',
          subject: 'doc:policies/access.md',
          title: 't',
          evidence: [],
        },
      ],
      { links: new Map(), accepted: new Set(), gapsBySubject: new Map() },
    );
    expect(links.x?.evidence).toBe('documents/policies/access/');
    expect(links.x?.evidence_label).toBe('document');
  });
});

import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/core/check.ts';
import { buildSiteData } from '../../src/site/site-data.ts';
import { RULES } from '../../src/rules/index.ts';
import { control, modelOf } from '../rules/helpers.ts';

// An unmapped control gives one gap group (OPS-01|control-unmapped) to accept.
function siteWithAcceptedIssue(url: string) {
  const accepted = [
    {
      fingerprint: 'f',
      control: 'OPS-01',
      rule: 'control-unmapped',
      issue: 7,
      url,
      title: 'OPS-01: control-unmapped',
    },
  ];
  const model = modelOf([control('OPS-01')], '2026-11-22', { accepted });
  const gaps = runRules(model, RULES);
  expect(gaps.gaps.map((g) => `${g.control}|${g.rule}`)).toEqual(['OPS-01|control-unmapped']);
  return buildSiteData(model, gaps, RULES, { accepted: new Set(['OPS-01|control-unmapped']) });
}

describe('site data: the issue that accepted a risk', () => {
  it('keeps a GitHub web address, to link the decision', () => {
    expect(
      siteWithAcceptedIssue('https://github.com/acme/compliance/issues/7').accepted_issues,
    ).toEqual({
      'OPS-01|control-unmapped': { number: 7, url: 'https://github.com/acme/compliance/issues/7' },
    });
  });

  it('drops any other address from the evidence file, so no page links it', () => {
    for (const url of [
      'javascript:alert(1)',
      'http://github.com/acme/compliance/issues/7',
      'data:text/html,x',
    ]) {
      const data = siteWithAcceptedIssue(url);
      expect(data.accepted_issues, url).toEqual({});
      expect(data.accepted).toEqual(['OPS-01|control-unmapped']);
    }
  });
});

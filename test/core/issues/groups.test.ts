import { describe, expect, it } from 'vitest';
import type { Control } from '../../../src/core/content/load.ts';
import {
  groupFingerprint,
  issueGroups,
  LISTED_SUBJECTS,
  markerOf,
} from '../../../src/core/issues/groups.ts';
import { DocketConfig } from '../../../src/core/schemas/config.ts';
import type { Gap } from '../../../src/core/schemas/gaps.ts';
import { RULES } from '../../../src/rules/index.ts';

const ops: Control = {
  id: 'OPS-01',
  path: 'controls/ops-01.md',
  title: 'Change Management',
  owner: 'engineering-team',
  frameworks: { soc2: [], iso27001: [] },
  checks: [],
  narrative: '',
  backlinks: [],
};
const config = (site: Record<string, unknown> = { url: 'https://acme.github.io/compliance' }) =>
  DocketConfig.parse({
    site,
    issues: {
      repo: 'acme/compliance',
      labels: ['compliance-gap', 'audit'],
      mentions: { 'engineering-team': '@acme/engineering' },
    },
  });

/** Merged pull requests acme/api#1000… without approval: subjects sort as their numbers do. */
const prGaps = (n: number, control: string | null = 'OPS-01'): Gap[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `gap${i}`,
    rule: 'pr-missing-approval',
    control,
    severity: 'high',
    subject: `github:acme/api#${1000 + i}`,
    title: `acme/api#${1000 + i} merged with 0 of 1 required approvals`,
    evidence: [],
  }));

const items = (body: string) => body.split('\n').filter((l) => l.startsWith('- [ ] '));

describe('gap issue bodies', () => {
  it(`list the first ${LISTED_SUBJECTS} subjects, then link to the group's page for the rest`, () => {
    // Shuffled, to show the list is in subject order whatever order the gaps come in.
    const gaps = prGaps(53).reverse();
    const [group] = issueGroups(gaps, [ops], RULES, config());
    const listed = items(group!.body);
    expect(listed).toHaveLength(50);
    expect(listed[0]).toBe(
      '- [ ] acme/api\\#1000 merged with 0 of 1 required approvals ([`github:acme/api#1000`](https://github.com/acme/api/pull/1000))',
    );
    expect(listed[49]).toContain('`github:acme/api#1049`');
    expect(group!.body).not.toContain('acme/api#1050');
    expect(group!.body).toContain(
      '\n\n…and 3 more: [all gaps of this group](https://acme.github.io/compliance/gaps/control/ops-01/pr-missing-approval/)\n',
    );
    expect(group!.body).toContain('severity **high** · 53 gaps');
    expect(group!.subjects).toHaveLength(53);
  });

  it(`list all of exactly ${LISTED_SUBJECTS} subjects with no "more" line`, () => {
    const [group] = issueGroups(prGaps(50), [ops], RULES, config());
    expect(items(group!.body)).toHaveLength(50);
    expect(group!.body).not.toContain('more');
  });

  it('say where the rest are without a site URL', () => {
    const [group] = issueGroups(prGaps(51), [ops], RULES, config({ title: 'Acme' }));
    expect(group!.body).toContain('…and 1 more (see `docket check`).');
    expect(group!.body).not.toContain('https://acme.github.io');
  });

  it("link gaps of no control to the page of that rule's gaps of no control", () => {
    const [group] = issueGroups(prGaps(51, null), [ops], RULES, config());
    expect(group!.body).toContain(
      '[all gaps of this group](https://acme.github.io/compliance/gaps/no-control/pr-missing-approval/)',
    );
    expect(group!.labels).toEqual(['compliance-gap', 'audit', 'severity:high']);
  });

  it('carry the marker, the owner mention, the rule, how to resolve and how to accept', () => {
    const [group] = issueGroups(prGaps(1), [ops], RULES, config());
    expect(markerOf(group!.body)).toBe(groupFingerprint('OPS-01', 'pr-missing-approval'));
    expect(group!.body.startsWith(`<!-- docket:group=${group!.fingerprint} -->\n`)).toBe(true);
    expect(group!.body).toContain('Owner: @acme/engineering');
    expect(group!.body).toContain(RULES.get('pr-missing-approval')!.description);
    expect(group!.body).toContain(RULES.get('pr-missing-approval')!.remedy);
    expect(group!.body).toContain('close this issue as **not planned**');
    expect(group!.title).toBe(
      'OPS-01 Change Management: Pull request merged without the required approvals (pr-missing-approval)',
    );
    expect(group!.labels).toEqual(['compliance-gap', 'audit', 'severity:high', 'control:OPS-01']);
  });

  it('render gap titles literally: no markup, no mentions, no closing keywords that link', () => {
    const gap = {
      ...prGaps(1)[0]!,
      title: 'Fix <img src=x onerror=alert(1)> for @everyone [x](javascript:alert(1)) `code`',
    };
    const [group] = issueGroups([gap], [ops], RULES, config());
    const line = items(group!.body)[0]!;
    expect(line).toContain('\\<img src=x onerror=alert\\(1\\)\\>');
    expect(line).toContain('@\u200beveryone');
    expect(line).toContain('\\[x\\]\\(javascript:alert\\(1\\)\\)');
    expect(line).not.toContain('@everyone');
  });

  it('group by control and rule, with a fingerprint that depends on nothing else', () => {
    const other = prGaps(2).map((g, i) => ({
      ...g,
      id: `o${i}`,
      control: 'IAC-01',
      severity: 'medium' as const,
    }));
    const groups = issueGroups(
      [
        ...prGaps(2),
        ...other,
        { ...prGaps(1)[0]!, id: 'x', rule: 'pr-approver-is-author', severity: 'low' },
      ],
      [ops],
      RULES,
      config(),
    );
    expect(groups.map((g) => [g.control, g.rule, g.subjects.length, g.severity]).sort()).toEqual([
      ['IAC-01', 'pr-missing-approval', 2, 'medium'],
      ['OPS-01', 'pr-approver-is-author', 1, 'low'],
      ['OPS-01', 'pr-missing-approval', 2, 'high'],
    ]);
    expect(new Set(groups.map((g) => g.fingerprint)).size).toBe(3);
    // Same gaps, any order: same bodies.
    expect(issueGroups([...prGaps(2)].reverse(), [ops], RULES, config())[0]!.body).toBe(
      issueGroups(prGaps(2), [ops], RULES, config())[0]!.body,
    );
  });
});

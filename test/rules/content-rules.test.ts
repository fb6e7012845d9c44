import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineRule } from '../../src/core/rule.ts';
import { control, doc, gapsOf, modelOf, withRules } from './helpers.ts';

/** A check rule of the tests' own, so content rules can be tested apart from any collector. */
const alwaysPasses = defineRule({
  id: 'always-passes',
  title: 'Always passes',
  description: 'test rule',
  severity: 'low',
  kind: 'check',
  params: z.strictObject({}),
  remedy: '',
  run: () => [],
});

describe('review-missing', () => {
  it('flags governing documents lacking last_reviewed or review_cadence, not records or unowned files', () => {
    const files = [
      doc('p/no-date.md', {
        type: 'standard',
        title: 'No date',
        owner: 'o',
        review_cadence: 'annual',
      }),
      doc('p/nothing.md', { type: 'procedure', title: 'Nothing', owner: 'o' }),
      doc('p/ok.md', {
        type: 'policy',
        title: 'Ok',
        owner: 'o',
        last_reviewed: '2026-10-01',
        review_cadence: 'annual',
      }),
      doc('p/record.md', { type: 'record', title: 'Record', owner: 'o' }),
      { path: 'p/template.md', text: '# A template without frontmatter\n' },
    ];
    const gaps = gapsOf(modelOf(files, '2026-11-22'), 'review-missing');
    expect(gaps.map((g) => [g.subject, g.title, g.severity])).toEqual([
      ['doc:p/no-date.md', 'No date: no last_reviewed', 'medium'],
      ['doc:p/nothing.md', 'Nothing: no last_reviewed and no review_cadence', 'medium'],
    ]);
  });
});

describe('doc-unmapped', () => {
  it('flags governing documents that map to no existing control', () => {
    const files = [
      control('OPS-01'),
      doc('p/mapped.md', { type: 'process', title: 'Mapped', owner: 'o', controls: '[OPS-01]' }),
      doc(
        'p/linked.md',
        { type: 'policy', title: 'Linked', owner: 'o' },
        '[OPS-01: Change](../controls/ops-01.md)',
      ),
      doc('p/broken-only.md', {
        type: 'policy',
        title: 'Broken only',
        owner: 'o',
        controls: '[OPS-99]',
      }),
      doc('p/alone.md', { type: 'standard', title: 'Alone', owner: 'o' }),
      doc('p/narrative.md', { type: 'narrative', title: 'Narrative', owner: 'o' }),
    ];
    const gaps = gapsOf(modelOf(files, '2026-11-22'), 'doc-unmapped');
    expect(gaps.map((g) => [g.subject, g.title, g.severity])).toEqual([
      ['doc:p/alone.md', 'Alone (standard) maps to no control', 'low'],
      ['doc:p/broken-only.md', 'Broken only (policy) maps to no control', 'low'],
    ]);
  });
});

describe('broken-control-link', () => {
  it('reports each reference to an id or file that is not a control, with its line', () => {
    const files = [
      control('OPS-01'),
      doc(
        'p/a.md',
        { type: 'policy', title: 'A', owner: 'o', controls: '[OPS-02]' },
        '\n- [OPS-01: ok](../controls/ops-01.md)\n- [OPS-09: gone](../controls/ops-09.md)\n- [Old control](../controls/old.md)\n- [OPS-01: moved](../custom/ops-01.md)',
      ),
    ];
    const gaps = gapsOf(modelOf(files, '2026-11-22'), 'broken-control-link');
    expect(gaps.map((g) => [g.subject, g.title, g.control, g.severity]).sort()).toEqual([
      [
        'doc:p/a.md',
        'A, line 10: link target ../controls/old.md is not a control file',
        null,
        'low',
      ],
      [
        'doc:p/a.md',
        'A, line 11: link target ../custom/ops-01.md is not a control file',
        null,
        'low',
      ],
      ['doc:p/a.md', 'A, line 5: OPS-02 is not a control', null, 'low'],
      ['doc:p/a.md', 'A, line 9: OPS-09 is not a control', null, 'low'],
    ]);
    expect(new Set(gaps.map((g) => g.id)).size).toBe(4);
  });
});

describe('control-unmapped', () => {
  it('flags a control that no document references and that has no checks', () => {
    const files = [
      control('OPS-01'),
      control('OPS-02'),
      control('OPS-03', 'checks:\n  - rule: always-passes\n'),
      doc('p/a.md', { type: 'policy', title: 'A', owner: 'o', controls: '[OPS-01]' }),
    ];
    const gaps = gapsOf(
      modelOf(files, '2026-11-22', {}, withRules(alwaysPasses)),
      'control-unmapped',
      withRules(alwaysPasses),
    );
    expect(gaps.map((g) => [g.subject, g.control, g.severity])).toEqual([
      ['control:OPS-02', 'OPS-02', 'medium'],
    ]);
  });
});

describe('control-no-evidence', () => {
  const needsGithub = defineRule({
    ...alwaysPasses,
    id: 'needs-github',
    source: 'github',
    run: () => [{ subject: 'github:acme/api#1', title: 'found' }],
  });
  const files = [control('OPS-01', 'checks:\n  - rule: needs-github\n')];

  it('reports a check whose source was never collected, instead of running it', () => {
    const gaps = gapsOf(
      modelOf(files, '2026-11-22', {}, withRules(needsGithub)),
      undefined,
      withRules(needsGithub),
    );
    expect(gaps.map((g) => [g.rule, g.control, g.subject, g.title])).toEqual([
      [
        'control-no-evidence',
        'OPS-01',
        'control:OPS-01',
        'OPS-01 checks needs-github, but no github evidence has been collected',
      ],
    ]);
  });

  it('runs the check once the source has been collected', () => {
    const sources = { github: { collected_at: '2026-11-22T00:00:00Z', cursors: {} } };
    const gaps = gapsOf(
      modelOf(files, '2026-11-22', { sources }, withRules(needsGithub)),
      undefined,
      withRules(needsGithub),
    );
    expect(gaps.map((g) => [g.rule, g.control, g.subject])).toEqual([
      ['needs-github', 'OPS-01', 'github:acme/api#1'],
    ]);
  });
});

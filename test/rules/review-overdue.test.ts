import { describe, expect, it } from 'vitest';
import { addMonths, nextReview } from '../../src/core/dates.ts';
import { doc, gapsOf, modelOf } from './helpers.ts';

const policy = (last: string, cadence: string) =>
  doc('policies/p.md', {
    type: 'policy',
    title: 'P',
    owner: 'o',
    last_reviewed: last,
    review_cadence: cadence,
  });

describe('review-overdue', () => {
  it.each([
    ['monthly', '2026-10-15', '2026-11-15'],
    ['quarterly', '2026-08-15', '2026-11-15'],
    ['semiannual', '2026-05-15', '2026-11-15'],
    ['annual', '2025-11-15', '2026-11-15'],
  ])('%s: due on the cadence date, overdue only the day after', (cadence, last, due) => {
    expect(nextReview(last, cadence as 'monthly')).toBe(due);
    expect(gapsOf(modelOf([policy(last, cadence)], '2026-11-14'), 'review-overdue')).toEqual([]); // due tomorrow
    expect(gapsOf(modelOf([policy(last, cadence)], '2026-11-15'), 'review-overdue')).toEqual([]); // due today
    const gaps = gapsOf(modelOf([policy(last, cadence)], '2026-11-16'), 'review-overdue');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]).toMatchObject({
      rule: 'review-overdue',
      control: null,
      severity: 'medium',
      subject: 'doc:policies/p.md',
      title: `P: ${cadence} review was due ${due}`,
      details: { due, days_overdue: 1 },
    });
  });

  it('clamps month ends and handles leap years', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2025-11-30', 3)).toBe('2026-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('attributes the gap to the first control the document maps to, with a stable id', () => {
    const files = [
      { path: 'controls/b-01.md', text: '---\nid: B-01\ntitle: B\nowner: o\n---\n' },
      { path: 'controls/a-01.md', text: '---\nid: A-01\ntitle: A\nowner: o\n---\n' },
      doc('policies/p.md', {
        type: 'policy',
        title: 'P',
        owner: 'o',
        last_reviewed: '2025-01-01',
        review_cadence: 'annual',
        controls: '[B-01, A-01]',
      }),
    ];
    const first = gapsOf(modelOf(files, '2026-06-01'), 'review-overdue');
    const later = gapsOf(modelOf(files, '2026-07-01'), 'review-overdue');
    expect(first[0]?.control).toBe('A-01');
    expect(later[0]?.id).toBe(first[0]?.id);
  });

  it('ignores documents without a review cadence', () => {
    expect(
      gapsOf(
        modelOf(
          [doc('r/x.md', { type: 'record', title: 'R', owner: 'o', last_reviewed: '2020-01-01' })],
          '2026-11-22',
        ),
        'review-overdue',
      ),
    ).toEqual([]);
  });
});

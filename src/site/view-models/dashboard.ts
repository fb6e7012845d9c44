import type { SiteCore } from '../site-data.ts';

// The dashboard: controls by status, gaps by rule, the populations and the review calendar.

export const STATUS_ORDER = ['gaps', 'no-evidence', 'ok'] as const;

export function dashboardView(data: SiteCore) {
  const rules = new Map(data.rules.map((r) => [r.id, r]));
  const calendar = data.documents
    .filter((d) => d.next_review !== null)
    .sort((a, b) => ((a.next_review ?? '') < (b.next_review ?? '') ? -1 : 1))
    .filter((d) => d.review_status === 'overdue' || d.review_status === 'due-soon');
  return {
    byStatus: STATUS_ORDER.map((status) => ({
      status,
      controls: data.controls.filter((c) => c.status === status),
    })),
    byRule: Object.entries(data.gaps.summary.by_rule)
      .sort(([, a], [, b]) => b - a)
      .map(([rule, gaps]) => {
        const known = rules.get(rule);
        const severity = known?.severity ?? 'low';
        return { rule, title: known?.title, severity, gaps };
      }),
    populations: data.controls.flatMap((c) => c.populations.map((p) => ({ control: c, p }))),
    calendar: calendar.map((d) => ({ ...d, days_until_review: d.days_until_review ?? 0 })),
    unreviewed: data.documents.filter((d) => d.review_status === 'no-review'),
    unowned: data.documents.filter((d) => d.review_status === 'not-reviewed'),
  };
}

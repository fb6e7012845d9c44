import { z } from 'zod';
import { daysBetween, nextReview } from '../core/dates.ts';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'review-overdue',
  title: 'Document review overdue',
  description:
    'A document with a review cadence whose last review plus the cadence falls before ' +
    'the as-of date. A review due today is not yet overdue.',
  severity: 'medium',
  kind: 'content',
  params: z.strictObject({}),
  remedy:
    'Have the owner review the document, then update `last_reviewed` in its frontmatter ' +
    'in a reviewed pull request.',
  run({ model }) {
    return model.content.documents.flatMap((doc) => {
      if (doc.last_reviewed === null || doc.review_cadence === null) return [];
      const due = nextReview(doc.last_reviewed, doc.review_cadence);
      const late = daysBetween(due, model.asOf);
      if (late <= 0) return [];
      return [
        {
          subject: `doc:${doc.path}`,
          control: doc.controls[0] ?? null,
          // The title stays the same from day to day: the gap's GitHub issue is not edited nightly.
          title: `${doc.title}: ${doc.review_cadence} review was due ${due}`,
          evidence: [`doc:${doc.path}`],
          details: {
            last_reviewed: doc.last_reviewed,
            review_cadence: doc.review_cadence,
            due,
            days_overdue: late,
          },
        },
      ];
    });
  },
});

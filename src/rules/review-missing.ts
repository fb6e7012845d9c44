import { z } from 'zod';
import { GOVERNING_TYPES } from '../core/schemas/document.ts';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'review-missing',
  title: 'Document has no review record',
  description:
    'A policy, standard, process or procedure without `last_reviewed` or without ' +
    '`review_cadence`: nobody can tell whether it is still current.',
  severity: 'medium',
  kind: 'content',
  params: z.strictObject({}),
  remedy:
    'Add `review_cadence` and the date of the last review (`last_reviewed`) to the ' +
    'document frontmatter.',
  run({ model }) {
    return model.content.documents.flatMap((doc) => {
      if (doc.type === null || !GOVERNING_TYPES.includes(doc.type)) return [];
      const missing = [
        doc.last_reviewed === null && 'last_reviewed',
        doc.review_cadence === null && 'review_cadence',
      ].filter((x): x is string => x !== false);
      if (missing.length === 0) return [];
      return [
        {
          subject: `doc:${doc.path}`,
          control: doc.controls[0] ?? null,
          title: `${doc.title}: no ${missing.join(' and no ')}`,
          evidence: [`doc:${doc.path}`],
          details: { missing },
        },
      ];
    });
  },
});

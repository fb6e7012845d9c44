import { z } from 'zod';
import { GOVERNING_TYPES } from '../core/schemas/document.ts';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'doc-unmapped',
  title: 'Document maps to no control',
  description:
    'A policy, standard, process or procedure that neither lists `controls:` nor links ' +
    'to a control, so no control is evidenced by it.',
  severity: 'low',
  kind: 'content',
  params: z.strictObject({}),
  remedy:
    'Add the controls it implements to a "Control Mapping" section ' +
    '(`[ID: Title](../controls/id.md) ^[how]`) or to `controls:` in its frontmatter.',
  run({ model }) {
    return model.content.documents
      .filter(
        (doc) =>
          doc.type !== null && GOVERNING_TYPES.includes(doc.type) && doc.controls.length === 0,
      )
      .map((doc) => ({
        subject: `doc:${doc.path}`,
        control: null,
        title: `${doc.title} (${doc.type}) maps to no control`,
        evidence: [`doc:${doc.path}`],
      }));
  },
});

import { z } from 'zod';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'broken-control-link',
  title: 'Reference to a control that does not exist',
  description:
    'A document links to, or lists in `controls:`, a control id or control file that ' +
    'is not a control, so the mapping an auditor relies on is broken.',
  severity: 'low',
  kind: 'content',
  params: z.strictObject({}),
  remedy:
    'Point the link at an existing control file, fix the control id, or remove the reference.',
  run({ model }) {
    return model.content.documents.flatMap((doc) =>
      doc.references
        .filter((ref) => ref.problem !== undefined)
        .map((ref) => ({
          subject: `doc:${doc.path}`,
          key: `${ref.via}:${ref.id ?? ''}:${ref.target ?? ''}`,
          control: null,
          title: `${doc.title}, line ${ref.line}: ${ref.problem}`,
          evidence: [`doc:${doc.path}`],
          details: {
            line: ref.line,
            via: ref.via,
            ...(ref.text !== undefined && { text: ref.text }),
            ...(ref.target !== undefined && { target: ref.target }),
          },
        })),
    );
  },
});

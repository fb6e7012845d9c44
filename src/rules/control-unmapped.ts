import { z } from 'zod';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'control-unmapped',
  title: 'Control with no document and no check',
  description:
    'A control that no document references and that has no automated checks: nothing ' +
    'shows how it operates.',
  severity: 'medium',
  kind: 'content',
  params: z.strictObject({}),
  remedy:
    'Link the process or policy that implements the control to it, or add a check that ' +
    'tests it automatically.',
  run({ model }) {
    return model.content.controls
      .filter((c) => c.backlinks.length === 0 && c.checks.length === 0)
      .map((c) => ({
        subject: `control:${c.id}`,
        control: c.id,
        title: `${c.id} ${c.title}: no document references it and it has no checks`,
        evidence: [`control:${c.id}`],
      }));
  },
});

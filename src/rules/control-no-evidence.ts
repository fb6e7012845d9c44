import { z } from 'zod';
import { defineRule } from '../core/rule.ts';

export default defineRule({
  id: 'control-no-evidence',
  title: 'Control check without collected evidence',
  description:
    'A control names a check whose evidence source has never been collected, so the ' +
    'check cannot pass or fail: absence of evidence, not evidence of absence.',
  severity: 'medium',
  kind: 'content',
  params: z.strictObject({}),
  remedy:
    'Configure and run the collector for that source (`docket collect --source NAME`), ' +
    'or remove the check.',
  run({ model }) {
    return model.content.controls.flatMap((c) =>
      c.checks
        .filter((check) => check.source !== undefined && !(check.source in model.evidence.sources))
        .map((check) => ({
          subject: `control:${c.id}`,
          key: check.rule,
          control: c.id,
          title: `${c.id} checks ${check.rule}, but no ${check.source} evidence has been collected`,
          evidence: [`control:${c.id}`],
          details: { rule: check.rule, source: check.source },
        })),
    );
  },
});

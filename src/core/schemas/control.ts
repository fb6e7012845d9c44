import { z } from 'zod';
import { ControlId, Frequency } from './common.ts';

/** One entry of a control's `checks`: a rule id plus that rule's own parameters. */
export const CheckEntry = z.looseObject({ rule: z.string().min(1) });
export type CheckEntry = z.infer<typeof CheckEntry>;

export const ControlFrontmatter = z.strictObject({
  id: ControlId,
  title: z.string().min(1),
  owner: z.string().min(1),
  description: z.string().optional(),
  frequency: Frequency.optional(),
  frameworks: z
    .strictObject({
      soc2: z.array(z.string()).default([]),
      iso27001: z.array(z.string()).default([]),
    })
    .default({ soc2: [], iso27001: [] }),
  checks: z.array(CheckEntry).default([]),
});
export type ControlFrontmatter = z.infer<typeof ControlFrontmatter>;

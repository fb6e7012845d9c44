import { z } from 'zod';
import { IsoDate, Period, Severity } from './common.ts';

export const Gap = z.strictObject({
  /** Stable fingerprint of (rule, control, subject, key): the same gap keeps its id run after run. */
  id: z.string(),
  rule: z.string(),
  control: z.string().nullable(),
  severity: Severity,
  subject: z.string(),
  title: z.string(),
  evidence: z.array(z.string()),
  /** Rule-specific facts an auditor needs to judge the gap (e.g. the changes inside a break-glass session). */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type Gap = z.infer<typeof Gap>;

export const GapsFile = z.strictObject({
  as_of: IsoDate,
  period: Period,
  gaps: z.array(Gap),
  summary: z.strictObject({
    controls: z.number().int(),
    with_gaps: z.number().int(),
    by_rule: z.record(z.string(), z.number().int()),
    by_severity: z.record(z.string(), z.number().int()),
  }),
});
export type GapsFile = z.infer<typeof GapsFile>;

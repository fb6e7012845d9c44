import { z } from 'zod';

/**
 * A gap group whose GitHub issue a person closed as "not planned": the organisation accepts
 * the risk. `evidence/issues/accepted.ndjson`, written by `docket issues --apply`.
 */
export const AcceptedRisk = z.strictObject({
  fingerprint: z.string(),
  control: z.string().nullable(),
  rule: z.string(),
  issue: z.number().int(),
  url: z.string(),
  title: z.string(),
});
export type AcceptedRisk = z.infer<typeof AcceptedRisk>;

import { z } from 'zod';

/** A calendar date, YYYY-MM-DD; zod rejects impossible days such as 2026-02-30. */
export const IsoDate = z.iso.date({
  error: (iss) =>
    typeof iss.input === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iss.input)
      ? `${JSON.stringify(iss.input)} is not a calendar date (no such day)`
      : `expected a date YYYY-MM-DD, got ${JSON.stringify(iss.input)}`,
});
export type IsoDate = z.infer<typeof IsoDate>;

/** An instant in UTC, as GitHub and CloudTrail report them. */
export const IsoDateTime = z.iso.datetime({ offset: true });

/**
 * Control ids look like OPS-01 or SEC-IAM-03: upper-case segments joined by dashes, the last one
 * numeric. Requiring the digit keeps link texts such as "CC-BY" from being read as controls, and
 * the character set keeps ids safe to use in file names and URLs.
 */
export const CONTROL_ID_PATTERN = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*-[0-9]+[A-Z]?$/;
export const ControlId = z.string().regex(CONTROL_ID_PATTERN, {
  error: (iss) => `${JSON.stringify(iss.input)} is not a control id (expected e.g. OPS-01)`,
});

export const CADENCES = ['monthly', 'quarterly', 'semiannual', 'annual'] as const;
export const Cadence = z.enum(CADENCES, {
  error: (iss) =>
    `unknown review cadence ${JSON.stringify(iss.input)} (expected one of ${CADENCES.join(', ')})`,
});
export type Cadence = z.infer<typeof Cadence>;

export const SEVERITIES = ['high', 'medium', 'low'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** How often a control operates; keys the default audit sample size. */
export const FREQUENCIES = [
  'annual',
  'quarterly',
  'monthly',
  'weekly',
  'daily',
  'many-times-a-day',
] as const;
export const Frequency = z.enum(FREQUENCIES);
export type Frequency = z.infer<typeof Frequency>;

export const Period = z
  .strictObject({ start: IsoDate, end: IsoDate })
  .refine((p) => p.start <= p.end, { error: 'period start must not be after its end' });
export type Period = z.infer<typeof Period>;

/**
 * The evidence sources that collectors fill and rules read. The store's catalog (src/evidence)
 * lays out each one's files; a new source starts here.
 */
export const SOURCES = ['github', 'cloudtrail', 'sarif'] as const;
export const Source = z.enum(SOURCES);
export type Source = z.infer<typeof Source>;

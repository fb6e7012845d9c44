import { z } from 'zod';
import { Cadence, ControlId, IsoDate } from './common.ts';

export const DOCUMENT_TYPES = [
  'policy',
  'standard',
  'process',
  'procedure',
  'narrative',
  'record',
  'postmortem',
] as const;
export const DocumentType = z.enum(DOCUMENT_TYPES, {
  error: (iss) =>
    `unknown document type ${JSON.stringify(iss.input)} (expected one of ${DOCUMENT_TYPES.join(', ')})`,
});
export type DocumentType = z.infer<typeof DocumentType>;

/** Types that state what must happen, so they must be reviewed on a cadence and map to a control. */
export const GOVERNING_TYPES: readonly DocumentType[] = [
  'policy',
  'standard',
  'process',
  'procedure',
];

/**
 * Document frontmatter. Extra keys are kept (process owners add their own, and post-mortems
 * carry `session` / `incident_window`), so only the keys Docket reads are checked.
 */
export const DocumentFrontmatter = z.looseObject({
  type: DocumentType,
  title: z.string().min(1),
  owner: z.string().min(1),
  last_reviewed: IsoDate.optional(),
  review_cadence: Cadence.optional(),
  participants: z.array(z.string()).default([]),
  controls: z.array(ControlId).default([]),
});
export type DocumentFrontmatter = z.infer<typeof DocumentFrontmatter>;

import { z } from 'zod';
import type { ContentDocument } from '../../core/content/load.ts';
import { daysBetween, nextReview } from '../../core/dates.ts';
import type { Model } from '../../core/model.ts';
import { Cadence } from '../../core/schemas/common.ts';
import { DocumentType } from '../../core/schemas/document.ts';
import { gapIdsOf, type ViewInputs } from './shared.ts';

// The documents pages (list and one page per document) and the dashboard's review calendar.

/** Documents due within this many days show as coming due on the dashboard. */
export const DUE_SOON_DAYS = 30;

export const ReviewStatus = z.enum(['current', 'due-soon', 'overdue', 'no-review', 'not-reviewed']);
export type ReviewStatus = z.infer<typeof ReviewStatus>;

export const ControlReference = z.strictObject({
  id: z.string().nullable(),
  via: z.enum(['link', 'frontmatter']),
  line: z.number(),
  text: z.string().optional(),
  target: z.string().optional(),
  targetPath: z.string().optional(),
  annotation: z.string().optional(),
  problem: z.string().optional(),
});

export const SiteDocument = z.strictObject({
  path: z.string(),
  format: z.enum(['md', 'mdx']),
  title: z.string(),
  /** Null when the file has no frontmatter: such documents are listed as unowned. */
  type: DocumentType.nullable(),
  owner: z.string().nullable(),
  last_reviewed: z.string().nullable(),
  review_cadence: Cadence.nullable(),
  participants: z.array(z.string()),
  controls: z.array(z.string()),
  references: z.array(ControlReference),
  extra: z.record(z.string(), z.unknown()),
  next_review: z.string().nullable(),
  /** Days from the as-of date to the next review (negative when overdue). */
  days_until_review: z.number().nullable(),
  review_status: ReviewStatus,
  gaps: z.array(z.string()),
});
export type SiteDocument = z.infer<typeof SiteDocument>;

export function documentsView(model: Model, inputs: ViewInputs): SiteDocument[] {
  return model.content.documents.map((doc) => {
    const next =
      doc.last_reviewed !== null && doc.review_cadence !== null
        ? nextReview(doc.last_reviewed, doc.review_cadence)
        : null;
    const days = next !== null ? daysBetween(model.asOf, next) : null;
    return {
      ...doc,
      next_review: next,
      days_until_review: days,
      review_status: reviewStatus(doc, days),
      gaps: gapIdsOf(inputs, `doc:${doc.path}`),
    };
  });
}

function reviewStatus(doc: ContentDocument, days: number | null): ReviewStatus {
  if (days === null) return doc.type === null ? 'not-reviewed' : 'no-review';
  if (days < 0) return 'overdue';
  return days <= DUE_SOON_DAYS ? 'due-soon' : 'current';
}

/**
 * The page path of a document: documents/<path without .md/.mdx>/, each segment percent-encoded
 * (a space, an accent), as a link must carry it.
 */
export function documentPath(path: string): string {
  return `documents/${encodePath(path.replace(/\.mdx?$/i, ''))}/`;
}

/** A content path as a URL path: each segment percent-encoded. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** The documents list, in path order. */
export function documentList<D extends { path: string }>(documents: readonly D[]): D[] {
  return [...documents].sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** A document's controls with the annotation its link to each carries, if any. */
export function documentControls(doc: SiteDocument): { id: string; annotation?: string }[] {
  const annotations = new Map(
    doc.references.filter((r) => r.id && r.annotation).map((r) => [r.id, r.annotation]),
  );
  return doc.controls.map((id) => {
    const annotation = annotations.get(id);
    return annotation ? { id, annotation } : { id };
  });
}

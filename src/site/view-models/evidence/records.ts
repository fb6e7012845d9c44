import { z } from 'zod';

// The evidence record pages: the store's normalised records, 100 to a page, each under a stable
// anchor. `docket build` writes one file per page; each page reads (and validates) only its own.

export const EvidencePage = z.strictObject({
  file: z.string(),
  /** 0-based. */
  page: z.number(),
  pages: z.number(),
  /** The page's site path: evidence/records/<file without .ndjson>/<page + 1>/ */
  path: z.string(),
  collector: z.string(),
  collected_at: z.string().nullable(),
  file_sha256: z.string(),
  root: z.string(),
  records: z.array(
    z.strictObject({
      anchor: z.string(),
      subject: z.string().nullable(),
      /** Where the record can be seen at its source (GitHub, the AWS console). */
      source: z.string().nullable(),
      sha256: z.string(),
      record: z.unknown(),
    }),
  ),
});
export type EvidencePage = z.infer<typeof EvidencePage>;

/**
 * The file published beside each record page with its records as the store holds them: NDJSON
 * (line n is the page's nth record, its sha256 the record's), gzip-compressed. The page shows
 * each record's summary; its normalised record is read from this file (by the page's script, or
 * by the reader who downloads it), so the site does not carry every record twice.
 */
export const RAW_RECORDS_FILE = 'records.ndjson.gz';

/** Every published page: its number (the file it is written to) and its site path. */
export const EvidencePageIndex = z.array(z.strictObject({ id: z.number(), path: z.string() }));
export type EvidencePageIndex = z.infer<typeof EvidencePageIndex>;

/** Reads the evidence pages `docket build` wrote; the site's virtual module provides one. */
export interface EvidencePages {
  index(): EvidencePageIndex;
  page(id: number): EvidencePage;
}

/** The route parameter of a record page: its path under evidence/records/. */
export function recordRoute(path: string): string {
  return path.replace(/^evidence\/records\//, '').replace(/\/$/, '');
}

/** The page's neighbours, for the pager. */
export function recordPager(page: EvidencePage): { prev: string | null; next: string | null } {
  const base = page.path.replace(/\d+\/$/, '');
  return {
    prev: page.page > 0 ? `${base}${page.page}/` : null,
    next: page.page + 1 < page.pages ? `${base}${page.page + 2}/` : null,
  };
}

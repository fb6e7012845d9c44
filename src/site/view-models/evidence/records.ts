import { z } from 'zod';
import type { Gap } from '../../../core/schemas/gaps.ts';
import { recordFileOf } from '../../../core/evidence-items.ts';
import { externalHref } from '../../format.ts';
import {
  recordName,
  RecordSummary,
  recordSummary,
  windowsOfPage,
  type RecordContext,
} from './summaries.ts';

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
  /**
   * Set when the file has no page per record (no view refers to any of them): the site path of
   * the whole file, published gzip-compressed, and how many records it holds.
   */
  whole: z.strictObject({ href: z.string(), records: z.number() }).optional(),
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
export const EvidencePageIndex = z.array(
  z.strictObject({
    id: z.number(),
    path: z.string(),
    /** The page of a file published whole (no page per record). */
    whole: z.literal(true).optional(),
  }),
);
export type EvidencePageIndex = z.infer<typeof EvidencePageIndex>;

/** The store files published whole, by the pages' index. */
export function filesPublishedWhole(index: EvidencePageIndex): Set<string> {
  return new Set(index.flatMap((e) => (e.whole ? (recordFileOf(e.path) ?? []) : [])));
}

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

/**
 * A record as its page shows it, in one compact block: its name (linked to its source), its
 * summary's headline and lines, and its sha256.
 */
export const RecordView = z.strictObject({
  anchor: z.string(),
  /** Its subject without the source's prefix (acme/api#12, the event id), else its anchor. */
  name: z.string(),
  /** Its address at its source, when that is a web address (http or https). */
  source: z.string().nullable(),
  /** A source that is not a web address, shown as text (never as a link). */
  source_text: z.string().nullable(),
  sha256: z.string(),
  summary: RecordSummary.nullable(),
});
export type RecordView = z.infer<typeof RecordView>;

/** The records of a page as it shows them. */
export function recordViews(
  page: EvidencePage,
  ctx: RecordContext,
  gapsBySubject: ReadonlyMap<string, Gap[]>,
): RecordView[] {
  return page.records.map((r) => {
    const source = r.source ? (externalHref(r.source) ?? null) : null;
    return {
      anchor: r.anchor,
      name: r.subject ? recordName(r.subject) : r.anchor,
      source,
      source_text: r.source && !source ? r.source : null,
      sha256: r.sha256,
      summary: recordSummary(page.file, r.record, r.subject, ctx, gapsBySubject),
    };
  });
}

/**
 * Whether a record page is in the search index. CloudTrail event pages are not: each event id is
 * a word of its own, and the 150,000 of the large synthetic organisation took most of the
 * indexer's memory (their accounts' pages are indexed).
 */
export function recordPageIndexed(page: Pick<EvidencePage, 'file'>): boolean {
  return !page.file.startsWith('cloudtrail/');
}

/** How to read the page's records, said once for all of them. */
export function recordLegend(page: Pick<EvidencePage, 'file'>): string {
  const kind = page.file.startsWith('cloudtrail/')
    ? 'an event from an AWS console session or in a break-glass session says so (the others ' +
      'were neither); '
    : page.file.endsWith('/pull-requests.ndjson')
      ? "the checks are the merged head commit's; "
      : '';
  // A scan run has no address of its own: its source is the SARIF file its summary names.
  const name = page.file.startsWith('sarif/')
    ? 'its name is the scanned commit, and its source the SARIF file it names'
    : 'its name links to it at its source';
  return (
    `${name}; times are UTC; ` +
    kind +
    "its sha256 is that of its line in the store and in this page's records file"
  );
}

/** The change windows of a page's deployments, said once above them (none on other pages). */
export function pageWindows(page: EvidencePage, ctx: RecordContext): string[] {
  return page.file.endsWith('/deployments.ndjson')
    ? windowsOfPage(
        page.records.map((r) => r.subject),
        ctx,
      )
    : [];
}

/**
 * A link from a record page to a site path: relative when that is shorter than the absolute one
 * (a deployment's pull request is two folders away), which holds under any base path.
 */
export function linkFrom(pagePath: string, to: string, absolute: string): string {
  const from = pagePath.split('/').filter(Boolean);
  const target = to.split('/');
  let same = 0;
  while (same < from.length && same < target.length - 1 && from[same] === target[same]) same++;
  const relative = `${'../'.repeat(from.length - same)}${target.slice(same).join('/')}`;
  return relative.length < absolute.length ? relative : absolute;
}

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SiteControl, SiteData, SiteDocument } from '../core/site-data.ts';
import type { Gap } from '../core/schemas/gaps.ts';
import type { EvidencePage } from '../cli/evidence-pages.ts';

/** Where `docket build` leaves the model for the site, unless DOCKET_SITE_DATA says otherwise. */
export const DEFAULT_SITE_DATA = '.docket/site-data.json';

let cached: SiteData | undefined;

/** The model the site renders, written by `docket build`. Read once per build. */
export function siteData(): SiteData {
  cached ??= JSON.parse(
    readFileSync(resolve(process.env.DOCKET_SITE_DATA ?? DEFAULT_SITE_DATA), 'utf8'),
  ) as SiteData;
  return cached;
}

/** The content folder the documents are rendered from. */
export function contentDir(): string {
  return resolve(process.env.DOCKET_CONTENT ?? 'content');
}

function evidenceDir(): string {
  return resolve(process.env.DOCKET_EVIDENCE_PAGES ?? '.docket/evidence');
}

/** The published evidence pages (one per 100 records of a store file). */
export function evidencePageIndex(): { id: number; path: string }[] {
  return JSON.parse(readFileSync(join(evidenceDir(), 'index.json'), 'utf8')) as {
    id: number;
    path: string;
  }[];
}

export function evidencePage(id: number): EvidencePage {
  return JSON.parse(readFileSync(join(evidenceDir(), `${id}.json`), 'utf8')) as EvidencePage;
}

let gapIndex: Map<string, Gap> | undefined;
export function gapById(id: string): Gap | undefined {
  gapIndex ??= new Map(siteData().gaps.gaps.map((g) => [g.id, g]));
  return gapIndex.get(id);
}

export function controlById(id: string): SiteControl | undefined {
  return siteData().controls.find((c) => c.id === id);
}

export function documentByPath(path: string): SiteDocument | undefined {
  return siteData().documents.find((d) => d.path === path);
}

/** A site-relative path under the configured base (GitHub Pages project sites live under /repo/). */
export function href(path: string): string {
  return `${basePath()}${path.replace(/^\//, '')}`;
}

/** The base path, from the same setting astro.config.mjs reads (`docket build --base`). */
export function basePath(): string {
  const raw = process.env.DOCKET_BASE_PATH || '/';
  return `/${raw.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
}

/** The page path of a document: documents/<path without .md/.mdx>/ */
export function documentPath(path: string): string {
  return `documents/${path.replace(/\.mdx?$/i, '')}/`;
}

export function controlPath(id: string): string {
  return `controls/${id.toLowerCase()}/`;
}

/** The page of a gap subject, when the site has one. */
export function subjectPath(subject: string): string | null {
  if (subject.startsWith('doc:')) return documentPath(subject.slice(4));
  if (subject.startsWith('control:')) return controlPath(subject.slice(8));
  return null;
}

/** Population rows per page on a control's full population pages. */
export const POPULATION_PAGE_SIZE = 100;

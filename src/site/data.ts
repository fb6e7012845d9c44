import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SiteData } from '../core/site-data.ts';

/** Where `docket build` leaves the model for the site, unless DOCKET_SITE_DATA says otherwise. */
export const DEFAULT_SITE_DATA = '.docket/site-data.json';

let cached: SiteData | undefined;

/** The model the site renders, written by `docket build`. Read once per build. */
export function siteData(): SiteData {
  cached ??= JSON.parse(readFileSync(resolve(process.env.DOCKET_SITE_DATA ?? DEFAULT_SITE_DATA), 'utf8')) as SiteData;
  return cached;
}

/** The content folder the documents are rendered from. */
export function contentDir(): string {
  return resolve(process.env.DOCKET_CONTENT ?? 'content');
}

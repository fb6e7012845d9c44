/// <reference types="astro/client" />

// The site's data, validated, from its integration (src/site/integration.ts). An ambient module
// can name its types only with import().
/* eslint-disable @typescript-eslint/consistent-type-imports */
declare module 'virtual:docket/site-data' {
  export const siteData: import('./site/site-data.ts').SiteData;
  export const evidencePages: import('./site/view-models/evidence/records.ts').EvidencePages;
  /** The staged content folder the documents are rendered from. */
  export const contentDir: string;
  /** The URL path the site is served under, with a slash either side. */
  export const basePath: string;
}

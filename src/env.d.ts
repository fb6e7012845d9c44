/// <reference types="astro/client" />

// The site's data, validated, from its integration (src/site/integration.ts). An ambient module
// can name its types only with import().
/* eslint-disable @typescript-eslint/consistent-type-imports */
declare module 'virtual:docket/site-data' {
  export const siteData: import('./site/site-data.ts').SiteCore;
  /** A population's rows (control id, population kind), read from their own file when asked. */
  export const populationRows: (
    control: string,
    kind: string,
  ) => import('./core/populations/control-populations.ts').PopulationRow[];
  /** The nth repository's and the nth account's page data, read when asked. */
  export const pageData: ReturnType<typeof import('./site/load.ts').pageDataIn>;
  export const evidencePages: import('./site/view-models/evidence/records.ts').EvidencePages;
  /** The staged content folder the documents are rendered from. */
  export const contentDir: string;
  /** The URL path the site is served under, with a slash either side. */
  export const basePath: string;
}

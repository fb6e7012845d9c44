import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';

// The Astro integration that hands the site its data, as Starlight hands pages its config: a
// Vite virtual module, `virtual:docket/site-data`, whose values are read from the files
// `docket build` wrote and validated against the view models' schemas (load.ts).

export interface DocketSiteOptions {
  /** The site data JSON (site-data.ts SiteCore); each population's rows in files beside it. */
  siteData: string;
  /** The folder of evidence record pages (index.json and one file per page). */
  evidencePages: string;
  /** The staged content folder the documents are rendered from. */
  content: string;
  /** The URL path the site is served under (`docket build --base`). */
  base: string;
}

export const SITE_DATA_MODULE = 'virtual:docket/site-data';
const RESOLVED = `\0${SITE_DATA_MODULE}`;

export function docketSite(opts: DocketSiteOptions): AstroIntegration {
  return {
    name: 'docket-site',
    hooks: {
      'astro:config:setup': ({ config, updateConfig }) => {
        // The site's own sources, which Vite compiles: src/site/load.ts of the Astro project (the
        // Docket package, in a checkout or installed), never the compiled copy in lib/.
        const load = fileURLToPath(new URL('site/load.ts', config.srcDir));
        const code = [
          `import { evidencePagesIn, pageDataIn, populationsIn, readSiteData } from ${JSON.stringify(load)};`,
          `export const siteData = readSiteData(${JSON.stringify(opts.siteData)});`,
          `export const populationRows = populationsIn(${JSON.stringify(opts.siteData)});`,
          `export const pageData = pageDataIn(${JSON.stringify(opts.siteData)});`,
          `export const evidencePages = evidencePagesIn(${JSON.stringify(opts.evidencePages)});`,
          `export const contentDir = ${JSON.stringify(opts.content)};`,
          `export const basePath = ${JSON.stringify(basePathOf(opts.base))};`,
        ].join('\n');
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'docket-site-data',
                resolveId: (id) => (id === SITE_DATA_MODULE ? RESOLVED : undefined),
                load: (id) => (id === RESOLVED ? code : undefined),
              },
            ],
          },
        });
      },
    },
  };
}

/** `/`, or the base with one slash either side (GitHub Pages project sites live under /repo/). */
export function basePathOf(raw: string): string {
  return `/${(raw || '/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
}

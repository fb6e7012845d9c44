import mdx from '@astrojs/mdx';
import type { AstroInlineConfig } from 'astro';
import { z } from 'zod';
import { docketSite } from './integration.ts';

/** What `docket build` asks of a site build: where its inputs are and where the site goes. */
export const SiteBuildRequest = z.strictObject({
  /** The Astro project: the Docket package, whose src/ holds the pages, layouts and styles. */
  root: z.string(),
  siteData: z.string(),
  evidencePages: z.string(),
  content: z.string(),
  outDir: z.string(),
  cacheDir: z.string(),
  base: z.string().optional(),
  siteUrl: z.string().optional(),
});
export type SiteBuildRequest = z.infer<typeof SiteBuildRequest>;

/** The Astro config of the site (astro.config.mjs uses it too, for `astro dev`). */
export function siteConfig(request: SiteBuildRequest): AstroInlineConfig {
  return {
    root: request.root,
    integrations: [
      mdx(),
      docketSite({
        siteData: request.siteData,
        evidencePages: request.evidencePages,
        content: request.content,
        base: request.base || '/',
      }),
    ],
    site: request.siteUrl || undefined,
    base: request.base || '/',
    outDir: request.outDir,
    cacheDir: request.cacheDir,
    trailingSlash: 'ignore',
    build: { format: 'directory' },
    devToolbar: { enabled: false },
  };
}

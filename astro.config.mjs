// `docket build` builds the site with src/site/build-entry.ts, which passes this same config
// the files it wrote. `astro dev` (in this folder) renders what the last `docket build` run here
// left in .docket/, from the content folder.
import { resolve } from 'node:path';
import { defineConfig } from 'astro/config';
import { siteConfig } from './src/site/astro-config.ts';

export default defineConfig(
  siteConfig({
    root: import.meta.dirname,
    siteData: resolve('.docket/site-data.json'),
    evidencePages: resolve('.docket/evidence'),
    content: resolve('content'),
    outDir: './dist',
    cacheDir: './node_modules/.astro',
  }),
);

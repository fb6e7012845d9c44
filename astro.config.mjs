// The site is built by `docket build`, which passes the model and the output folder through
// the environment; `astro dev` works the same after one `docket build`.
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';

export default defineConfig({
  integrations: [mdx()],
  site: process.env.DOCKET_SITE_URL || undefined,
  base: process.env.DOCKET_BASE_PATH || '/',
  outDir: process.env.DOCKET_OUT_DIR || './dist',
  cacheDir: process.env.DOCKET_CACHE_DIR || './node_modules/.astro',
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  devToolbar: { enabled: false },
});

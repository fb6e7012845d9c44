import { build } from 'astro';
import { readFileSync } from 'node:fs';
import { SiteBuildRequest, siteConfig } from './astro-config.ts';

// `node src/site/build-entry.ts <request.json>` (lib/src/site/build-entry.js when installed): the site build `docket build` runs in a child
// process (Astro's memory is let go with it). The request file says where everything is.

const file = process.argv[2];
if (!file) throw new Error('usage: node src/site/build-entry.ts <site build request.json>');
const request = SiteBuildRequest.parse(JSON.parse(readFileSync(file, 'utf8')));
await build({
  ...siteConfig(request),
  configFile: false,
  logLevel: 'silent',
});

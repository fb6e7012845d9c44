import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { splitSiteData, type SiteData } from '../site/site-data.ts';

/**
 * Writes the site data for the site build: `file` holds what every page may read (SiteCore), and
 * each population's rows, each repository's and each account's page data go to files of their own
 * beside it, which only their own pages read. Files of an earlier build are removed first.
 */
export async function writeSiteData(file: string, data: SiteData): Promise<void> {
  const { core, files } = splitSiteData(data);
  const dir = dirname(file);
  for (const folder of ['populations', 'repositories', 'accounts'])
    await rm(join(dir, folder), { recursive: true, force: true });
  for (const f of files) {
    await mkdir(dirname(join(dir, f.file)), { recursive: true });
    await writeFile(join(dir, f.file), JSON.stringify(f.data));
  }
  await mkdir(dir, { recursive: true });
  await writeFile(file, JSON.stringify(core));
}

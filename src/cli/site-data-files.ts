import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { splitSiteData, type SiteData } from '../site/site-data.ts';

/**
 * Writes the site data for the site build: `file` holds what every page may read (SiteCore), and
 * each population's rows go to a file of their own beside it (populationFile), which only that
 * population's pages read. Files of an earlier build are removed first.
 */
export async function writeSiteData(file: string, data: SiteData): Promise<void> {
  const { core, populations } = splitSiteData(data);
  const dir = dirname(file);
  await rm(join(dir, 'populations'), { recursive: true, force: true });
  for (const p of populations) {
    await mkdir(dirname(join(dir, p.file)), { recursive: true });
    await writeFile(join(dir, p.file), JSON.stringify(p.rows));
  }
  await mkdir(dir, { recursive: true });
  await writeFile(file, JSON.stringify(core));
}

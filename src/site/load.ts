import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { PopulationRow } from '../core/populations/control-populations.ts';
import { PopulationRows, SiteCore, siteFile } from './site-data.ts';
import { SiteAccount } from './view-models/evidence/accounts.ts';
import { SiteRepository } from './view-models/evidence/repositories.ts';
import { SiteScans } from './view-models/evidence/scans.ts';
import { populationFile } from './view-models/populations.ts';
import {
  EvidencePage,
  EvidencePageIndex,
  type EvidencePages,
} from './view-models/evidence/records.ts';

// What the site's virtual module (integration.ts) runs when a page imports it: the files
// `docket build` wrote, read and validated before any page sees them.

function readJson<S extends z.ZodType>(schema: S, file: string): z.infer<S> {
  const parsed = schema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file} is not what the site renders:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function readSiteData(file: string): SiteCore {
  return readJson(SiteCore, file);
}

/**
 * A population's rows, read from the file written beside the site data when a page asks for them.
 * The last population read is kept: Astro renders a route's pages in order, so a population's
 * pages follow one another, and the build holds one population at a time, never all of them.
 */
export function populationsIn(
  siteDataFile: string,
): (control: string, kind: string) => PopulationRow[] {
  let last: { file: string; rows: PopulationRow[] } | undefined;
  return (control, kind) => {
    const file = join(dirname(siteDataFile), populationFile(control, kind));
    if (last?.file !== file) last = { file, rows: readJson(PopulationRows, file) };
    return last.rows;
  };
}

/** The evidence record pages in a folder: the index once, each page when asked for. */
export function evidencePagesIn(dir: string): EvidencePages {
  let index: EvidencePageIndex | undefined;
  return {
    index: () => (index ??= readJson(EvidencePageIndex, join(dir, 'index.json'))),
    page: (id) => readJson(EvidencePage, join(dir, `${id}.json`)),
  };
}

/** The nth repository's, the nth account's and the scans page's data, read when their page asks. */
export function pageDataIn(siteDataFile: string): {
  repository: (n: number) => SiteRepository;
  account: (n: number) => SiteAccount;
  scans: () => SiteScans;
} {
  const dir = dirname(siteDataFile);
  return {
    repository: (n) => readJson(SiteRepository, join(dir, siteFile.repository(n))),
    account: (n) => readJson(SiteAccount, join(dir, siteFile.account(n))),
    scans: () => readJson(SiteScans, join(dir, siteFile.scans)),
  };
}

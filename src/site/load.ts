import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { SiteData } from './site-data.ts';
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

export function readSiteData(file: string): SiteData {
  return readJson(SiteData, file);
}

/** The evidence record pages in a folder: the index once, each page when asked for. */
export function evidencePagesIn(dir: string): EvidencePages {
  let index: EvidencePageIndex | undefined;
  return {
    index: () => (index ??= readJson(EvidencePageIndex, join(dir, 'index.json'))),
    page: (id) => readJson(EvidencePage, join(dir, `${id}.json`)),
  };
}

import { createReadStream } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { gzip as gzipCb } from 'node:zlib';
import {
  anchorOf,
  collectorOf,
  EVIDENCE_PAGE_SIZE,
  evidencePagePath,
  sourceLinkOf,
  subjectOf,
} from '../core/evidence-items.ts';
import { sha256 } from '../evidence/manifest.ts';
import type { Manifest } from '../core/schemas/manifest.ts';
import { RAW_RECORDS_FILE, type EvidencePage } from '../site/view-models/evidence/records.ts';

const gzip = promisify(gzipCb);

/**
 * Splits every store file into pages of records for the site, streaming each file once, and
 * returns where each subject's record is published (and `file:<path>` for each file's first page).
 * Each page's records, exactly the store's lines, are also written gzip-compressed under
 * `rawDir` at the page's site path (`<path>records.ndjson.gz`), to be published beside it: the
 * page shows the summary, the file the normalised record (line n is the page's nth record).
 */
export async function writeEvidencePages(
  storeDir: string,
  manifest: Manifest | null,
  outDir: string,
  githubWebUrl: string,
  rawDir?: string,
): Promise<{ links: Map<string, string>; pages: number }> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  if (rawDir) {
    await rm(rawDir, { recursive: true, force: true });
    await mkdir(rawDir, { recursive: true });
  }
  const links = new Map<string, string>();
  const index: { id: number; path: string }[] = [];
  if (!manifest) {
    await writeFile(join(outDir, 'index.json'), '[]');
    return { links, pages: 0 };
  }
  let id = 0;
  for (const [file, info] of Object.entries(manifest.files)) {
    const pages = Math.max(1, Math.ceil(info.records / EVIDENCE_PAGE_SIZE));
    const collector = collectorOf(file);
    const base = {
      file,
      pages,
      collector,
      collected_at: manifest.sources[collector]?.collected_at ?? null,
      file_sha256: info.sha256,
      root: manifest.root,
    };
    let current: EvidencePage = { ...base, page: 0, path: evidencePagePath(file, 0), records: [] };
    const seen = new Set<string>();
    let raw: string[] = [];
    const flush = async () => {
      await writeFile(join(outDir, `${id}.json`), JSON.stringify(current));
      if (rawDir) {
        const dir = join(rawDir, current.path);
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, RAW_RECORDS_FILE), await gzip(`${raw.join('\n')}\n`));
        raw = [];
      }
      index.push({ id, path: current.path });
      id++;
    };
    links.set(`file:${file}`, current.path);
    const lines = createInterface({
      input: createReadStream(join(storeDir, file), { encoding: 'utf8' }),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (line === '') continue;
      if (current.records.length === EVIDENCE_PAGE_SIZE) {
        await flush();
        current = {
          ...base,
          page: current.page + 1,
          path: evidencePagePath(file, current.page + 1),
          records: [],
        };
        seen.clear();
      }
      const record = JSON.parse(line) as unknown;
      if (rawDir) raw.push(line);
      const subject = subjectOf(file, record);
      let anchor = subject
        ? anchorOf(subject)
        : `record-${current.page * EVIDENCE_PAGE_SIZE + current.records.length + 1}`;
      for (let n = 2; seen.has(anchor); n++) anchor = `${anchorOf(subject ?? 'record')}-${n}`;
      seen.add(anchor);
      if (subject && !links.has(subject)) links.set(subject, `${current.path}#${anchor}`);
      current.records.push({
        anchor,
        subject,
        source: sourceLinkOf(file, record, githubWebUrl),
        sha256: sha256(line),
        record,
      });
    }
    await flush();
  }
  await writeFile(join(outDir, 'index.json'), JSON.stringify(index));
  return { links, pages: index.length };
}

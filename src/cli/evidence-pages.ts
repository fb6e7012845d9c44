import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGzip, gzip as gzipCb } from 'node:zlib';
import {
  anchorOf,
  collectorOf,
  EVIDENCE_PAGE_SIZE,
  evidencePagePath,
  recordFileOf,
  sourceLinkOf,
  subjectOf,
  wholeFilePath,
} from '../core/evidence-items.ts';
import { sha256 } from '../evidence/manifest.ts';
import { ReferencedLinks } from '../site/referenced-links.ts';
import type { Manifest } from '../core/schemas/manifest.ts';
import {
  EvidencePageIndex,
  RAW_RECORDS_FILE,
  type EvidencePage,
} from '../site/view-models/evidence/records.ts';

const gzip = promisify(gzipCb);

/** What every page of a store file says about the file. */
function pageBase(manifest: Manifest, file: string) {
  const info = manifest.files[file];
  if (!info) throw new Error(`${file} is not in the store's manifest`);
  const collector = collectorOf(file);
  return {
    file,
    pages: Math.max(1, Math.ceil(info.records / EVIDENCE_PAGE_SIZE)),
    collector,
    collected_at: manifest.sources[collector]?.collected_at ?? null,
    file_sha256: info.sha256,
    root: manifest.root,
  };
}

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
): Promise<{ links: ReferencedLinks; pages: number }> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  if (rawDir) {
    await rm(rawDir, { recursive: true, force: true });
    await mkdir(rawDir, { recursive: true });
  }
  const links = new ReferencedLinks();
  const index: { id: number; path: string }[] = [];
  if (!manifest) {
    await writeFile(join(outDir, 'index.json'), '[]');
    return { links, pages: 0 };
  }
  let id = 0;
  for (const file of Object.keys(manifest.files)) {
    const base = pageBase(manifest, file);
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

/**
 * Publishes the given store files whole instead of a page per record: each file's pages and
 * their records files written by writeEvidencePages are replaced by one page that describes the
 * file, and the file itself, gzip-compressed, under `rawDir` at its site path
 * (`evidence/records/<file>.gz`). Returns how many records they hold.
 */
export async function publishWhole(
  storeDir: string,
  manifest: Manifest,
  outDir: string,
  rawDir: string,
  files: ReadonlySet<string>,
): Promise<number> {
  if (files.size === 0) return 0;
  const index = EvidencePageIndex.parse(
    JSON.parse(await readFile(join(outDir, 'index.json'), 'utf8')),
  );
  const ofWholeFile = (path: string) => files.has(recordFileOf(path) ?? '');
  const kept = index.filter(({ path }) => !ofWholeFile(path));
  for (const e of index) if (ofWholeFile(e.path)) await rm(join(outDir, `${e.id}.json`));
  let id = index.reduce((max, e) => Math.max(max, e.id), -1) + 1;
  let records = 0;
  for (const file of [...files].sort()) {
    const base = pageBase(manifest, file);
    const href = wholeFilePath(file);
    const count = manifest.files[file]?.records ?? 0;
    const path = evidencePagePath(file, 0);
    const whole = { href, records: count };
    const page: EvidencePage = { ...base, pages: 1, page: 0, path, records: [], whole };
    await writeFile(join(outDir, `${id}.json`), JSON.stringify(page));
    kept.push({ id: id++, path, whole: true });
    await rm(join(rawDir, `evidence/records/${file.replace(/\.ndjson$/, '')}`), {
      recursive: true,
      force: true,
    });
    await pipeline(
      createReadStream(join(storeDir, file)),
      createGzip(),
      createWriteStream(join(rawDir, href)),
    );
    records += count;
  }
  await writeFile(join(outDir, 'index.json'), JSON.stringify(kept));
  return records;
}

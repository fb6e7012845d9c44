import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { fork } from 'node:child_process';
import { check } from '../check/check.ts';
import { serializeGapsFile } from '../core/gaps.ts';
import { InputError, type Problem } from '../core/problems.ts';
import { RULES } from '../rules/index.ts';
import { buildSiteData } from '../site/site-data.ts';
import { contextOfShown } from '../site/view-models/evidence/summaries.ts';
import { summarize } from './commands/check.ts';
import { publishWhole, writeEvidencePages } from './evidence-pages.ts';
import { UsageError } from './io.ts';
import { writeSiteData } from './site-data-files.ts';
import { stageSiteContent } from './site-content.ts';
import type { Workspace } from './workspace.ts';

/** What the site build reads, prepared from the store and the content (the files it writes). */
export interface SitePreparation {
  /** The workspace to read: the store, or its redacted copy when it failed verification. */
  read: Workspace;
  /** The content folder as configured (the staged copy is made from it). */
  contentDir: string;
  asOf: string;
  /** What `docket verify` found wrong with the store (empty when it verified). */
  unverified: string[];
  base: string;
  dataFile: string;
  evidenceDir: string;
  rawRecordsDir: string;
  siteContent: string;
  /** Where the gaps file is written, to be published with the site. */
  gapsFile: string;
}

/**
 * Checks, then writes everything the site build reads: the evidence record pages and their
 * records files, the site data (SiteCore and a file per population), the staged content and the
 * gaps file. Holds the whole model while it runs; nothing of it is returned.
 */
export async function prepareSite(p: SitePreparation, stderr: (text: string) => void) {
  const { model, gaps, files } = await check(p.read, { asOf: p.asOf, want: 'model' });
  stderr(summarize(gaps));
  await writeFile(p.gapsFile, serializeGapsFile(gaps));
  const { manifest } = model.evidence;
  const { links: referenced } = await writeEvidencePages(
    p.read.evidenceDir,
    manifest,
    p.evidenceDir,
    p.read.config.github.web_url,
    p.rawRecordsDir,
  );
  const data = buildSiteData(model, gaps, RULES, {
    evidenceLinks: referenced,
    unverified: p.unverified,
    accepted: new Set((model.evidence.accepted ?? []).map((a) => `${a.control ?? ''}|${a.rule}`)),
  });
  const shown = referenced.referencedFiles();
  const whole = new Set(
    manifest && p.read.config.site.record_pages === 'referenced'
      ? Object.keys(manifest.files).filter((f) => !shown.has(f))
      : [],
  );
  // Records published whole have no page, so their pages' context is not carried either.
  const context = contextOfShown(
    data.record_context,
    (s) => !whole.has(referenced.fileOf(s) ?? ''),
  );
  await writeSiteData(p.dataFile, { ...data, record_context: context });
  if (manifest && whole.size > 0) {
    const records = await publishWhole(
      p.read.evidenceDir,
      manifest,
      p.evidenceDir,
      p.rawRecordsDir,
      whole,
    );
    stderr(
      `docket build: ${whole.size} of ${Object.keys(manifest.files).length} store files ` +
        `(${records} records) are published whole, without a page per record: no page ` +
        'of the site refers to their records (site.record_pages: all shows every record)\n',
    );
  }
  await stageSiteContent(p.contentDir, files, model.content, p.siteContent, p.base);
}

/** What the preparing thread says: text for stderr, then that it is done or what failed. */
export type PrepareMessage =
  | { kind: 'stderr'; text: string }
  | { kind: 'done' }
  | { kind: 'failed'; name: string; message: string; stack?: string; problems?: Problem[] };

/**
 * Runs prepareSite in a process of its own, so that the model's memory is handed back to the
 * system when it exits, before the Astro build and the search index run (a worker thread's heap
 * was given back only seconds after it ended, while Astro was already growing). A content
 * problem or a usage error is thrown again here as what it was.
 */
export async function prepareSiteApart(
  p: SitePreparation,
  stderr: (text: string) => void,
): Promise<void> {
  const child = fork(fileURLToPath(new URL('./site-prepare-entry.js', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  child.stderr?.on('data', (d: Buffer) => stderr(d.toString()));
  let outcome: PrepareMessage | undefined;
  child.on('message', (m: PrepareMessage) => {
    if (m.kind === 'stderr') stderr(m.text);
    else outcome = m;
  });
  child.send(p);
  await new Promise<void>((done, fail) => {
    child.once('error', fail);
    child.once('close', (code) =>
      outcome ? done() : fail(new Error(`the site preparation stopped (exit ${code})`)),
    );
  });
  if (outcome?.kind !== 'failed') return;
  if (outcome.problems) throw new InputError(outcome.problems);
  if (outcome.name === 'UsageError') throw new UsageError(outcome.message);
  const err = new Error(outcome.message);
  if (outcome.stack) err.stack = outcome.stack;
  throw err;
}

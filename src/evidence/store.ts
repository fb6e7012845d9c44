import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, posix, relative } from 'node:path';
import { z } from 'zod';
import { InputError } from '../core/problems.ts';
import { Manifest, type ManifestFile, type SourceState } from '../core/schemas/manifest.ts';
import { writeSynced } from './atomic-file.ts';
import { canonicalJson } from '../core/canonical-json.ts';
import {
  type FileName,
  type KeyOf,
  type RecordOf,
  type StoreSource,
  storePath,
} from './catalog.ts';
import { assertLockIntact, holdsLock, lockStore, StoreLockedError } from './lock.ts';
import { describeFile, nextManifest, serializeManifest, sha256 } from './manifest.ts';
import { readLines, readNdjson, toNdjson } from './ndjson.ts';
import { redactedLines, redactJsonLines, redactRecords, redactText } from './secrets.ts';
import { removeStaleScratch } from './sorted-runs.ts';

export const MANIFEST_FILE = 'manifest.json';
const TXN_DIR = '.txn';
const PLAN_FILE = 'plan.json';

/**
 * Where each staged file goes, with the sha256 it was staged with, and what is deleted: read back
 * after a crash, so checked first (a staged file whose bytes differ is never moved).
 */
const Plan = z.strictObject({
  moves: z.array(
    z.tuple([
      z.string().regex(/^(\d+\.ndjson|manifest\.json)$/),
      z.string().refine(isStorePath, 'not a path inside the evidence store'),
      z.string().regex(/^[0-9a-f]{64}$/),
    ]),
  ),
  deletes: z.array(
    z.string().refine((p) => isStorePath(p) && p !== MANIFEST_FILE, 'not a store file'),
  ),
});
type Plan = z.infer<typeof Plan>;

/**
 * Opens the evidence store at `dir`: finishes or discards a commit a killed run left behind (only
 * under the writer lock: a reader never touches a running writer's commit), then reads the
 * manifest. A missing store is an empty one.
 */
export async function openStore(dir: string): Promise<Manifest | null> {
  if (holdsLock(dir)) await recover(dir);
  else if (await exists(join(dir, TXN_DIR))) await recoverIfFree(dir);
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new InputError([
      {
        file: join(dir, MANIFEST_FILE),
        line: 0,
        message: `not valid JSON: ${(err as Error).message}`,
      },
    ]);
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues.map((i) => ({
        file: join(dir, MANIFEST_FILE),
        line: 0,
        message: `${i.path.join('.')}: ${i.message}`,
      })),
    );
  }
  return parsed.data;
}

/**
 * A file's content a line at a time, for files too large to hold as one string: read once, under
 * the writer lock, while the file is staged (hashed and counted as it is written).
 */
export type LineStream = () => AsyncIterable<string>;

export interface StoreChange {
  /**
   * Store-relative path (posix) → new NDJSON content (a string, or its lines as a stream), or null
   * to delete the file.
   */
  files: ReadonlyMap<string, string | LineStream | null>;
  /**
   * Sources whose state to set; a function is told whether any file's content changed (known only
   * once streamed files are staged).
   */
  sources:
    | Readonly<Record<string, SourceState>>
    | ((filesChanged: boolean) => Readonly<Record<string, SourceState>>);
  /** Write every file even when the manifest already has its hash (`collect --full` repairs). */
  rewrite?: boolean;
}

/**
 * Applies a change atomically: every file is staged and synced first, then a plan is committed by
 * one rename, then files move into place. A run killed before the plan's rename leaves the store
 * as it was; one killed after it is completed by the next `openStore`. Returns the new manifest,
 * or the old one untouched when nothing changed (so a rerun over the same data writes nothing).
 * Writers of records go through `writeSource`, which lays their files out by the catalog.
 */
export async function commitStore(
  dir: string,
  previous: Manifest | null,
  change: StoreChange,
): Promise<{ manifest: Manifest; changed: boolean }> {
  const release = await lockStore(dir, { command: 'commit' });
  try {
    return await commitLocked(dir, previous, change);
  } finally {
    await release();
  }
}

async function commitLocked(
  dir: string,
  previous: Manifest | null,
  change: StoreChange,
): Promise<{ manifest: Manifest; changed: boolean }> {
  await recover(dir);
  const entries = new Map<string, ManifestFile | null>();
  const writes: [string, string][] = [];
  const streams: [string, LineStream][] = [];
  for (const [path, content] of change.files) {
    assertStorePath(path);
    if (content === null) {
      if (previous?.files[path]) entries.set(path, null);
      continue;
    }
    if (typeof content === 'function') {
      streams.push([path, content]);
      continue;
    }
    const entry = describeFile(content);
    const same = previous?.files[path]?.sha256 === entry.sha256;
    if (same && !change.rewrite) continue;
    if (!same) entries.set(path, entry);
    writes.push([path, content]);
  }
  const txn = join(dir, TXN_DIR);
  const plan: Plan = { moves: [], deletes: [] };
  let manifest: Manifest;
  try {
    if (streams.length) await mkdir(txn, { recursive: true });
    // Streamed files are staged first: only then are their hashes known.
    for (const [path, lines] of streams) {
      const staged = `${plan.moves.length}.ndjson`;
      const entry = await writeLinesSynced(join(txn, staged), lines());
      const same = previous?.files[path]?.sha256 === entry.sha256;
      if (same && !change.rewrite) {
        await rm(join(txn, staged));
        continue;
      }
      if (!same) entries.set(path, entry);
      plan.moves.push([staged, path, entry.sha256]);
    }
    const sources =
      typeof change.sources === 'function' ? change.sources(entries.size > 0) : change.sources;
    const sourcesChanged = Object.entries(sources).some(
      ([name, s]) => canonicalJson(previous?.sources[name]) !== canonicalJson(s),
    );
    if (plan.moves.length === 0 && writes.length === 0 && entries.size === 0 && !sourcesChanged)
      if (previous !== null) {
        await rm(txn, { recursive: true, force: true });
        return { manifest: previous, changed: false };
      }
    manifest = nextManifest(previous, entries, sources);
    await mkdir(txn, { recursive: true });
    plan.deletes = [...entries].filter(([, e]) => e === null).map(([p]) => p);
    await stage(txn, writes, plan, manifest);
  } catch (err) {
    // Before the plan exists nothing in the store has changed: drop what was staged.
    await rm(txn, { recursive: true, force: true }).catch(() => {});
    throw err;
  }
  await applyPlan(dir, plan);
  return { manifest, changed: true };
}

/**
 * Writes lines to a new file (a line break after each), hashing and counting them on the way,
 * then flushes it to disk. Returns the file's manifest entry.
 */
async function writeLinesSynced(path: string, lines: AsyncIterable<string>): Promise<ManifestFile> {
  const handle = await open(path, 'w');
  const hash = createHash('sha256');
  let records = 0;
  let bytes = 0;
  try {
    let chunk = '';
    const flush = async () => {
      const data = Buffer.from(chunk);
      chunk = '';
      hash.update(data);
      bytes += data.length;
      await handle.write(data);
    };
    for await (const line of lines) {
      chunk += `${line}\n`;
      records++;
      if (chunk.length >= 1 << 20) await flush();
    }
    if (chunk) await flush();
    await handle.sync();
  } finally {
    await handle.close();
  }
  return { sha256: hash.digest('hex'), records, bytes };
}

/**
 * One file of a source to write: which kind (a catalog entry), which one, and all its records, or
 * all its lines as the store holds them (`storedLines`, or read from the store), for a file too
 * large to hold.
 */
export type FileWrite<S extends StoreSource> = {
  [F in FileName<S>]:
    | { file: F; key: KeyOf<S, F>; records: Iterable<RecordOf<S, F>> }
    | { file: F; key: KeyOf<S, F>; lines: () => AsyncIterable<StoredLine> };
}[FileName<S>];

/** A record's NDJSON line as the store holds it: redacted, canonical JSON. */
export type StoredLine = string & { readonly storedLine: true };

/** Records' lines as the store holds them: secrets redacted (src/evidence/secrets.ts), canonical. */
export async function storedLines(records: readonly unknown[]): Promise<StoredLine[]> {
  return (await redactedLines(records, canonicalJson)) as StoredLine[];
}

/**
 * `storedLines` for records already serialised as canonical JSON (`canonicalJson`, one a line):
 * the same lines, redacted here.
 */
export async function storedLinesOfJson(lines: readonly string[]): Promise<StoredLine[]> {
  return (await redactJsonLines(lines, canonicalJson)) as StoredLine[];
}

/**
 * Records as the store holds them: secrets redacted (src/evidence/secrets.ts), canonical NDJSON.
 */
export async function storedText(records: Iterable<unknown>): Promise<string> {
  return toNdjson(await redactRecords([...records]));
}

/**
 * Writes files of one source, laid out by the catalog, as NDJSON (canonical, redacted) with the
 * source's new cursors, in one atomic commit. The source's `collected_at` moves to now only when
 * a file's content changed (or the source is new), so a rerun over the same data writes nothing.
 */
export async function writeSource<S extends StoreSource>(
  dir: string,
  previous: Manifest | null,
  source: S,
  write: {
    files: Iterable<FileWrite<S>>;
    cursors: Record<string, string>;
    now: () => Date;
    /** Rewrite every file, even one the manifest says is unchanged (`collect --full`). */
    rewrite?: boolean;
  },
): Promise<{ manifest: Manifest; changed: boolean }> {
  const files = new Map<string, string | LineStream>();
  for (const w of write.files)
    files.set(
      storePath(source, w.file, w.key),
      'lines' in w ? w.lines : await storedText(w.records),
    );
  const state = previous?.sources[source];
  return commitStore(dir, previous, {
    files,
    sources: (changed) => ({
      [source]: {
        collected_at: changed || !state ? write.now().toISOString() : state.collected_at,
        cursors: write.cursors,
      },
    }),
    rewrite: write.rewrite === true,
  });
}

/** The lines of one stored file as they were written; none when the manifest lists no such file. */
export async function* readStoredLines<S extends StoreSource, F extends FileName<S>>(
  dir: string,
  manifest: Manifest | null,
  source: S,
  file: F,
  key: KeyOf<S, F>,
): AsyncGenerator<StoredLine> {
  const path = storePath(source, file, key);
  if (!manifest?.files[path]) return;
  for await (const line of readLines(join(dir, path))) yield line as StoredLine;
}

/**
 * The records of one stored file as they were written (not validated again: collectors read back
 * what they wrote); none when the manifest lists no such file.
 */
export async function* readStored<S extends StoreSource, F extends FileName<S>>(
  dir: string,
  manifest: Manifest | null,
  source: S,
  file: F,
  key: KeyOf<S, F>,
): AsyncGenerator<RecordOf<S, F>> {
  const path = storePath(source, file, key);
  if (!manifest?.files[path]) return;
  for await (const record of readNdjson(dir, path)) yield record as RecordOf<S, F>;
}

/** Writes and syncs every new file (after those already staged), then commits the plan with one rename. */
async function stage(
  txn: string,
  writes: [string, string][],
  plan: Plan,
  manifest: Manifest,
): Promise<void> {
  let n = plan.moves.length;
  for (const [path, content] of writes) {
    const staged = `${n++}.ndjson`;
    await writeSynced(join(txn, staged), content);
    plan.moves.push([staged, path, sha256(content)]);
  }
  const manifestText = serializeManifest(manifest);
  await writeSynced(join(txn, 'manifest.json'), manifestText);
  plan.moves.push(['manifest.json', MANIFEST_FILE, sha256(manifestText)]);
  // The lock was lost (this process stalled past its staleness, another writer took over): the
  // commit is not made.
  await assertLockIntact(dirname(txn));
  await writeSynced(join(txn, `${PLAN_FILE}.tmp`), JSON.stringify(plan));
  await rename(join(txn, `${PLAN_FILE}.tmp`), join(txn, PLAN_FILE));
  await syncDir(txn);
}

async function recover(dir: string): Promise<void> {
  await removeStaleScratch(dir);
  const txn = join(dir, TXN_DIR);
  let planText: string | null = null;
  try {
    planText = await readFile(join(txn, PLAN_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (planText === null) {
    await rm(txn, { recursive: true, force: true });
    return;
  }
  let plan: Plan;
  try {
    plan = Plan.parse(JSON.parse(planText));
  } catch (err) {
    // Never written so by Docket: refuse to move anything, and leave it for a person to look at.
    const why =
      err instanceof z.ZodError
        ? err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
        : (err as Error).message;
    throw new InputError([
      {
        file: join(txn, PLAN_FILE),
        line: 1,
        message:
          `unfinished store commit with an invalid plan (${why}); nothing applied. ` +
          `Remove ${join(txn)} to discard it.`,
      },
    ]);
  }
  // Every staged file still there must hold the bytes the plan was made with, before any moves.
  for (const [staged, target, hash] of plan.moves) {
    const text = await readFile(join(txn, staged)).catch(() => null);
    if (text !== null && sha256(text) !== hash)
      throw new InputError([
        {
          file: join(txn, staged),
          line: 1,
          message:
            `unfinished store commit: the file staged for ${target} is not the ` +
            `one planned (sha256 ${sha256(text)}, planned ${hash}); nothing applied. ` +
            `Remove ${txn} to discard it.`,
        },
      ]);
  }
  await applyPlan(dir, plan);
}

/** Completes a killed run's commit when no writer holds the lock; else leaves it to the writer. */
async function recoverIfFree(dir: string): Promise<void> {
  let release: () => Promise<void>;
  try {
    release = await lockStore(dir, { command: 'recover', waitMs: 0 });
  } catch (err) {
    if (err instanceof StoreLockedError) return;
    throw err;
  }
  try {
    await recover(dir);
  } finally {
    await release();
  }
}

async function applyPlan(dir: string, plan: Plan): Promise<void> {
  const txn = join(dir, TXN_DIR);
  for (const [staged, target] of plan.moves) {
    const from = join(txn, staged);
    if (!(await exists(from))) continue; // moved before a crash
    await mkdir(dirname(join(dir, target)), { recursive: true });
    await rename(from, join(dir, target));
  }
  for (const path of plan.deletes) await rm(join(dir, path), { force: true });
  await syncDir(dir);
  await rm(txn, { recursive: true, force: true });
}

/** A relative path that stays inside the store and out of its transaction folder. */
function isStorePath(path: string): boolean {
  return (
    path !== '' &&
    path === posix.normalize(path) &&
    !path.startsWith('/') &&
    !path.startsWith('../') &&
    path !== '..' &&
    !path.includes('\\') &&
    !path.startsWith(`${TXN_DIR}/`) &&
    path !== TXN_DIR
  );
}

function assertStorePath(path: string): void {
  if (!isStorePath(path) || path === MANIFEST_FILE)
    throw new Error(`invalid evidence store path ${JSON.stringify(path)}`);
}

async function syncDir(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A copy of the store at `from` in `to`, every NDJSON file's records redacted again: what a site
 * built from a store that fails verification (`build --allow-unverified`) reads, since its files
 * are not the ones the store wrote and may hold anything. A line that is not JSON is redacted as
 * text. Dot folders (the lock, an unfinished commit) are left out.
 */
export async function redactedCopy(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  const entries = await readdir(from, { recursive: true, withFileTypes: true });
  for (const e of entries) {
    if (!e.isFile()) continue;
    const rel = relative(from, join(e.parentPath, e.name));
    if (rel.startsWith('.')) continue;
    const text = await readFile(join(from, rel), 'utf8');
    let out = text;
    if (rel.endsWith('.ndjson')) {
      const lines = text.split('\n');
      const redacted = await Promise.all(
        lines.map(async (line) => {
          if (line.trim() === '') return line;
          try {
            return JSON.stringify((await redactRecords([JSON.parse(line) as unknown]))[0]);
          } catch {
            return (await redactText(line)).text;
          }
        }),
      );
      out = redacted.join('\n');
    }
    await mkdir(dirname(join(to, rel)), { recursive: true });
    await writeFile(join(to, rel), out);
  }
}

import type { Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { z } from 'zod';
import { canonicalJson } from '../../src/core/canonical-json.ts';
import { describeFile, nextManifest, serializeManifest } from '../../src/core/manifest.ts';
import { InputError } from '../../src/core/problems.ts';
import { redactDeep } from '../../src/core/redact.ts';
import { writeSynced } from './atomic-file.ts';
import { Manifest, type ManifestFile, type SourceState } from '../../src/core/schemas/manifest.ts';

export const MANIFEST_FILE = 'manifest.json';
const TXN_DIR = '.txn';
const PLAN_FILE = 'plan.json';

/** Where each staged file goes, and what is deleted: read back after a crash, so checked first. */
const Plan = z.strictObject({
  moves: z.array(
    z.tuple([
      z.string().regex(/^(\d+\.ndjson|manifest\.json)$/),
      z.string().refine(isStorePath, 'not a path inside the evidence store'),
    ]),
  ),
  deletes: z.array(
    z.string().refine((p) => isStorePath(p) && p !== MANIFEST_FILE, 'not a store file'),
  ),
});
type Plan = z.infer<typeof Plan>;

/**
 * Opens the evidence store at `dir`: finishes or discards a commit a killed run left behind, then
 * reads the manifest. A missing store is an empty one.
 */
export async function openStore(dir: string): Promise<Manifest | null> {
  await recover(dir);
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

/** Serialises records as NDJSON: canonical key order, secrets redacted, one record a line. */
export function toNdjson(records: Iterable<unknown>): string {
  let out = '';
  for (const r of records) out += `${canonicalJson(redactDeep(r))}\n`;
  return out;
}

export interface StoreChange {
  /** Store-relative path (posix) → new NDJSON content, or null to delete the file. */
  files: ReadonlyMap<string, string | null>;
  /** Sources whose state to set. */
  sources: Readonly<Record<string, SourceState>>;
}

/**
 * Applies a change atomically: every file is staged and synced first, then a plan is committed by
 * one rename, then files move into place. A run killed before the plan's rename leaves the store
 * as it was; one killed after it is completed by the next `openStore`. Returns the new manifest,
 * or the old one untouched when nothing changed (so a rerun over the same data writes nothing).
 */
export async function commitStore(
  dir: string,
  previous: Manifest | null,
  change: StoreChange,
): Promise<{ manifest: Manifest; changed: boolean }> {
  await recover(dir);
  const entries = new Map<string, ManifestFile | null>();
  const writes: [string, string][] = [];
  for (const [path, content] of change.files) {
    assertStorePath(path);
    if (content === null) {
      if (previous?.files[path]) entries.set(path, null);
      continue;
    }
    const entry = describeFile(content);
    if (previous?.files[path]?.sha256 === entry.sha256) continue;
    entries.set(path, entry);
    writes.push([path, content]);
  }
  const sourcesChanged = Object.entries(change.sources).some(
    ([name, s]) => canonicalJson(previous?.sources[name]) !== canonicalJson(s),
  );
  if (entries.size === 0 && !sourcesChanged && previous !== null)
    return { manifest: previous, changed: false };

  const manifest = nextManifest(previous, entries, change.sources);
  const txn = join(dir, TXN_DIR);
  await mkdir(txn, { recursive: true });
  let plan: Plan;
  try {
    plan = await stage(txn, writes, entries, manifest);
  } catch (err) {
    // Before the plan exists nothing in the store has changed: drop what was staged.
    await rm(txn, { recursive: true, force: true }).catch(() => {});
    throw err;
  }
  await applyPlan(dir, plan);
  return { manifest, changed: true };
}

/** Writes and syncs every new file, then commits the plan with one rename. */
async function stage(
  txn: string,
  writes: [string, string][],
  entries: Map<string, ManifestFile | null>,
  manifest: Manifest,
): Promise<Plan> {
  const plan: Plan = {
    moves: [],
    deletes: [...entries].filter(([, e]) => e === null).map(([p]) => p),
  };
  let n = 0;
  for (const [path, content] of writes) {
    const staged = `${n++}.ndjson`;
    await writeSynced(join(txn, staged), content);
    plan.moves.push([staged, path]);
  }
  await writeSynced(join(txn, 'manifest.json'), serializeManifest(manifest));
  plan.moves.push(['manifest.json', MANIFEST_FILE]);
  await writeSynced(join(txn, `${PLAN_FILE}.tmp`), JSON.stringify(plan));
  await rename(join(txn, `${PLAN_FILE}.tmp`), join(txn, PLAN_FILE));
  await syncDir(txn);
  return plan;
}

/**
 * Reads one NDJSON file of the store a record at a time; a bad line is an error naming file and
 * line. With `hash`, the file's bytes are hashed as they stream past (to compare with the manifest).
 */
export async function* readNdjson(dir: string, path: string, hash?: Hash): AsyncGenerator<unknown> {
  for await (const records of readNdjsonChunks(dir, path, hash)) yield* records;
}

const CHUNK_BYTES = 1 << 20;

/** How a file's bytes are read. */
interface ByteReader {
  read(buf: Buffer, at: number, length: number): Promise<number> | number;
  close(): Promise<void> | void;
}

async function openReader(file: string, blocking: boolean): Promise<ByteReader> {
  if (blocking) {
    const fd = openSync(file, 'r');
    return {
      read: (buf, at, length) => readSync(fd, buf, at, length, null),
      close: () => closeSync(fd),
    };
  }
  const handle = await open(file, 'r');
  return {
    read: async (buf, at, length) => (await handle.read(buf, at, length, null)).bytesRead,
    close: () => handle.close(),
  };
}

/**
 * Reads one NDJSON file of the store a chunk (about a megabyte) at a time, yielding each chunk's
 * records. Lines are cut from the bytes, so no more than a chunk and one line is held at once.
 * With `blocking`, the bytes are read on this thread rather than through the thread pool: for a
 * worker thread that has nothing else to do meanwhile (see check-worker-main.ts).
 */
export async function* readNdjsonChunks(
  dir: string,
  path: string,
  hash?: Hash,
  opts: { blocking?: boolean } = {},
): AsyncGenerator<unknown[]> {
  const file = join(dir, path);
  const reader = await openReader(file, opts.blocking === true);
  // One buffer per file, reused for every chunk (a fresh one each time costs garbage collections).
  let buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let kept = 0; // bytes of an unfinished line at the start of buf
  let line = 0;
  const parse = (from: number, to: number): unknown => {
    line++;
    try {
      return JSON.parse(buf.toString('utf8', from, to));
    } catch (err) {
      throw new InputError([{ file, line, message: `not valid JSON: ${(err as Error).message}` }]);
    }
  };
  const blank = (from: number, to: number) => to === from || (to === from + 1 && buf[from] === 13);
  try {
    for (;;) {
      if (kept === buf.length) {
        // A line longer than the buffer: grow it.
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, kept);
        buf = bigger;
      }
      const bytesRead = await reader.read(buf, kept, buf.length - kept);
      if (bytesRead === 0) break;
      hash?.update(buf.subarray(kept, kept + bytesRead));
      const end = kept + bytesRead;
      const view = buf.subarray(0, end);
      const records: unknown[] = [];
      let start = 0;
      try {
        for (let nl = view.indexOf(10, kept); nl !== -1; nl = view.indexOf(10, start)) {
          if (blank(start, nl)) line++;
          else records.push(parse(start, nl));
          start = nl + 1;
        }
      } catch (err) {
        // The records before the bad line still reach the caller, which may report them too.
        if (records.length) yield records;
        throw err;
      }
      buf.copy(buf, 0, start, end);
      kept = end - start;
      if (records.length) yield records;
    }
    if (kept > 0 && !blank(0, kept)) yield [parse(0, kept)];
  } finally {
    await reader.close();
  }
}

async function recover(dir: string): Promise<void> {
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
        message: `unfinished store commit with an invalid plan (${why}); nothing applied. Remove ${join(txn)} to discard it.`,
      },
    ]);
  }
  await applyPlan(dir, plan);
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

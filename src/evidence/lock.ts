/**
 * The evidence store's writer lock: one writer at a time (`collect`, `issues --apply`, the
 * recovery of a killed run's commit). It is proper-lockfile's lock (a `.lock` folder made with
 * mkdir, atomic on local and network file systems, whose mtime the holder refreshes every few
 * seconds): a lock not refreshed for STALE_MS is stale, so a holder killed with `kill -9`, or one
 * on another host, never blocks the store for good. Inside it, `holder.json` says who holds it
 * (pid, host, command, since): a waiter names the holder, takes over at once a lock whose holder
 * was on this host and no longer runs, and never takes one whose holder on this host still runs
 * (a process stalled past STALE_MS on a loaded machine is slow, not dead).
 */
import * as fs from 'node:fs';
import { mkdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';

export const LOCK_DIR = '.lock';
const HOLDER_FILE = 'holder.json';
/**
 * How long a lock may go unrefreshed before it is stale (refreshed every STALE_MS / 2). Long: a
 * collector's synchronous stretches on a loaded machine must not let its lock go stale.
 */
const STALE_MS = 60_000;
/** How long a second writer waits for the lock by default. */
export const DEFAULT_LOCK_WAIT_MS = 30_000;
/** How long a lock folder may be seen without its holder.json before it counts as unnamed. */
const HOLDER_GRACE_MS = 2_000;

const Holder = z.object({
  pid: z.number().int(),
  host: z.string(),
  command: z.string(),
  since: z.string(),
});
export type Holder = z.infer<typeof Holder>;

export class StoreLockedError extends Error {
  readonly dir: string;
  readonly holder: Holder | null;
  constructor(dir: string, holder: Holder | null, waitedMs: number) {
    super(
      `the evidence store ${dir} is locked by another writer (${describeHolder(holder)}); ` +
        `waited ${Math.round(waitedMs / 1000)} s. Try again when it has finished` +
        ` (--lock-wait SECONDS waits longer). A lock whose holder died is taken over at once on ` +
        `its host, after ${STALE_MS / 1000} s from another.`,
    );
    this.name = 'StoreLockedError';
    this.dir = dir;
    this.holder = holder;
  }
}

export function describeHolder(holder: Holder | null): string {
  if (!holder) return 'holder unknown';
  return `pid ${holder.pid} on ${holder.host}, \`docket ${holder.command}\`, since ${holder.since}`;
}

interface Held {
  /** Held by another thread of this process (`adoptLock`): that thread refreshes and releases it. */
  adopted?: boolean;
  depth: number;
  since: string;
  compromised: Error | null;
  release: () => Promise<void>;
}
/** Locks this process holds, by resolved store folder (the lock is re-entrant). */
const held = new Map<string, Held>();

/** Whether this process holds the lock of `dir`. */
export function holdsLock(dir: string): boolean {
  return held.has(resolve(dir));
}

/** When this thread holds the lock of `dir`, since when (for `adoptLock` on another thread). */
export function lockSince(dir: string): string | null {
  return held.get(resolve(dir))?.since ?? null;
}

/**
 * Takes the lock of `dir` that another thread of this process holds since `since` (it gave
 * `lockSince`) as held by this thread too, so a worker thread can commit under it. The other
 * thread refreshes and releases it; here, every `assertLockIntact` reads the lock's holder again
 * and goes on only while it still names this process since `since`. Returns the release (which
 * only forgets it here).
 */
export function adoptLock(dir: string, since: string): () => Promise<void> {
  const key = resolve(dir);
  held.set(key, {
    adopted: true,
    depth: 1,
    since,
    compromised: new Error('held by another thread of this process'),
    release: async () => {},
  });
  return () => releaseOnce(key);
}

/** Throws when this process's lock on `dir` was lost (not refreshed in time, or taken over). */
export async function assertLockIntact(dir: string): Promise<void> {
  const key = resolve(dir);
  const h = held.get(key);
  if (!h?.compromised) return;
  // A refresh that came late (a stalled event loop) while nobody took the lock: still ours.
  const holder = await readHolder(key);
  if (
    holder &&
    holder.pid === process.pid &&
    holder.host === hostname() &&
    holder.since === h.since
  )
    return;
  throw new Error(
    `lost the evidence store's lock (${h.compromised.message}); nothing more is written`,
  );
}

// The lock folder holds holder.json: proper-lockfile removes it with rmdir, which needs it empty.
const lockFs = {
  ...fs,
  rmdir: (path: string, cb: (err: NodeJS.ErrnoException | null) => void) =>
    fs.rm(path, { recursive: true, force: true }, cb),
};

export interface LockOptions {
  /** What holds it, as the holder names it: `collect`, `issues --apply`, … */
  command: string;
  /** How long to wait for another writer; 0 refuses at once. Default DEFAULT_LOCK_WAIT_MS. */
  waitMs?: number;
  /** Called once when the lock is held by another writer and this one starts waiting. */
  onWait?: (holder: Holder | null) => void;
}

/**
 * Takes the store's writer lock, waiting up to `waitMs` for another writer, and returns its
 * release. Throws StoreLockedError naming the holder when the wait runs out.
 */
export async function lockStore(dir: string, opts: LockOptions): Promise<() => Promise<void>> {
  const key = resolve(dir);
  const mine = held.get(key);
  if (mine) {
    mine.depth++;
    return () => releaseOnce(key);
  }
  await mkdir(key, { recursive: true });
  const waitMs = opts.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const start = Date.now();
  let told = false;
  for (;;) {
    const since = new Date().toISOString();
    const entry: Held = { depth: 1, since, compromised: null, release: async () => {} };
    const current = await readHolder(key);
    const live = current !== null && current.host === hostname() && alive(current.pid);
    try {
      // A holder on this host that still runs is waited for, however old its lock's mtime.
      if (live) throw Object.assign(new Error('held'), { code: 'ELOCKED' });
      entry.release = await lockfile.lock(key, {
        lockfilePath: join(key, LOCK_DIR),
        realpath: false,
        stale: STALE_MS,
        fs: lockFs,
        onCompromised: (err) => {
          entry.compromised = err;
        },
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      const holder = await readHolder(key);
      if (holder && holder.host === hostname() && !alive(holder.pid)) {
        // Its holder died on this host: mark it stale, so proper-lockfile removes it.
        await utimes(join(key, LOCK_DIR), 0, 0).catch(() => {});
        continue;
      }
      const waited = Date.now() - start;
      // A lock without holder.json is being taken or released this instant: look again briefly
      // rather than refuse naming no one.
      const deadline = holder ? waitMs : Math.max(waitMs, HOLDER_GRACE_MS);
      if (waited >= deadline) throw new StoreLockedError(key, holder, waited);
      if (!told) opts.onWait?.(holder);
      told = true;
      await new Promise((r) => setTimeout(r, Math.max(25, Math.min(200, deadline - waited))));
      continue;
    }
    const holder: Holder = {
      pid: process.pid,
      host: hostname(),
      command: opts.command,
      since,
    };
    await writeFile(join(key, LOCK_DIR, HOLDER_FILE), JSON.stringify(holder));
    held.set(key, entry);
    return () => releaseOnce(key);
  }
}

/** Runs `fn` holding the store's lock. */
export async function withStoreLock<T>(
  dir: string,
  opts: LockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const release = await lockStore(dir, opts);
  try {
    return await fn();
  } finally {
    await release();
  }
}

async function releaseOnce(key: string): Promise<void> {
  const h = held.get(key);
  if (!h) return;
  if (--h.depth > 0) return;
  held.delete(key);
  if (h.adopted) return;
  if (h.compromised) {
    // No longer refreshed by proper-lockfile; removed only if it still names this process.
    const holder = await readHolder(key);
    if (holder?.pid === process.pid && holder.since === h.since)
      await rm(join(key, LOCK_DIR), { recursive: true, force: true });
    return;
  }
  await h.release();
}

/** Who holds the lock of `dir`, if anyone says so. */
export async function readHolder(dir: string): Promise<Holder | null> {
  try {
    const parsed = Holder.safeParse(
      JSON.parse(await readFile(join(dir, LOCK_DIR, HOLDER_FILE), 'utf8')),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

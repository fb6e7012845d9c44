import { Worker } from 'node:worker_threads';
import type { Manifest } from '../../src/core/schemas/manifest.ts';
import { lockSince } from '../../src/evidence/lock.ts';
import type { Committed, MonthCommit, MonthSink } from './months.ts';

export type MergeRequest = { n: number } & (
  | { op: 'open'; storeDir: string; spillChars: number | undefined }
  | { op: 'add'; lines: string | Uint8Array; records: readonly number[]; where: string }
  | {
      op: 'commit';
      /** When this thread holds the store's lock, since when: the merge thread commits under it. */
      lock: string | null;
      manifest: Manifest | null;
      cursors: Record<string, string>;
      now: string;
      rewritten: string[] | null;
      written: string[];
    }
);
export type MergeAnswer =
  | {
      n: number;
      value: null | (Committed & { rewritten: string[] | null; written: string[] });
    }
  | { n: number; failed: string };

/**
 * The merge thread's young generation (MiB). The merge keeps each event's line until its sort
 * spills, so most of what it allocates survives a scavenge or two, and V8 grows a young generation
 * that keeps surviving objects to its largest (128 MiB on a machine with memory to spare); bounded
 * here, the survivors move to the old generation sooner and are collected there.
 */
const YOUNG_MB = 32;
/** How many files' lines may wait on the merge thread: bounds what waits in memory. */
const AHEAD = 2;

/**
 * A thread (merge-entry.js) that merges account-months (MonthMerge): redacts, sorts and writes the
 * events the reader thread reads, so this thread only passes their lines on (as bytes, moved, not
 * copied). Its heap is bounded (YOUNG_MB), which this thread's, sized by Node's defaults, is not:
 * that is what keeps a collection's peak memory the same for a month of any size.
 */
export class MergeThread {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, PromiseWithResolvers<MergeAnswer & { value?: unknown }>>();
  #n = 0;
  #storeDir = '';
  #failed: Error | null = null;

  constructor() {
    this.#worker = new Worker(new URL('./merge-entry.js', import.meta.url), {
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
    });
    const fail = (err: Error) => {
      this.#failed ??= err;
      for (const w of this.#waiting.values()) w.reject(err);
      this.#waiting.clear();
    };
    this.#worker.on('message', (m: MergeAnswer) => {
      const w = this.#waiting.get(m.n);
      this.#waiting.delete(m.n);
      if ('failed' in m) w?.reject(new Error(`CloudTrail merge thread: ${m.failed}`));
      else w?.resolve(m);
    });
    this.#worker.on('error', fail);
    this.#worker.on('exit', (code) => fail(new Error(`CloudTrail merge thread exited (${code})`)));
  }

  async #ask(request: MergeRequest): Promise<MergeAnswer & { value?: unknown }> {
    if (this.#failed) throw this.#failed;
    const w = Promise.withResolvers<MergeAnswer & { value?: unknown }>();
    this.#waiting.set(request.n, w);
    const transfer =
      request.op === 'add' && typeof request.lines !== 'string' ? [request.lines.buffer] : [];
    this.#worker.postMessage(request, transfer as ArrayBuffer[]);
    return w.promise;
  }

  /** An account-month merged on the thread: the same as `new MonthMerge(storeDir, opts)`. */
  month(storeDir: string, opts: { spillChars?: number | undefined } = {}): MonthSink {
    this.#storeDir = storeDir;
    const opened = this.#ask({ n: this.#n++, op: 'open', storeDir, spillChars: opts.spillChars });
    opened.catch(() => {});
    // Adds sent and not yet done: up to AHEAD wait on the thread, so it never waits for this one.
    const adding: Promise<unknown>[] = [];
    return {
      addJson: async (lines, records, where) => {
        const added = this.#ask({ n: this.#n++, op: 'add', lines, records, where });
        added.catch(() => {});
        adding.push(added);
        if (adding.length >= AHEAD) await adding.shift();
      },
      commit: async (manifest, o: MonthCommit) => {
        await opened;
        for (const added of adding.splice(0)) await added;
        const answer = await this.#ask({
          n: this.#n++,
          op: 'commit',
          lock: lockSince(this.#storeDir),
          manifest,
          cursors: o.cursors,
          now: o.now().toISOString(),
          rewritten: o.rewritten ? [...o.rewritten] : null,
          written: [...o.written],
        });
        const value = answer.value as Committed & { rewritten: string[] | null; written: string[] };
        for (const path of value.rewritten ?? []) o.rewritten?.add(path);
        for (const path of value.written) o.written.add(path);
        return { manifest: value.manifest, added: value.added, clashes: value.clashes };
      },
    };
  }

  async close(): Promise<void> {
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
  }
}

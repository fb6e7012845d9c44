/**
 * An external sort of keyed lines: lines are held in memory up to a budget shared by every sorter
 * of a run, then the largest buffer is sorted and written to a run file on disk; `sorted()` merges
 * the runs (k-way, a binary heap). So a file of any size is sorted in bounded memory. Nothing here
 * knows what the lines mean: the caller gives each its key (an array of strings, compared part by
 * part with `<`, as `compareEvents` compares). Equal keys come out in the order they went in.
 *
 * Run files lie in the store's `.sort/<pid>-<id>/` folder, on the store's disk (not a tmpfs, which
 * would hold them in memory), and are removed when the sort is done; `removeStaleScratch` (run
 * under the store's writer lock) removes those of a killed process. Lines must hold no line break
 * (canonical JSON holds none).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readLines } from './ndjson.ts';

export type SortKey = readonly string[];
export interface Keyed {
  key: SortKey;
  line: string;
}

export const SCRATCH_DIR = '.sort';
const WRITE_CHARS = 1 << 20;
/** The most run files merged at once by default (each one open, with a 64 KiB read buffer). */
const FAN_IN = 64;

export function compareKeys(a: SortKey, b: SortKey): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

/** Where a run's sorters spill, and how many characters they may hold in memory together. */
export class SortScratch {
  readonly dir: string;
  readonly maxChars: number;
  /** The most run files merged at once (each one open, with its read buffer). */
  readonly fanIn: number;
  used = 0;
  readonly #sorters = new Set<RunSorter>();
  #made = false;
  #runs = 0;

  constructor(storeDir: string, opts: { maxChars?: number | undefined; fanIn?: number } = {}) {
    this.dir = join(storeDir, SCRATCH_DIR, `${process.pid}-${randomUUID().slice(0, 8)}`);
    this.maxChars = opts.maxChars ?? 8 << 20;
    this.fanIn = Math.max(2, opts.fanIn ?? FAN_IN);
  }

  sorter(): RunSorter {
    const s = new RunSorter(this);
    this.#sorters.add(s);
    return s;
  }

  /** @internal A sorter's buffer grew: spill the largest buffers while over budget. */
  async grew(): Promise<void> {
    while (this.used > this.maxChars) {
      let largest: RunSorter | null = null;
      for (const s of this.#sorters) if (!largest || s.buffered > largest.buffered) largest = s;
      if (!largest || largest.buffered === 0) return;
      await largest.spill();
    }
  }

  /** How many run files were written (spills, and the longer runs of merge passes). */
  get runsWritten(): number {
    return this.#runs;
  }

  /** @internal A new run file's path. */
  async runFile(): Promise<string> {
    if (!this.#made) {
      await mkdir(this.dir, { recursive: true });
      this.#made = true;
    }
    return join(this.dir, `${this.#runs++}.run`);
  }

  /** @internal */
  forget(s: RunSorter): void {
    this.#sorters.delete(s);
  }

  /** Removes every run file (and the scratch folder, and `.sort` when it is left empty). */
  async dispose(): Promise<void> {
    if (!this.#made) return;
    await rm(this.dir, { recursive: true, force: true });
    await rmdir(join(this.dir, '..')).catch(() => {});
    this.#made = false;
  }
}

export class RunSorter {
  readonly #scratch: SortScratch;
  #buffer: Keyed[] = [];
  readonly #runs: string[] = [];
  buffered = 0;

  constructor(scratch: SortScratch) {
    this.#scratch = scratch;
  }

  async add(key: SortKey, line: string): Promise<void> {
    this.#buffer.push({ key, line });
    const chars = line.length + 16 * key.length + key.reduce((n, k) => n + k.length, 0);
    this.buffered += chars;
    this.#scratch.used += chars;
    if (this.#scratch.used > this.#scratch.maxChars) await this.#scratch.grew();
  }

  /** Sorts the buffer and writes it to a run file. */
  async spill(): Promise<void> {
    const entries = this.#buffer.sort((a, b) => compareKeys(a.key, b.key));
    this.#buffer = [];
    this.#scratch.used -= this.buffered;
    this.buffered = 0;
    const path = await this.#scratch.runFile();
    this.#runs.push(path);
    await writeRun(path, entries);
  }

  /** Every line added, by key (equal keys in the order added). Once. */
  async *sorted(): AsyncGenerator<Keyed> {
    this.#scratch.forget(this);
    if (this.#runs.length === 0) {
      const entries = this.#buffer.sort((a, b) => compareKeys(a.key, b.key));
      this.#buffer = [];
      this.#scratch.used -= this.buffered;
      this.buffered = 0;
      yield* entries;
      return;
    }
    if (this.#buffer.length) await this.spill();
    // At most fanIn runs open at once: more are first merged, fanIn at a time and in order (so
    // equal keys keep theirs), into longer ones, as many passes as it takes.
    const fanIn = this.#scratch.fanIn;
    while (this.#runs.length > fanIn) {
      const longer: string[] = [];
      for (let i = 0; i < this.#runs.length; i += fanIn) {
        const some = this.#runs.slice(i, i + fanIn);
        const path = await this.#scratch.runFile();
        await writeRun(path, mergeRuns(some));
        for (const p of some) await rm(p, { force: true });
        longer.push(path);
      }
      this.#runs.splice(0, this.#runs.length, ...longer);
    }
    yield* mergeRuns(this.#runs);
    for (const path of this.#runs) await rm(path, { force: true });
  }
}

/** Writes sorted entries to a run file. */
async function writeRun(path: string, entries: Iterable<Keyed> | AsyncIterable<Keyed>) {
  const handle = await open(path, 'w');
  try {
    let chunk = '';
    for await (const { key, line } of entries) {
      chunk += `${JSON.stringify(key)}\t${line}\n`;
      if (chunk.length > WRITE_CHARS) {
        await handle.write(chunk);
        chunk = '';
      }
    }
    if (chunk) await handle.write(chunk);
  } finally {
    await handle.close();
  }
}

interface Head {
  entry: Keyed;
  run: number;
  rest: AsyncIterator<string>;
}

function parseEntry(text: string): Keyed {
  const tab = text.indexOf('\t');
  return { key: JSON.parse(text.slice(0, tab)) as string[], line: text.slice(tab + 1) };
}

const before = (a: Head, b: Head) => {
  const c = compareKeys(a.entry.key, b.entry.key);
  return c < 0 || (c === 0 && a.run < b.run);
};

/** The k-way merge of sorted run files. */
async function* mergeRuns(paths: readonly string[]): AsyncGenerator<Keyed> {
  const heap: Head[] = [];
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l] as Head, heap[m] as Head)) m = l;
      if (r < heap.length && before(heap[r] as Head, heap[m] as Head)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m] as Head, heap[i] as Head];
      i = m;
    }
  };
  const iterators: AsyncIterator<string>[] = [];
  try {
    for (const [run, path] of paths.entries()) {
      const rest = readLines(path, 1 << 16)[Symbol.asyncIterator]();
      iterators.push(rest);
      const first = await rest.next();
      if (!first.done) heap.push({ entry: parseEntry(first.value), run, rest });
    }
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
    while (heap.length) {
      const top = heap[0] as Head;
      yield top.entry;
      const next = await top.rest.next();
      if (next.done) {
        const last = heap.pop() as Head;
        if (heap.length) heap[0] = last;
      } else top.entry = parseEntry(next.value);
      down(0);
    }
  } finally {
    for (const it of iterators) await it.return?.();
  }
}

/**
 * Removes the scratch folders of processes no longer running (a sort killed with `kill -9`), and
 * `.sort` itself when it is left empty. Call under the store's writer lock.
 */
export async function removeStaleScratch(storeDir: string): Promise<void> {
  const root = join(storeDir, SCRATCH_DIR);
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || !alive(pid))
      await rm(join(root, name), { recursive: true, force: true });
  }
  await rmdir(root).catch(() => {});
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

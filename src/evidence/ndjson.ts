import type { Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../core/problems.ts';
import { canonicalJson } from '../core/canonical-json.ts';

/**
 * Serialises records as NDJSON: canonical key order, one record a line. The store redacts secrets
 * before (store.ts storedText).
 */
export function toNdjson(records: Iterable<unknown>): string {
  let out = '';
  for (const r of records) out += `${canonicalJson(r)}\n`;
  return out;
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
 * worker thread that has nothing else to do meanwhile (see src/check/worker-main.ts).
 */
export async function* readNdjsonChunks(
  dir: string,
  path: string,
  hash?: Hash,
  opts: { blocking?: boolean } = {},
): AsyncGenerator<unknown[]> {
  const file = join(dir, path);
  let reader: ByteReader;
  try {
    reader = await openReader(file, opts.blocking === true);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new InputError([
      {
        file,
        line: 0,
        message:
          'listed in the evidence manifest but missing: the store is damaged (`docket verify` ' +
          'lists what differs; `docket collect --source NAME --full` rebuilds a source)',
      },
    ]);
  }
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

/**
 * The lines of a file as text, read `chunkBytes` at a time (lines are cut from the bytes, so a
 * character split between chunks is whole). Blank lines are skipped; a `\r` before `\n` is kept.
 */
export async function* readLines(file: string, chunkBytes = CHUNK_BYTES): AsyncGenerator<string> {
  const handle = await open(file, 'r');
  let buf = Buffer.allocUnsafe(chunkBytes);
  let kept = 0;
  try {
    for (;;) {
      if (kept === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, kept);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, kept, buf.length - kept, null);
      if (bytesRead === 0) break;
      const end = kept + bytesRead;
      let start = 0;
      for (let nl = buf.indexOf(10, kept); nl !== -1 && nl < end; nl = buf.indexOf(10, start)) {
        if (nl > start) yield buf.toString('utf8', start, nl);
        start = nl + 1;
      }
      buf.copy(buf, 0, start, end);
      kept = end - start;
    }
    if (kept > 0) yield buf.toString('utf8', 0, kept);
  } finally {
    await handle.close();
  }
}

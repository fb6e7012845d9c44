import { Worker } from 'node:worker_threads';
import { type FileRead, type KeepRules, readAndKeep } from './keep.ts';
import type { LogFile } from './log-files.ts';

export interface ReadRequest {
  n: number;
  file: LogFile;
}
export type ReadAnswer = { n: number; read: FileRead } | { n: number; failed: string };

/** How many files the reader thread may be ahead of the merge: bounds what waits in memory. */
const AHEAD = 3;
/**
 * The reader thread's young generation (MiB): a raw log file parsed is a few tens of megabytes of
 * short-lived objects; much less and the thread spends a third of its time collecting garbage,
 * much more and a collection's memory passes 512 MiB.
 */
const YOUNG_MB = 48;

/**
 * Log files read in order, on a thread of their own (read-entry.js) when there are enough of them
 * to be worth its start: reading, gunzipping, parsing, normalising and serialising a file is most
 * of a collection's work, so this thread meanwhile redacts, sorts and writes the events read
 * before. A few files are read on this thread.
 */
export async function* readFiles(
  files: readonly LogFile[],
  rules: KeepRules,
  opts: { thread?: boolean | undefined } = {},
): AsyncGenerator<[LogFile, FileRead]> {
  if (!(opts.thread ?? files.length >= 8)) {
    for (const file of files) yield [file, await readAndKeep(file, rules)];
    return;
  }
  const worker = new Worker(new URL('./read-entry.js', import.meta.url), {
    workerData: rules,
    resourceLimits: { maxYoungGenerationSizeMb: YOUNG_MB },
  });
  const waiting = new Map<number, PromiseWithResolvers<FileRead>>();
  const fail = (err: Error) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  worker.on('message', (m: ReadAnswer) => {
    const w = waiting.get(m.n);
    waiting.delete(m.n);
    if ('failed' in m) w?.reject(new Error(`CloudTrail reader thread: ${m.failed}`));
    else w?.resolve(m.read);
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`CloudTrail reader thread exited (${code})`)));
  const ask = (n: number) => {
    const w = Promise.withResolvers<FileRead>();
    // Settled by the loop below or, on a failure, left unobserved once the loop has thrown.
    w.promise.catch(() => {});
    waiting.set(n, w);
    worker.postMessage({ n, file: files[n] as LogFile } satisfies ReadRequest);
    return w.promise;
  };
  try {
    const pending: Promise<FileRead>[] = [];
    for (let n = 0; n < Math.min(AHEAD, files.length); n++) pending.push(ask(n));
    for (let n = 0; n < files.length; n++) {
      const read = await (pending.shift() as Promise<FileRead>);
      if (n + AHEAD < files.length) pending.push(ask(n + AHEAD));
      yield [files[n] as LogFile, read];
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}

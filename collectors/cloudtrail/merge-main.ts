// The body of the CloudTrail merge thread (merge-entry.js; see MergeThread in merge-thread.ts):
// holds one account-month's MonthMerge at a time, adds the lines it is sent (redacting and sorting
// them) and commits the month when asked, answering each request in turn.
import { parentPort } from 'node:worker_threads';
import { adoptLock } from '../../src/evidence/lock.ts';
import { MonthMerge } from './months.ts';
import type { MergeAnswer, MergeRequest } from './merge-thread.ts';

type Value = Extract<MergeAnswer, { value: unknown }>['value'];

const port = parentPort;
if (!port) throw new Error('merge-main.ts runs in a worker thread');
let month: MonthMerge | null = null;
let storeDir = '';

async function handle(m: MergeRequest): Promise<Value> {
  if (m.op === 'open') {
    storeDir = m.storeDir;
    month = new MonthMerge(m.storeDir, { spillChars: m.spillChars });
    return null;
  }
  if (!month) throw new Error('no month open');
  if (m.op === 'add') {
    await month.addJson(m.lines, m.records, m.where);
    return null;
  }
  const rewritten = m.rewritten ? new Set(m.rewritten) : null;
  const written = new Set(m.written);
  const now = new Date(m.now);
  const done = month;
  month = null;
  // The store's lock, when the thread that asks holds it (`docket collect` does), is held here too.
  const release = m.lock === null ? null : adoptLock(storeDir, m.lock);
  let result;
  try {
    result = await done.commit(m.manifest, {
      cursors: m.cursors,
      now: () => now,
      rewritten,
      written,
    });
  } finally {
    await release?.();
  }
  return {
    ...result,
    rewritten: rewritten ? [...rewritten] : null,
    written: [...written],
  };
}

// One request at a time, in order: the next waits for the one before.
let queue: Promise<unknown> = Promise.resolve();
port.on('message', (m: MergeRequest) => {
  queue = queue.then(() =>
    handle(m).then(
      (value) => port.postMessage({ n: m.n, value } satisfies MergeAnswer),
      (err: unknown) =>
        port.postMessage({
          n: m.n,
          failed: err instanceof Error ? (err.stack ?? err.message) : String(err),
        } satisfies MergeAnswer),
    ),
  );
});

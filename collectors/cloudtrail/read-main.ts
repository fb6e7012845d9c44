// The body of the CloudTrail reader thread (read-entry.js; see FileReader in reader.ts): reads,
// gunzips, parses, normalises and serialises the log files it is sent, one at a time, and answers
// each with its kept events' lines (as UTF-8 bytes).
import { parentPort, workerData } from 'node:worker_threads';
import type { KeepRules } from './keep.ts';
import { readAndKeep } from './keep.ts';
import type { ReadRequest, ReadAnswer } from './reader.ts';

const port = parentPort;
if (!port) throw new Error('read-main.ts runs in a worker thread');
const rules = workerData as KeepRules;
const utf8 = new TextEncoder();
port.on('message', (m: ReadRequest) => {
  readAndKeep(m.file, rules).then(
    (read) => {
      // The lines as bytes, moved to the receiving thread (which passes them on to the merge
      // thread the same way) rather than copied into its heap.
      if (!read.ok || typeof read.lines !== 'string') {
        port.postMessage({ n: m.n, read } satisfies ReadAnswer);
        return;
      }
      const lines = utf8.encode(read.lines);
      port.postMessage({ n: m.n, read: { ...read, lines } } satisfies ReadAnswer, [lines.buffer]);
    },
    (err: unknown) =>
      port.postMessage({
        n: m.n,
        failed: err instanceof Error ? (err.stack ?? err.message) : String(err),
      } satisfies ReadAnswer),
  );
});

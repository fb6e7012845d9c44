// The body of the CloudTrail reader thread (read-entry.js; see FileReader in reader.ts): reads,
// gunzips, parses, normalises and serialises the log files it is sent, one at a time, and answers
// each with its kept events' lines.
import { parentPort, workerData } from 'node:worker_threads';
import type { KeepRules } from './keep.ts';
import { readAndKeep } from './keep.ts';
import type { ReadRequest, ReadAnswer } from './reader.ts';

const port = parentPort;
if (!port) throw new Error('read-main.ts runs in a worker thread');
const rules = workerData as KeepRules;
port.on('message', (m: ReadRequest) => {
  readAndKeep(m.file, rules).then(
    (read) => port.postMessage({ n: m.n, read } satisfies ReadAnswer),
    (err: unknown) =>
      port.postMessage({
        n: m.n,
        failed: err instanceof Error ? (err.stack ?? err.message) : String(err),
      } satisfies ReadAnswer),
  );
});

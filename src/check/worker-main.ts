// The body of the check worker (worker-entry.js; see CheckWorker in worker.ts): reads the content
// folder, then, when given a share of the repositories, reads their GitHub evidence and runs the
// per-repository rules on it.
import { parentPort, workerData } from 'node:worker_threads';
import { isControlPath, linkContent, parseContentFiles } from '../core/content/load.ts';
import { FRAMEWORKS } from '../core/frameworks/index.ts';
import { UsageError } from '../core/problems.ts';
import { RULES } from '../rules/index.ts';
import { readEvidence } from '../evidence/read.ts';
import { readContentFiles } from './content-files.ts';
import { later } from './later.ts';
import { checkQueuedRepositories } from './repository-share.ts';
import type { ContentRequest, ShareRequest, WorkerMessage } from './worker.ts';

const port = parentPort;
if (!port) throw new Error('worker-main.ts runs in a worker thread');
const post = (m: WorkerMessage) => port.postMessage(m);
const { contentDir, controlsDirs, files: withFiles } = workerData as ContentRequest;
try {
  const options = { controlsDirs, frameworks: FRAMEWORKS, rules: RULES };
  // The controls first: they are all the other thread needs to start checking evidence.
  const first = readContentFiles(contentDir, { folders: controlsDirs });
  const controlFiles = parseContentFiles(
    first.files.filter((f) => isControlPath(f.path, controlsDirs)),
    controlsDirs,
  );
  const controls = linkContent(controlFiles, options);
  post({
    kind: 'controls',
    content: first.problems.length || controls.problems.length ? null : controls.content,
  });
  // The whole folder (control files again: a few hundred small reads, the price of sending the
  // controls early).
  const { files, problems: readProblems } = readContentFiles(contentDir);
  const documentFiles = parseContentFiles(
    files.filter((f) => !isControlPath(f.path, controlsDirs)),
    controlsDirs,
  );
  const { content, problems } = linkContent([...controlFiles, ...documentFiles], options);
  post({
    kind: 'content',
    files: withFiles ? files : [],
    content,
    problems: [...readProblems, ...problems],
  });
  const request = await new Promise<ShareRequest | null>((resolve) =>
    port.once('message', resolve),
  );
  if (request !== null && problems.length + readProblems.length === 0) {
    const { evidenceDir, manifest } = request;
    // This thread has nothing to do while a file is read, so it reads with blocking calls: through
    // the thread pool (which the main thread's reads share) it spent a tenth of its time waiting.
    // The main thread keeps asynchronous reads: blocking ones gained nothing there in measurements.
    // SARIF runs tie scans to pull requests (policy-scan-failed reads those): small, read whole.
    const sarif = await readEvidence(evidenceDir, {
      manifest,
      blocking: true,
      only: (path) => path.startsWith('sarif/'),
    });
    // Each batch's findings go to the other thread as they come, so that little is left to send
    // at the end.
    const result = sarif.problems.length
      ? { gaps: [], pullRequests: [], problems: sarif.problems }
      : await checkQueuedRepositories(
          { ...request, sarif: sarif.evidence.sarif, content: later(content), blocking: true },
          (found) => post({ kind: 'batch', ...found }),
        );
    post({ kind: 'share', result });
  }
} catch (err) {
  post({
    kind: 'failed',
    usage: err instanceof UsageError,
    message: err instanceof Error ? err.message : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  });
}
port.close();

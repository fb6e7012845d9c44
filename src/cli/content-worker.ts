// Reads and parses the content folder on a worker thread, so that the main thread reads the
// evidence store meanwhile: markdown parsing and NDJSON parsing are both CPU work, and a check
// on a large organisation spends about as long on each.
import { parentPort, workerData } from 'node:worker_threads';
import { loadContent } from '../core/content/load.ts';
import { FRAMEWORKS } from '../core/frameworks/index.ts';
import { RULES } from '../rules/index.ts';
import { readContentFiles } from './content-files.ts';
import { UsageError } from './io.ts';
import type { ContentMessage, ContentRequest } from './content-load.ts';

const { contentDir, controlsDirs } = workerData as ContentRequest;
let message: ContentMessage;
try {
  const { files, problems: readProblems } = await readContentFiles(contentDir);
  const { content, problems } = loadContent(files, { controlsDirs, frameworks: FRAMEWORKS, rules: RULES });
  message = { ok: true, files, content, problems: [...readProblems, ...problems] };
} catch (err) {
  message = { ok: false, usage: err instanceof UsageError, message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined };
}
parentPort?.postMessage(message);

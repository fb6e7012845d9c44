import { Worker } from 'node:worker_threads';
import type { Content, ContentFile } from '../core/content/load.ts';
import type { Problem } from '../core/problems.ts';
import { UsageError } from './io.ts';

export interface ContentRequest {
  contentDir: string;
  controlsDirs: readonly string[];
}

export type ContentMessage =
  | { ok: true; files: ContentFile[]; content: Content; problems: Problem[] }
  | { ok: false; usage: boolean; message: string; stack?: string | undefined };

export interface LoadedContent {
  files: ContentFile[];
  content: Content;
  problems: Problem[];
}

/** Reads, parses and cross-links the content folder on a worker thread (see content-worker.ts). */
export function loadContentInWorker(request: ContentRequest): Promise<LoadedContent> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./content-worker.ts', import.meta.url), { workerData: request });
    let settled = false;
    worker.once('message', (m: ContentMessage) => {
      settled = true;
      if (m.ok) resolve({ files: m.files, content: m.content, problems: m.problems });
      else if (m.usage) reject(new UsageError(m.message));
      else reject(Object.assign(new Error(`reading the content folder failed: ${m.message}`), { stack: m.stack }));
    });
    worker.once('error', (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the content reader stopped (exit ${code}) before it answered`));
      settled = true;
    });
  });
}

import { Worker } from 'node:worker_threads';
import type { Content, ContentFile } from '../core/content/load.ts';
import { UsageError, type Problem } from '../core/problems.ts';
import { later, type Later } from './later.ts';
import type { RepositoryShare, RepositoryShareRequest } from './repository-share.ts';

export interface ContentRequest {
  contentDir: string;
  controlsDirs: readonly string[];
  /** Whether the content message carries the files read: the site needs them, a check does not. */
  files: boolean;
}

export interface LoadedContent {
  /** The files read (none unless the worker was asked for them). */
  files: ContentFile[];
  content: Content;
  problems: Problem[];
}

/** What the worker is given to check its share of the repositories once it has the content. */
export type ShareRequest = Omit<RepositoryShareRequest, 'content' | 'sarif'>;

export type WorkerMessage =
  /** The controls alone (null when they have problems), sent before the documents are read. */
  | { kind: 'controls'; content: Content | null }
  | ({ kind: 'content' } & LoadedContent)
  /** A batch of the worker's share checked: its gaps and the pull requests other rules read. */
  | ({ kind: 'batch' } & Omit<RepositoryShare, 'problems'>)
  /** The share done: the batches sent before, and these. */
  | { kind: 'share'; result: RepositoryShare }
  | { kind: 'failed'; usage: boolean; message: string; stack?: string | undefined };

/**
 * A worker thread (worker-entry.js) that reads, parses and cross-links the content folder while
 * this thread reads evidence: markdown parsing and NDJSON parsing are both CPU work. For a check
 * of the gaps alone it then takes a share of the repositories and runs the per-repository rules
 * on them. Each answer is Later: a failure reaches whoever awaits it, and nobody need.
 */
export class CheckWorker {
  readonly controls: Later<Content | null>;
  readonly content: Later<LoadedContent>;
  readonly #share: Later<RepositoryShare>;
  readonly #worker: Worker;
  #asked = false;

  constructor(request: ContentRequest) {
    this.#worker = new Worker(new URL('./worker-entry.js', import.meta.url), {
      workerData: request,
    });
    const controls = Promise.withResolvers<Content | null>();
    const content = Promise.withResolvers<LoadedContent>();
    const share = Promise.withResolvers<RepositoryShare>();
    this.controls = later(controls.promise);
    this.content = later(content.promise);
    this.#share = later(share.promise);
    const fail = (err: Error) => {
      controls.reject(err);
      content.reject(err);
      share.reject(err);
    };
    const batches: Omit<RepositoryShare, 'problems'> = { gaps: [], pullRequests: [] };
    this.#worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'controls') controls.resolve(m.content);
      else if (m.kind === 'content')
        content.resolve({ files: m.files, content: m.content, problems: m.problems });
      else if (m.kind === 'batch') {
        batches.gaps.push(...m.gaps);
        batches.pullRequests.push(...m.pullRequests);
      } else if (m.kind === 'share')
        share.resolve({
          gaps: [...batches.gaps, ...m.result.gaps],
          pullRequests: [...batches.pullRequests, ...m.result.pullRequests],
          problems: m.result.problems,
        });
      else
        fail(
          m.usage
            ? new UsageError(m.message)
            : Object.assign(new Error(`the check thread failed: ${m.message}`), { stack: m.stack }),
        );
    });
    this.#worker.once('error', fail);
    this.#worker.once('exit', (code) =>
      fail(new Error(`the check thread stopped (exit ${code}) before it answered`)),
    );
  }

  /** Hands the worker its share of the evidence; it starts once it has read the content. */
  share(request: ShareRequest): Later<RepositoryShare> {
    this.#asked = true;
    this.#worker.postMessage(request);
    return this.#share;
  }

  /** Lets the worker go: with no share asked for, it stops after the content. */
  async close(): Promise<void> {
    if (!this.#asked) this.#worker.postMessage(null);
    await this.#worker.terminate();
  }
}

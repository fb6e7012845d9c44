import { Worker } from 'node:worker_threads';
import type { Content, ContentFile } from '../core/content/load.ts';
import type { Problem } from '../core/problems.ts';
import type { RepositoryCheck, RepositoryCheckRequest } from './repository-check.ts';
import { UsageError } from './io.ts';
import type { Workspace } from './workspace.ts';

export interface ContentRequest {
  contentDir: string;
  controlsDirs: readonly string[];
  /** Whether the content message carries the files read: the site needs them, a check does not. */
  files: boolean;
}

export interface LoadedContent {
  /** The files read (none unless the thread was asked for them). */
  files: ContentFile[];
  content: Content;
  problems: Problem[];
}

/** What the worker is given to check its share of the repositories, once it has read the content. */
export type ShareRequest = Omit<RepositoryCheckRequest, 'content' | 'sarif'>;

export type WorkerMessage =
  /** The controls alone (null when they have problems), sent before the documents are read. */
  | { kind: 'controls'; content: Content | null }
  | ({ kind: 'content' } & LoadedContent)
  /** A batch of the worker's share checked: its gaps and the pull requests other rules read. */
  | ({ kind: 'batch' } & Omit<RepositoryCheck, 'problems'>)
  /** The share done: the batches sent before, and these. */
  | { kind: 'share'; result: RepositoryCheck }
  | { kind: 'failed'; usage: boolean; message: string; stack?: string | undefined };

/**
 * A worker thread (check-worker.js) that reads, parses and cross-links the content folder while
 * this thread reads evidence: markdown parsing and NDJSON parsing are both CPU work. For `docket
 * check` it then takes a share of the repositories and runs the per-repository rules on them.
 */
export class CheckThread {
  readonly controls: Promise<Content | null>;
  readonly content: Promise<LoadedContent>;
  #share: Promise<RepositoryCheck>;
  #worker: Worker;
  #asked = false;

  constructor(request: ContentRequest) {
    this.#worker = new Worker(new URL('./check-worker.js', import.meta.url), {
      workerData: request,
    });
    let onControls!: { resolve: (c: Content | null) => void; reject: (e: Error) => void };
    let onContent!: { resolve: (c: LoadedContent) => void; reject: (e: Error) => void };
    let onShare!: { resolve: (r: RepositoryCheck) => void; reject: (e: Error) => void };
    this.controls = new Promise((resolve, reject) => (onControls = { resolve, reject }));
    this.content = new Promise((resolve, reject) => (onContent = { resolve, reject }));
    this.#share = new Promise((resolve, reject) => (onShare = { resolve, reject }));
    // Nobody may wait for a share (content failed, or no share was asked for).
    this.controls.catch(() => {});
    this.content.catch(() => {});
    this.#share.catch(() => {});
    const fail = (err: Error) => {
      onControls.reject(err);
      onContent.reject(err);
      onShare.reject(err);
    };
    const batches: Omit<RepositoryCheck, 'problems'> = { gaps: [], pullRequests: [] };
    this.#worker.on('message', (m: WorkerMessage) => {
      if (m.kind === 'controls') onControls.resolve(m.content);
      else if (m.kind === 'content')
        onContent.resolve({ files: m.files, content: m.content, problems: m.problems });
      else if (m.kind === 'batch') {
        batches.gaps.push(...m.gaps);
        batches.pullRequests.push(...m.pullRequests);
      } else if (m.kind === 'share')
        onShare.resolve({
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
  share(request: ShareRequest): Promise<RepositoryCheck> {
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

/** The worker of a check of this workspace, reading its content from now on. */
export function startCheckThread(
  ws: Pick<Workspace, 'contentDir' | 'config'>,
  opts: { files: boolean },
): CheckThread {
  return new CheckThread({
    contentDir: ws.contentDir,
    controlsDirs: ws.config.controls_dirs,
    files: opts.files,
  });
}

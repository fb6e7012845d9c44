// The one check engine: every command that needs gaps or the model calls check(). How the work is
// shared between threads is decided here and in the modules this loads, not by the callers.
import type { ContentFile } from '../core/content/load.ts';
import type { Model } from '../core/model.ts';
import type { GapsFile } from '../core/schemas/gaps.ts';
import type { DocketConfig } from '../core/schemas/config.ts';
import { CheckWorker } from './worker.ts';

/** What a check reads: the organisation's config, its content folder and its evidence store. */
export interface CheckInput {
  config: DocketConfig;
  /** Absolute paths. */
  contentDir: string;
  evidenceDir: string;
}

/** The whole model, its gaps, and the content files it was read from (the site renders them). */
export interface ModelAndGaps {
  model: Model;
  gaps: GapsFile;
  files: ContentFile[];
}

/** How a gaps check shares the repositories out; tests choose, to exercise each side alone. */
export interface Schedule {
  /** Which thread reads repositories: both (the default), or only one of them. */
  repositories?: 'both' | 'worker' | 'main';
  /** Records checked together (default about 500). */
  batchRecords?: number;
}

/** The gaps file alone (docket check): no more evidence is held than a batch needs. */
export interface GapsRequest {
  asOf: string;
  want: 'gaps';
  schedule?: Schedule;
}

/** The whole model too, for the site and the commands that show evidence. */
export interface ModelRequest {
  asOf: string;
  want: 'model';
}

export type CheckRequest = GapsRequest | ModelRequest;

/**
 * Loads the content and the evidence store, validates them and runs every rule; throws an
 * InputError listing every problem (content problems first) and a UsageError for a missing
 * content folder. Both answers hold byte for byte the same gaps.
 */
export function check(input: CheckInput, request: GapsRequest): Promise<GapsFile>;
export function check(input: CheckInput, request: ModelRequest): Promise<ModelAndGaps>;
export function check(input: CheckInput, request: CheckRequest): Promise<GapsFile | ModelAndGaps>;
export async function check(
  input: CheckInput,
  request: CheckRequest,
): Promise<GapsFile | ModelAndGaps> {
  // The worker starts reading the content before this thread loads the rules and the store code.
  const worker = new CheckWorker({
    contentDir: input.contentDir,
    controlsDirs: input.config.controls_dirs,
    files: request.want === 'model',
  });
  try {
    if (request.want === 'model')
      return await (await import('./model-and-gaps.ts')).modelAndGaps(input, request.asOf, worker);
    const { gapsOnTwoThreads } = await import('./gaps-on-two-threads.ts');
    return await gapsOnTwoThreads(input, request.asOf, worker, request.schedule);
  } finally {
    await worker.close();
  }
}

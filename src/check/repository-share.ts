import { findGaps, pullRequestsRead } from '../core/check.ts';
import type { Content } from '../core/content/load.ts';
import type { Model } from '../core/model.ts';
import type { Problem } from '../core/problems.ts';
import type { Gap } from '../core/schemas/gaps.ts';
import type { GithubEvidence, PullRequestRecord } from '../core/schemas/github.ts';
import type { Manifest } from '../core/schemas/manifest.ts';
import type { SarifEvidence } from '../core/schemas/sarif.ts';
import { RULES } from '../rules/index.ts';
import type { Rule } from '../core/rule.ts';
import {
  inStoreOrder,
  readEvidence,
  repositoryOf,
  type RepositoryQueue,
} from '../evidence/read.ts';
import type { Later } from './later.ts';

/**
 * Whether the check may run a rule on a few repositories at a time: a GitHub rule that reads
 * nothing from other sources (Rule.reads) finds each gap from one repository's records alone.
 */
export const runsPerRepository = (rule: Rule): boolean =>
  rule.source === 'github' && rule.reads === undefined;

/**
 * About this many pull requests and deployments are checked together, then let go: the fewer
 * records alive when the young-generation collector runs, the less it copies (500 measured
 * faster than 2,000; below that the rules' per-batch work starts to tell).
 */
const BATCH_RECORDS = 500;

export interface RepositoryShare {
  /** Gaps of the per-repository rules in the repositories this thread took. */
  gaps: Gap[];
  /** Of their pull requests, those the other rules read (Rule.reads), in store order. */
  pullRequests: PullRequestRecord[];
  problems: Problem[];
}

export interface RepositoryShareRequest {
  evidenceDir: string;
  manifest: Manifest;
  queue: RepositoryQueue;
  model: Omit<Model, 'content' | 'evidence'>;
  /** SARIF runs, which tie scans to pull requests. */
  sarif?: SarifEvidence | undefined;
  /** The content: repositories are read until it is here, and checked from then on. */
  content: Later<Content>;
  /** Records checked together (tests make batches small to check many). */
  batchRecords?: number;
  /** Read the evidence with blocking calls (see readNdjsonChunks). */
  blocking?: boolean;
}

/**
 * Takes repositories from the queue until none is left, reads each one's GitHub evidence and runs
 * the per-repository rules on it a batch at a time. Only the gaps, and the pull requests other
 * rules read, are kept: a batch's records are let go once checked. With `onBatch`, each batch's
 * gaps and pull requests go to it as they are found instead of into the result.
 */
export async function checkQueuedRepositories(
  request: RepositoryShareRequest,
  onBatch?: (found: Omit<RepositoryShare, 'problems'>) => void,
): Promise<RepositoryShare> {
  const { evidenceDir, manifest, queue, content } = request;
  const result: RepositoryShare = { gaps: [], pullRequests: [], problems: [] };
  let batch = new Map<string, GithubEvidence>();
  let records = 0;
  const check = (withContent: Content) => {
    if (batch.size === 0 || result.problems.length) return;
    const repos = [...batch.keys()].sort(inStoreOrder);
    const github = {
      pullRequests: repos.flatMap((r) => batch.get(r)?.pullRequests ?? []),
      deployments: repos.flatMap((r) => batch.get(r)?.deployments ?? []),
    };
    const model: Model = {
      ...request.model,
      content: withContent,
      evidence: {
        manifest,
        sources: manifest.sources,
        github,
        ...(request.sarif ? { sarif: request.sarif } : {}),
      },
    };
    const found = {
      gaps: findGaps(model, RULES, runsPerRepository),
      pullRequests: pullRequestsRead(model, RULES),
    };
    if (onBatch) onBatch(found);
    else {
      result.gaps.push(...found.gaps);
      result.pullRequests.push(...found.pullRequests);
    }
    batch = new Map();
    records = 0;
  };
  for (
    let i = Atomics.add(queue.next, 0, 1);
    i < queue.repos.length;
    i = Atomics.add(queue.next, 0, 1)
  ) {
    const repo = queue.repos[i] as string;
    const { evidence, problems } = await readEvidence(evidenceDir, {
      manifest,
      blocking: request.blocking === true,
      only: (path) => repositoryOf(path) === repo,
    });
    result.problems.push(...problems);
    const github = evidence.github ?? { pullRequests: [], deployments: [] };
    batch.set(repo, github);
    records += github.pullRequests.length + github.deployments.length;
    const known = content.now();
    if (known !== undefined && records >= (request.batchRecords ?? BATCH_RECORDS)) check(known);
  }
  check(await content.get());
  return result;
}

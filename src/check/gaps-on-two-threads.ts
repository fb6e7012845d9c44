import { findGaps, gapsFileOf } from '../core/check.ts';
import { auditPeriod } from '../core/config.ts';
import type { Model } from '../core/model.ts';
import { InputError, sortProblems } from '../core/problems.ts';
import type { Rule } from '../core/rule.ts';
import type { GapsFile } from '../core/schemas/gaps.ts';
import { RULES } from '../rules/index.ts';
import { openStore } from '../evidence/store.ts';
import { inStoreOrder, readEvidence, repositoryOf, repositoryQueue } from '../evidence/read.ts';
import type { CheckInput, Schedule } from './check.ts';
import { later } from './later.ts';
import {
  checkQueuedRepositories,
  runsPerRepository,
  type RepositoryShare,
} from './repository-share.ts';
import type { CheckWorker } from './worker.ts';

const NONE: RepositoryShare = { gaps: [], pullRequests: [], problems: [] };

/** Rules that read pull requests across repositories (Rule.reads): they run last. */
const readsPullRequests = (rule: Rule): boolean => rule.reads?.pullRequests !== undefined;

/**
 * The gaps file, found on two threads. The worker reads the content folder, the controls first
 * (all the per-repository rules need), while this thread reads the CloudTrail, SARIF and
 * accepted-risk evidence. Both threads take repositories from one queue until none is left,
 * reading each one's GitHub evidence and checking it right away, so records are let go young.
 * The other rules run here on the whole content, as soon as it is here; those that read pull
 * requests run last, on the ones they declare they read, gathered from both threads. Gives the
 * same bytes as runRules over the whole model (modelAndGaps).
 */
export async function gapsOnTwoThreads(
  input: CheckInput,
  asOf: string,
  worker: CheckWorker,
  schedule: Schedule = {},
): Promise<GapsFile> {
  const split = schedule.repositories ?? 'both';
  const batching = schedule.batchRecords ? { batchRecords: schedule.batchRecords } : {};
  const { evidenceDir } = input;
  const base = { config: input.config, asOf, period: auditPeriod(input.config, asOf) };
  const manifest = await openStore(evidenceDir);
  const queue = repositoryQueue(manifest);
  // Each is awaited below, after this thread's own reading: a failure is thrown there, and a
  // content failure first.
  const theirs =
    manifest && split !== 'main'
      ? worker.share({ evidenceDir, manifest, queue, model: base, ...batching })
      : later(NONE);
  const whole = later(
    worker.content.get().then(({ content, problems }) => {
      if (problems.length) throw new InputError(sortProblems(problems));
      return content;
    }),
  );
  // The worker sends the controls first; until then this thread reads repositories without
  // checking them.
  const controls = later(worker.controls.get().then((c) => c ?? whole.get()));
  const own = await readEvidence(evidenceDir, {
    ...(manifest ? { manifest } : {}),
    rulesOnly: input.config,
    only: (path) => repositoryOf(path) === null,
  });
  if (own.problems.length) {
    await whole.get(); // content problems are reported first
    throw new InputError(sortProblems(own.problems));
  }
  // Rules that read no pull requests run as soon as the whole content is here, between batches.
  const early = later(
    whole
      .get()
      .then((content) =>
        findGaps(
          { ...base, content, evidence: own.evidence },
          RULES,
          (rule) => !runsPerRepository(rule) && !readsPullRequests(rule),
        ),
      ),
  );
  const mine =
    manifest && split !== 'worker'
      ? await checkQueuedRepositories({
          evidenceDir,
          manifest,
          queue,
          model: base,
          sarif: own.evidence.sarif,
          content: controls,
          ...batching,
        })
      : NONE;
  const model: Model = { ...base, content: await whole.get(), evidence: own.evidence };
  const shared = await theirs.get();
  const problems = [...mine.problems, ...shared.problems];
  if (problems.length) throw new InputError(sortProblems(problems));

  // The rules left see the pull requests they read, from both threads, in store order.
  let global = model;
  if (model.evidence.github) {
    const pullRequests = [...mine.pullRequests, ...shared.pullRequests].sort((a, b) =>
      inStoreOrder(a.repo, b.repo),
    );
    global = {
      ...model,
      evidence: { ...model.evidence, github: { pullRequests, deployments: [] } },
    };
  }
  return gapsFileOf(model, [
    ...mine.gaps,
    ...shared.gaps,
    ...(await early.get()),
    ...findGaps(global, RULES, readsPullRequests),
  ]);
}

import { findGaps, gapsFileOf, runRules } from '../core/check.ts';
import type { ContentFile } from '../core/content/load.ts';
import type { Model } from '../core/model.ts';
import { InputError, sortProblems } from '../core/problems.ts';
import type { GapsFile } from '../core/schemas/gaps.ts';
import { RULES } from '../rules/index.ts';
import { startCheckThread, type CheckThread } from './check-thread.ts';
import {
  inStoreOrder,
  loadEvidence,
  readEvidence,
  repositoryOf,
  repositoryQueue,
} from './evidence.ts';
import {
  checkQueuedRepositories,
  perRepository,
  type RepositoryCheck,
} from './repository-check.ts';
import { openStore } from '../../collectors/store/store.ts';
import { auditPeriod, type Workspace } from './workspace.ts';
import { buildSiteData, type SiteControl, type SitePopulation } from '../core/site-data.ts';
import { UsageError } from './io.ts';

/** Loads content and evidence into the model; throws InputError listing every content problem. */
export async function loadModel(ws: Workspace, asOf: string): Promise<Model> {
  return (await loadModelAndFiles(ws, asOf)).model;
}

async function loadModelAndFiles(
  ws: Workspace,
  asOf: string,
): Promise<{ model: Model; files: ContentFile[] }> {
  // Content on a worker thread, evidence here, side by side; content problems are reported first.
  const thread = startCheckThread(ws, { files: true });
  try {
    const evidenceLoad = loadEvidence(ws.evidenceDir);
    evidenceLoad.catch(() => {}); // awaited below, unless the content fails first
    const { files, content, problems } = await thread.content;
    const all = sortProblems(problems);
    if (all.length) throw new InputError(all);
    const evidence = await evidenceLoad;
    return {
      model: { config: ws.config, content, evidence, asOf, period: auditPeriod(ws.config, asOf) },
      files,
    };
  } finally {
    await thread.close();
  }
}

/**
 * The gaps file, found on two threads (docket check). The worker reads the content folder, the
 * controls first (all the per-repository rules need), while this thread reads the CloudTrail,
 * SARIF and accepted-risk evidence. Both threads take repositories from one queue
 * until none is left, reading each one's GitHub evidence and checking it right away, so records
 * are let go young. The other rules run here on the whole content, as soon as it is here; those
 * that read pull requests run last, on the ones they declare they read, gathered from both
 * threads. Gives the same bytes as runRules over the whole model.
 */
export async function checkInParallel(
  ws: Workspace,
  asOf: string,
  opts: {
    repositories?: 'both' | 'worker' | 'main';
    batchRecords?: number;
    thread?: CheckThread;
  } = {},
): Promise<GapsFile> {
  // Tests choose which thread reads the repositories, to exercise each side alone, and how many records a batch holds.
  const split = opts.repositories ?? 'both';
  const batching = opts.batchRecords ? { batchRecords: opts.batchRecords } : {};
  // A thread started by the caller (before it loaded this module) is closed here too.
  const thread = opts.thread ?? startCheckThread(ws, { files: false });
  try {
    const base = { config: ws.config, asOf, period: auditPeriod(ws.config, asOf) };
    const manifest = await openStore(ws.evidenceDir);
    const queue = repositoryQueue(manifest);
    const theirs =
      manifest && split !== 'main'
        ? thread.share({ evidenceDir: ws.evidenceDir, manifest, queue, model: base, ...batching })
        : null;
    const whole = thread.content.then(({ content, problems }) => {
      if (problems.length) throw new InputError(sortProblems(problems));
      return content;
    });
    whole.catch(() => {}); // awaited below
    // The worker sends the controls first; until then this thread reads repositories without checking them.
    const controls = thread.controls.then((c) => c ?? whole);
    controls.catch(() => {}); // awaited below
    const own = await readEvidence(ws.evidenceDir, {
      ...(manifest ? { manifest } : {}),
      rulesOnly: ws.config,
      only: (path) => repositoryOf(path) === null,
    });
    if (own.problems.length) {
      await whole; // content problems are reported first
      throw new InputError(sortProblems(own.problems));
    }
    // Rules that read no pull requests run as soon as the whole content is here, between batches.
    const early = whole.then((content) =>
      findGaps(
        { ...base, content, evidence: own.evidence },
        RULES,
        (rule) => !perRepository(rule) && !rule.pullRequestsRead,
      ),
    );
    early.catch(() => {}); // awaited below
    const mine: RepositoryCheck =
      manifest && split !== 'worker'
        ? await checkQueuedRepositories({
            evidenceDir: ws.evidenceDir,
            manifest,
            queue,
            model: base,
            sarif: own.evidence.sarif,
            content: controls,
            ...batching,
          })
        : { gaps: [], pullRequests: [], problems: [] };
    const model: Model = { ...base, content: await whole, evidence: own.evidence };
    const shared = theirs ? await theirs : { gaps: [], pullRequests: [], problems: [] };
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
      ...(await early),
      ...findGaps(global, RULES, (rule) => rule.pullRequestsRead !== undefined),
    ]);
  } finally {
    await thread.close();
  }
}

/** The model, its gaps, and the content files it was read from. */
export async function checkWorkspace(
  ws: Workspace,
  asOf: string,
): Promise<{ model: Model; gaps: GapsFile; files: ContentFile[] }> {
  const { model, files } = await loadModelAndFiles(ws, asOf);
  return { model, gaps: runRules(model, RULES), files };
}

/** A control's populations exactly as the site shows them (statuses, accepted risk, evidence links aside). */
export async function controlPopulations(
  ws: Workspace,
  asOf: string,
  controlId: string,
): Promise<{ control: SiteControl; period: { start: string; end: string } }> {
  const { model, gaps } = await checkWorkspace(ws, asOf);
  const accepted = new Set(
    (model.evidence.accepted ?? []).map((a) => `${a.control ?? ''}|${a.rule}`),
  );
  const data = buildSiteData(model, gaps, RULES, { accepted });
  const control = data.controls.find((c) => c.id.toLowerCase() === controlId.toLowerCase());
  if (!control)
    throw new UsageError(
      `--control: no control ${controlId} (controls: ${data.controls.map((c) => c.id).join(', ')})`,
    );
  return { control, period: data.period };
}

/** The population a command names, or the control's only one. */
export function choosePopulation(control: SiteControl, kind: string | undefined): SitePopulation {
  if (control.populations.length === 0)
    throw new UsageError(
      `${control.id} has no evidence population: none of its checks reads collected evidence`,
    );
  if (kind === undefined) {
    if (control.populations.length > 1)
      throw new UsageError(
        `${control.id} has several populations; choose one with --population (${control.populations.map((p) => p.kind).join(', ')})`,
      );
    return control.populations[0] as SitePopulation;
  }
  const found = control.populations.find((p) => p.kind === kind);
  if (!found)
    throw new UsageError(
      `--population: ${control.id} has no population ${kind} (it has ${control.populations.map((p) => p.kind).join(', ')})`,
    );
  return found;
}

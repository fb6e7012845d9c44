import { sdkCloudTrailClient } from '../../collectors/cloudtrail/client.ts';
import { collectCloudtrail } from '../../collectors/cloudtrail/collect.ts';
import { githubClientFromEnv } from '../../collectors/github/client.ts';
import { collectGithub } from '../../collectors/github/collect.ts';
import { collectSarif } from '../../collectors/sarif/collect.ts';
import type { Problem } from '../core/problems.ts';
import type { Period } from '../core/schemas/common.ts';
import type { CliIO } from './io.ts';
import type { Workspace } from './workspace.ts';

export interface CollectContext {
  ws: Workspace;
  io: CliIO;
  period: Period;
  since: string | undefined;
  full: boolean;
  log: (message: string) => void;
  progress: ((message: string) => void) | null;
}

/** An evidence source `docket collect` can run: configured when the config names it. */
export interface EvidenceSource {
  name: string;
  configured(ws: Workspace): boolean;
  /**
   * Collects into the store and returns the summary line printed at the end, the input
   * problems it skipped (bad files), which make the command exit non-zero, and warnings about
   * what it kept but cannot fully use, which do not.
   */
  collect(
    ctx: CollectContext,
  ): Promise<{ line: string; problems: Problem[]; warnings?: Problem[] }>;
}

const github: EvidenceSource = {
  name: 'github',
  configured: (ws) => ws.config.github.repos.length > 0,
  async collect(ctx) {
    const client = githubClientFromEnv(ctx.io.env, ctx.ws.config.github, { log: ctx.log });
    const s = await collectGithub(client, {
      config: ctx.ws.config,
      storeDir: ctx.ws.evidenceDir,
      period: ctx.period,
      since: ctx.since,
      full: ctx.full,
      now: ctx.io.now,
      log: ctx.log,
      progress: ctx.progress,
    });
    const reset = s.stats.resetAt ? `, resets ${s.stats.resetAt}` : '';
    // A first collection's estimate, next to what GitHub counted, so a wrong one shows.
    const estimated = s.estimatedPoints === null ? '' : ` of about ${s.estimatedPoints} estimated`;
    return {
      line:
        `github: ${s.repositories} repositories, ${s.pullRequests} merged pull ` +
        `requests (${s.readPullRequests} read, ${s.changedPullRequests} new or changed), ` +
        `${s.deployments} production deployments; ${s.stats.requests} requests, ${s.stats.cost} ` +
        `rate-limit points${estimated} (${s.stats.remaining ?? '?'} remaining${reset})`,
      problems: [],
    };
  },
};

const cloudtrail: EvidenceSource = {
  name: 'cloudtrail',
  configured: (ws) =>
    ws.config.aws !== undefined &&
    (ws.config.aws.mode !== 'files' || ws.config.aws.cloudtrail_dir !== undefined),
  async collect(ctx) {
    const s = await collectCloudtrail(sdkCloudTrailClient, {
      config: ctx.ws.config,
      root: ctx.ws.root,
      storeDir: ctx.ws.evidenceDir,
      period: ctx.period,
      since: ctx.since,
      full: ctx.full,
      now: ctx.io.now,
      log: ctx.log,
      progress: ctx.progress,
    });
    const unit = s.mode === 'files' ? 'log files' : 'API pages';
    const n = s.records;
    const outside = n.outsidePeriod ? `, ${n.outsidePeriod} outside the period` : '';
    return {
      line:
        `cloudtrail (${s.mode}): ${s.units} ${unit} read, ${n.read} records: ${n.kept} ` +
        `kept (writes, console sign-ins, break-glass), ${n.readOnly} read-only${outside}, ` +
        `${n.reported} reported; ${s.added} new`,
      problems: s.problems,
      warnings: s.warnings,
    };
  },
};

const sarif: EvidenceSource = {
  name: 'sarif',
  configured: (ws) => ws.config.sarif_dir !== undefined,
  async collect(ctx) {
    const s = await collectSarif({
      config: ctx.ws.config,
      root: ctx.ws.root,
      storeDir: ctx.ws.evidenceDir,
      now: ctx.io.now,
      full: ctx.full,
    });
    return {
      line:
        `sarif: ${s.files} files, ${s.runs} runs, ${s.read} results read: ${s.kept} ` +
        `kept, ${s.reported} reported`,
      problems: s.problems,
      warnings: s.warnings,
    };
  },
};

/** Every evidence source, in the order `docket collect` runs them. */
export const SOURCES: readonly EvidenceSource[] = [github, cloudtrail, sarif];

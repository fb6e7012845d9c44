import { collectGithub } from '../../collectors/github/collect.ts';
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
  /** Collects into the store and returns the summary line printed at the end. */
  collect(ctx: CollectContext): Promise<string>;
}

const github: EvidenceSource = {
  name: 'github',
  configured: (ws) => ws.config.github.repos.length > 0,
  async collect(ctx) {
    const s = await collectGithub({
      config: ctx.ws.config,
      storeDir: ctx.ws.evidenceDir,
      env: ctx.io.env,
      period: ctx.period,
      since: ctx.since,
      full: ctx.full,
      now: ctx.io.now,
      log: ctx.log,
      progress: ctx.progress,
    });
    const reset = s.stats.resetAt ? `, resets ${s.stats.resetAt}` : '';
    return `github: ${s.repositories} repositories, ${s.pullRequests} merged pull requests (${s.changedPullRequests} new or changed), ${s.deployments} production deployments; ${s.stats.requests} requests, ${s.stats.cost} rate-limit points (${s.stats.remaining ?? '?'} remaining${reset})`;
  },
};

/** Every evidence source, in the order `docket collect` runs them. */
export const SOURCES: readonly EvidenceSource[] = [github];

// Cursor arithmetic of incremental GitHub collection: where a run starts reading, when it stops,
// and where the cursors stand afterwards. Pure: ISO times in, ISO times out. Cursors are
// `updatedAt` of pull requests (per repository) and `createdAt` of deployments (`<repo>:deployments`).

/**
 * Pull requests are re-read from this long before the cursor: an update whose `updatedAt` is
 * older than the newest one already seen (clock skew between GitHub's hosts, late indexing)
 * would otherwise never be read. Re-read records replace their stored ones.
 */
export const PULL_REQUEST_LOOKBACK_MS = 24 * 3_600_000;
/** Deployment states settle after creation; each run re-reads this much before the cursor. */
export const DEPLOYMENT_OVERLAP_MS = 7 * 24 * 3_600_000;

/** The cursor key of a repository's deployments (its pull requests' key is the repository). */
export function deploymentsCursorKey(repo: string): string {
  return `${repo}:deployments`;
}

/**
 * The oldest `updatedAt` a run reads: `--since` if given, else a day before the cursor, else the
 * period start; and whether reading from there covers everything after the cursor, which the
 * cursor may only move on from. (`--since` later than the cursor, or with no cursor later than
 * the period start, leaves a stretch unread.)
 */
export function pullRequestWindow(run: {
  since: string | undefined;
  cursor: string | undefined;
  periodStart: string;
}): { lower: string; readsPastCursor: boolean } {
  const lower =
    run.since !== undefined
      ? `${run.since}T00:00:00Z`
      : run.cursor
        ? new Date(Date.parse(run.cursor) - PULL_REQUEST_LOOKBACK_MS).toISOString()
        : run.periodStart;
  return {
    lower,
    readsPastCursor: Date.parse(lower) <= Date.parse(run.cursor ?? run.periodStart),
  };
}

/** The oldest `createdAt` of deployments a run reads: a week before the cursor, or the period start. */
export function deploymentLower(cursor: string | undefined, periodStart: string): string {
  return cursor ? new Date(Date.parse(cursor) - DEPLOYMENT_OVERLAP_MS).toISOString() : periodStart;
}

/**
 * The nodes of a page (newest first) down to the first one older than `lowerMs`, and whether
 * that one was met: the reading stops there.
 */
export function newerThan<T>(
  nodes: readonly T[],
  lowerMs: number,
  timeOf: (node: T) => string,
): { nodes: T[]; reachedLower: boolean } {
  const stop = nodes.findIndex((n) => Date.parse(timeOf(n)) < lowerMs);
  return stop === -1
    ? { nodes: [...nodes], reachedLower: false }
    : { nodes: nodes.slice(0, stop), reachedLower: true };
}

/** The latest of some ISO times (compared as text, as they are written alike), if any. */
export function latest(times: readonly (string | null | undefined)[]): string | undefined {
  return times
    .filter((x): x is string => !!x)
    .sort()
    .at(-1);
}

/**
 * A repository's cursors after a run. The pull-request cursor moves to the newest `updatedAt`
 * seen only if the run read everything after it; otherwise it stays where the run started (none,
 * under --full, means the period start). The deployment cursor moves to the newest `createdAt`.
 */
export function cursorsAfterRun(
  cursors: Readonly<Record<string, string>>,
  repo: string,
  run: {
    cursor: string | undefined;
    readsPastCursor: boolean;
    /** `updatedAt` of the pull requests read, and of the newest one listed. */
    updatedSeen: readonly (string | null)[];
    deploymentCursor: string | undefined;
    /** `createdAt` of the deployments read. */
    createdSeen: readonly string[];
  },
): Record<string, string> {
  const next = { ...cursors };
  const newest = latest([run.cursor, ...run.updatedSeen]);
  if (!run.readsPastCursor) {
    if (run.cursor) next[repo] = run.cursor;
    else delete next[repo];
  } else if (newest) next[repo] = newest;
  const newestDeployment = latest([run.deploymentCursor, ...run.createdSeen]);
  if (newestDeployment) next[deploymentsCursorKey(repo)] = newestDeployment;
  return next;
}

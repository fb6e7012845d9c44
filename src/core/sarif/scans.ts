import { inPeriod } from '../dates.ts';
import type { Model } from '../model.ts';
import type { PullRequestRecord } from '../schemas/github.ts';
import type { SarifLevel, ScanResult, ScanRun } from '../schemas/sarif.ts';

/** The scans of one commit that reached a default branch. */
export interface ScannedCommit {
  commit: string;
  /** The pull request that merged it, when GitHub evidence knows it. */
  pullRequest: PullRequestRecord | null;
  runs: ScanRun[];
}

const sameCommit = (a: string, b: string) =>
  a.length >= 7 && b.length >= 7 && (a.startsWith(b) || b.startsWith(a));

/**
 * Finds the pull request whose head or merge commit a (possibly abbreviated) sha names, through
 * an index by the first 7 characters, the shortest sha a scan may give; the first in `prs` wins.
 */
export function pullRequestByCommit(
  prs: readonly PullRequestRecord[],
): (commit: string) => PullRequestRecord | undefined {
  const byPrefix = new Map<string, PullRequestRecord[]>();
  for (const pr of prs) {
    for (const oid of new Set([pr.head_oid, pr.merge_commit_oid])) {
      if (!oid) continue;
      const list = byPrefix.get(oid.slice(0, 7));
      if (list) list.push(pr);
      else byPrefix.set(oid.slice(0, 7), [pr]);
    }
  }
  return (commit) =>
    byPrefix
      .get(commit.slice(0, 7))
      ?.find(
        (p) =>
          sameCommit(p.head_oid, commit) ||
          (p.merge_commit_oid !== null && sameCommit(p.merge_commit_oid, commit)),
      );
}

/** Scanned commits: 40-character shas in a set, and every commit by its first 7 characters. */
interface CommitIndex {
  full: ReadonlySet<string>;
  /** Whether some scan names a sha of another length (abbreviated, or SHA-256): those match by prefix. */
  otherLengths: boolean;
  byPrefix: ReadonlyMap<string, (ScanRun & { commit: string })[]>;
}

const commitIndexes = new WeakMap<readonly ScanRun[], Map<string, CommitIndex>>();

/** A run's results that are not suppressed and are at one of `levels`. */
export function failingResults(run: ScanRun, levels: readonly SarifLevel[]): ScanResult[] {
  return run.results.filter((r) => !r.suppressed && levels.includes(r.level));
}

/**
 * Pull requests merged in the audit period into one of `branches` whose head or merge commit
 * some scan names: every pull request scannedMergedCommits can tie a scan to, found through an
 * index of the scanned commits (so it is cheap for a part of the pull requests at a time). With
 * `failingAt`, only scans with failingResults at those levels count: the pull requests a
 * policy-scan-failed gap can name, a small share of those scanned.
 */
export function scannedPullRequests(
  model: Model,
  branches: readonly string[],
  opts: { failingAt?: readonly SarifLevel[] } = {},
): PullRequestRecord[] {
  const runs = model.evidence.sarif?.runs ?? [];
  let indexes = commitIndexes.get(runs);
  if (!indexes) commitIndexes.set(runs, (indexes = new Map()));
  const key = opts.failingAt ? [...opts.failingAt].sort().join(',') : '*';
  let index = indexes.get(key);
  if (!index) {
    const placed = runs.filter(
      (r): r is ScanRun & { commit: string } =>
        r.commit !== null &&
        r.commit.length >= 7 &&
        (!opts.failingAt || failingResults(r, opts.failingAt).length > 0),
    );
    index = {
      full: new Set(placed.map((r) => r.commit).filter((c) => c.length === 40)),
      otherLengths: placed.some((r) => r.commit.length !== 40),
      byPrefix: Map.groupBy(placed, (r) => r.commit.slice(0, 7)),
    };
    indexes.set(key, index);
  }
  const { full, otherLengths, byPrefix } = index;
  if (full.size === 0 && byPrefix.size === 0) return [];
  // A full sha is scanned when a scan names it whole (most do), or by a prefix of it; anything else is matched by prefix.
  const scanned = (oid: string | null) =>
    oid !== null &&
    ((oid.length === 40 && full.has(oid)) ||
      ((otherLengths || oid.length !== 40) &&
        (byPrefix.get(oid.slice(0, 7))?.some((r) => sameCommit(oid, r.commit)) ?? false)));
  return (model.evidence.github?.pullRequests ?? []).filter(
    (p) =>
      branches.includes(p.base_branch) &&
      inPeriod(p.merged_at, model.period) &&
      (scanned(p.head_oid) || scanned(p.merge_commit_oid)),
  );
}

/**
 * Scanned commits that were merged to one of `branches`. With GitHub evidence, a commit counts
 * when it is the head or merge commit of a pull request merged into such a branch in the
 * audit period. Without it, a run counts when its provenance names such a branch, or names
 * no branch at all (a scan that cannot be placed is checked rather than ignored). Runs tied to
 * no commit cannot be placed at all: the collector reports each, and the scans page lists them.
 */
export function scannedMergedCommits(model: Model, branches: readonly string[]): ScannedCommit[] {
  const runs = (model.evidence.sarif?.runs ?? []).filter(
    (r): r is ScanRun & { commit: string } => r.commit !== null,
  );
  const prs = model.evidence.github?.pullRequests;
  const byCommit = new Map<string, ScannedCommit>();
  const add = (commit: string, pr: PullRequestRecord | null, run: ScanRun) => {
    const entry = byCommit.get(commit) ?? { commit, pullRequest: pr, runs: [] };
    entry.runs.push(run);
    byCommit.set(commit, entry);
  };
  if (prs !== undefined) {
    const merged = pullRequestByCommit(
      prs.filter((p) => branches.includes(p.base_branch) && inPeriod(p.merged_at, model.period)),
    );
    for (const run of runs) {
      const pr = merged(run.commit);
      if (pr) add(run.commit, pr, run);
    }
  } else {
    for (const run of runs)
      if (run.branch === null || branches.includes(run.branch)) add(run.commit, null, run);
  }
  return [...byCommit.values()].sort((a, b) => (a.commit < b.commit ? -1 : 1));
}

export function commitSubject(commit: string): string {
  return `commit:${commit}`;
}

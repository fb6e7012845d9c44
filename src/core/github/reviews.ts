import { compareInstants } from '../dates.ts';
import type { PullRequestRecord, Review } from '../schemas/github.ts';

/** Lower-cased logins of the PR author and of everyone who authored or co-authored one of its commits. */
export function contributorLogins(pr: PullRequestRecord): Set<string> {
  const logins = new Set<string>([pr.author.toLowerCase()]);
  for (const c of pr.commits) for (const a of c.authors) if (a.login) logins.add(a.login.toLowerCase());
  return logins;
}

/**
 * Each reviewer's review that decides their approval at merge time: their latest review
 * submitted before the merge that approved, requested changes or was dismissed. Comments do
 * not change an earlier verdict, as on GitHub. (Cheap enough to recompute: caching it per record
 * in a WeakMap cost more, in garbage collection, than it saved.)
 */
export function decisiveReviews(pr: PullRequestRecord, until = pr.merged_at): Map<string, Review> {
  const latest = new Map<string, Review>();
  const ordered = pr.reviews
    .filter((r) => r.submitted_at !== null && compareInstants(r.submitted_at, until) <= 0 && r.state !== 'COMMENTED' && r.state !== 'PENDING')
    .sort((a, b) => compareInstants(a.submitted_at as string, b.submitted_at as string) || (a.id < b.id ? -1 : 1));
  for (const r of ordered) latest.set(r.author.toLowerCase(), r);
  return latest;
}

/** Approvals that count for segregation of duties: not by the PR author nor by any commit author. */
export function countedApprovals(pr: PullRequestRecord, until = pr.merged_at): Review[] {
  const excluded = contributorLogins(pr);
  return [...decisiveReviews(pr, until).values()].filter((r) => r.state === 'APPROVED' && !excluded.has(r.author.toLowerCase())).sort((a, b) => (a.author < b.author ? -1 : 1));
}

/** Reviewers whose decisive review at merge approved, whoever they are. */
export function approvingReviewers(pr: PullRequestRecord): Review[] {
  return [...decisiveReviews(pr).values()].filter((r) => r.state === 'APPROVED').sort((a, b) => (a.author < b.author ? -1 : 1));
}

import { compareInstants } from '../dates.ts';
import type { PullRequestRecord, Review } from '../schemas/github.ts';

/**
 * Whether a login (any case) is the PR author's, or that of someone who authored or co-authored
 * one of its commits. A loop, not a set: it runs for every merged pull request, for several rules.
 */
export function isContributor(pr: PullRequestRecord, login: string): boolean {
  if (sameLogin(pr.author, login)) return true;
  for (const c of pr.commits)
    for (const a of c.authors) if (a.login !== null && sameLogin(a.login, login)) return true;
  return false;
}

/** Whether two logins are the same but for case; ASCII (as GitHub logins are) is compared in place. */
export function sameLogin(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return a.toLowerCase() === b.toLowerCase();
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x > 127 || y > 127) return a.toLowerCase() === b.toLowerCase();
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}

/**
 * Each reviewer's review that decides their approval at merge time: their latest review
 * submitted before the merge that approved, requested changes or was dismissed (of two at the
 * same instant, the one with the greater id), one per login whatever its case, in the order
 * reviewers first reviewed. Comments do not change an earlier verdict, as on GitHub. A fresh
 * array, found in one pass without a map or sorting: it runs for every merged pull request, for
 * several rules, and pull requests have few reviewers.
 */
export function decisiveReviews(pr: PullRequestRecord, until = pr.merged_at): Review[] {
  const latest: Review[] = [];
  for (const r of pr.reviews) {
    if (
      r.submitted_at === null ||
      r.state === 'COMMENTED' ||
      r.state === 'PENDING' ||
      compareInstants(r.submitted_at, until) > 0
    )
      continue;
    let i = 0;
    while (i < latest.length && !sameLogin((latest[i] as Review).author, r.author)) i++;
    const held = latest[i];
    if (held === undefined) latest.push(r);
    else {
      const order = compareInstants(r.submitted_at, held.submitted_at as string);
      if (order > 0 || (order === 0 && r.id > held.id)) latest[i] = r;
    }
  }
  return latest;
}

/** Approvals that count for segregation of duties: not by the PR author nor by any commit author. */
export function countedApprovals(pr: PullRequestRecord, until = pr.merged_at): Review[] {
  return approvals(decisiveReviews(pr, until), (r) => !isContributor(pr, r.author));
}

/** Reviewers whose decisive review at merge approved, whoever they are. */
export function approvingReviewers(pr: PullRequestRecord): Review[] {
  return approvals(decisiveReviews(pr), () => true);
}

/** The approving reviews of a fresh list that `keep` accepts, in place, by author. */
function approvals(list: Review[], keep: (r: Review) => boolean): Review[] {
  let n = 0;
  for (const r of list) if (r.state === 'APPROVED' && keep(r)) list[n++] = r;
  list.length = n;
  return n > 1 ? list.sort((a, b) => (a.author < b.author ? -1 : 1)) : list;
}

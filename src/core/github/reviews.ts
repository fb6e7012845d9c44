import { compareInstants } from '../dates.ts';
import type { PullRequestRecord, Review } from '../schemas/github.ts';

/**
 * Whether a login (any case) is the PR author's, or that of someone who authored or co-authored
 * one of its commits. A loop, not a set: it runs for every merged pull request, for several rules.
 */
export function isContributor(pr: PullRequestRecord, login: string): boolean {
  const wanted = login.toLowerCase();
  if (pr.author.toLowerCase() === wanted) return true;
  for (const c of pr.commits) for (const a of c.authors) if (a.login !== null && a.login.toLowerCase() === wanted) return true;
  return false;
}

/**
 * Each reviewer's review that decides their approval at merge time: their latest review
 * submitted before the merge that approved, requested changes or was dismissed (of two at the
 * same instant, the one with the greater id). Comments do not change an earlier verdict, as on
 * GitHub. One pass, no sorting: it runs for every merged pull request, for several rules.
 */
export function decisiveReviews(pr: PullRequestRecord, until = pr.merged_at): Map<string, Review> {
  const latest = new Map<string, Review>();
  for (const r of pr.reviews) {
    if (r.submitted_at === null || r.state === 'COMMENTED' || r.state === 'PENDING' || compareInstants(r.submitted_at, until) > 0) continue;
    const author = r.author.toLowerCase();
    const held = latest.get(author);
    if (held === undefined) latest.set(author, r);
    else {
      const order = compareInstants(r.submitted_at, held.submitted_at as string);
      if (order > 0 || (order === 0 && r.id > held.id)) latest.set(author, r);
    }
  }
  return latest;
}

/** Approvals that count for segregation of duties: not by the PR author nor by any commit author. */
export function countedApprovals(pr: PullRequestRecord, until = pr.merged_at): Review[] {
  const counted: Review[] = [];
  for (const r of decisiveReviews(pr, until).values()) if (r.state === 'APPROVED' && !isContributor(pr, r.author)) counted.push(r);
  return counted.length > 1 ? counted.sort(byAuthor) : counted;
}

/** Reviewers whose decisive review at merge approved, whoever they are. */
export function approvingReviewers(pr: PullRequestRecord): Review[] {
  const approving: Review[] = [];
  for (const r of decisiveReviews(pr).values()) if (r.state === 'APPROVED') approving.push(r);
  return approving.length > 1 ? approving.sort(byAuthor) : approving;
}

const byAuthor = (a: Review, b: Review) => (a.author < b.author ? -1 : 1);

import { compareInstants } from '../dates.ts';
import type { CheckResult, PullRequestRecord } from '../schemas/github.ts';

const PASSING = new Set(['SUCCESS', 'NEUTRAL', 'SKIPPED']);

export interface CheckVerdict {
  name: string;
  /** The conclusion at merge time, or "missing" when the check never completed before the merge. */
  outcome: string;
  passed: boolean;
}

/**
 * The verdict of each required check (or of every check, when none is required) on the merged
 * head, as it stood at merge time: a run that completed after the merge does not count.
 */
export function checkVerdicts(pr: PullRequestRecord, required: readonly string[] | undefined): CheckVerdict[] {
  const before = (c: CheckResult) => c.completed_at !== null && compareInstants(c.completed_at, pr.merged_at) <= 0;
  const names = required && required.length ? [...required] : [...new Set(pr.checks.map((c) => c.name))].sort();
  return names.map((name) => {
    const runs = pr.checks.filter((c) => c.name === name && before(c)).sort((a, b) => compareInstants(a.completed_at as string, b.completed_at as string));
    const last = runs.at(-1);
    if (!last) return { name, outcome: 'missing', passed: false };
    const outcome = last.conclusion ?? 'PENDING';
    return { name, outcome, passed: PASSING.has(outcome) };
  });
}

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
  const names = required && required.length ? required : [...new Set(pr.checks.map((c) => c.name))].sort();
  return names.map((name) => {
    // The run that completed last before the merge; of runs completed at the same instant, the later listed.
    let last: CheckResult | undefined;
    for (const c of pr.checks) {
      if (c.name !== name || c.completed_at === null || compareInstants(c.completed_at, pr.merged_at) > 0) continue;
      if (last === undefined || compareInstants(c.completed_at, last.completed_at as string) >= 0) last = c;
    }
    if (!last) return { name, outcome: 'missing', passed: false };
    const outcome = last.conclusion ?? 'PENDING';
    return { name, outcome, passed: PASSING.has(outcome) };
  });
}

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
export function checkVerdicts(
  pr: PullRequestRecord,
  required: readonly string[] | undefined,
): CheckVerdict[] {
  return checkNames(pr, required).map((name) => verdictOf(pr, name));
}

/** The verdicts of checkVerdicts that did not pass (allocating nothing when all passed: this runs for every merged pull request). */
export function failingChecks(
  pr: PullRequestRecord,
  required: readonly string[] | undefined,
): readonly CheckVerdict[] {
  let failing: CheckVerdict[] | null = null;
  for (const name of checkNames(pr, required)) {
    const outcome = outcomeOf(pr, name);
    if (!PASSING.has(outcome)) (failing ??= []).push({ name, outcome, passed: false });
  }
  return failing ?? NONE;
}

const NONE: readonly CheckVerdict[] = Object.freeze([]);

function checkNames(
  pr: PullRequestRecord,
  required: readonly string[] | undefined,
): readonly string[] {
  return required && required.length ? required : [...new Set(pr.checks.map((c) => c.name))].sort();
}

function verdictOf(pr: PullRequestRecord, name: string): CheckVerdict {
  const outcome = outcomeOf(pr, name);
  return { name, outcome, passed: PASSING.has(outcome) };
}

/** The conclusion of the run that completed last before the merge (of runs at the same instant, the later listed), or "missing". */
function outcomeOf(pr: PullRequestRecord, name: string): string {
  let last: CheckResult | undefined;
  for (const c of pr.checks) {
    if (
      c.name !== name ||
      c.completed_at === null ||
      compareInstants(c.completed_at, pr.merged_at) > 0
    )
      continue;
    if (last === undefined || compareInstants(c.completed_at, last.completed_at as string) >= 0)
      last = c;
  }
  return last === undefined ? 'missing' : (last.conclusion ?? 'PENDING');
}

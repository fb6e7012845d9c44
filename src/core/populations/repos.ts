import type { Check } from '../content/load.ts';

/** The union of the checks' `repos` filters; empty (all repositories) if any check has none. */
export function reposOf(checks: readonly Check[]): string[] {
  const lists = checks.map((c) =>
    Array.isArray(c.params.repos) ? (c.params.repos as string[]) : [],
  );
  if (lists.some((l) => l.length === 0)) return [];
  return [...new Set(lists.flat())].sort();
}

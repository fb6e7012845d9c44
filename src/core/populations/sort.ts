import type { PopulationItem } from './population.ts';

/** Population order: by time, then subject. */
export function byOccurrence(a: PopulationItem, b: PopulationItem): number {
  return a.occurred_at < b.occurred_at
    ? -1
    : a.occurred_at > b.occurred_at
      ? 1
      : a.subject < b.subject
        ? -1
        : a.subject > b.subject
          ? 1
          : 0;
}

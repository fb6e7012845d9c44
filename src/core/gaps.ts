import { createHash } from 'node:crypto';
import type { Gap, GapsFile } from './schemas/gaps.ts';
import type { Period, Severity } from './schemas/common.ts';
import { SEVERITIES } from './schemas/common.ts';

/** A gap's fingerprint: the same rule, control, subject and key give the same id on every run. */
export function gapId(rule: string, control: string | null, subject: string, key = ''): string {
  return createHash('sha256')
    .update([rule, control ?? '', subject, key].join('\u0000'))
    .digest('hex')
    .slice(0, 20);
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Gaps in the contract's order: by rule, then subject; control and id only break ties. */
export function sortGaps(gaps: readonly Gap[]): Gap[] {
  return [...gaps].sort(
    (a, b) =>
      cmp(a.rule, b.rule) ||
      cmp(a.subject, b.subject) ||
      cmp(a.control ?? '', b.control ?? '') ||
      cmp(a.id, b.id),
  );
}

export function buildGapsFile(
  gaps: readonly Gap[],
  asOf: string,
  period: Period,
  controlIds: readonly string[],
): GapsFile {
  const sorted = sortGaps(gaps);
  const byRule: Record<string, number> = {};
  const bySeverity: Record<string, number> = {};
  for (const g of sorted) {
    byRule[g.rule] = (byRule[g.rule] ?? 0) + 1;
    bySeverity[g.severity] = (bySeverity[g.severity] ?? 0) + 1;
  }
  const known = new Set(controlIds);
  const withGaps = new Set(
    sorted.map((g) => g.control).filter((c): c is string => c !== null && known.has(c)),
  );
  return {
    as_of: asOf,
    period,
    gaps: sorted,
    summary: {
      controls: controlIds.length,
      with_gaps: withGaps.size,
      by_rule: Object.fromEntries(Object.entries(byRule).sort(([a], [b]) => cmp(a, b))),
      by_severity: Object.fromEntries(
        SEVERITIES.filter((s) => bySeverity[s]).map((s) => [s, bySeverity[s] as number]),
      ),
    },
  };
}

/** The gaps file as written to disk: stable key order, two-space indent, trailing newline. */
export function serializeGapsFile(file: GapsFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Whether any gap is at or above the given severity (for `--fail-on`). */
export function hasGapAtOrAbove(gaps: readonly Gap[], threshold: Severity): boolean {
  const rank = (s: Severity) => SEVERITIES.indexOf(s);
  return gaps.some((g) => rank(g.severity) <= rank(threshold));
}

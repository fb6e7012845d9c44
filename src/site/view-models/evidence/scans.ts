import { z } from 'zod';
import { evidencePagePath } from '../../../core/evidence-items.ts';
import type { Model } from '../../../core/model.ts';
import { commitSubject, pullRequestByCommit } from '../../../core/sarif/scans.ts';
import { SARIF_LEVELS, ScanRun, type SarifLevel } from '../../../core/schemas/sarif.ts';
import policyScanFailed from '../../../rules/policy-scan-failed.ts';
import { group, gapIdsOf, SitePullRequest, sitePullRequest, type ViewInputs } from '../shared.ts';
import type { EvidencePages } from './records.ts';

// The policy scans page: which policies each scanned commit passed and failed, by tool, and its
// verdict as policy-scan-failed decides it with the parameters the controls give it.

const Finding = z.strictObject({
  rule: z.string(),
  level: z.string(),
  location: z.string().nullable(),
});

export const ScanVerdict = z.enum(['failed', 'passed', 'not-merged', 'not-checked']);
export type ScanVerdict = z.infer<typeof ScanVerdict>;

export const SiteScan = z.strictObject({
  commit: z.string(),
  subject: z.string(),
  pull_request: SitePullRequest.nullable(),
  /**
   * failed: a gap of the rule; passed: checked, no result at a checked level; not-merged: results
   * at a checked level, but the rule did not check the commit (not merged to a checked branch in
   * the period); not-checked: no control checks the rule.
   */
  verdict: ScanVerdict,
  runs: z.array(
    z.strictObject({
      tool: z.string(),
      file: z.string(),
      passed: z.array(z.string()),
      /** Unsuppressed results at a level the rule fails on. */
      failing: z.array(Finding),
      /** Unsuppressed results at other levels. */
      other: z.array(Finding),
      suppressed: z.array(
        z.strictObject({ rule: z.string(), justification: z.string().nullable() }),
      ),
    }),
  ),
  gaps: z.array(z.string()),
  evidence: z.string().nullable(),
});
export type SiteScan = z.infer<typeof SiteScan>;

export const SiteScans = z.strictObject({
  /** The rule that judges scans: policy-scan-failed. */
  rule: z.string(),
  /** How the controls check it; null when none does. */
  policy: z
    .strictObject({
      /** The controls checking it, one per check. */
      controls: z.array(z.string()),
      /** The levels any check fails on, in SARIF order. */
      levels: z.array(z.string()),
      /** The branches whose merges any check looks at, sorted. */
      branches: z.array(z.string()),
    })
    .nullable(),
  commits: z.array(SiteScan),
});
export type SiteScans = z.infer<typeof SiteScans>;

export function scansView(model: Model, inputs: ViewInputs): SiteScans {
  const checks = model.content.controls.flatMap((c) =>
    c.checks
      .filter((k) => k.rule === policyScanFailed.id)
      .map((k) => ({ control: c.id, ...policyScanFailed.params.parse(k.params) })),
  );
  const levels: SarifLevel[] = SARIF_LEVELS.filter((l) => checks.some((c) => c.levels.includes(l)));
  const failingLevel = (level: string) => (levels as string[]).includes(level);
  const policy =
    checks.length === 0
      ? null
      : {
          controls: checks.map((c) => c.control),
          levels,
          branches: [...new Set(checks.flatMap((c) => c.branches))].sort(),
        };
  const runs = model.evidence.sarif?.runs;
  if (!runs) return { rule: policyScanFailed.id, policy, commits: [] };
  const pullRequestOf = pullRequestByCommit(model.evidence.github?.pullRequests ?? []);
  const byCommit = group(
    runs.filter((r) => r.commit !== null),
    (r) => r.commit as string,
  );
  const commits = [...byCommit].map(([commit, commitRuns]): SiteScan => {
    const pr = pullRequestOf(commit);
    const subject = commitSubject(commit);
    const gaps = gapIdsOf(inputs, subject);
    const scanRuns = commitRuns.map((run) => {
      const unsuppressed = run.results.filter((r) => !r.suppressed);
      const failedRules = new Set(unsuppressed.map((r) => r.rule_id));
      const findings = unsuppressed.map((r) => ({
        rule: r.rule_id,
        level: r.level,
        location: r.location,
      }));
      return {
        tool: run.tool,
        file: run.file,
        passed: run.rules
          .map((r) => r.id)
          .filter((id) => !failedRules.has(id) && !run.results.some((x) => x.rule_id === id)),
        failing: findings.filter((f) => failingLevel(f.level)),
        other: findings.filter((f) => !failingLevel(f.level)),
        suppressed: run.results
          .filter((r) => r.suppressed)
          .map((r) => ({
            rule: r.rule_id,
            justification: r.suppressions[0]?.justification ?? null,
          })),
      };
    });
    return {
      commit,
      subject,
      pull_request: pr ? sitePullRequest(pr) : null,
      verdict:
        gaps.length > 0
          ? 'failed'
          : policy === null
            ? 'not-checked'
            : scanRuns.some((r) => r.failing.length > 0)
              ? 'not-merged'
              : 'passed',
      runs: scanRuns,
      gaps,
      evidence: inputs.links.get(subject) ?? null,
    };
  });
  return {
    rule: policyScanFailed.id,
    policy,
    commits: commits.sort((a, b) => (a.commit < b.commit ? -1 : 1)),
  };
}

/**
 * Runs Docket could not tie to a commit: kept in the store, listed from its record pages, each
 * with its unsuppressed results counted by level.
 */
export function unplacedRuns(
  pages: EvidencePages,
): { file: string; tool: string; results: string; href: string }[] {
  const runsPages = evidencePagePath('sarif/runs.ndjson', 0).replace(/\d+\/$/, '');
  return pages
    .index()
    .filter((p) => p.path.startsWith(runsPages))
    .flatMap((p) => {
      const page = pages.page(p.id);
      return page.records.flatMap((r) => {
        const run = ScanRun.safeParse(r.record);
        if (!run.success || run.data.commit !== null) return [];
        const counts = SARIF_LEVELS.map(
          (l) =>
            [l, run.data.results.filter((x) => !x.suppressed && x.level === l).length] as const,
        );
        return [
          {
            file: run.data.file,
            tool: run.data.tool,
            results:
              counts
                .filter(([, n]) => n > 0)
                .map(([l, n]) => `${n} ${l}`)
                .join(', ') || 'none',
            href: `${page.path}#${r.anchor}`,
          },
        ];
      });
    });
}

/** How many scan runs the store holds that name no commit. */
export function runsWithoutCommit(
  files: readonly { path: string; records: number }[],
  scans: SiteScansHead,
): number {
  const stored = files.find((f) => f.path === 'sarif/runs.ndjson')?.records ?? 0;
  return Math.max(0, stored - scans.runs);
}

/** What the evidence index says of the scans: the scans page's data is a file of its own. */
export const SiteScansHead = z.strictObject({
  /** Scanned commits. */
  commits: z.number(),
  /** Their scan runs. */
  runs: z.number(),
});
export type SiteScansHead = z.infer<typeof SiteScansHead>;

export function scansHead(scans: SiteScans): SiteScansHead {
  return {
    commits: scans.commits.length,
    runs: scans.commits.reduce((n, s) => n + s.runs.length, 0),
  };
}

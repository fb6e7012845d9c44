import { z } from 'zod';

export const SARIF_LEVELS = ['error', 'warning', 'note', 'none'] as const;
export const SarifLevel = z.enum(SARIF_LEVELS);
export type SarifLevel = z.infer<typeof SarifLevel>;

export const ScanResult = z.strictObject({
  rule_id: z.string(),
  level: SarifLevel,
  message: z.string(),
  /** `path:line` of the first location, when the tool gave one. */
  location: z.string().nullable(),
  suppressed: z.boolean(),
  /** How it was suppressed (inSource, external) and why, when the tool says. */
  suppressions: z.array(z.strictObject({ kind: z.string(), justification: z.string().nullable() })),
});
export type ScanResult = z.infer<typeof ScanResult>;

/** One SARIF run (one tool over one commit): `evidence/sarif/runs.ndjson`, sorted by (commit, tool, file). */
export const ScanRun = z.strictObject({
  /** The SARIF file, relative to `sarif_dir`, and the run's index in it. */
  file: z.string(),
  run_index: z.number().int().nonnegative(),
  tool: z.string(),
  tool_version: z.string().nullable(),
  /** The commit scanned (versionControlProvenance revisionId, or the file-name fallback). */
  commit: z.string().nullable(),
  branch: z.string().nullable(),
  repository: z.string().nullable(),
  /** The rules the tool ran, so an auditor sees which policies passed. */
  rules: z.array(z.strictObject({ id: z.string(), name: z.string().nullable() })),
  results: z.array(ScanResult),
});
export type ScanRun = z.infer<typeof ScanRun>;

export interface SarifEvidence {
  runs: ScanRun[];
}

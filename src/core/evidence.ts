import type { CloudTrailEvidence } from './schemas/cloudtrail.ts';
import type { GithubEvidence } from './schemas/github.ts';
import type { AcceptedRisk } from './schemas/issues.ts';
import type { Manifest, SourceState } from './schemas/manifest.ts';
import type { SarifEvidence } from './schemas/sarif.ts';

/**
 * The collected evidence as the rules see it. Each source adds its records here; a source that
 * has never been collected is absent from `sources`, which is what control-no-evidence reports.
 */
export interface EvidenceSet {
  manifest: Manifest | null;
  sources: Readonly<Record<string, SourceState>>;
  github?: GithubEvidence;
  cloudtrail?: CloudTrailEvidence;
  sarif?: SarifEvidence;
  /** Gap groups accepted as risk (their issue closed as not planned). */
  accepted?: AcceptedRisk[];
}

export const NO_EVIDENCE: EvidenceSet = { manifest: null, sources: {} };

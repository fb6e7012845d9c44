import type { Content } from './content/load.ts';
import type { EvidenceSet } from './evidence.ts';
import type { Period } from './schemas/common.ts';
import type { DocketConfig } from './schemas/config.ts';

/** Everything a rule may look at: content, evidence, the organisation's config, and the dates. */
export interface Model {
  config: DocketConfig;
  content: Content;
  evidence: EvidenceSet;
  asOf: string;
  period: Period;
}

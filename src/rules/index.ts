import brokenControlLink from './broken-control-link.ts';
import controlNoEvidence from './control-no-evidence.ts';
import controlUnmapped from './control-unmapped.ts';
import docUnmapped from './doc-unmapped.ts';
import reviewMissing from './review-missing.ts';
import reviewOverdue from './review-overdue.ts';
import type { Rule } from './rule.ts';

/** Every rule Docket knows, by id. Rule ids are a contract (design.md): never rename one. */
export const RULES: ReadonlyMap<string, Rule> = new Map(
  ([reviewOverdue, reviewMissing, brokenControlLink, docUnmapped, controlUnmapped, controlNoEvidence] as Rule[]).map((r) => [r.id, r]),
);

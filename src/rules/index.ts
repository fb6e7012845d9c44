import breakGlassNoPostmortem from './break-glass-no-postmortem.ts';
import brokenControlLink from './broken-control-link.ts';
import cloudConsoleChange from './cloud-console-change.ts';
import cloudManualChange from './cloud-manual-change.ts';
import controlNoEvidence from './control-no-evidence.ts';
import controlUnmapped from './control-unmapped.ts';
import deployOutsideWindow from './deploy-outside-window.ts';
import docUnmapped from './doc-unmapped.ts';
import emergencyNoRetro from './emergency-no-retro.ts';
import prApproverIsAuthor from './pr-approver-is-author.ts';
import prChecksFailed from './pr-checks-failed.ts';
import prMissingApproval from './pr-missing-approval.ts';
import prStaleApproval from './pr-stale-approval.ts';
import policyScanFailed from './policy-scan-failed.ts';
import prTemplateIncomplete from './pr-template-incomplete.ts';
import reviewMissing from './review-missing.ts';
import reviewOverdue from './review-overdue.ts';
import type { Rule } from '../core/rule.ts';
import unsignedCommit from './unsigned-commit.ts';

/** Every rule Docket knows, by id. Rule ids are a contract (design.md): never rename one. */
export const RULES: ReadonlyMap<string, Rule> = new Map(
  (
    [
      reviewOverdue,
      reviewMissing,
      brokenControlLink,
      docUnmapped,
      controlUnmapped,
      controlNoEvidence,
      prMissingApproval,
      prApproverIsAuthor,
      prStaleApproval,
      prChecksFailed,
      prTemplateIncomplete,
      emergencyNoRetro,
      unsignedCommit,
      deployOutsideWindow,
      cloudConsoleChange,
      cloudManualChange,
      breakGlassNoPostmortem,
      policyScanFailed,
    ] as Rule[]
  ).map((r) => [r.id, r]),
);

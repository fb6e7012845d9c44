import type { Rule } from '../rules/rule.ts';
import { buildGapsFile, gapId } from './gaps.ts';
import type { Model } from './model.ts';
import type { Gap, GapsFile } from './schemas/gaps.ts';

/**
 * Runs every content rule once and every control check with its parameters, and returns the
 * gaps file. Pure: the same model gives the same file.
 */
export function runRules(model: Model, rules: ReadonlyMap<string, Rule>): GapsFile {
  const gaps = new Map<string, Gap>();
  const add = (rule: Rule, control: string | null, draft: ReturnType<Rule['run']>[number]) => {
    const id = gapId(rule.id, control, draft.subject, draft.key);
    if (gaps.has(id)) return;
    const gap: Gap = {
      id,
      rule: rule.id,
      control,
      severity: draft.severity ?? rule.severity,
      subject: draft.subject,
      title: draft.title,
      evidence: draft.evidence ?? [draft.subject],
    };
    if (draft.details !== undefined) gap.details = draft.details;
    gaps.set(id, gap);
  };
  for (const rule of rules.values()) {
    if (rule.kind !== 'content') continue;
    for (const draft of rule.run({ model, params: {}, control: null })) add(rule, draft.control ?? null, draft);
  }
  for (const control of model.content.controls) {
    for (const check of control.checks) {
      const rule = rules.get(check.rule);
      // A check whose source was never collected is reported once, by control-no-evidence.
      if (!rule || (check.source !== undefined && !(check.source in model.evidence.sources))) continue;
      for (const draft of rule.run({ model, params: check.params, control })) add(rule, control.id, draft);
    }
  }
  return buildGapsFile([...gaps.values()], model.asOf, model.period, model.content.controls.map((c) => c.id));
}

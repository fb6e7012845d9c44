import type { Rule } from './rule.ts';
import { buildGapsFile, gapId } from './gaps.ts';
import type { Model } from './model.ts';
import type { Gap, GapsFile } from './schemas/gaps.ts';
import type { PullRequestRecord } from './schemas/github.ts';

/**
 * The gaps the chosen rules find: each content rule once, each check rule for every control
 * check naming it. In the order found; a later gap with an earlier one's id is dropped.
 */
export function findGaps(
  model: Model,
  rules: ReadonlyMap<string, Rule>,
  chosen: (rule: Rule) => boolean = () => true,
): Gap[] {
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
    if (rule.kind !== 'content' || !chosen(rule)) continue;
    for (const draft of rule.run({ model, params: {}, control: null }))
      add(rule, draft.control ?? null, draft);
  }
  for (const control of model.content.controls) {
    for (const check of control.checks) {
      const rule = rules.get(check.rule);
      // A check whose source was never collected is reported once, by control-no-evidence.
      if (
        !rule ||
        !chosen(rule) ||
        (check.source !== undefined && !(check.source in model.evidence.sources))
      )
        continue;
      for (const draft of rule.run({ model, params: check.params, control }))
        add(rule, control.id, draft);
    }
  }
  return [...gaps.values()];
}

/**
 * The gaps file of gaps found in parts (as the check engine, src/check, finds them): the first
 * gap of each id is kept.
 */
export function gapsFileOf(model: Model, found: readonly Gap[]): GapsFile {
  const byId = new Map<string, Gap>();
  for (const gap of found) if (!byId.has(gap.id)) byId.set(gap.id, gap);
  return buildGapsFile(
    [...byId.values()],
    model.asOf,
    model.period,
    model.content.controls.map((c) => c.id),
  );
}

/** Runs every rule over the model and returns the gaps file. Pure: the same model gives the same file. */
export function runRules(model: Model, rules: ReadonlyMap<string, Rule>): GapsFile {
  return gapsFileOf(model, findGaps(model, rules));
}

/**
 * The pull requests the rules read across repositories (Rule.reads.pullRequests), over every
 * control check naming one, in the model's order.
 */
export function pullRequestsRead(
  model: Model,
  rules: ReadonlyMap<string, Rule>,
): PullRequestRecord[] {
  const read = new Set<PullRequestRecord>();
  for (const control of model.content.controls) {
    for (const check of control.checks) {
      const reads = rules.get(check.rule)?.reads?.pullRequests;
      if (!reads || (check.source !== undefined && !(check.source in model.evidence.sources)))
        continue;
      for (const pr of reads({ model, params: check.params, control })) read.add(pr);
    }
  }
  return (model.evidence.github?.pullRequests ?? []).filter((pr) => read.has(pr));
}

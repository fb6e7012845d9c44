import { z } from 'zod';
import type { Control } from '../content/load.ts';
import type { Model } from '../model.ts';
import type { Rule } from '../rule.ts';
import type { Gap } from '../schemas/gaps.ts';
import { POPULATIONS } from './index.ts';

// A control's populations with each item's status: what its page, the population downloads,
// `docket export` and `docket sample` all show, so they are computed here, once.

export const ItemStatus = z.enum(['passes', 'gap', 'accepted']);
export type ItemStatus = z.infer<typeof ItemStatus>;

const PopulationValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string()),
]);

export const PopulationRow = z.strictObject({
  subject: z.string(),
  occurred_at: z.string(),
  title: z.string(),
  url: z.string().optional(),
  attributes: z.record(z.string(), PopulationValue),
  status: ItemStatus,
  /** Ids of this control's gaps about the item. */
  gaps: z.array(z.string()),
  /** Site path of the item's evidence record, when it is in the store. */
  evidence: z.string().nullable(),
});
export type PopulationRow = z.infer<typeof PopulationRow>;

export const ControlPopulation = z.strictObject({
  kind: z.string(),
  title: z.string(),
  source: z.string(),
  columns: z.array(z.strictObject({ key: z.string(), label: z.string() })),
  /** The rules of this control that test these items. */
  rules: z.array(z.string()),
  counts: z.strictObject({ passes: z.number(), gap: z.number(), accepted: z.number() }),
  items: z.array(PopulationRow),
});
export type ControlPopulation = z.infer<typeof ControlPopulation>;

/** The populations a control's checks test, one per population kind, with each item's status. */
export function controlPopulations(
  model: Model,
  control: Control,
  own: readonly Gap[],
  rules: ReadonlyMap<string, Rule>,
  links: ReadonlyMap<string, string>,
  accepted: ReadonlySet<string>,
): ControlPopulation[] {
  const byKind = new Map<string, Control['checks']>();
  for (const check of control.checks) {
    const kind = rules.get(check.rule)?.population;
    // A check whose source was never collected has no population to show, only control-no-evidence.
    if (
      kind === undefined ||
      (check.source !== undefined && !(check.source in model.evidence.sources))
    )
      continue;
    byKind.set(kind, [...(byKind.get(kind) ?? []), check]);
  }
  const gapsOfSubject = new Map<string, Gap[]>();
  for (const g of own) {
    const list = gapsOfSubject.get(g.subject);
    if (list) list.push(g);
    else gapsOfSubject.set(g.subject, [g]);
  }
  return [...byKind].flatMap(([kindId, checks]) => {
    const kind = POPULATIONS.get(kindId);
    if (!kind) return [];
    const ruleIds = [...new Set(checks.map((c) => c.rule))];
    const counts: Record<ItemStatus, number> = { passes: 0, gap: 0, accepted: 0 };
    const items: PopulationRow[] = kind.items(model, checks).map((item) => {
      const itemGaps = (gapsOfSubject.get(item.subject) ?? []).filter((g) =>
        ruleIds.includes(g.rule),
      );
      const status: ItemStatus =
        itemGaps.length === 0
          ? 'passes'
          : itemGaps.every((g) => accepted.has(`${control.id}|${g.rule}`))
            ? 'accepted'
            : 'gap';
      counts[status]++;
      return {
        ...item,
        status,
        gaps: itemGaps.map((g) => g.id),
        evidence: links.get(item.subject) ?? null,
      };
    });
    return [
      {
        kind: kind.id,
        title: kind.title,
        source: kind.source,
        columns: kind.columns,
        rules: ruleIds,
        counts,
        items,
      },
    ];
  });
}

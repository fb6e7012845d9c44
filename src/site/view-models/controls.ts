import { z } from 'zod';
import type { Model } from '../../core/model.ts';
import {
  ControlPopulation,
  controlPopulations,
  PopulationRow,
} from '../../core/populations/control-populations.ts';
import type { Rule } from '../../core/rule.ts';
import { Frequency } from '../../core/schemas/common.ts';
import { DocumentType } from '../../core/schemas/document.ts';
import type { Gap, GapsFile } from '../../core/schemas/gaps.ts';
import { group, groupKey, type ViewInputs } from './shared.ts';

// The controls pages: the list, one page per control, and its populations.

export const ControlStatus = z.enum(['ok', 'gaps', 'no-evidence']);
export type ControlStatus = z.infer<typeof ControlStatus>;

export const SiteCheck = z.strictObject({
  rule: z.string(),
  /** The check's parameters as its rule's schema parsed them (defaults applied). */
  params: z.record(z.string(), z.unknown()),
  source: z.string().optional(),
  line: z.number(),
});

export const SiteControl = z.strictObject({
  id: z.string(),
  path: z.string(),
  title: z.string(),
  owner: z.string(),
  description: z.string().optional(),
  frequency: Frequency.optional(),
  frameworks: z.strictObject({ soc2: z.array(z.string()), iso27001: z.array(z.string()) }),
  checks: z.array(SiteCheck),
  /** The control's prose, without the auto-generated backlinks section. */
  narrative: z.string(),
  backlinks: z.array(
    z.strictObject({
      document: z.string(),
      title: z.string(),
      type: DocumentType.nullable(),
      via: z.enum(['link', 'frontmatter']),
      annotation: z.string().optional(),
    }),
  ),
  /** An accepted risk is still a gap (an exception to judge): `accepted_gaps` says which. */
  status: ControlStatus,
  /** Ids of the gaps shown on the control page: its own, and those of the documents behind it. */
  gaps: z.array(z.string()),
  /** Those of `gaps` whose group is accepted risk (all of them: every exception was accepted). */
  accepted_gaps: z.array(z.string()),
  populations: z.array(ControlPopulation),
});
export type SiteControl = z.infer<typeof SiteControl>;
export type SitePopulation = ControlPopulation;

/**
 * A population as the site's data file carries it: its counts, its size and the rows the control
 * page previews. All its rows are in a file of their own (populationFile), which only the
 * population's own pages and downloads read, one population at a time.
 */
export const SitePopulationHead = ControlPopulation.omit({ items: true }).extend({
  size: z.number(),
  preview: z.array(PopulationRow),
});
export type SitePopulationHead = z.infer<typeof SitePopulationHead>;
export const SiteControlHead = SiteControl.extend({ populations: z.array(SitePopulationHead) });
export type SiteControlHead = z.infer<typeof SiteControlHead>;

export function controlsView(
  model: Model,
  gaps: GapsFile,
  rules: ReadonlyMap<string, Rule>,
  inputs: ViewInputs,
): SiteControl[] {
  const gapsByControl = group(gaps.gaps, (g) => g.control ?? '');
  return model.content.controls.map((c) => {
    const own = gapsByControl.get(c.id) ?? [];
    const ofDocuments = c.backlinks.flatMap(
      (b) => inputs.gapsBySubject.get(`doc:${b.document}`) ?? [],
    );
    const all = unique([...own, ...ofDocuments]);
    const noEvidence = own.some((g) => g.rule === 'control-no-evidence');
    const status: ControlStatus = all.some((g) => g.rule !== 'control-no-evidence')
      ? 'gaps'
      : noEvidence
        ? 'no-evidence'
        : 'ok';
    return {
      ...c,
      status,
      gaps: all.map((g) => g.id),
      accepted_gaps: all.filter((g) => inputs.accepted.has(groupKey(g))).map((g) => g.id),
      populations: controlPopulations(model, c, own, rules, inputs.links, inputs.accepted),
    };
  });
}

function unique(gaps: Gap[]): Gap[] {
  const seen = new Set<string>();
  return gaps.filter((g) => (seen.has(g.id) ? false : (seen.add(g.id), true)));
}

export function controlPath(id: string): string {
  return `controls/${id.toLowerCase()}/`;
}

/** Where a control's population downloads and pages live (without a trailing slash). */
export function populationPath(control: string, kind: string): string {
  return `controls/${control.toLowerCase()}/populations/${kind}`;
}

/** Population rows shown on the control page; the rest are on the population's own pages. */
export const POPULATION_PREVIEW = 25;

export function controlById<C extends { id: string }>(
  controls: readonly C[],
  id: string,
): C | undefined {
  return controls.find((c) => c.id === id);
}

/** Every framework criterion's title, by `<framework>:<criterion>`. */
export function controlCriteria(
  frameworks: readonly { id: string; criteria: { id: string; title: string }[] }[],
): Map<string, string> {
  return new Map(frameworks.flatMap((f) => f.criteria.map((c) => [`${f.id}:${c.id}`, c.title])));
}

const STATUS_RANK: Record<string, number> = { gap: 0, accepted: 1, passes: 2 };

/** The population rows a control page previews: exceptions first (gaps, accepted), then passes. */
export function previewRows(
  population: Pick<ControlPopulation, 'items'>,
  size = POPULATION_PREVIEW,
): ControlPopulation['items'] {
  return population.items
    .map((row, i) => ({ row, i }))
    .sort(
      (a, b) => (STATUS_RANK[a.row.status] ?? 3) - (STATUS_RANK[b.row.status] ?? 3) || a.i - b.i,
    )
    .slice(0, size)
    .map(({ row }) => row);
}

/** Words for a parameter whose empty list means "every one" rather than "none". */
const EMPTY_MEANS_ALL: Record<string, string> = {
  repos: 'all repositories',
};

/** A parameter's value as text: lists joined, an empty list as its rule reads it. */
export function parameterText(name: string, value: unknown): string {
  if (Array.isArray(value))
    return value.length === 0
      ? (EMPTY_MEANS_ALL[name] ?? 'none')
      : value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  if (value === undefined || value === null)
    return name === 'environments' ? "the config's production environments" : 'not set';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${parameterText(k, v)}`)
      .join('; ');
  return String(value);
}

/** A check's parameters for reading: name and value as text. */
export function checkParameters(
  params: Record<string, unknown>,
): { name: string; value: string }[] {
  return Object.entries(params).map(([name, value]) => ({
    name: name.replace(/_/g, ' '),
    value: parameterText(name, value),
  }));
}

/** A control's populations summed: items, passing, with gaps, accepted. */
export function populationTotals(control: {
  populations: readonly Pick<SitePopulationHead, 'size' | 'counts'>[];
}) {
  return control.populations.reduce(
    (t, p) => ({
      items: t.items + p.size,
      passes: t.passes + p.counts.passes,
      gap: t.gap + p.counts.gap,
      accepted: t.accepted + p.counts.accepted,
    }),
    { items: 0, passes: 0, gap: 0, accepted: 0 },
  );
}

/** A control page's sections, in page order, for its "On this page" list. */
export function controlSections(
  control: Pick<SiteControlHead, 'populations' | 'checks' | 'backlinks'>,
  gaps: number,
): { id: string; label: string; note?: string }[] {
  return [
    { id: 'summary-h', label: 'Population summary' },
    { id: 'gaps-h', label: 'Exceptions', note: `(${gaps})` },
    { id: 'map-h', label: 'Framework mappings' },
    { id: 'stmt-h', label: 'Statement' },
    { id: 'docs-h', label: 'Documents', note: `(${control.backlinks.length})` },
    { id: 'checks-h', label: 'Checks', note: `(${control.checks.length})` },
    ...control.populations.map((p) => ({
      id: `population-${p.kind}`,
      label: p.title,
      note: `(${p.size})`,
    })),
  ];
}

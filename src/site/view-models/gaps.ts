import { z } from 'zod';
import type { Model } from '../../core/model.ts';
import type { Rule } from '../../core/rule.ts';
import { Severity } from '../../core/schemas/common.ts';
import type { Gap, GapsFile } from '../../core/schemas/gaps.ts';
import { controlPath } from './controls.ts';
import { documentPath } from './documents.ts';
import type { GapLink, GapLinks } from './gap-links.ts';
import { group, groupKey } from './shared.ts';

// The gaps pages: all gaps (filterable), each rule's, and one page per gap group (the page a gap
// issue on GitHub links to), which list their rows; a severity's and a control's, which count
// them by rule (and by control) and link to the pages that list them, rather than list them again;
// and the accepted-risk decisions every gap table shows.

export const SiteRule = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  severity: Severity,
  kind: z.enum(['content', 'check']),
  source: z.string().nullable(),
  remedy: z.string(),
});
export type SiteRule = z.infer<typeof SiteRule>;

export function rulesView(rules: ReadonlyMap<string, Rule>): SiteRule[] {
  return [...rules.values()].map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    severity: r.severity,
    kind: r.kind,
    source: r.source ?? null,
    remedy: r.remedy,
  }));
}

export const AcceptedIssues = z.record(
  z.string(),
  z.strictObject({ number: z.number(), url: z.string() }),
);

/** The GitHub issue that records each accepted group's decision (control|rule → issue). */
export function acceptedIssuesView(
  model: Model,
  accepted: ReadonlySet<string>,
): z.infer<typeof AcceptedIssues> {
  // Only a GitHub web address is kept, to become a link; anything else in the file is dropped.
  return Object.fromEntries(
    (model.evidence.accepted ?? [])
      .filter((a) => accepted.has(groupKey(a)) && /^https:\/\//.test(a.url))
      .map((a) => [groupKey(a), { number: a.issue, url: a.url }]),
  );
}

/** What the gap pages read of the site data. */
interface GapData {
  gaps: GapsFile;
  rules: SiteRule[];
  accepted: string[];
  accepted_issues: z.infer<typeof AcceptedIssues>;
  gap_links?: GapLinks;
}

const SEVERITY_RANK: Record<string, number> = { high: 0, medium: 1, low: 2 };

/** Exceptions first: by severity (high first), then rule, then subject, then id. */
export function sortGaps<G extends Gap>(gaps: readonly G[]): G[] {
  const key = (g: Gap) => [g.rule, g.subject, g.id];
  return [...gaps].sort((a, b) => {
    const bySeverity = (SEVERITY_RANK[a.severity] ?? 3) - (SEVERITY_RANK[b.severity] ?? 3);
    if (bySeverity !== 0) return bySeverity;
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++)
      if (ka[i] !== kb[i]) return (ka[i] as string) < (kb[i] as string) ? -1 : 1;
    return 0;
  });
}

/** Where a gap group's gaps are listed: its page under its control, or of no control. */
export function groupPath(control: string | null, rule: string): string {
  return control ? `gaps/control/${control.toLowerCase()}/${rule}/` : `gaps/no-control/${rule}/`;
}

/** Gaps counted, with how many of them are accepted risk. */
interface Count {
  gaps: number;
  accepted: number;
}

/** A count of gaps of one rule and the page that lists them. */
export interface RuleCount extends Count {
  rule: string;
  title: string;
  severity: string;
  path: string;
}

/**
 * The gaps `keep` selects, counted by rule (each linking to the rule's page) and by control (each
 * control's rules linking to the group's page; gaps of no control under `control: null`), without
 * listing them again: a severity's page, and a gaps or rule page with too many rows to list.
 */
export function gapSummary(data: GapData, keep: (gap: Gap) => boolean) {
  const accepted = new Set(data.accepted);
  const titles = new Map(data.rules.map((r) => [r.id, r.title]));
  const byRule = new Map<string, RuleCount>();
  const byControl = new Map<string | null, Map<string, RuleCount>>();
  const total: Count = { gaps: 0, accepted: 0 };
  const add = (c: Count, isAccepted: boolean) => {
    c.gaps++;
    if (isAccepted) c.accepted++;
  };
  const counted = (rule: string, severity: string, path: string): RuleCount => ({
    rule,
    title: titles.get(rule) ?? rule,
    severity,
    path,
    gaps: 0,
    accepted: 0,
  });
  for (const g of data.gaps.gaps) {
    if (!keep(g)) continue;
    const isAccepted = accepted.has(groupKey(g));
    add(total, isAccepted);
    let r = byRule.get(g.rule);
    if (!r) byRule.set(g.rule, (r = counted(g.rule, g.severity, `gaps/rule/${g.rule}/`)));
    add(r, isAccepted);
    let rules = byControl.get(g.control);
    if (!rules) byControl.set(g.control, (rules = new Map()));
    let cr = rules.get(g.rule);
    if (!cr) rules.set(g.rule, (cr = counted(g.rule, g.severity, groupPath(g.control, g.rule))));
    add(cr, isAccepted);
  }
  const byName = (a: { rule: string }, b: { rule: string }) => (a.rule < b.rule ? -1 : 1);
  const controls = [...byControl].map(([control, rules]) => {
    const list = [...rules.values()].sort(byName);
    return {
      control,
      path: control ? `${controlPath(control)}#gaps-h` : null,
      gaps: list.reduce((n, r) => n + r.gaps, 0),
      accepted: list.reduce((n, r) => n + r.accepted, 0),
      rules: list,
    };
  });
  return {
    ...total,
    rules: [...byRule.values()].sort((a, b) => b.gaps - a.gaps || byName(a, b)),
    // Controls by name, the gaps of no control last.
    controls: controls.sort((a, b) =>
      a.control === null ? 1 : b.control === null ? -1 : a.control < b.control ? -1 : 1,
    ),
  };
}

export type GapSummary = ReturnType<typeof gapSummary>;

/** A severity's page: its gaps counted (see gapSummary). */
export function severitySummary(data: GapData, severity: string): GapSummary {
  return gapSummary(data, (g) => g.severity === severity);
}

/**
 * The most gap rows one page lists. The large organisation's 18,000 gaps made a 14 MiB gaps page
 * (too slow to open, and repeated on the rule pages); past this a page counts its gaps instead,
 * linking to the group pages and control pages that list them.
 */
export const GAP_ROWS_LIMIT = 1000;

/** A gaps page's content: its rows when they are few enough to list, else their counts. */
export type GapListing = { rows: Gap[] } | { counts: GapSummary };

export function gapListing(
  data: GapData,
  keep: (gap: Gap) => boolean,
  limit = GAP_ROWS_LIMIT,
): GapListing {
  const rows = data.gaps.gaps.filter(keep);
  return rows.length <= limit ? { rows } : { counts: gapSummary(data, keep) };
}

/** A control's gaps counted by rule, each linking to its group's page, high severity first. */
export function controlGapCounts(data: GapData, control: string): RuleCount[] {
  const rules = gapSummary(data, (g) => g.control === control).controls[0]?.rules ?? [];
  const rank = (c: RuleCount) => SEVERITY_RANK[c.severity] ?? 3;
  return rules.sort((a, b) => rank(a) - rank(b) || (a.rule < b.rule ? -1 : 1));
}

/** A gap group's page: its gaps, and whether (and by which issue) its risk was accepted. */
export function gapGroup(data: GapData, control: string | null, rule: string) {
  const key = groupKey({ control, rule });
  return {
    gaps: data.gaps.gaps.filter((g) => g.control === control && g.rule === rule),
    accepted: data.accepted.includes(key),
    issue: data.accepted_issues[key],
  };
}

/** The (control, rule) groups with a page: those with gaps (their issue links there or accepted. */
export function controlGroups<C extends { id: string }>(
  data: GapData & { controls: readonly C[] },
): { control: C; rule: SiteRule }[] {
  const groups = new Set([
    ...data.gaps.gaps.map((g) => `${g.control}|${g.rule}`),
    ...data.accepted,
  ]);
  return data.controls.flatMap((control) =>
    data.rules
      .filter((rule) => groups.has(`${control.id}|${rule.id}`))
      .map((rule) => ({ control, rule })),
  );
}

/** The rules with a page of gaps of no control (unmapped documents, say). */
export function noControlGroups(data: GapData): SiteRule[] {
  const groups = new Set([
    ...data.gaps.gaps.filter((g) => g.control === null).map((g) => g.rule),
    ...data.accepted.filter((k) => k.startsWith('|')).map((k) => k.slice(1)),
  ]);
  return data.rules.filter((rule) => groups.has(rule.id));
}

/** How many of the gaps are accepted risk. */
export function acceptedCount(data: GapData, gaps: readonly Gap[]): number {
  const accepted = new Set(data.accepted);
  return gaps.filter((g) => accepted.has(groupKey(g))).length;
}

/** The page of a gap subject, when the site has one. */
export function subjectPath(subject: string): string | null {
  if (subject.startsWith('doc:')) return documentPath(subject.slice(4));
  if (subject.startsWith('control:')) return controlPath(subject.slice(8));
  return null;
}

const NO_LINK: GapLink = {
  evidence: null,
  evidence_label: 'record',
  source: null,
  source_label: null,
};

/**
 * A gap table, sorted by severity: each gap with its subject's page, its evidence record and
 * source, its accepted-risk state, and a summary line.
 */
export function gapTable(data: GapData, gaps: readonly Gap[]) {
  // A gap is accepted risk when its group's GitHub issue was closed as not planned.
  const accepted = new Set(data.accepted);
  const rows = sortGaps(gaps).map((gap) => {
    const isAccepted = accepted.has(groupKey(gap));
    return {
      gap,
      page: subjectPath(gap.subject),
      links: data.gap_links?.[gap.id] ?? NO_LINK,
      accepted: isAccepted,
      issue: isAccepted ? (data.accepted_issues[groupKey(gap)] ?? null) : null,
    };
  });
  const count = rows.filter((r) => r.accepted).length;
  const all = gaps.length === 1 ? 'The gap below is' : `All ${gaps.length} gaps below are`;
  const summary =
    count === 0
      ? null
      : count === gaps.length
        ? `${all} accepted risk`
        : `${count} of the ${gaps.length} gaps below ${count === 1 ? 'is' : 'are'} accepted risk`;
  return { rows, acceptedCount: count, summary };
}

/**
 * The links above a gap list: every rule (those without gaps too, so each rule's page is
 * reachable), by severity, every control, and the groups of no control, with counts.
 */
export function gapFilters(data: GapData & { controls: readonly { id: string }[] }) {
  const { by_rule, by_severity } = data.gaps.summary;
  // One pass over the gaps (this runs on every gap page): per control, and per rule of no control.
  const counts = new Map<string, number>();
  for (const g of data.gaps.gaps) {
    const key = g.control === null ? `|${g.rule}` : g.control;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return {
    rules: data.rules
      .map((r) => ({ rule: r.id, gaps: by_rule[r.id] ?? 0 }))
      .sort((a, b) => b.gaps - a.gaps || (a.rule < b.rule ? -1 : 1)),
    severities: ['high', 'medium', 'low']
      .filter((s) => by_severity[s])
      .map((severity) => ({ severity, gaps: by_severity[severity] })),
    controls: data.controls
      .map((c) => ({ control: c.id, gaps: counts.get(c.id) ?? 0 }))
      .sort((a, b) => (a.control < b.control ? -1 : 1)),
    noControl: noControlGroups(data).map((r) => ({
      rule: r.id,
      gaps: counts.get(`|${r.id}`) ?? 0,
    })),
  };
}

/** Where a gap's row is: its control's page, or its group's page for a gap of no control. */
export function gapPath(gap: Pick<Gap, 'id' | 'rule' | 'control'>): string {
  return `${gap.control ? controlPath(gap.control) : groupPath(null, gap.rule)}#gap-${gap.id}`;
}

export interface GapRef {
  id: string;
  rule: string;
  /** The page and anchor of the gap's row (see gapPath). */
  path: string;
}

// Indexes of the site's one gaps file, made once per build rather than once per page.
const GAPS_BY_ID = new WeakMap<GapsFile, Map<string, Gap>>();
const GAPS_BY_SUBJECT = new WeakMap<GapsFile, Map<string, Gap[]>>();

function gapsById(data: GapData): Map<string, Gap> {
  let byId = GAPS_BY_ID.get(data.gaps);
  if (!byId) GAPS_BY_ID.set(data.gaps, (byId = new Map(data.gaps.gaps.map((g) => [g.id, g]))));
  return byId;
}

/** Subject → its gaps, in the gaps file's order. */
export function gapsBySubject(data: GapData): Map<string, Gap[]> {
  let bySubject = GAPS_BY_SUBJECT.get(data.gaps);
  if (!bySubject)
    GAPS_BY_SUBJECT.set(data.gaps, (bySubject = group(data.gaps.gaps, (g) => g.subject)));
  return bySubject;
}

/** The gaps with these ids as links to their rows (ids of no gap are left out). */
export function gapRefs(data: GapData, ids: readonly string[]): GapRef[] {
  if (ids.length === 0) return [];
  const byId = gapsById(data);
  return ids.flatMap((id) => {
    const g = byId.get(id);
    return g ? [{ id, rule: g.rule, path: gapPath(g) }] : [];
  });
}

/** The gaps with these ids, in that order (ids of no gap are left out). */
export function gapsByIds(data: GapData, ids: readonly string[]): Gap[] {
  const byId = gapsById(data);
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The controls of the gaps, for the filter ('' for gaps of no control), sorted. */
export function gapControls(data: GapData): string[] {
  return [...new Set(data.gaps.gaps.map((g) => g.control ?? ''))].sort();
}

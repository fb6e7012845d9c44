import { daysBetween, nextReview } from './dates.ts';
import type { Control, ContentDocument } from './content/load.ts';
import { FRAMEWORKS, type FrameworkId } from './frameworks/index.ts';
import type { Model } from './model.ts';
import type { Gap, GapsFile } from './schemas/gaps.ts';
import type { Rule } from '../rules/rule.ts';

export type ControlStatus = 'ok' | 'gaps' | 'no-evidence';
export type ReviewStatus = 'current' | 'due-soon' | 'overdue' | 'no-review' | 'not-reviewed';

/** Documents due within this many days show as coming due on the dashboard. */
export const DUE_SOON_DAYS = 30;

export interface SiteControl extends Control {
  status: ControlStatus;
  /** Ids of the gaps shown on the control page: its own, and those of the documents behind it. */
  gaps: string[];
}

export interface SiteDocument extends ContentDocument {
  next_review: string | null;
  /** Days from the as-of date to the next review (negative when overdue). */
  days_until_review: number | null;
  review_status: ReviewStatus;
  gaps: string[];
}

export interface SiteCriterion {
  id: string;
  group: string;
  title: string;
  controls: string[];
}

export interface SiteFramework {
  id: FrameworkId;
  name: string;
  version: string;
  groups: { id: string; title: string }[];
  criteria: SiteCriterion[];
}

export interface SiteRule {
  id: string;
  title: string;
  description: string;
  severity: Rule['severity'];
  kind: Rule['kind'];
  source: string | null;
  remedy: string;
}

/** Everything the static site renders, computed from the model; the site itself does no checking. */
export interface SiteData {
  title: string;
  url: string | null;
  as_of: string;
  period: { start: string; end: string };
  controls: SiteControl[];
  documents: SiteDocument[];
  frameworks: SiteFramework[];
  gaps: GapsFile;
  rules: SiteRule[];
  evidence: { root: string | null; files: number; sources: Record<string, { collected_at: string }> };
}

export function buildSiteData(model: Model, gaps: GapsFile, rules: ReadonlyMap<string, Rule>): SiteData {
  const gapsBySubject = group(gaps.gaps, (g) => g.subject);
  const gapsByControl = group(gaps.gaps, (g) => g.control ?? '');

  const documents: SiteDocument[] = model.content.documents.map((doc) => {
    const next = doc.last_reviewed !== null && doc.review_cadence !== null ? nextReview(doc.last_reviewed, doc.review_cadence) : null;
    const days = next !== null ? daysBetween(model.asOf, next) : null;
    return {
      ...doc,
      next_review: next,
      days_until_review: days,
      review_status: reviewStatus(doc, days),
      gaps: (gapsBySubject.get(`doc:${doc.path}`) ?? []).map((g) => g.id),
    };
  });

  const controls: SiteControl[] = model.content.controls.map((c) => {
    const own = gapsByControl.get(c.id) ?? [];
    const ofDocuments = c.backlinks.flatMap((b) => gapsBySubject.get(`doc:${b.document}`) ?? []);
    const all = unique([...own, ...ofDocuments]);
    const noEvidence = own.some((g) => g.rule === 'control-no-evidence');
    const status: ControlStatus = all.some((g) => g.rule !== 'control-no-evidence') ? 'gaps' : noEvidence ? 'no-evidence' : 'ok';
    return { ...c, status, gaps: all.map((g) => g.id) };
  });

  const frameworks: SiteFramework[] = FRAMEWORKS.map((fw) => ({
    id: fw.id,
    name: fw.name,
    version: fw.version,
    groups: fw.groups,
    criteria: fw.criteria.map((cr) => ({ ...cr, controls: controls.filter((c) => c.frameworks[fw.id].includes(cr.id)).map((c) => c.id) })),
  }));

  return {
    title: model.config.site.title,
    url: model.config.site.url ?? null,
    as_of: model.asOf,
    period: model.period,
    controls,
    documents,
    frameworks,
    gaps,
    rules: [...rules.values()].map((r) => ({ id: r.id, title: r.title, description: r.description, severity: r.severity, kind: r.kind, source: r.source ?? null, remedy: r.remedy })),
    evidence: {
      root: model.evidence.manifest?.root ?? null,
      files: Object.keys(model.evidence.manifest?.files ?? {}).length,
      sources: Object.fromEntries(Object.entries(model.evidence.sources).map(([k, s]) => [k, { collected_at: s.collected_at }])),
    },
  };
}

function reviewStatus(doc: ContentDocument, days: number | null): ReviewStatus {
  if (days === null) return doc.type === null ? 'not-reviewed' : 'no-review';
  if (days < 0) return 'overdue';
  return days <= DUE_SOON_DAYS ? 'due-soon' : 'current';
}

function group<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function unique(gaps: Gap[]): Gap[] {
  const seen = new Set<string>();
  return gaps.filter((g) => (seen.has(g.id) ? false : (seen.add(g.id), true)));
}

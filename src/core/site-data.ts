import { daysBetween, nextReview } from './dates.ts';
import type { Control, ContentDocument } from './content/load.ts';
import { FRAMEWORKS, type FrameworkId } from './frameworks/index.ts';
import type { Model } from './model.ts';
import type { Gap, GapsFile } from './schemas/gaps.ts';
import type { Rule } from './rule.ts';
import {
  breakGlassSessions,
  isChange,
  principalKind,
  type BreakGlassSession,
  type PrincipalKind,
} from './cloudtrail/sessions.ts';
import { postmortemPullRequests } from './cloudtrail/postmortem.ts';
import type { PullRequestRecord } from './schemas/github.ts';
import { inPeriod } from './dates.ts';
import { deploySubject, labelledPullRequests, prSubject } from './github/scope.ts';
import { POPULATIONS } from './populations/index.ts';
import type { PopulationItem } from './populations/population.ts';
import { commitSubject, pullRequestByCommit } from './sarif/scans.ts';

export type ControlStatus = 'ok' | 'gaps' | 'no-evidence';
export type ReviewStatus = 'current' | 'due-soon' | 'overdue' | 'no-review' | 'not-reviewed';

/** Documents due within this many days show as coming due on the dashboard. */
export const DUE_SOON_DAYS = 30;

export type ItemStatus = 'passes' | 'gap' | 'accepted';

export interface PopulationRow extends PopulationItem {
  status: ItemStatus;
  /** Ids of this control's gaps about the item. */
  gaps: string[];
  /** Site path of the item's evidence record, when it is in the store. */
  evidence: string | null;
}

export interface SitePopulation {
  kind: string;
  title: string;
  source: string;
  columns: { key: string; label: string }[];
  /** The rules of this control that test these items. */
  rules: string[];
  counts: Record<ItemStatus, number>;
  items: PopulationRow[];
}

export interface SiteControl extends Control {
  /** An accepted risk is still a gap (an exception the auditor evaluates): `accepted_gaps` says which. */
  status: ControlStatus;
  /** Ids of the gaps shown on the control page: its own, and those of the documents behind it. */
  gaps: string[];
  /** Those of `gaps` whose group is accepted risk (all of them: every exception was accepted). */
  accepted_gaps: string[];
  populations: SitePopulation[];
}

export interface SiteRepository {
  repo: string;
  pull_requests: number;
  deployments: number;
  gaps_by_rule: Record<string, number>;
  /** Merged pull requests of the period, newest first, for the repository page. */
  recent: {
    number: number;
    title: string;
    url: string;
    author: string;
    merged_at: string;
    gaps: number;
    evidence: string | null;
  }[];
}

export interface SitePullRequest {
  repo: string;
  number: number;
  title: string;
  url: string;
}

export interface SiteAccount {
  account: string;
  name: string | null;
  environment: string | null;
  changes_by_kind: Record<PrincipalKind, number>;
  /** Changes by people (console or not) and inside break-glass sessions: the ones an auditor reads one by one. */
  notable: {
    subject: string;
    time: string;
    kind: PrincipalKind;
    name: string;
    source: string;
    principal: string | null;
    evidence: string | null;
    gaps: string[];
  }[];
  sessions: {
    subject: string;
    session: string | null;
    by: string | null;
    start: string;
    end: string;
    evidence: string | null;
    changes: { time: string; name: string; source: string; resources: string[] }[];
    gaps: string[];
    /** Merged pull requests that break-glass-no-postmortem accepts as the session's post-mortem (labelled, opened in its window). */
    postmortem_pull_requests: SitePullRequest[];
  }[];
}

export interface SiteScan {
  commit: string;
  subject: string;
  pull_request: SitePullRequest | null;
  runs: {
    tool: string;
    file: string;
    passed: string[];
    failed: { rule: string; level: string; location: string | null }[];
    suppressed: { rule: string; justification: string | null }[];
  }[];
  gaps: string[];
  evidence: string | null;
}

/** Inputs the site needs besides the model: where each record's evidence page is, and accepted gap groups. */
export interface SiteInputs {
  /** Subject → site path of its evidence record (with anchor). */
  evidenceLinks?: ReadonlyMap<string, string>;
  /** Gap groups (`control|rule`) whose GitHub issue was closed as not planned: accepted risk. */
  accepted?: ReadonlySet<string>;
  /** What `docket verify` found wrong with the store, when the build was told to go ahead anyway. */
  unverified?: readonly string[];
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
  evidence: {
    root: string | null;
    files: { path: string; sha256: string; records: number; bytes: number; href: string | null }[];
    sources: Record<string, { collected_at: string }>;
  };
  repositories: SiteRepository[];
  accounts: SiteAccount[];
  scans: SiteScan[];
  /** Gap groups accepted as risk (control|rule). */
  accepted: string[];
  /** The GitHub issue that records each accepted group's decision (control|rule → issue). */
  accepted_issues: Record<string, { number: number; url: string }>;
  /** Verification problems of the evidence store (empty when it verified). */
  unverified: string[];
}

export function buildSiteData(
  model: Model,
  gaps: GapsFile,
  rules: ReadonlyMap<string, Rule>,
  inputs: SiteInputs = {},
): SiteData {
  const gapsBySubject = group(gaps.gaps, (g) => g.subject);
  const gapsByControl = group(gaps.gaps, (g) => g.control ?? '');
  const links = inputs.evidenceLinks ?? new Map<string, string>();
  const accepted = inputs.accepted ?? new Set<string>();

  const documents: SiteDocument[] = model.content.documents.map((doc) => {
    const next =
      doc.last_reviewed !== null && doc.review_cadence !== null
        ? nextReview(doc.last_reviewed, doc.review_cadence)
        : null;
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
    const status: ControlStatus = all.some((g) => g.rule !== 'control-no-evidence')
      ? 'gaps'
      : noEvidence
        ? 'no-evidence'
        : 'ok';
    const acceptedGaps = all
      .filter((g) => accepted.has(`${g.control ?? ''}|${g.rule}`))
      .map((g) => g.id);
    return {
      ...c,
      status,
      gaps: all.map((g) => g.id),
      accepted_gaps: acceptedGaps,
      populations: populationsOf(model, c, own, rules, links, accepted),
    };
  });

  const frameworks: SiteFramework[] = FRAMEWORKS.map((fw) => ({
    id: fw.id,
    name: fw.name,
    version: fw.version,
    groups: fw.groups,
    criteria: fw.criteria.map((cr) => ({
      ...cr,
      controls: controls.filter((c) => c.frameworks[fw.id].includes(cr.id)).map((c) => c.id),
    })),
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
    rules: [...rules.values()].map((r) => ({
      id: r.id,
      title: r.title,
      description: r.description,
      severity: r.severity,
      kind: r.kind,
      source: r.source ?? null,
      remedy: r.remedy,
    })),
    evidence: {
      root: model.evidence.manifest?.root ?? null,
      files: Object.entries(model.evidence.manifest?.files ?? {}).map(([path, f]) => ({
        path,
        ...f,
        href: links.get(`file:${path}`) ?? null,
      })),
      sources: Object.fromEntries(
        Object.entries(model.evidence.sources).map(([k, s]) => [
          k,
          { collected_at: s.collected_at },
        ]),
      ),
    },
    repositories: repositoriesOf(model, gapsBySubject, links),
    accounts: accountsOf(model, gapsBySubject, links),
    scans: scansOf(model, gapsBySubject, links),
    accepted: [...accepted].sort(),
    // Only a GitHub web address is kept, to become a link; anything else in the evidence file is dropped.
    accepted_issues: Object.fromEntries(
      (model.evidence.accepted ?? [])
        .filter((a) => accepted.has(`${a.control ?? ''}|${a.rule}`) && /^https:\/\//.test(a.url))
        .map((a) => [`${a.control ?? ''}|${a.rule}`, { number: a.issue, url: a.url }]),
    ),
    unverified: [...(inputs.unverified ?? [])],
  };
}

function populationsOf(
  model: Model,
  control: Control,
  own: readonly Gap[],
  rules: ReadonlyMap<string, Rule>,
  links: ReadonlyMap<string, string>,
  accepted: ReadonlySet<string>,
): SitePopulation[] {
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
  const gapsOfSubject = group(own, (g) => g.subject);
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

function repositoriesOf(
  model: Model,
  gapsBySubject: Map<string, Gap[]>,
  links: ReadonlyMap<string, string>,
): SiteRepository[] {
  const github = model.evidence.github;
  if (!github) return [];
  const repos = new Map<string, SiteRepository>();
  const repoOf = (name: string) => {
    let r = repos.get(name);
    if (!r)
      repos.set(
        name,
        (r = { repo: name, pull_requests: 0, deployments: 0, gaps_by_rule: {}, recent: [] }),
      );
    return r;
  };
  const count = (r: SiteRepository, subject: string) => {
    for (const g of gapsBySubject.get(subject) ?? [])
      r.gaps_by_rule[g.rule] = (r.gaps_by_rule[g.rule] ?? 0) + 1;
    return (gapsBySubject.get(subject) ?? []).length;
  };
  for (const pr of github.pullRequests.filter((p) => inPeriod(p.merged_at, model.period))) {
    const r = repoOf(pr.repo);
    r.pull_requests++;
    const subject = prSubject(pr);
    r.recent.push({
      number: pr.number,
      title: pr.title,
      url: pr.url,
      author: pr.author,
      merged_at: pr.merged_at,
      gaps: count(r, subject),
      evidence: links.get(subject) ?? null,
    });
  }
  for (const d of github.deployments.filter((x) => inPeriod(x.created_at, model.period))) {
    const r = repoOf(d.repo);
    r.deployments++;
    count(r, deploySubject(d));
  }
  for (const r of repos.values()) {
    r.recent.sort((a, b) =>
      a.merged_at < b.merged_at ? 1 : a.merged_at > b.merged_at ? -1 : b.number - a.number,
    );
    r.gaps_by_rule = Object.fromEntries(
      Object.entries(r.gaps_by_rule).sort(([a], [b]) => (a < b ? -1 : 1)),
    );
  }
  return [...repos.values()].sort((a, b) => (a.repo < b.repo ? -1 : 1));
}

function accountsOf(
  model: Model,
  gapsBySubject: Map<string, Gap[]>,
  links: ReadonlyMap<string, string>,
): SiteAccount[] {
  const events = model.evidence.cloudtrail?.events;
  if (!events) return [];
  const sessions = breakGlassSessions(model);
  const configured = model.config.aws?.accounts ?? {};
  const ids = [...new Set([...Object.keys(configured), ...events.map((e) => e.account)])].sort();
  const gapIds = (subject: string) => (gapsBySubject.get(subject) ?? []).map((g) => g.id);
  return ids.map((account) => {
    const byKind: Record<PrincipalKind, number> = {
      ci: 0,
      human: 0,
      console: 0,
      'break-glass': 0,
      service: 0,
    };
    const notable: SiteAccount['notable'] = [];
    for (const e of events) {
      if (e.account !== account || !isChange(e) || !inPeriod(e.time, model.period)) continue;
      const kind = principalKind(model, e, sessions);
      byKind[kind]++;
      if (kind === 'human' || kind === 'console' || kind === 'break-glass') {
        const subject = `cloudtrail:${e.event_id}`;
        notable.push({
          subject,
          time: e.time,
          kind,
          name: e.name,
          source: e.source,
          principal: e.principal.arn,
          evidence: links.get(subject) ?? null,
          gaps: gapIds(subject),
        });
      }
    }
    return {
      account,
      name: configured[account]?.name ?? null,
      environment: configured[account]?.environment ?? null,
      changes_by_kind: byKind,
      notable,
      sessions: sessions
        .filter((s) => s.event.account === account)
        .map((s) => {
          const subject = `cloudtrail:${s.event.event_id}`;
          return {
            subject,
            session: s.session_name,
            by: s.by,
            start: s.start,
            end: s.end,
            evidence: links.get(subject) ?? null,
            changes: s.changes.map((e) => ({
              time: e.time,
              name: e.name,
              source: e.source,
              resources: e.resources.map((r) => r.arn).filter((a): a is string => a !== null),
            })),
            gaps: gapIds(subject),
            postmortem_pull_requests: postmortemPullRequestsOf(model, s).map(sitePullRequest),
          };
        }),
    };
  });
}

function scansOf(
  model: Model,
  gapsBySubject: Map<string, Gap[]>,
  links: ReadonlyMap<string, string>,
): SiteScan[] {
  const runs = model.evidence.sarif?.runs;
  if (!runs) return [];
  const pullRequestOf = pullRequestByCommit(model.evidence.github?.pullRequests ?? []);
  const byCommit = group(
    runs.filter((r) => r.commit !== null),
    (r) => r.commit as string,
  );
  return [...byCommit]
    .map(([commit, commitRuns]) => {
      const pr = pullRequestOf(commit);
      const subject = commitSubject(commit);
      return {
        commit,
        subject,
        pull_request: pr ? sitePullRequest(pr) : null,
        runs: commitRuns.map((run) => {
          const failing = run.results.filter((r) => !r.suppressed);
          const failedRules = new Set(failing.map((r) => r.rule_id));
          return {
            tool: run.tool,
            file: run.file,
            passed: run.rules
              .map((r) => r.id)
              .filter((id) => !failedRules.has(id) && !run.results.some((x) => x.rule_id === id)),
            failed: failing.map((r) => ({ rule: r.rule_id, level: r.level, location: r.location })),
            suppressed: run.results
              .filter((r) => r.suppressed)
              .map((r) => ({
                rule: r.rule_id,
                justification: r.suppressions[0]?.justification ?? null,
              })),
          };
        }),
        gaps: (gapsBySubject.get(subject) ?? []).map((g) => g.id),
        evidence: links.get(subject) ?? null,
      };
    })
    .sort((a, b) => (a.commit < b.commit ? -1 : 1));
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

function sitePullRequest(pr: PullRequestRecord): SitePullRequest {
  return { repo: pr.repo, number: pr.number, title: pr.title, url: pr.url };
}

/** The pull requests each break-glass-no-postmortem check of the content accepts for the session, in store order. */
function postmortemPullRequestsOf(model: Model, s: BreakGlassSession): PullRequestRecord[] {
  if (!model.evidence.github) return [];
  const found = new Set<PullRequestRecord>();
  for (const control of model.content.controls)
    for (const check of control.checks) {
      if (check.rule !== 'break-glass-no-postmortem') continue;
      const { labels, within_hours } = check.params as { labels: string[]; within_hours: number };
      for (const pr of postmortemPullRequests(labelledPullRequests(model, labels), s, within_hours))
        found.add(pr);
    }
  return model.evidence.github.pullRequests.filter((pr) => found.has(pr));
}

import { z } from 'zod';
import {
  postmortemDeadline,
  postmortemDocuments,
  postmortemPullRequests,
  type SessionWindow,
} from '../../../core/cloudtrail/postmortem.ts';
import {
  breakGlassSessions,
  isChange,
  principalKind,
  type BreakGlassSession,
  type PrincipalKind,
} from '../../../core/cloudtrail/sessions.ts';
import { inPeriod } from '../../../core/dates.ts';
import { sourceLinkOf } from '../../../core/evidence-items.ts';
import { labelledPullRequests } from '../../../core/github/scope.ts';
import type { Model } from '../../../core/model.ts';
import type { GapsFile } from '../../../core/schemas/gaps.ts';
import type { PullRequestRecord } from '../../../core/schemas/github.ts';
import breakGlassNoPostmortem from '../../../rules/break-glass-no-postmortem.ts';
import { gapIdsOf, SitePullRequest, sitePullRequest, type ViewInputs } from '../shared.ts';

// One page per AWS account: its changes counted by who made them, the exceptions listed (changes
// with gaps, from the console, in break-glass sessions, by people), and the break-glass timeline
// with each session's post-mortem state, as break-glass-no-postmortem decides it. Every change is
// listed once on the site, on the account's CloudTrail record pages (a month a file, 100 records
// a page); a production account's are also in each production-changes population. The account
// page links there rather than repeating them: CI and AWS service changes are counted, and
// people's changes without gaps are counted by principal when there are more than a page's worth.

const PrincipalKindSchema = z.enum(['ci', 'human', 'console', 'break-glass', 'service']);

/** People's changes without gaps listed one by one up to this many; by principal above it. */
export const PEOPLE_LIST_LIMIT = 100;

const DocumentLink = z.strictObject({ path: z.string(), title: z.string() });

/** A session's post-mortem, as the rule decided it (or would, were it checked). */
export const Postmortem = z.discriminatedUnion('state', [
  /** No control checks the rule: the documents about the session are listed, unjudged. */
  z.strictObject({
    state: z.literal('not-checked'),
    rule: z.string(),
    documents: z.array(DocumentLink),
  }),
  /** The rule's gaps: none written, or written late. */
  z.strictObject({
    state: z.enum(['missing', 'late']),
    gaps: z.array(
      z.strictObject({ id: z.string(), title: z.string(), control: z.string().nullable() }),
    ),
  }),
  z.strictObject({ state: z.literal('found'), document: DocumentLink }),
  /** No document, but a labelled pull request opened in the window (or one the rule accepted). */
  z.strictObject({
    state: z.literal('pull-request'),
    labels: z.array(z.string()),
    within_hours: z.number(),
    pull_requests: z.array(SitePullRequest),
  }),
  /** The window is still open at the as-of date. */
  z.strictObject({ state: z.literal('pending'), due: z.string() }),
]);
export type Postmortem = z.infer<typeof Postmortem>;

export const SiteAccount = z.strictObject({
  account: z.string(),
  name: z.string().nullable(),
  environment: z.string().nullable(),
  changes_by_kind: z.record(PrincipalKindSchema, z.number()),
  /** The account's CloudTrail record files, a month each: every change is listed there. */
  months: z.array(
    z.strictObject({
      month: z.string(),
      records: z.number(),
      /** The site path of the month's first record page, when published. */
      href: z.string().nullable(),
    }),
  ),
  /** The controls whose production-changes population lists this (production) account's changes. */
  populations: z.array(z.strictObject({ control: z.string(), path: z.string() })),
  /**
   * People's changes outside the console without gaps, by principal, when there are more than
   * PEOPLE_LIST_LIMIT (then they are not in `notable`); empty otherwise.
   */
  people_by_principal: z.array(
    z.strictObject({
      principal: z.string().nullable(),
      changes: z.number(),
      first: z.string(),
      last: z.string(),
    }),
  ),
  /**
   * The changes read one by one: those with gaps, from the console and in break-glass sessions,
   * and people's changes outside the console (all of them up to PEOPLE_LIST_LIMIT without gaps).
   */
  notable: z.array(
    z.strictObject({
      subject: z.string(),
      time: z.string(),
      kind: PrincipalKindSchema,
      name: z.string(),
      source: z.string(),
      principal: z.string().nullable(),
      evidence: z.string().nullable(),
      /** The event in the CloudTrail console (its source link). */
      console_url: z.string().nullable(),
      gaps: z.array(z.string()),
      /** A gap about it, or made inside a break-glass session (covered by its post-mortem). */
      status: z.enum(['gap', 'in-session']).nullable(),
    }),
  ),
  sessions: z.array(
    z.strictObject({
      subject: z.string(),
      session: z.string().nullable(),
      by: z.string().nullable(),
      start: z.string(),
      end: z.string(),
      evidence: z.string().nullable(),
      changes: z.array(
        z.strictObject({
          time: z.string(),
          name: z.string(),
          source: z.string(),
          resources: z.array(z.string()),
        }),
      ),
      gaps: z.array(z.string()),
      /** Merged pull requests the rule accepts as post-mortem (labelled, opened in the window). */
      postmortem_pull_requests: z.array(SitePullRequest),
      postmortem: Postmortem,
    }),
  ),
});
export type SiteAccount = z.infer<typeof SiteAccount>;

type Change = SiteAccount['notable'][number];

/**
 * The changes an account page lists, and people's changes without gaps by principal when they
 * are more than `limit` (those are then left out of the list). Time order is kept.
 */
export function listedChanges(
  changes: readonly Change[],
  limit = PEOPLE_LIST_LIMIT,
): Pick<SiteAccount, 'notable' | 'people_by_principal'> {
  const quiet = (c: Change) => c.kind === 'human' && c.status === null;
  const people = changes.filter(quiet);
  if (people.length <= limit) return { notable: [...changes], people_by_principal: [] };
  const byPrincipal = new Map<string | null, SiteAccount['people_by_principal'][number]>();
  for (const c of people) {
    const p = byPrincipal.get(c.principal);
    if (!p)
      byPrincipal.set(c.principal, {
        principal: c.principal,
        changes: 1,
        first: c.time,
        last: c.time,
      });
    else {
      p.changes++;
      if (c.time < p.first) p.first = c.time;
      if (c.time > p.last) p.last = c.time;
    }
  }
  return {
    notable: changes.filter((c) => !quiet(c)),
    people_by_principal: [...byPrincipal.values()].sort(
      (a, b) => b.changes - a.changes || ((a.principal ?? '') < (b.principal ?? '') ? -1 : 1),
    ),
  };
}

/** The listed changes with their evidence links (the site publishes the records it links). */
function withEvidence<T extends { notable: SiteAccount['notable'] }>(
  listed: T,
  inputs: ViewInputs,
): T {
  const notable = listed.notable.map((c) => ({
    ...c,
    evidence: inputs.links.get(c.subject) ?? null,
  }));
  return { ...listed, notable };
}

/** The account's CloudTrail record files (`cloudtrail/<account>/<month>.ndjson`), by month. */
function accountMonths(model: Model, inputs: ViewInputs, account: string): SiteAccount['months'] {
  const prefix = `cloudtrail/${account}/`;
  return Object.entries(model.evidence.manifest?.files ?? {})
    .filter(([path]) => path.startsWith(prefix) && path.endsWith('.ndjson'))
    .map(([path, f]) => ({
      month: path.slice(prefix.length, -'.ndjson'.length),
      records: f.records,
      href: inputs.links.get(`file:${path}`) ?? null,
    }))
    .sort((a, b) => (a.month < b.month ? -1 : 1));
}

/**
 * @param populations the controls with a production-changes population and its site path: they
 *   list every change of the production accounts.
 */
export function accountsView(
  model: Model,
  gaps: GapsFile,
  inputs: ViewInputs,
  populations: SiteAccount['populations'] = [],
): SiteAccount[] {
  const events = model.evidence.cloudtrail?.events;
  if (!events) return [];
  const sessions = breakGlassSessions(model);
  const configured = model.config.aws?.accounts ?? {};
  const ids = [...new Set([...Object.keys(configured), ...events.map((e) => e.account)])].sort();
  const postmortemOf = postmortemJudge(model, gaps);
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
        const gapIds = gapIdsOf(inputs, subject);
        notable.push({
          subject,
          time: e.time,
          kind,
          name: e.name,
          source: e.source,
          principal: e.principal.arn,
          // Linked once listed (below): a quiet change summed up by principal links nothing.
          evidence: null,
          console_url: sourceLinkOf(`cloudtrail/${e.account}`, e, model.config.github.web_url),
          gaps: gapIds,
          status: gapIds.length > 0 ? 'gap' : kind === 'break-glass' ? 'in-session' : null,
        });
      }
    }
    const environment = configured[account]?.environment ?? null;
    return {
      account,
      name: configured[account]?.name ?? null,
      environment,
      changes_by_kind: byKind,
      months: accountMonths(model, inputs, account),
      populations: environment === 'production' ? populations : [],
      ...withEvidence(listedChanges(notable), inputs),
      sessions: sessions
        .filter((s) => s.event.account === account)
        .map((s) => {
          const subject = `cloudtrail:${s.event.event_id}`;
          const pullRequests = postmortemPullRequestsOf(model, s).map(sitePullRequest);
          const gapIds = gapIdsOf(inputs, subject);
          return {
            subject,
            session: s.session_name,
            by: s.by,
            start: s.start,
            end: s.end,
            evidence: inputs.links.get(subject) ?? null,
            changes: s.changes.map((e) => ({
              time: e.time,
              name: e.name,
              source: e.source,
              resources: e.resources.map((r) => r.arn).filter((a): a is string => a !== null),
            })),
            gaps: gapIds,
            postmortem_pull_requests: pullRequests,
            postmortem: postmortemOf(s, gapIds, pullRequests),
          };
        }),
    };
  });
}

/** Every break-glass-no-postmortem check of the content, its parameters parsed by the rule. */
function postmortemChecks(model: Model) {
  return model.content.controls.flatMap((c) =>
    c.checks
      .filter((k) => k.rule === breakGlassNoPostmortem.id)
      .map((k) => ({ control: c.id, ...breakGlassNoPostmortem.params.parse(k.params) })),
  );
}

/**
 * The post-mortem state of a session, as break-glass-no-postmortem decided it: its gaps say
 * when one is missing or late; otherwise the document that covers the session, or (when none
 * does) the labelled pull request the rule accepted, or pending while the window is open.
 */
function postmortemJudge(model: Model, gaps: GapsFile) {
  const checks = postmortemChecks(model);
  const gapById = new Map(gaps.gaps.map((g) => [g.id, g]));
  const endOfAsOf = Date.parse(`${model.asOf}T23:59:59.999Z`);
  const documents = model.content.documents;
  const link = (d: { path: string; title: string }) => ({ path: d.path, title: d.title });
  return (s: BreakGlassSession, gapIds: string[], pullRequests: SitePullRequest[]): Postmortem => {
    const window: SessionWindow = { session_name: s.session_name, start: s.start, end: s.end };
    if (checks.length === 0) {
      // Which documents are about the session does not depend on the deadline.
      const { within_hours } = breakGlassNoPostmortem.params.parse({});
      const about = postmortemDocuments(documents, window, within_hours).documents;
      return {
        state: 'not-checked',
        rule: breakGlassNoPostmortem.id,
        documents: about.map((d) => link(d.document)),
      };
    }
    if (gapIds.length > 0) {
      const found = gapIds.flatMap((id) => {
        const g = gapById.get(id);
        if (!g) return [];
        const written = (g.details as { postmortems?: unknown[] } | undefined)?.postmortems;
        const late = Array.isArray(written) && written.length > 0;
        return [{ gap: { id, title: g.title, control: g.control ?? null }, late }];
      });
      return {
        state: found.some((f) => f.late) ? 'late' : 'missing',
        gaps: found.map((f) => f.gap),
      };
    }
    const within = Math.min(...checks.map((c) => c.within_hours));
    const satisfying = postmortemDocuments(documents, window, within).satisfying;
    if (satisfying) return { state: 'found', document: link(satisfying) };
    const due = Math.max(...checks.map((c) => postmortemDeadline(window, c.within_hours)));
    if (due > endOfAsOf) return { state: 'pending', due: new Date(due).toISOString() };
    return {
      state: 'pull-request',
      labels: [...new Set(checks.flatMap((c) => c.labels))],
      within_hours: within,
      pull_requests: pullRequests,
    };
  };
}

/** The pull requests each break-glass-no-postmortem check accepts for a session, store order. */
function postmortemPullRequestsOf(model: Model, s: BreakGlassSession): PullRequestRecord[] {
  if (!model.evidence.github) return [];
  const found = new Set<PullRequestRecord>();
  for (const { labels, within_hours } of postmortemChecks(model))
    for (const pr of postmortemPullRequests(labelledPullRequests(model, labels), s, within_hours))
      found.add(pr);
  return model.evidence.github.pullRequests.filter((pr) => found.has(pr));
}

export function accountPath(account: string): string {
  return `evidence/accounts/${account}/`;
}

/** An account page's sections for its "On this page" list, with their exceptions counted. */
export function accountSections(
  account: Pick<SiteAccount, 'sessions' | 'notable' | 'people_by_principal'>,
): { id: string; label: string; note?: string }[] {
  const withoutPostmortem = account.sessions.filter(
    (s) => s.postmortem.state === 'missing' || s.postmortem.state === 'late',
  ).length;
  const withGaps = account.notable.filter((e) => e.status === 'gap').length;
  const counted = account.people_by_principal.reduce((n, p) => n + p.changes, 0);
  return [
    { id: 'by-kind-h', label: 'Changes by who made them' },
    {
      id: 'sessions-h',
      label: 'Break-glass sessions',
      note: `(${account.sessions.length}, ${withoutPostmortem} without a post-mortem in time)`,
    },
    {
      id: 'people-h',
      label: 'Changes by people',
      note: `(${account.notable.length + counted}, ${withGaps} with gaps)`,
    },
    { id: 'months-h', label: 'Record pages by month' },
  ];
}

/** Where each kind of change is listed on the site: on this page, or elsewhere (see the page). */
export function changeKinds(account: Pick<SiteAccount, 'people_by_principal'>) {
  const people = account.people_by_principal.length > 0 ? 'by-principal' : 'listed';
  return [
    { kind: 'ci', label: 'CI pipeline', where: 'elsewhere' },
    { kind: 'human', label: 'People, outside the console', where: people },
    { kind: 'console', label: 'AWS console', where: 'listed' },
    { kind: 'break-glass', label: 'Break-glass sessions', where: 'listed' },
    { kind: 'service', label: 'AWS services', where: 'elsewhere' },
  ] as const;
}

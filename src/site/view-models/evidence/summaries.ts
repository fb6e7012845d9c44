import { z } from 'zod';
import { breakGlassSessions, cloudSubject } from '../../../core/cloudtrail/sessions.ts';
import {
  deploymentsIn,
  deploySubject,
  labelledCommits,
  prSubject,
} from '../../../core/github/scope.ts';
import type { Model } from '../../../core/model.ts';
import { pullRequestByCommit } from '../../../core/sarif/scans.ts';
import { CloudTrailEvent } from '../../../core/schemas/cloudtrail.ts';
import type { Gap } from '../../../core/schemas/gaps.ts';
import { DeploymentRecord, PullRequestRecord } from '../../../core/schemas/github.ts';
import { ScanRun } from '../../../core/schemas/sarif.ts';
import deployOutsideWindow from '../../../rules/deploy-outside-window.ts';
import { externalHref, plural, when } from '../../format.ts';
import { gapPath } from '../gaps.ts';
import { group, type ViewInputs } from '../shared.ts';

// The readable summary of each evidence record on its page: who did what, when, with which
// approvals, checks and signatures, in a few compact lines; computed here, rendered by the page.

/** A change window of a deploy-outside-window check: its control and its rule parameters. */
export const DeployWindow = z.strictObject({
  control: z.string(),
  days: z.array(z.string()),
  /** UTC HH:MM, inclusive. */
  from: z.string(),
  /** UTC HH:MM, exclusive. */
  to: z.string(),
  emergency_labels: z.array(z.string()),
  /** The deployed commit belongs to a pull request of the repository with one of those labels. */
  emergency: z.boolean(),
});
export type DeployWindow = z.infer<typeof DeployWindow>;

/** What a record's summary needs besides the record: break-glass sessions, deployed PRs. */
export const RecordContext = z.strictObject({
  /** Event subject → the break-glass session it belongs to (its start event's subject). */
  break_glass: z.record(
    z.string(),
    z.strictObject({ session: z.string(), role: z.string(), start: z.string(), end: z.string() }),
  ),
  /** Deployment subject → the pull request whose commit it deployed. */
  deployed_prs: z.record(
    z.string(),
    z.strictObject({ subject: z.string(), record: z.string().nullable() }),
  ),
  /**
   * Deployment subject → the change windows that apply to it: one per control check of
   * deploy-outside-window whose repositories and environments select it, with that check's
   * parameters as the rule's schema reads them, and whether an emergency label excuses it.
   */
  deploy_windows: z.record(z.string(), z.array(DeployWindow)),
});
export type RecordContext = z.infer<typeof RecordContext>;

/** The context of the records some page shows (`shown`), not of records published whole. */
export function contextOfShown(ctx: RecordContext, shown: (subject: string) => boolean) {
  const only = <T>(entries: Record<string, T>) =>
    Object.fromEntries(Object.entries(entries).filter(([subject]) => shown(subject)));
  return {
    break_glass: only(ctx.break_glass),
    deployed_prs: only(ctx.deployed_prs),
    deploy_windows: only(ctx.deploy_windows),
  } satisfies RecordContext;
}

export function recordContextView(model: Model, inputs: ViewInputs): RecordContext {
  const breakGlass: RecordContext['break_glass'] = {};
  for (const s of breakGlassSessions(model)) {
    const info = { session: cloudSubject(s.event), role: s.role_arn, start: s.start, end: s.end };
    for (const e of [s.event, ...s.changes]) breakGlass[cloudSubject(e)] = info;
  }
  const deployed: RecordContext['deployed_prs'] = {};
  // One commit index per repository, built once (not one per deployment: that was quadratic).
  const byRepo = new Map<string, (commit: string) => PullRequestRecord | undefined>();
  const prsOf = group(model.evidence.github?.pullRequests ?? [], (p) => p.repo);
  for (const d of model.evidence.github?.deployments ?? []) {
    if (!d.commit_oid) continue;
    let find = byRepo.get(d.repo);
    if (!find) byRepo.set(d.repo, (find = pullRequestByCommit(prsOf.get(d.repo) ?? [])));
    const pr = find(d.commit_oid);
    if (pr)
      deployed[deploySubject(d)] = {
        subject: prSubject(pr),
        record: inputs.links.get(prSubject(pr)) ?? null,
      };
  }
  return { break_glass: breakGlass, deployed_prs: deployed, deploy_windows: deployWindows(model) };
}

/** Each deployment's change windows, from the checks of deploy-outside-window (see the rule). */
function deployWindows(model: Model): RecordContext['deploy_windows'] {
  const out: RecordContext['deploy_windows'] = {};
  for (const control of model.content.controls)
    for (const check of control.checks) {
      if (check.rule !== deployOutsideWindow.id) continue;
      // The rule's own schema reads the check: its defaults, not a copy of them.
      const params = deployOutsideWindow.params.parse(check.params);
      const environments = params.environments ?? model.config.github.production_environments;
      const emergency = labelledCommits(model, params.emergency_labels);
      for (const d of deploymentsIn(model, environments, params.repos))
        (out[deploySubject(d)] ??= []).push({
          control: control.id,
          days: params.days,
          from: params.from,
          to: params.to,
          emergency_labels: params.emergency_labels,
          emergency: d.commit_oid !== null && emergency.has(`${d.repo}@${d.commit_oid}`),
        });
    }
  return out;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Whether a time falls inside a window, as deploy-outside-window reads it (UTC, `to` excluded). */
export function insideWindow(
  iso: string,
  window: Pick<DeployWindow, 'days' | 'from' | 'to'>,
): boolean {
  const at = new Date(iso);
  const time = at.toISOString().slice(11, 16);
  return (
    window.days.includes(WEEKDAYS[at.getUTCDay()] as string) &&
    time >= window.from &&
    time < window.to
  );
}

/** A window in words: "mon, tue, wed, thu, fri 09:00–17:00 UTC". */
export function windowText(window: Pick<DeployWindow, 'days' | 'from' | 'to'>): string {
  return `${window.days.join(', ')} ${window.from}–${window.to} UTC`;
}

/** A verdict shown as a badge beside a part of a summary. */
export const Verdict = z.enum(['passes', 'gap']);
export type Verdict = z.infer<typeof Verdict>;

/**
 * One part of a summary line: its text, then a link when it has one, then more text. A link is
 * a site path (`site`, under the site's base) or a web address already checked to be http(s):
 * record data never becomes a javascript: link.
 */
export const SummaryPart = z.strictObject({
  badge: Verdict.optional(),
  text: z.string(),
  link: z.strictObject({ text: z.string(), href: z.string(), site: z.boolean() }).optional(),
  after: z.string().optional(),
});
export type SummaryPart = z.infer<typeof SummaryPart>;

/** One line of a summary: its label ("Reviews"; none for the record's first line), its parts. */
export const SummaryLine = z.strictObject({
  label: z.string().nullable(),
  /** Between the parts: "; " between items of a list, " · " between facts. */
  sep: z.enum(['; ', ' · ']),
  parts: z.array(SummaryPart),
});
export type SummaryLine = z.infer<typeof SummaryLine>;

/**
 * A record's readable summary, compact: a headline after the record's name (a pull request's
 * title, an event's action), then a few lines of facts. Times are UTC (the page says so once).
 */
export const RecordSummary = z.strictObject({
  kind: z.enum(['pull request', 'CloudTrail event', 'deployment', 'policy scan']),
  headline: z.string(),
  lines: z.array(SummaryLine),
  /** The gaps about this record (the gap tables link back here); also its last line. */
  gaps: z.array(z.strictObject({ id: z.string(), rule: z.string(), title: z.string() })),
});
export type RecordSummary = z.infer<typeof RecordSummary>;

/** A time to the minute, without "UTC": a record page says once that its times are UTC. */
function at(iso: string | null | undefined): string {
  return when(iso).replace(/ UTC$/, '');
}

const facts = (...texts: (string | false | null | undefined)[]): SummaryLine => ({
  label: null,
  sep: ' · ',
  parts: texts.flatMap((text) => (text ? [{ text }] : [])),
});

const list = (label: string, parts: SummaryPart[]): SummaryLine => ({ label, sep: '; ', parts });

/** A link to a web address from a record, or its text alone when it is not http(s). */
function webLink(text: string, url: string): Pick<SummaryPart, 'link' | 'text'> {
  const safe = externalHref(url);
  return safe ? { text: '', link: { text, href: safe, site: false } } : { text };
}

const PASSING_CHECKS = new Set(['SUCCESS', 'NEUTRAL', 'SKIPPED']);

/**
 * Items in their order, those next to each other with the same description said once:
 * "6ac1763f4a17, 983bd89d2883: bob, signature valid". `passes` false marks a run as a gap.
 */
export function runs<T>(
  items: readonly T[],
  describe: (t: T) => string,
  name: (t: T) => string,
  passes: (t: T) => boolean = () => true,
): SummaryPart[] {
  const out: { names: string[]; description: string; passes: boolean }[] = [];
  for (const item of items) {
    const description = describe(item);
    const ok = passes(item);
    const last = out.at(-1);
    if (last && last.description === description && last.passes === ok) last.names.push(name(item));
    else out.push({ names: [name(item)], description, passes: ok });
  }
  return out.map((r) => ({
    ...(r.passes ? {} : { badge: 'gap' as const }),
    text: `${r.names.join(', ')}: ${r.description}`,
  }));
}

function prSummary(pr: PullRequestRecord): Omit<RecordSummary, 'gaps'> {
  const approvals = pr.reviews.filter((r) => r.state === 'APPROVED').length;
  return {
    kind: 'pull request',
    headline: pr.title,
    lines: [
      facts(
        `${pr.author} opened ${at(pr.created_at)}, merged ${at(pr.merged_at)} by ` +
          `${pr.merged_by ?? 'unknown'} into ${pr.base_branch}`,
        approvals === 0 ? 'no approval' : plural(approvals, 'approval'),
        pr.labels.length > 0 && `labels: ${pr.labels.join(', ')}`,
      ),
      list(
        'Reviews',
        pr.reviews.map((r) => ({
          text:
            `${r.author} ${r.state.toLowerCase().replace(/_/g, ' ')} ` +
            `${r.submitted_at ? at(r.submitted_at) : '(not submitted)'} on ` +
            (r.commit_oid
              ? `${r.commit_oid.slice(0, 12)} ` +
                (r.commit_oid === pr.head_oid ? '(merged head)' : '(earlier commit)')
              : 'an unknown commit'),
        })),
      ),
      list(
        // The merged head's checks (the page says so once).
        'Checks',
        runs(
          pr.checks,
          (c) => (c.conclusion ?? 'running').toLowerCase(),
          (c) => c.name,
          // A passing check's conclusion says so; a failing one is marked.
          (c) => c.conclusion !== null && PASSING_CHECKS.has(c.conclusion),
        ),
      ),
      list(
        'Commits',
        runs(
          pr.commits,
          (c) => {
            const authors = c.authors.map((a) => a.login ?? a.name ?? a.email ?? 'unknown');
            const signer = c.signature?.signer;
            // The signer is named when it is not the commit's only author.
            const by =
              signer && !(authors.length === 1 && authors[0] === signer) ? ` by ${signer}` : '';
            return (
              `${authors.join(', ')}, ` +
              (c.signature ? `signature ${c.signature.state.toLowerCase()}${by}` : 'unsigned')
            );
          },
          (c) => c.oid.slice(0, 12),
        ),
      ),
      list(
        'Referenced by',
        pr.cross_references.map((x) => ({
          ...webLink(x.source, x.url),
          after: `, ${x.is_pull_request ? 'pull request' : 'issue'}, ${at(x.created_at)}`,
        })),
      ),
    ],
  };
}

/** The principal's type, unless its ARN already says it (…:assumed-role/…, …:user/…, …:root). */
function principalType(p: CloudTrailEvent['principal']): string | null {
  const arn = p.arn ?? '';
  const said =
    (p.type === 'AssumedRole' && arn.includes(':assumed-role/')) ||
    (p.type === 'IAMUser' && arn.includes(':user/')) ||
    (p.type === 'Root' && arn.endsWith(':root'));
  return said || (!p.arn && !p.invoked_by) ? null : p.type;
}

function eventSummary(
  e: CloudTrailEvent,
  ctx: RecordContext,
  fileAccount: string | null,
): Omit<RecordSummary, 'gaps'> {
  const session = ctx.break_glass[cloudSubject(e)];
  const who = e.principal.arn ?? e.principal.invoked_by ?? e.principal.type;
  const type = principalType(e.principal);
  // The page is one account's month: its account is said once, on the page.
  const where = e.account === fileAccount ? e.region : `account ${e.account}, ${e.region}`;
  return {
    kind: 'CloudTrail event',
    headline: `${e.name} on ${e.source}${e.error_code ? `, failed: ${e.error_code}` : ''}`,
    lines: [
      facts(
        `${at(e.time)} by ${who}${type ? ` (${type})` : ''} in ${where}` +
          // An AWS service calls from its own name: said once, as who.
          (e.source_ip && e.source_ip !== who ? ` from ${e.source_ip}` : ''),
        e.resources.length > 0 &&
          `resources: ${e.resources.map((r) => r.arn ?? r.type ?? '?').join(', ')}`,
        e.console && 'from an AWS console session',
      ),
      ...(session
        ? [
            list('Break-glass session', [
              {
                text:
                  session.session === cloudSubject(e)
                    ? `starts here: ${session.role}, until ${at(session.end)}`
                    : `in the session started ${at(session.start)} (${session.role})`,
              },
            ]),
          ]
        : []),
    ],
  };
}

function deploymentSummary(d: DeploymentRecord, ctx: RecordContext): Omit<RecordSummary, 'gaps'> {
  const pr = ctx.deployed_prs[deploySubject(d)];
  const windows = ctx.deploy_windows[deploySubject(d)] ?? [];
  const day = WEEKDAYS[new Date(d.created_at).getUTCDay()] as string;
  const prName = pr ? recordName(pr.subject) : '';
  return {
    kind: 'deployment',
    headline: `to ${d.environment}, state ${d.state.toLowerCase()}`,
    lines: [
      {
        label: null,
        sep: ' · ',
        parts: [
          { text: `${at(d.created_at)} (${day}) by ${d.creator}` },
          { text: `commit ${d.commit_oid ?? 'unknown'}` },
          !pr
            ? { text: 'no pull request found for this commit' }
            : pr.record
              ? { text: 'pull request ', link: { text: prName, href: pr.record, site: true } }
              : { text: `pull request ${prName}` },
        ],
      },
      // Each window's days and hours are said once on the page (windowsOfPage), and so is a
      // deployment that no check selects; here, the verdict.
      list(
        'Change window',
        windows.map((w) => {
          const inside = insideWindow(d.created_at, w);
          // Two checks of one control: which window is meant.
          const twice = windows.filter((x) => x.control === w.control).length > 1;
          return {
            ...(inside || w.emergency ? {} : { badge: 'gap' as const }),
            text:
              (inside
                ? 'inside'
                : w.emergency
                  ? "outside, excused: the commit's pull request is labelled " +
                    w.emergency_labels.join(' or ')
                  : 'outside') + ` (${w.control}${twice ? `, ${windowText(w)}` : ''})`,
          };
        }),
      ),
    ],
  };
}

/**
 * The change windows that apply to a page's deployments, each once: "OPS-03: mon, tue, wed,
 * thu, fri 09:00–17:00 UTC (deploy-outside-window)". Each deployment's summary says whether it
 * was inside each of its windows.
 */
export function windowsOfPage(subjects: readonly (string | null)[], ctx: RecordContext): string[] {
  const out = new Set<string>();
  let unselected = 0;
  for (const subject of subjects) {
    const windows = (subject && ctx.deploy_windows[subject]) || [];
    if (windows.length === 0) unselected++;
    for (const w of windows) out.add(`${w.control}: ${windowText(w)} (${deployOutsideWindow.id})`);
  }
  const none = `no ${deployOutsideWindow.id} check selects`;
  return [
    ...[...out].sort(),
    ...(unselected === 0
      ? []
      : out.size === 0
        ? [`none: ${none} this page's deployments`]
        : [`none for a deployment without a "Change window" line: ${none} it`]),
  ];
}

function scanSummary(run: ScanRun): Omit<RecordSummary, 'gaps'> {
  const failing = new Map<string, string>();
  for (const r of run.results)
    if (!r.suppressed && r.level !== 'none' && r.level !== 'note')
      failing.set(r.rule_id, `${r.level}${r.location ? ` at ${r.location}` : ''}: ${r.message}`);
  const passed = run.rules.filter((r) => !failing.has(r.id));
  return {
    kind: 'policy scan',
    headline:
      `${run.tool}${run.tool_version ? ` ${run.tool_version}` : ''} policy scan` +
      (run.branch ? ` on ${run.branch}` : ''),
    lines: [
      {
        label: null,
        sep: ' · ',
        parts: [
          {
            ...(failing.size ? { badge: 'gap' as const } : {}),
            text: `${passed.length} passed, ${failing.size} failed`,
          },
          // A run without a commit has no name but its anchor: say which commit it lacks.
          ...(run.commit ? [] : [{ text: 'commit not recorded' }]),
          { text: `${run.file} (run ${run.run_index})` },
        ],
      },
      list(
        'Failed',
        [...failing].map(([rule, what]) => ({ badge: 'gap' as const, text: `${rule} ${what}` })),
      ),
      list(
        'Passed',
        passed.map((r) => ({ text: r.name ? `${r.id} (${r.name})` : r.id })),
      ),
    ],
  };
}

/** A record's name on its page: its subject without the source's prefix (github:, cloudtrail:). */
export function recordName(subject: string): string {
  return subject.replace(/^[a-z]+:/, '');
}

/** The summary of a stored record, or null for a record of no known kind. */
export function recordSummary(
  file: string,
  record: unknown,
  subject: string | null,
  ctx: RecordContext,
  gapsBySubject: ReadonlyMap<string, Gap[]>,
): RecordSummary | null {
  const gaps = subject ? (gapsBySubject.get(subject) ?? []) : [];
  const base = (() => {
    if (file.endsWith('/pull-requests.ndjson')) {
      const pr = PullRequestRecord.safeParse(record);
      return pr.success ? prSummary(pr.data) : null;
    }
    if (file.endsWith('/deployments.ndjson')) {
      const d = DeploymentRecord.safeParse(record);
      return d.success ? deploymentSummary(d.data, ctx) : null;
    }
    if (file.startsWith('cloudtrail/')) {
      const e = CloudTrailEvent.safeParse(record);
      return e.success ? eventSummary(e.data, ctx, file.split('/')[1] ?? null) : null;
    }
    if (file.startsWith('sarif/')) {
      const run = ScanRun.safeParse(record);
      return run.success ? scanSummary(run.data) : null;
    }
    return null;
  })();
  if (!base) return null;
  const name = subject ? recordName(subject) : null;
  const summaryGaps = gaps.map((g) => ({ id: g.id, rule: g.rule, title: g.title }));
  return {
    ...base,
    lines: [
      ...base.lines,
      list(
        'Gaps',
        gaps.map((g) => ({
          badge: 'gap' as const,
          text: '',
          // The gap's own row (its control's page), which every gap page count leads back to.
          link: { text: g.rule, href: gapPath(g), site: true },
          // A title that opens with the record's name ("acme/api#12 merged with…") drops it.
          after: `: ${name && g.title.startsWith(`${name} `) ? g.title.slice(name.length + 1) : g.title}`,
        })),
      ),
    ].filter((l) => l.parts.length > 0),
    gaps: summaryGaps,
  };
}

/** Exceptions first: the records of a page that have gaps, as its "On this page" list. */
export function recordsWithGaps(
  records: readonly { anchor: string; name: string; summary: RecordSummary | null }[],
): { id: string; label: string; note: string }[] {
  return records.flatMap((r) => {
    const rules = [...new Set((r.summary?.gaps ?? []).map((g) => g.rule))];
    return rules.length === 0
      ? []
      : [{ id: r.anchor, label: r.name, note: `(${rules.join(', ')})` }];
  });
}

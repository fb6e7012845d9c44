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
import { when } from '../../format.ts';
import { group, type ViewInputs } from '../shared.ts';

// The readable summary above each evidence record's normalised JSON: who did what, when, with
// which approvals, checks and signatures; computed here, rendered by the record page.

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

/** One line of a summary: a label and its value, with a verdict when it has one. */
export interface Fact {
  label: string;
  value: string;
  /** A check's or a policy's verdict, shown as a badge. */
  verdict?: 'passes' | 'gap';
  /** A site path (record) or a web address to follow. */
  href?: string;
}

export interface RecordSummary {
  kind: 'pull request' | 'CloudTrail event' | 'deployment' | 'policy scan';
  facts: Fact[];
  /** Lists under their heading: approvals, checks, commits, follow-ups, policies. */
  lists: { heading: string; items: Fact[] }[];
  /** The gaps about this record, by title (the gap tables link back here). */
  gaps: { id: string; rule: string; title: string }[];
}

const PASSING_CHECKS = new Set(['SUCCESS', 'NEUTRAL', 'SKIPPED']);

function prSummary(pr: PullRequestRecord): Omit<RecordSummary, 'gaps'> {
  const approvals = pr.reviews.filter((r) => r.state === 'APPROVED');
  return {
    kind: 'pull request',
    facts: [
      { label: 'Pull request', value: `${pr.repo}#${pr.number}: ${pr.title}` },
      { label: 'Author', value: pr.author },
      { label: 'Opened', value: when(pr.created_at) },
      {
        label: 'Merged',
        value: `${when(pr.merged_at)} by ${pr.merged_by ?? 'unknown'} into ${pr.base_branch}`,
      },
      {
        label: 'Approvals',
        value: approvals.length === 0 ? 'none' : String(approvals.length),
      },
      ...(pr.labels.length ? [{ label: 'Labels', value: pr.labels.join(', ') }] : []),
    ],
    lists: [
      {
        heading: 'Reviews',
        items: pr.reviews.map((r) => ({
          label: r.author,
          value: `${r.state.toLowerCase().replace(/_/g, ' ')} ${r.submitted_at ? when(r.submitted_at) : '(not submitted)'} on ${
            r.commit_oid ? r.commit_oid.slice(0, 12) : 'an unknown commit'
          }${r.commit_oid === pr.head_oid ? ' (the merged head)' : r.commit_oid ? ' (an earlier commit)' : ''}`,
        })),
      },
      {
        heading: 'Checks on the head commit',
        items: pr.checks.map((c) => ({
          label: c.name,
          value: (c.conclusion ?? 'running').toLowerCase(),
          verdict: c.conclusion && PASSING_CHECKS.has(c.conclusion) ? 'passes' : 'gap',
        })),
      },
      {
        heading: 'Commits',
        items: pr.commits.map((c) => ({
          label: c.oid.slice(0, 12),
          value: `${c.authors.map((a) => a.login ?? a.name ?? a.email ?? 'unknown').join(', ')}, ${
            c.signature
              ? `signature ${c.signature.state.toLowerCase()}${c.signature.signer ? ` (${c.signature.signer})` : ''}`
              : 'unsigned'
          }`,
        })),
      },
      {
        heading: 'Follow-ups (referenced by)',
        items: pr.cross_references.map((x) => ({
          label: x.source,
          value: `${x.is_pull_request ? 'pull request' : 'issue'}, ${when(x.created_at)}`,
          href: x.url,
        })),
      },
    ],
  };
}

function eventSummary(e: CloudTrailEvent, ctx: RecordContext): Omit<RecordSummary, 'gaps'> {
  const session = ctx.break_glass[cloudSubject(e)];
  const who = e.principal.arn ?? e.principal.invoked_by ?? e.principal.type;
  return {
    kind: 'CloudTrail event',
    facts: [
      { label: 'Who', value: `${who} (${e.principal.type})` },
      {
        label: 'What',
        value: `${e.name} on ${e.source}${e.error_code ? `, failed: ${e.error_code}` : ''}`,
      },
      {
        label: 'Where',
        value: `account ${e.account}, ${e.region}${
          e.resources.length ? `; ${e.resources.map((r) => r.arn ?? r.type ?? '?').join(', ')}` : ''
        }`,
      },
      { label: 'When', value: when(e.time) },
      {
        label: 'From the console',
        value: e.console ? 'yes, an AWS console session' : 'no',
      },
      session
        ? {
            label: 'Break-glass session',
            value:
              session.session === cloudSubject(e)
                ? `starts here: ${session.role}, until ${when(session.end)}`
                : `yes, in the session started ${when(session.start)} (${session.role})`,
          }
        : { label: 'Break-glass session', value: 'no' },
      ...(e.source_ip ? [{ label: 'Source IP', value: e.source_ip }] : []),
    ],
    lists: [],
  };
}

function deploymentSummary(d: DeploymentRecord, ctx: RecordContext): Omit<RecordSummary, 'gaps'> {
  const pr = ctx.deployed_prs[deploySubject(d)];
  const windows = ctx.deploy_windows[deploySubject(d)] ?? [];
  const day = WEEKDAYS[new Date(d.created_at).getUTCDay()] as string;
  return {
    kind: 'deployment',
    facts: [
      { label: 'Deployed', value: `${d.repo} to ${d.environment}, state ${d.state.toLowerCase()}` },
      { label: 'Commit', value: d.commit_oid ?? 'unknown' },
      pr
        ? { label: 'Pull request', value: pr.subject, ...(pr.record ? { href: pr.record } : {}) }
        : { label: 'Pull request', value: 'none found for this commit' },
      { label: 'By', value: d.creator },
      { label: 'When', value: `${when(d.created_at)} (${day})` },
      ...(windows.length === 0
        ? [
            {
              label: 'Change window',
              value: `none: no ${deployOutsideWindow.id} check selects this deployment`,
            },
          ]
        : windows.map((w): Fact => {
            const inside = insideWindow(d.created_at, w);
            return {
              label: windows.length > 1 ? `Change window (${w.control})` : 'Change window',
              value:
                `${windowText(w)}, ${w.control}'s ${deployOutsideWindow.id} check: ` +
                (inside
                  ? 'inside the window'
                  : w.emergency
                    ? `outside the window, excused: the commit's pull request is labelled ` +
                      w.emergency_labels.join(' or ')
                    : 'outside the window'),
              verdict: inside || w.emergency ? 'passes' : 'gap',
            };
          })),
    ],
    lists: [],
  };
}

function scanSummary(run: ScanRun): Omit<RecordSummary, 'gaps'> {
  const failing = new Map<string, string>();
  for (const r of run.results)
    if (!r.suppressed && r.level !== 'none' && r.level !== 'note')
      failing.set(r.rule_id, `${r.level}${r.location ? ` at ${r.location}` : ''}: ${r.message}`);
  const passed = run.rules.filter((r) => !failing.has(r.id));
  return {
    kind: 'policy scan',
    facts: [
      { label: 'Tool', value: `${run.tool}${run.tool_version ? ` ${run.tool_version}` : ''}` },
      { label: 'Commit', value: run.commit ?? 'not recorded' },
      ...(run.branch ? [{ label: 'Branch', value: run.branch }] : []),
      { label: 'SARIF file', value: `${run.file} (run ${run.run_index})` },
      {
        label: 'Policies',
        value: `${passed.length} passed, ${failing.size} failed`,
        verdict: failing.size ? 'gap' : 'passes',
      },
    ],
    lists: [
      {
        heading: 'Failed',
        items: [...failing].map(([rule, what]) => ({ label: rule, value: what, verdict: 'gap' })),
      },
      {
        heading: 'Passed',
        items: passed.map((r) => ({ label: r.id, value: r.name ?? '', verdict: 'passes' })),
      },
    ],
  };
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
      return e.success ? eventSummary(e.data, ctx) : null;
    }
    if (file.startsWith('sarif/')) {
      const run = ScanRun.safeParse(record);
      return run.success ? scanSummary(run.data) : null;
    }
    return null;
  })();
  if (!base) return null;
  return {
    ...base,
    lists: base.lists.filter((l) => l.items.length > 0),
    gaps: gaps.map((g) => ({ id: g.id, rule: g.rule, title: g.title })),
  };
}

/** Exceptions first: the records of a page that have gaps, as its "On this page" list. */
export function recordsWithGaps(
  records: readonly { anchor: string; subject: string | null }[],
  summaries: readonly (RecordSummary | null)[],
): { id: string; label: string; note: string }[] {
  return records.flatMap((r, i) => {
    const rules = [...new Set((summaries[i]?.gaps ?? []).map((g) => g.rule))];
    return rules.length === 0
      ? []
      : [{ id: r.anchor, label: r.subject ?? r.anchor, note: `(${rules.join(', ')})` }];
  });
}

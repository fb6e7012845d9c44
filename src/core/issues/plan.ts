import { markerOf, type IssueGroup } from './groups.ts';

/** What a comment of Docket's announces: the group's gaps are all resolved, or they are back. */
export type NoteKind = 'resolved' | 'reopened';

/** Docket's comments start with this hidden marker, so a later run knows what it already said. */
const NOTE_MARKER = /^<!-- docket:note=(resolved|reopened) -->/;

export function noteMarker(kind: NoteKind): string {
  return `<!-- docket:note=${kind} -->`;
}

/** The kind of a Docket comment, or null for anyone else's comment. */
export function noteOf(body: string): NoteKind | null {
  return (NOTE_MARKER.exec(body)?.[1] as NoteKind | undefined) ?? null;
}

/** A GitHub issue as the sync sees it. */
export interface ExistingIssue {
  id: string;
  number: number;
  url: string;
  title: string;
  body: string;
  state: 'OPEN' | 'CLOSED';
  stateReason: string | null;
  labels: string[];
  /** When the issue was last closed (null while open). */
  closedAt: string | null;
  /** Docket's most recent comment on the issue, found by its marker. */
  lastNote: { kind: NoteKind; createdAt: string } | null;
}

/**
 * One mutation's worth of work on one issue. An action is a list of steps, each decided from
 * the issue's current state, so that a run interrupted between two steps leaves a state from
 * which the next run plans exactly the steps still missing.
 */
export type IssueStep =
  | { kind: 'create'; title: string; body: string; labels: string[] }
  | { kind: 'comment'; note: NoteKind; body: string }
  | { kind: 'reopen' }
  | { kind: 'edit'; fields: ('title' | 'body')[]; title: string; body: string }
  | { kind: 'add-labels'; labels: string[] }
  | { kind: 'remove-labels'; labels: string[] }
  | { kind: 'close'; reason: 'COMPLETED' }
  | { kind: 'close-duplicate'; of: ExistingIssue };

export type IssueAction =
  | { kind: 'create'; group: IssueGroup; steps: IssueStep[] }
  | { kind: 'update'; group: IssueGroup; issue: ExistingIssue; steps: IssueStep[] }
  | { kind: 'reopen'; group: IssueGroup; issue: ExistingIssue; steps: IssueStep[] }
  | { kind: 'close'; issue: ExistingIssue; steps: IssueStep[] }
  | { kind: 'close-duplicate'; issue: ExistingIssue; of: ExistingIssue; steps: IssueStep[] };

export interface IssuePlan {
  actions: IssueAction[];
  /** Groups whose issue a person closed as not planned: accepted risk, left alone. */
  accepted: { group: IssueGroup | null; issue: ExistingIssue; fingerprint: string }[];
  /** Issues left as they are because nothing changed. */
  unchanged: number;
}

/** Labels Docket manages on its issues; any other label a person adds is kept. */
function managedLabel(label: string): boolean {
  return label.startsWith('severity:') || label.startsWith('control:');
}

/** GitHub's label names are case-insensitive: "Compliance-Gap" is the label "compliance-gap". */
function labelChanges(issue: ExistingIssue, group: IssueGroup): IssueStep[] {
  const current = new Set(issue.labels.map((l) => l.toLowerCase()));
  const wanted = new Set(group.labels.map((l) => l.toLowerCase()));
  const add = group.labels.filter((l) => !current.has(l.toLowerCase()));
  const remove = issue.labels.filter((l) => managedLabel(l) && !wanted.has(l.toLowerCase())).sort();
  return [
    ...(add.length ? [{ kind: 'add-labels' as const, labels: add }] : []),
    ...(remove.length ? [{ kind: 'remove-labels' as const, labels: remove }] : []),
  ];
}

function editStep(issue: ExistingIssue, group: IssueGroup): IssueStep[] {
  const fields = [
    ...(issue.title !== group.title ? ['title' as const] : []),
    ...(issue.body !== group.body ? ['body' as const] : []),
  ];
  return fields.length ? [{ kind: 'edit', fields, title: group.title, body: group.body }] : [];
}

/** The subjects an issue body listed, to say in the closing comment what was resolved. */
export function listedSubjects(body: string): string[] {
  return [...body.matchAll(/^- \[[ x]\] .*\(\[?`([^`]+)`/gm)].map((m) => m[1] as string);
}

const gapCount = (n: number) => `${n} ${n === 1 ? 'gap' : 'gaps'}`;

/** The comment that closes a group's issue. */
export function resolvedComment(issue: ExistingIssue, asOf: string): string {
  const resolved = listedSubjects(issue.body);
  return [
    noteMarker('resolved'),
    `Resolved: as of ${asOf} Docket finds no gap left in this group, so it closes the issue.`,
    ...(resolved.length ? ['', 'No longer a gap:', ...resolved.map((s) => `- \`${s}\``)] : []),
  ].join('\n');
}

/** The comment that says a group's gaps are back (on reopening, or on an issue still open). */
export function reopenedComment(group: IssueGroup, asOf: string, reopening: boolean): string {
  const n = group.subjects.length;
  return [
    noteMarker('reopened'),
    reopening
      ? `Reopened by Docket: ${gapCount(n)} of this group found again as of ${asOf}.`
      : `Found again: as of ${asOf} Docket finds ${gapCount(n)} in this group again, ` +
        `so the issue stays open.`,
  ].join('\n');
}

/**
 * What to do to bring the issues in line with the gaps: pure, so the plan printed without
 * --apply is exactly what --apply does. Only issues carrying Docket's marker are considered.
 *
 * Every step is decided from the issue's state and Docket's last comment on it, never from
 * what the previous run meant to do: a comment already posted is not posted again, a reopen
 * or close already made is not repeated, so any interrupted run is finished by the next one.
 */
export function planIssues(
  groups: readonly IssueGroup[],
  issues: readonly ExistingIssue[],
  asOf: string,
): IssuePlan {
  const marked = new Map<string, ExistingIssue[]>();
  for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
    const fp = markerOf(issue.body);
    if (fp !== null) marked.set(fp, [...(marked.get(fp) ?? []), issue]);
  }
  // The group's issue is its oldest one not closed as a duplicate; any other open one is a
  // duplicate (two runs at once both created one) and is closed as such.
  const owned = new Map<string, ExistingIssue>();
  const duplicates: { issue: ExistingIssue; of: ExistingIssue }[] = [];
  for (const [fp, list] of marked) {
    const first = list.find((i) => i.stateReason !== 'DUPLICATE') ?? (list[0] as ExistingIssue);
    owned.set(fp, first);
    for (const issue of list)
      if (issue !== first && issue.state === 'OPEN') duplicates.push({ issue, of: first });
  }

  const actions: IssueAction[] = [];
  const accepted: IssuePlan['accepted'] = [];
  let unchanged = 0;
  const wanted = new Set(groups.map((g) => g.fingerprint));
  for (const group of groups) {
    const issue = owned.get(group.fingerprint);
    if (!issue) {
      actions.push({
        kind: 'create',
        group,
        steps: [{ kind: 'create', title: group.title, body: group.body, labels: group.labels }],
      });
      continue;
    }
    if (issue.state === 'CLOSED' && issue.stateReason === 'NOT_PLANNED') {
      accepted.push({ group, issue, fingerprint: group.fingerprint });
      continue;
    }
    const steps: IssueStep[] = [];
    const note = issue.lastNote;
    if (issue.state === 'CLOSED') {
      // The comment goes first: if the reopen then fails, the next run sees the comment (newer
      // than the close) and only reopens.
      const announced =
        note?.kind === 'reopened' && (issue.closedAt === null || note.createdAt >= issue.closedAt);
      if (!announced)
        steps.push({ kind: 'comment', note: 'reopened', body: reopenedComment(group, asOf, true) });
      steps.push({ kind: 'reopen' });
    } else if (note?.kind === 'resolved') {
      // Open, but Docket's last word was "resolved": a close that did not happen, or a person
      // reopened it. The gaps are back, so say so.
      steps.push({ kind: 'comment', note: 'reopened', body: reopenedComment(group, asOf, false) });
    }
    steps.push(...editStep(issue, group), ...labelChanges(issue, group));
    if (steps.length === 0) unchanged++;
    else
      actions.push(
        issue.state === 'CLOSED'
          ? { kind: 'reopen', group, issue, steps }
          : { kind: 'update', group, issue, steps },
      );
  }
  for (const [fp, issue] of owned) {
    if (wanted.has(fp)) continue;
    if (issue.state === 'CLOSED') {
      if (issue.stateReason === 'NOT_PLANNED')
        accepted.push({ group: null, issue, fingerprint: fp });
      continue;
    }
    // A "resolved" comment already there is the previous run's, whose close did not happen.
    const steps: IssueStep[] =
      issue.lastNote?.kind === 'resolved'
        ? []
        : [{ kind: 'comment', note: 'resolved', body: resolvedComment(issue, asOf) }];
    steps.push({ kind: 'close', reason: 'COMPLETED' });
    actions.push({ kind: 'close', issue, steps });
  }
  for (const d of duplicates)
    actions.push({ kind: 'close-duplicate', ...d, steps: [{ kind: 'close-duplicate', of: d.of }] });
  return { actions, accepted, unchanged };
}

/** A step in words, for the plan and for the report of an interrupted run. */
export function describeStep(s: IssueStep): string {
  switch (s.kind) {
    case 'create':
      return 'create';
    case 'comment':
      return `comment (${s.note})`;
    case 'reopen':
      return 'reopen';
    case 'edit':
      return `edit ${s.fields.join(' and ')}`;
    case 'add-labels':
      return `add label${s.labels.length === 1 ? '' : 's'} ${s.labels.join(', ')}`;
    case 'remove-labels':
      return `remove label${s.labels.length === 1 ? '' : 's'} ${s.labels.join(', ')}`;
    case 'close':
      return 'close';
    case 'close-duplicate':
      return `close as duplicate of #${s.of.number}`;
  }
}

/** One line per action, as `docket issues` prints the plan: what, which issue, and its steps. */
export function describeAction(a: IssueAction): string {
  const steps = ` [${a.steps.map(describeStep).join(', ')}]`;
  switch (a.kind) {
    case 'create':
      return `create  ${a.group.title}`;
    case 'update':
      return `update  #${a.issue.number} ${a.group.title}${steps}`;
    case 'reopen':
      return `reopen  #${a.issue.number} ${a.group.title}${steps}`;
    case 'close':
      return `close   #${a.issue.number} ${a.issue.title} (resolved)${steps}`;
    case 'close-duplicate':
      return `close   #${a.issue.number} ${a.issue.title} (duplicate of #${a.of.number})`;
  }
}
